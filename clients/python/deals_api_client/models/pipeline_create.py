from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.new_pipeline_stage import NewPipelineStage


T = TypeVar("T", bound="PipelineCreate")


@_attrs_define
class PipelineCreate:
    """
    Example:
        {'name': 'Partners', 'stages': [{'name': 'Intro'}, {'name': 'Signed', 'kind': 'won'}, {'name': 'Dropped',
            'kind': 'lost'}]}

    """

    name: str
    """ Trimmed; 1-100 characters after trimming (a pipeline is one item that deal requests read). """
    stages: list[NewPipelineStage] | Unset = UNSET
    """ Without it the pipeline gets a copy of the default stages. """

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        stages: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.stages, Unset):
            stages = []
            for stages_item_data in self.stages:
                stages_item = stages_item_data.to_dict()
                stages.append(stages_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if stages is not UNSET:
            field_dict["stages"] = stages

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.new_pipeline_stage import NewPipelineStage  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        _stages = d.pop("stages", UNSET)
        stages: list[NewPipelineStage] | Unset = UNSET
        if _stages is not UNSET:
            stages = []
            for stages_item_data in _stages:
                stages_item = NewPipelineStage.from_dict(stages_item_data)

                stages.append(stages_item)

        pipeline_create = cls(
            name=name,
            stages=stages,
        )

        return pipeline_create
