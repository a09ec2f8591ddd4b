from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FieldChange")


@_attrs_define
class FieldChange:
    field: str
    from_: Any
    """ The old value (null when unset). """
    to: Any
    """ The new value (null when cleared). """

    def to_dict(self) -> dict[str, Any]:
        field = self.field

        from_ = self.from_

        to = self.to

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "field": field,
                "from": from_,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        field = d.pop("field")

        from_ = d.pop("from")

        to = d.pop("to")

        field_change = cls(
            field=field,
            from_=from_,
            to=to,
        )

        return field_change
