from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.webhook import Webhook
    from ..models.webhook_with_secret import WebhookWithSecret


T = TypeVar("T", bound="UpdateWebhookResponse200")


@_attrs_define
class UpdateWebhookResponse200:
    data: Webhook | WebhookWithSecret

    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook import Webhook  # noqa: PLC0415

        data: dict[str, Any]
        if isinstance(self.data, Webhook):
            data = self.data.to_dict()
        else:
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
        from ..models.webhook import Webhook  # noqa: PLC0415
        from ..models.webhook_with_secret import WebhookWithSecret  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_data(data: object) -> Webhook | WebhookWithSecret:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = Webhook.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            data_type_1 = WebhookWithSecret.from_dict(data)

            return data_type_1

        data = _parse_data(d.pop("data"))

        update_webhook_response_200 = cls(
            data=data,
        )

        return update_webhook_response_200
