from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.account_create_status import AccountCreateStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountCreate")


@_attrs_define
class AccountCreate:
    """
    Example:
        {'name': 'Acme Retail Shop', 'domain': 'acme.example'}

    """

    name: str
    """ Trimmed; 1-255 characters after trimming. """
    id: None | str | Unset = UNSET
    """ Optional (null: none); the server makes one otherwise. 409 if taken. """
    status: AccountCreateStatus | Unset = UNSET
    """ Default active. """
    domain: None | str | Unset = UNSET
    """ A host name such as acme.example (stored lower-case). """

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        domain: None | str | Unset
        if isinstance(self.domain, Unset):
            domain = UNSET
        else:
            domain = self.domain

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if status is not UNSET:
            field_dict["status"] = status
        if domain is not UNSET:
            field_dict["domain"] = domain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        _status = d.pop("status", UNSET)
        status: AccountCreateStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = AccountCreateStatus(_status)

        def _parse_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        domain = _parse_domain(d.pop("domain", UNSET))

        account_create = cls(
            name=name,
            id=id,
            status=status,
            domain=domain,
        )

        return account_create
