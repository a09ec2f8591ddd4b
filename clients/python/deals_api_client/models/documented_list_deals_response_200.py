from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.documented_deal import DocumentedDeal
    from ..models.documented_pagination import DocumentedPagination


T = TypeVar("T", bound="DocumentedListDealsResponse200")


@_attrs_define
class DocumentedListDealsResponse200:
    data: list[DocumentedDeal]
    pagination: DocumentedPagination

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        pagination = self.pagination.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "pagination": pagination,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.documented_deal import DocumentedDeal  # noqa: PLC0415
        from ..models.documented_pagination import DocumentedPagination  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = DocumentedDeal.from_dict(data_item_data)

            data.append(data_item)

        pagination = DocumentedPagination.from_dict(d.pop("pagination"))

        documented_list_deals_response_200 = cls(
            data=data,
            pagination=pagination,
        )

        return documented_list_deals_response_200
