from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.account_update_status import AccountUpdateStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountUpdate")


@_attrs_define
class AccountUpdate:
    """
    Example:
        {'name': 'Renamed'}

    """

    name: str | Unset = UNSET
    """ Trimmed; 1-255 characters after trimming. """
    status: AccountUpdateStatus | Unset = UNSET
    """ Default active. """
    domain: None | str | Unset = UNSET
    """ A host name such as acme.example (stored lower-case). """

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        domain: None | str | Unset
        if isinstance(self.domain, Unset):
            domain = UNSET
        else:
            domain = self.domain

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if status is not UNSET:
            field_dict["status"] = status
        if domain is not UNSET:
            field_dict["domain"] = domain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _status = d.pop("status", UNSET)
        status: AccountUpdateStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = AccountUpdateStatus(_status)

        def _parse_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        domain = _parse_domain(d.pop("domain", UNSET))

        account_update = cls(
            name=name,
            status=status,
            domain=domain,
        )

        return account_update
