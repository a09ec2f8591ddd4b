from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deal import Deal
    from ..models.error_body import ErrorBody


T = TypeVar("T", bound="BatchDealResultsDataResultsItem")


@_attrs_define
class BatchDealResultsDataResultsItem:
    """data when status is 2xx, error otherwise: exactly one of the two."""

    index: int
    """ The item's position in the request. """
    status: int
    """ The HTTP status its single request would have had. """
    data: Deal | Unset = UNSET
    """ A deal with every field: absent optionals null, absent lists [], custom_fields {}. included is there when
    related records are embedded (GET of one deal and every write: all of them; lists: those named by include=). """
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
        from ..models.deal import Deal  # noqa: PLC0415
        from ..models.error_body import ErrorBody  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        status = d.pop("status")

        _data = d.pop("data", UNSET)
        data: Deal | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = Deal.from_dict(_data)

        _error = d.pop("error", UNSET)
        error: ErrorBody | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = ErrorBody.from_dict(_error)

        batch_deal_results_data_results_item = cls(
            index=index,
            status=status,
            data=data,
            error=error,
        )

        return batch_deal_results_data_results_item
