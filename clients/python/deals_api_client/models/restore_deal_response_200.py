from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.deal import Deal


T = TypeVar("T", bound="RestoreDealResponse200")


@_attrs_define
class RestoreDealResponse200:
    data: Deal
    """ A deal with every field: absent optionals null, absent lists [], custom_fields {}. included is there when
    related records are embedded (GET of one deal and every write: all of them; lists: those named by include=). """

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deal import Deal  # noqa: PLC0415

        d = dict(src_dict)
        data = Deal.from_dict(d.pop("data"))

        restore_deal_response_200 = cls(
            data=data,
        )

        return restore_deal_response_200
