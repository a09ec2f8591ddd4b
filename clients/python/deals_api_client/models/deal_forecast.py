from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.forecast_month import ForecastMonth


T = TypeVar("T", bound="DealForecast")


@_attrs_define
class DealForecast:
    from_: str
    to: str
    pipeline_id: None | str
    owner_id: None | str
    months: list[ForecastMonth]

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_

        to = self.to

        pipeline_id: None | str
        pipeline_id = self.pipeline_id

        owner_id: None | str
        owner_id = self.owner_id

        months = []
        for months_item_data in self.months:
            months_item = months_item_data.to_dict()
            months.append(months_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from": from_,
                "to": to,
                "pipeline_id": pipeline_id,
                "owner_id": owner_id,
                "months": months,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.forecast_month import ForecastMonth  # noqa: PLC0415

        d = dict(src_dict)
        from_ = d.pop("from")

        to = d.pop("to")

        def _parse_pipeline_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pipeline_id = _parse_pipeline_id(d.pop("pipeline_id"))

        def _parse_owner_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        owner_id = _parse_owner_id(d.pop("owner_id"))

        months = []
        _months = d.pop("months")
        for months_item_data in _months:
            months_item = ForecastMonth.from_dict(months_item_data)

            months.append(months_item)

        deal_forecast = cls(
            from_=from_,
            to=to,
            pipeline_id=pipeline_id,
            owner_id=owner_id,
            months=months,
        )

        return deal_forecast
