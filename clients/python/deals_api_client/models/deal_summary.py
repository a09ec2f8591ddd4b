from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.deal_summary_totals import DealSummaryTotals
    from ..models.summary_stage import SummaryStage


T = TypeVar("T", bound="DealSummary")


@_attrs_define
class DealSummary:
    pipeline_id: str
    owner_id: None | str
    stages: list[SummaryStage]
    totals: DealSummaryTotals

    def to_dict(self) -> dict[str, Any]:
        pipeline_id = self.pipeline_id

        owner_id: None | str
        owner_id = self.owner_id

        stages = []
        for stages_item_data in self.stages:
            stages_item = stages_item_data.to_dict()
            stages.append(stages_item)

        totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "pipeline_id": pipeline_id,
                "owner_id": owner_id,
                "stages": stages,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deal_summary_totals import DealSummaryTotals  # noqa: PLC0415
        from ..models.summary_stage import SummaryStage  # noqa: PLC0415

        d = dict(src_dict)
        pipeline_id = d.pop("pipeline_id")

        def _parse_owner_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        owner_id = _parse_owner_id(d.pop("owner_id"))

        stages = []
        _stages = d.pop("stages")
        for stages_item_data in _stages:
            stages_item = SummaryStage.from_dict(stages_item_data)

            stages.append(stages_item)

        totals = DealSummaryTotals.from_dict(d.pop("totals"))

        deal_summary = cls(
            pipeline_id=pipeline_id,
            owner_id=owner_id,
            stages=stages,
            totals=totals,
        )

        return deal_summary
