from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.summary_stage_kind import SummaryStageKind

if TYPE_CHECKING:
    from ..models.currency_sums import CurrencySums


T = TypeVar("T", bound="SummaryStage")


@_attrs_define
class SummaryStage:
    """One column of the board: its deals' count, value and weighted value (value × probability / 100), and how many of
    them are rotten.

    """

    stage_id: str
    name: str
    color: str
    position: int
    kind: SummaryStageKind
    rotten_days: int | None
    count: int
    value: CurrencySums
    """ Sums per currency code (no conversion: there is no exchange-rate source); a currency whose sum is 0 is left
    out. Exact to 6 decimal places. """
    weighted_value: CurrencySums
    """ Sums per currency code (no conversion: there is no exchange-rate source); a currency whose sum is 0 is left
    out. Exact to 6 decimal places. """
    rotten_count: int

    def to_dict(self) -> dict[str, Any]:
        stage_id = self.stage_id

        name = self.name

        color = self.color

        position = self.position

        kind = self.kind.value

        rotten_days: int | None
        rotten_days = self.rotten_days

        count = self.count

        value = self.value.to_dict()

        weighted_value = self.weighted_value.to_dict()

        rotten_count = self.rotten_count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "stage_id": stage_id,
                "name": name,
                "color": color,
                "position": position,
                "kind": kind,
                "rotten_days": rotten_days,
                "count": count,
                "value": value,
                "weighted_value": weighted_value,
                "rotten_count": rotten_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.currency_sums import CurrencySums  # noqa: PLC0415

        d = dict(src_dict)
        stage_id = d.pop("stage_id")

        name = d.pop("name")

        color = d.pop("color")

        position = d.pop("position")

        kind = SummaryStageKind(d.pop("kind"))

        def _parse_rotten_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rotten_days = _parse_rotten_days(d.pop("rotten_days"))

        count = d.pop("count")

        value = CurrencySums.from_dict(d.pop("value"))

        weighted_value = CurrencySums.from_dict(d.pop("weighted_value"))

        rotten_count = d.pop("rotten_count")

        summary_stage = cls(
            stage_id=stage_id,
            name=name,
            color=color,
            position=position,
            kind=kind,
            rotten_days=rotten_days,
            count=count,
            value=value,
            weighted_value=weighted_value,
            rotten_count=rotten_count,
        )

        return summary_stage
