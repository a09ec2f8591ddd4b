from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.documented_deal import DocumentedDeal


T = TypeVar("T", bound="DocumentedCreateDealResponse201")


@_attrs_define
class DocumentedCreateDealResponse201:
    data: DocumentedDeal
    """ A deal as the documented API shows it; organization, contact, stage and assigned_user are there when
    included. """

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
        from ..models.documented_deal import DocumentedDeal  # noqa: PLC0415

        d = dict(src_dict)
        data = DocumentedDeal.from_dict(d.pop("data"))

        documented_create_deal_response_201 = cls(
            data=data,
        )

        return documented_create_deal_response_201
