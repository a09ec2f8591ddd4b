from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.account_status import AccountStatus

T = TypeVar("T", bound="Account")


@_attrs_define
class Account:
    """An account (a deal's organization)."""

    id: str
    name: str
    status: AccountStatus
    domain: None | str
    created_at: datetime.datetime
    """ RFC 3339 UTC with milliseconds. """
    updated_at: datetime.datetime
    """ RFC 3339 UTC with milliseconds. """
    created_by: str
    updated_by: str
    version: int
    """ 1 on create, +1 on every write; the ETag. """

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        status = self.status.value

        domain: None | str
        domain = self.domain

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        created_by = self.created_by

        updated_by = self.updated_by

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "status": status,
                "domain": domain,
                "created_at": created_at,
                "updated_at": updated_at,
                "created_by": created_by,
                "updated_by": updated_by,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        status = AccountStatus(d.pop("status"))

        def _parse_domain(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        domain = _parse_domain(d.pop("domain"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        created_by = d.pop("created_by")

        updated_by = d.pop("updated_by")

        version = d.pop("version")

        account = cls(
            id=id,
            name=name,
            status=status,
            domain=domain,
            created_at=created_at,
            updated_at=updated_at,
            created_by=created_by,
            updated_by=updated_by,
            version=version,
        )

        return account
