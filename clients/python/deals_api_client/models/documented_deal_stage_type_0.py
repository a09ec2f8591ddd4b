from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DocumentedDealStageType0")


@_attrs_define
class DocumentedDealStageType0:
    id: str
    name: str
    color: str
    position: int

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        color = self.color

        position = self.position

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "color": color,
                "position": position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        color = d.pop("color")

        position = d.pop("position")

        documented_deal_stage_type_0 = cls(
            id=id,
            name=name,
            color=color,
            position=position,
        )

        return documented_deal_stage_type_0
