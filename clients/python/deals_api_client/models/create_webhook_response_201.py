from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.webhook_with_secret import WebhookWithSecret


T = TypeVar("T", bound="CreateWebhookResponse201")


@_attrs_define
class CreateWebhookResponse201:
    data: WebhookWithSecret
    """ A webhook with its secret: only the answer of its creation or of rotate_secret. """

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
        from ..models.webhook_with_secret import WebhookWithSecret  # noqa: PLC0415

        d = dict(src_dict)
        data = WebhookWithSecret.from_dict(d.pop("data"))

        create_webhook_response_201 = cls(
            data=data,
        )

        return create_webhook_response_201
