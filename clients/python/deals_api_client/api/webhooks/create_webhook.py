from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_webhook_response_201 import CreateWebhookResponse201
from ...models.error import Error
from ...models.webhook_create import WebhookCreate
from ...types import Response


def _get_kwargs(
    *,
    body: WebhookCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/crm/webhooks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateWebhookResponse201 | Error | None:
    if response.status_code == 201:
        response_201 = CreateWebhookResponse201.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CreateWebhookResponse201 | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookCreate,
) -> Response[CreateWebhookResponse201 | Error]:
    """Create a webhook

     Events of the listed types are delivered to url, signed as Standard Webhooks specifies, at least
    once: a 2xx within 10 s is success, anything else is retried on WEBHOOK_RETRY_SCHEDULE (about 27
    hours by default), then the delivery has failed. A webhook whose deliveries all failed for 5 days is
    turned off. An application's webhook gets only the application's deal events. A person's token
    manages every webhook of the tenant; an application's token, only the ones it made. Scope:
    write:webhooks.

    Args:
        body (WebhookCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateWebhookResponse201 | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: WebhookCreate,
) -> CreateWebhookResponse201 | Error | None:
    """Create a webhook

     Events of the listed types are delivered to url, signed as Standard Webhooks specifies, at least
    once: a 2xx within 10 s is success, anything else is retried on WEBHOOK_RETRY_SCHEDULE (about 27
    hours by default), then the delivery has failed. A webhook whose deliveries all failed for 5 days is
    turned off. An application's webhook gets only the application's deal events. A person's token
    manages every webhook of the tenant; an application's token, only the ones it made. Scope:
    write:webhooks.

    Args:
        body (WebhookCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateWebhookResponse201 | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookCreate,
) -> Response[CreateWebhookResponse201 | Error]:
    """Create a webhook

     Events of the listed types are delivered to url, signed as Standard Webhooks specifies, at least
    once: a 2xx within 10 s is success, anything else is retried on WEBHOOK_RETRY_SCHEDULE (about 27
    hours by default), then the delivery has failed. A webhook whose deliveries all failed for 5 days is
    turned off. An application's webhook gets only the application's deal events. A person's token
    manages every webhook of the tenant; an application's token, only the ones it made. Scope:
    write:webhooks.

    Args:
        body (WebhookCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateWebhookResponse201 | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WebhookCreate,
) -> CreateWebhookResponse201 | Error | None:
    """Create a webhook

     Events of the listed types are delivered to url, signed as Standard Webhooks specifies, at least
    once: a 2xx within 10 s is success, anything else is retried on WEBHOOK_RETRY_SCHEDULE (about 27
    hours by default), then the delivery has failed. A webhook whose deliveries all failed for 5 days is
    turned off. An application's webhook gets only the application's deal events. A person's token
    manages every webhook of the tenant; an application's token, only the ones it made. Scope:
    write:webhooks.

    Args:
        body (WebhookCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateWebhookResponse201 | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
