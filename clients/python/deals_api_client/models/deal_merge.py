from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DealMerge")


@_attrs_define
class DealMerge:
    """The deal to absorb."""

    from_: str
    """ The deal merged into the one of the path (it is soft-deleted). """

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from": from_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_ = d.pop("from")

        deal_merge = cls(
            from_=from_,
        )

        return deal_merge
