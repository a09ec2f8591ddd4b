from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.stage_create_kind import StageCreateKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="StageCreate")


@_attrs_define
class StageCreate:
    """
    Example:
        {'name': 'Demo', 'color': '#3b82f6', 'probability': 40, 'position': 2}

    """

    name: str
    """ Trimmed; 1-100 characters after trimming (a pipeline is one item that deal requests read). """
    color: str | Unset = UNSET
    """ #rrggbb, default #94a3b8. """
    kind: StageCreateKind | Unset = UNSET
    """ Default open. """
    probability: float | None | Unset = UNSET
    """ Rounded to an integer; default 50 (won 100, lost 0). -0 is 0. Exactly: 0, or from 1e-129 to 100 (a non-zero
    magnitude below 1e-129 cannot be stored and is 400). """
    position: int | Unset = UNSET
    """ 1-based; past the end means last. """
    rotten_days: int | None | Unset = UNSET
    """ Deals in this open stage are rotten (is_rotten, ?rotten=true, the summary's rotten_count) once in it more
    than this many whole days; null (default): they never rot. """

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        color = self.color

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        probability: float | None | Unset
        if isinstance(self.probability, Unset):
            probability = UNSET
        else:
            probability = self.probability

        position = self.position

        rotten_days: int | None | Unset
        if isinstance(self.rotten_days, Unset):
            rotten_days = UNSET
        else:
            rotten_days = self.rotten_days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if color is not UNSET:
            field_dict["color"] = color
        if kind is not UNSET:
            field_dict["kind"] = kind
        if probability is not UNSET:
            field_dict["probability"] = probability
        if position is not UNSET:
            field_dict["position"] = position
        if rotten_days is not UNSET:
            field_dict["rotten_days"] = rotten_days

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        color = d.pop("color", UNSET)

        _kind = d.pop("kind", UNSET)
        kind: StageCreateKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = StageCreateKind(_kind)

        def _parse_probability(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        probability = _parse_probability(d.pop("probability", UNSET))

        position = d.pop("position", UNSET)

        def _parse_rotten_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rotten_days = _parse_rotten_days(d.pop("rotten_days", UNSET))

        stage_create = cls(
            name=name,
            color=color,
            kind=kind,
            probability=probability,
            position=position,
            rotten_days=rotten_days,
        )

        return stage_create
