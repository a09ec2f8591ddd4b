from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.stage import Stage


T = TypeVar("T", bound="CreateStageResponse201")


@_attrs_define
class CreateStageResponse201:
    data: Stage
    """ A stage; positions run 1..n within its pipeline. """

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
        from ..models.stage import Stage  # noqa: PLC0415

        d = dict(src_dict)
        data = Stage.from_dict(d.pop("data"))

        create_stage_response_201 = cls(
            data=data,
        )

        return create_stage_response_201
