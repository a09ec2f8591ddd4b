from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.currency_sums import CurrencySums


T = TypeVar("T", bound="ForecastMonth")


@_attrs_define
class ForecastMonth:
    """The deals expected to close in the month: count, value and weighted value of the open ones, value of the won ones."""

    month: str
    count: int
    value: CurrencySums
    """ Sums per currency code (no conversion: there is no exchange-rate source); a currency whose sum is 0 is left
    out. Exact to 6 decimal places. """
    weighted_value: CurrencySums
    """ Sums per currency code (no conversion: there is no exchange-rate source); a currency whose sum is 0 is left
    out. Exact to 6 decimal places. """
    won_value: CurrencySums
    """ Sums per currency code (no conversion: there is no exchange-rate source); a currency whose sum is 0 is left
    out. Exact to 6 decimal places. """

    def to_dict(self) -> dict[str, Any]:
        month = self.month

        count = self.count

        value = self.value.to_dict()

        weighted_value = self.weighted_value.to_dict()

        won_value = self.won_value.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "month": month,
                "count": count,
                "value": value,
                "weighted_value": weighted_value,
                "won_value": won_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.currency_sums import CurrencySums  # noqa: PLC0415

        d = dict(src_dict)
        month = d.pop("month")

        count = d.pop("count")

        value = CurrencySums.from_dict(d.pop("value"))

        weighted_value = CurrencySums.from_dict(d.pop("weighted_value"))

        won_value = CurrencySums.from_dict(d.pop("won_value"))

        forecast_month = cls(
            month=month,
            count=count,
            value=value,
            weighted_value=weighted_value,
            won_value=won_value,
        )

        return forecast_month
