from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PipelineUpdate")


@_attrs_define
class PipelineUpdate:
    """
    Example:
        {'name': 'Renamed'}

    """

    name: str
    """ Trimmed; 1-100 characters after trimming (a pipeline is one item that deal requests read). """

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        pipeline_update = cls(
            name=name,
        )

        return pipeline_update
