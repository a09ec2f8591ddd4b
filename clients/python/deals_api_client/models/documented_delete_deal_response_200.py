from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.deleted import Deleted


T = TypeVar("T", bound="DocumentedDeleteDealResponse200")


@_attrs_define
class DocumentedDeleteDealResponse200:
    data: Deleted

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
        from ..models.deleted import Deleted  # noqa: PLC0415

        d = dict(src_dict)
        data = Deleted.from_dict(d.pop("data"))

        documented_delete_deal_response_200 = cls(
            data=data,
        )

        return documented_delete_deal_response_200
