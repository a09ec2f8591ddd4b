from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.currency_sums import CurrencySums


T = TypeVar("T", bound="DealSummaryTotalsWon")


@_attrs_define
class DealSummaryTotalsWon:
    count: int
    value: CurrencySums
    """ Sums per currency code (no conversion: there is no exchange-rate source); a currency whose sum is 0 is left
    out. Exact to 6 decimal places. """
    weighted_value: CurrencySums
    """ Sums per currency code (no conversion: there is no exchange-rate source); a currency whose sum is 0 is left
    out. Exact to 6 decimal places. """

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        value = self.value.to_dict()

        weighted_value = self.weighted_value.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "count": count,
                "value": value,
                "weighted_value": weighted_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.currency_sums import CurrencySums  # noqa: PLC0415

        d = dict(src_dict)
        count = d.pop("count")

        value = CurrencySums.from_dict(d.pop("value"))

        weighted_value = CurrencySums.from_dict(d.pop("weighted_value"))

        deal_summary_totals_won = cls(
            count=count,
            value=value,
            weighted_value=weighted_value,
        )

        return deal_summary_totals_won
