from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.application_create_scopes_item import ApplicationCreateScopesItem

T = TypeVar("T", bound="ApplicationCreate")


@_attrs_define
class ApplicationCreate:
    """
    Example:
        {'name': 'Order sync', 'scopes': ['read:deals', 'write:deals']}

    """

    name: str
    """ Trimmed; 1-255 characters after trimming. """
    scopes: list[ApplicationCreateScopesItem]
    """ What its keys may do (duplicates dropped). read:applications and write:applications are for people only. """

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "scopes": scopes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = ApplicationCreateScopesItem(scopes_item_data)

            scopes.append(scopes_item)

        application_create = cls(
            name=name,
            scopes=scopes,
        )

        return application_create
