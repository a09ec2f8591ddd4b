from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.stage_kind import StageKind

T = TypeVar("T", bound="Stage")


@_attrs_define
class Stage:
    """A stage; positions run 1..n within its pipeline."""

    id: str
    pipeline_id: str
    name: str
    color: str
    position: int
    kind: StageKind
    probability: int
    rotten_days: int | None
    """ Deals in this open stage are rotten (is_rotten, ?rotten=true, the summary's rotten_count) once in it more
    than this many whole days; null (default): they never rot. """

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        pipeline_id = self.pipeline_id

        name = self.name

        color = self.color

        position = self.position

        kind = self.kind.value

        probability = self.probability

        rotten_days: int | None
        rotten_days = self.rotten_days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "pipeline_id": pipeline_id,
                "name": name,
                "color": color,
                "position": position,
                "kind": kind,
                "probability": probability,
                "rotten_days": rotten_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        pipeline_id = d.pop("pipeline_id")

        name = d.pop("name")

        color = d.pop("color")

        position = d.pop("position")

        kind = StageKind(d.pop("kind"))

        probability = d.pop("probability")

        def _parse_rotten_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rotten_days = _parse_rotten_days(d.pop("rotten_days"))

        stage = cls(
            id=id,
            pipeline_id=pipeline_id,
            name=name,
            color=color,
            position=position,
            kind=kind,
            probability=probability,
            rotten_days=rotten_days,
        )

        return stage
