from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="DocumentedDealContactType0")


@_attrs_define
class DocumentedDealContactType0:
    id: str
    first_name: str
    last_name: None | str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        first_name = self.first_name

        last_name: None | str
        last_name = self.last_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "first_name": first_name,
                "last_name": last_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        first_name = d.pop("first_name")

        def _parse_last_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_name = _parse_last_name(d.pop("last_name"))

        documented_deal_contact_type_0 = cls(
            id=id,
            first_name=first_name,
            last_name=last_name,
        )

        return documented_deal_contact_type_0
