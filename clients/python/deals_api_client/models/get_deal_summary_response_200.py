from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.deal_summary import DealSummary


T = TypeVar("T", bound="GetDealSummaryResponse200")


@_attrs_define
class GetDealSummaryResponse200:
    data: DealSummary

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
        from ..models.deal_summary import DealSummary  # noqa: PLC0415

        d = dict(src_dict)
        data = DealSummary.from_dict(d.pop("data"))

        get_deal_summary_response_200 = cls(
            data=data,
        )

        return get_deal_summary_response_200
