from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeliveryAttempt")


@_attrs_define
class DeliveryAttempt:
    at: datetime.datetime
    duration_ms: int
    status_code: int | Unset = UNSET
    """ The receiver's answer, when there was one. """
    error: str | Unset = UNSET
    """ What went wrong when there was no 2xx answer to record alone: a refused or unreachable target, a timeout (10
    s), a redirect (never followed). """

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        duration_ms = self.duration_ms

        status_code = self.status_code

        error = self.error

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "at": at,
                "duration_ms": duration_ms,
            }
        )
        if status_code is not UNSET:
            field_dict["status_code"] = status_code
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        duration_ms = d.pop("duration_ms")

        status_code = d.pop("status_code", UNSET)

        error = d.pop("error", UNSET)

        delivery_attempt = cls(
            at=at,
            duration_ms=duration_ms,
            status_code=status_code,
            error=error,
        )

        return delivery_attempt
