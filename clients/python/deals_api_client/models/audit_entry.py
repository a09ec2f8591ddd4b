from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AuditEntry")


@_attrs_define
class AuditEntry:
    """One stage change."""

    from_: str
    to: str
    at: datetime.datetime
    """ RFC 3339 UTC with milliseconds. """
    by: str

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_

        to = self.to

        at = self.at.isoformat()

        by = self.by

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from": from_,
                "to": to,
                "at": at,
                "by": by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_ = d.pop("from")

        to = d.pop("to")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        by = d.pop("by")

        audit_entry = cls(
            from_=from_,
            to=to,
            at=at,
            by=by,
        )

        return audit_entry
