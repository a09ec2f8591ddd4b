from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.deal import Deal
    from ..models.deal_pagination import DealPagination


T = TypeVar("T", bound="ListDealsResponse200")


@_attrs_define
class ListDealsResponse200:
    data: list[Deal]
    pagination: DealPagination

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
        from ..models.deal import Deal  # noqa: PLC0415
        from ..models.deal_pagination import DealPagination  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = Deal.from_dict(data_item_data)

            data.append(data_item)

        pagination = DealPagination.from_dict(d.pop("pagination"))

        list_deals_response_200 = cls(
            data=data,
            pagination=pagination,
        )

        return list_deals_response_200
