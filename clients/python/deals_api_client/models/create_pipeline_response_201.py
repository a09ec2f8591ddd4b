from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.pipeline import Pipeline


T = TypeVar("T", bound="CreatePipelineResponse201")


@_attrs_define
class CreatePipelineResponse201:
    data: Pipeline
    """ A pipeline with its stages in order. """

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pipeline import Pipeline  # noqa: PLC0415

        d = dict(src_dict)
        data = Pipeline.from_dict(d.pop("data"))

        create_pipeline_response_201 = cls(
            data=data,
        )

        return create_pipeline_response_201
