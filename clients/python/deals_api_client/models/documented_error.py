from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.documented_error_error import DocumentedErrorError


T = TypeVar("T", bound="DocumentedError")


@_attrs_define
class DocumentedError:
    """The error envelope of /api-v1-deals: no request_id; details only when non-empty."""

    error: DocumentedErrorError

    def to_dict(self) -> dict[str, Any]:
        error = self.error.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.documented_error_error import DocumentedErrorError  # noqa: PLC0415

        d = dict(src_dict)
        error = DocumentedErrorError.from_dict(d.pop("error"))

        documented_error = cls(
            error=error,
        )

        return documented_error
