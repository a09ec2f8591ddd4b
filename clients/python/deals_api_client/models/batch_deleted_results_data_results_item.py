from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deleted import Deleted
    from ..models.error_body import ErrorBody


T = TypeVar("T", bound="BatchDeletedResultsDataResultsItem")


@_attrs_define
class BatchDeletedResultsDataResultsItem:
    """data when status is 2xx, error otherwise: exactly one of the two."""

    index: int
    """ The item's position in the request. """
    status: int
    """ The HTTP status its single request would have had. """
    data: Deleted | Unset = UNSET
    error: ErrorBody | Unset = UNSET
    """ What went wrong: a code, a message, each field's problem, the request id. """

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        status = self.status

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "index": index,
                "status": status,
            }
        )
        if data is not UNSET:
            field_dict["data"] = data
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deleted import Deleted  # noqa: PLC0415
        from ..models.error_body import ErrorBody  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        status = d.pop("status")

        _data = d.pop("data", UNSET)
        data: Deleted | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = Deleted.from_dict(_data)

        _error = d.pop("error", UNSET)
        error: ErrorBody | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = ErrorBody.from_dict(_error)

        batch_deleted_results_data_results_item = cls(
            index=index,
            status=status,
            data=data,
            error=error,
        )

        return batch_deleted_results_data_results_item
