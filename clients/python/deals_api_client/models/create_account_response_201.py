from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.account import Account


T = TypeVar("T", bound="CreateAccountResponse201")


@_attrs_define
class CreateAccountResponse201:
    data: Account
    """ An account (a deal's organization). """

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
        from ..models.account import Account  # noqa: PLC0415

        d = dict(src_dict)
        data = Account.from_dict(d.pop("data"))

        create_account_response_201 = cls(
            data=data,
        )

        return create_account_response_201
