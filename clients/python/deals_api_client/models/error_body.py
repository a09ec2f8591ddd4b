from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.error_code import ErrorCode

if TYPE_CHECKING:
    from ..models.field_error import FieldError


T = TypeVar("T", bound="ErrorBody")


@_attrs_define
class ErrorBody:
    """What went wrong: a code, a message, each field's problem, the request id."""

    code: ErrorCode
    """ 400 VALIDATION_ERROR / INVALID_REQUEST, 401 UNAUTHORIZED, 403 FORBIDDEN, 404 NOT_FOUND, 409 CONFLICT, 413
    PAYLOAD_TOO_LARGE, 500 INTERNAL_ERROR, 503 SERVICE_UNAVAILABLE. """
    message: str
    details: list[FieldError]
    request_id: str
    """ The X-Request-Id of the response. """

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        message = self.message

        details = []
        for details_item_data in self.details:
            details_item = details_item_data.to_dict()
            details.append(details_item)

        request_id = self.request_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "message": message,
                "details": details,
                "request_id": request_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_error import FieldError  # noqa: PLC0415

        d = dict(src_dict)
        code = ErrorCode(d.pop("code"))

        message = d.pop("message")

        details = []
        _details = d.pop("details")
        for details_item_data in _details:
            details_item = FieldError.from_dict(details_item_data)

            details.append(details_item)

        request_id = d.pop("request_id")

        error_body = cls(
            code=code,
            message=message,
            details=details,
            request_id=request_id,
        )

        return error_body
