from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.batch_deal_results_data import BatchDealResultsData


T = TypeVar("T", bound="BatchDealResults")


@_attrs_define
class BatchDealResults:
    """Per item, in input order: its single request's status and its data (the deal, as that request answers it) or its
    error object (the single request's error envelope's error).

    """

    data: BatchDealResultsData

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
        from ..models.batch_deal_results_data import BatchDealResultsData  # noqa: PLC0415

        d = dict(src_dict)
        data = BatchDealResultsData.from_dict(d.pop("data"))

        batch_deal_results = cls(
            data=data,
        )

        return batch_deal_results
