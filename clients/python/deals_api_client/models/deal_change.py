from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.deal_change_type import DealChangeType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_change import FieldChange


T = TypeVar("T", bound="DealChange")


@_attrs_define
class DealChange:
    """One write in a deal's field history: on creation every field given a value (from null), then each changed field."""

    version: int
    at: datetime.datetime
    actor: None | str
    type_: DealChangeType
    changes: list[FieldChange]
    changes_omitted: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        at = self.at.isoformat()

        actor: None | str
        actor = self.actor

        type_ = self.type_.value

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)

        changes_omitted = self.changes_omitted

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "version": version,
                "at": at,
                "actor": actor,
                "type": type_,
                "changes": changes,
            }
        )
        if changes_omitted is not UNSET:
            field_dict["changes_omitted"] = changes_omitted

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_change import FieldChange  # noqa: PLC0415

        d = dict(src_dict)
        version = d.pop("version")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_actor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor = _parse_actor(d.pop("actor"))

        type_ = DealChangeType(d.pop("type"))

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in _changes:
            changes_item = FieldChange.from_dict(changes_item_data)

            changes.append(changes_item)

        changes_omitted = d.pop("changes_omitted", UNSET)

        deal_change = cls(
            version=version,
            at=at,
            actor=actor,
            type_=type_,
            changes=changes,
            changes_omitted=changes_omitted,
        )

        return deal_change
