from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="DocumentedDealAssignedUserType0")


@_attrs_define
class DocumentedDealAssignedUserType0:
    id: str
    full_name: str
    email: None | str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        full_name = self.full_name

        email: None | str
        email = self.email

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "full_name": full_name,
                "email": email,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        full_name = d.pop("full_name")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        documented_deal_assigned_user_type_0 = cls(
            id=id,
            full_name=full_name,
            email=email,
        )

        return documented_deal_assigned_user_type_0
