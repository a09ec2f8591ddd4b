from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.event_object import EventObject
from ..models.event_type import EventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.event_data_type_0 import EventDataType0
    from ..models.event_previous import EventPrevious


T = TypeVar("T", bound="Event")


@_attrs_define
class Event:
    """One accepted write of a deal, pipeline, account, contact or user, as the change feed and webhooks give it. Its id is
    derived from the object, its version and what happened, so the same write always has the same id.

    """

    id: str
    type_: EventType
    occurred_at: datetime.datetime
    """ When the write happened (the object's updated_at or deleted_at; for a hard delete, when the stream recorded
    it). """
    tenant_id: str
    app_id: None | str
    """ The application a deal belongs to; null for other objects. """
    actor: None | str
    """ Who made the write (the token's subject); null where the object does not record it (pipelines, and hard
    deletes of records). """
    object_: EventObject
    object_id: str
    version: int
    """ The object's version after the write (for a hard delete, its last). """
    data: EventDataType0 | None
    """ The object as GET shows it (a deal without included); null with data_omitted when the event would pass
    DynamoDB's item size. """
    previous: EventPrevious
    """ Each field the write changed, with its old value (version, updated_at, updated_by and audit_log are not
    listed). """
    data_omitted: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.event_data_type_0 import EventDataType0  # noqa: PLC0415

        id = self.id

        type_ = self.type_.value

        occurred_at = self.occurred_at.isoformat()

        tenant_id = self.tenant_id

        app_id: None | str
        app_id = self.app_id

        actor: None | str
        actor = self.actor

        object_ = self.object_.value

        object_id = self.object_id

        version = self.version

        data: dict[str, Any] | None
        if isinstance(self.data, EventDataType0):
            data = self.data.to_dict()
        else:
            data = self.data

        previous = self.previous.to_dict()

        data_omitted = self.data_omitted

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "occurred_at": occurred_at,
                "tenant_id": tenant_id,
                "app_id": app_id,
                "actor": actor,
                "object": object_,
                "object_id": object_id,
                "version": version,
                "data": data,
                "previous": previous,
            }
        )
        if data_omitted is not UNSET:
            field_dict["data_omitted"] = data_omitted

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_data_type_0 import EventDataType0  # noqa: PLC0415
        from ..models.event_previous import EventPrevious  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        type_ = EventType(d.pop("type"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        tenant_id = d.pop("tenant_id")

        def _parse_app_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        app_id = _parse_app_id(d.pop("app_id"))

        def _parse_actor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor = _parse_actor(d.pop("actor"))

        object_ = EventObject(d.pop("object"))

        object_id = d.pop("object_id")

        version = d.pop("version")

        def _parse_data(data: object) -> EventDataType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = EventDataType0.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventDataType0 | None, data)

        data = _parse_data(d.pop("data"))

        previous = EventPrevious.from_dict(d.pop("previous"))

        data_omitted = d.pop("data_omitted", UNSET)

        event = cls(
            id=id,
            type_=type_,
            occurred_at=occurred_at,
            tenant_id=tenant_id,
            app_id=app_id,
            actor=actor,
            object_=object_,
            object_id=object_id,
            version=version,
            data=data,
            previous=previous,
            data_omitted=data_omitted,
        )

        return event
