from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.batch_deal_update_input import BatchDealUpdateInput


T = TypeVar("T", bound="BatchDealUpdate")


@_attrs_define
class BatchDealUpdate:
    """
    Example:
        {'inputs': [{'id': 'deal_01J0000000000000000000000A', 'if_match': 3, 'value': 30000}]}

    """

    inputs: list[BatchDealUpdateInput]

    def to_dict(self) -> dict[str, Any]:
        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "inputs": inputs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_deal_update_input import BatchDealUpdateInput  # noqa: PLC0415

        d = dict(src_dict)
        inputs = []
        _inputs = d.pop("inputs")
        for inputs_item_data in _inputs:
            inputs_item = BatchDealUpdateInput.from_dict(inputs_item_data)

            inputs.append(inputs_item)

        batch_deal_update = cls(
            inputs=inputs,
        )

        return batch_deal_update
