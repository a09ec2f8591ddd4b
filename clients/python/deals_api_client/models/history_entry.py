from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="HistoryEntry")


@_attrs_define
class HistoryEntry:
    """One stage change with its sequence number (0 = the first)."""

    seq: int
    from_: str
    to: str
    at: datetime.datetime
    """ RFC 3339 UTC with milliseconds. """
    by: str

    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        from_ = self.from_

        to = self.to

        at = self.at.isoformat()

        by = self.by

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "seq": seq,
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
        seq = d.pop("seq")

        from_ = d.pop("from")

        to = d.pop("to")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        by = d.pop("by")

        history_entry = cls(
            seq=seq,
            from_=from_,
            to=to,
            at=at,
            by=by,
        )

        return history_entry
