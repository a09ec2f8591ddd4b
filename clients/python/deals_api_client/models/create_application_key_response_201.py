from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.new_api_key import NewApiKey


T = TypeVar("T", bound="CreateApplicationKeyResponse201")


@_attrs_define
class CreateApplicationKeyResponse201:
    data: NewApiKey

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
        from ..models.new_api_key import NewApiKey  # noqa: PLC0415

        d = dict(src_dict)
        data = NewApiKey.from_dict(d.pop("data"))

        create_application_key_response_201 = cls(
            data=data,
        )

        return create_application_key_response_201
