from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.application import Application


T = TypeVar("T", bound="UpdateApplicationResponse200")


@_attrs_define
class UpdateApplicationResponse200:
    data: Application
    """ An integration of the tenant. Its API keys authenticate as it: its tenant, its scopes, app_id = its id, sub
    = its id. """

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.application import Application  # noqa: PLC0415

        d = dict(src_dict)
        data = Application.from_dict(d.pop("data"))

        update_application_response_200 = cls(
            data=data,
        )

        return update_application_response_200
