from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.application_update_scopes_item import ApplicationUpdateScopesItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="ApplicationUpdate")


@_attrs_define
class ApplicationUpdate:
    """
    Example:
        {'scopes': ['read:deals']}

    """

    name: str | Unset = UNSET
    """ Trimmed; 1-255 characters after trimming. """
    scopes: list[ApplicationUpdateScopesItem] | Unset = UNSET
    """ Replaces the scopes; every key of the application gets them in the same write. """

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        scopes: list[str] | Unset = UNSET
        if not isinstance(self.scopes, Unset):
            scopes = []
            for scopes_item_data in self.scopes:
                scopes_item = scopes_item_data.value
                scopes.append(scopes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if scopes is not UNSET:
            field_dict["scopes"] = scopes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _scopes = d.pop("scopes", UNSET)
        scopes: list[ApplicationUpdateScopesItem] | Unset = UNSET
        if _scopes is not UNSET:
            scopes = []
            for scopes_item_data in _scopes:
                scopes_item = ApplicationUpdateScopesItem(scopes_item_data)

                scopes.append(scopes_item)

        application_update = cls(
            name=name,
            scopes=scopes,
        )

        return application_update
