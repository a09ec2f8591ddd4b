from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.deal_summary_totals_lost import DealSummaryTotalsLost
    from ..models.deal_summary_totals_open import DealSummaryTotalsOpen
    from ..models.deal_summary_totals_won import DealSummaryTotalsWon


T = TypeVar("T", bound="DealSummaryTotals")


@_attrs_define
class DealSummaryTotals:
    open_: DealSummaryTotalsOpen
    won: DealSummaryTotalsWon
    lost: DealSummaryTotalsLost

    def to_dict(self) -> dict[str, Any]:
        open_ = self.open_.to_dict()

        won = self.won.to_dict()

        lost = self.lost.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "open": open_,
                "won": won,
                "lost": lost,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deal_summary_totals_lost import DealSummaryTotalsLost  # noqa: PLC0415
        from ..models.deal_summary_totals_open import DealSummaryTotalsOpen  # noqa: PLC0415
        from ..models.deal_summary_totals_won import DealSummaryTotalsWon  # noqa: PLC0415

        d = dict(src_dict)
        open_ = DealSummaryTotalsOpen.from_dict(d.pop("open"))

        won = DealSummaryTotalsWon.from_dict(d.pop("won"))

        lost = DealSummaryTotalsLost.from_dict(d.pop("lost"))

        deal_summary_totals = cls(
            open_=open_,
            won=won,
            lost=lost,
        )

        return deal_summary_totals
