from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.batch_deleted_results_data import BatchDeletedResultsData


T = TypeVar("T", bound="BatchDeletedResults")


@_attrs_define
class BatchDeletedResults:
    """Per id, in input order: its single DELETE's status and its data, or its error object."""

    data: BatchDeletedResultsData

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
        from ..models.batch_deleted_results_data import BatchDeletedResultsData  # noqa: PLC0415

        d = dict(src_dict)
        data = BatchDeletedResultsData.from_dict(d.pop("data"))

        batch_deleted_results = cls(
            data=data,
        )

        return batch_deleted_results
