from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PipelineSummary")


@_attrs_define
class PipelineSummary:
    """A pipeline without its stages."""

    id: str
    name: str
    version: int

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        version = d.pop("version")

        pipeline_summary = cls(
            id=id,
            name=name,
            version=version,
        )

        return pipeline_summary
