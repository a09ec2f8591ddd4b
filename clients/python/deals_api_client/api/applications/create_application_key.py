from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_key_create import ApiKeyCreate
from ...models.create_application_key_response_201 import CreateApplicationKeyResponse201
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    body: ApiKeyCreate | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/crm/applications/{id}/keys".format(
            id=quote(str(id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateApplicationKeyResponse201 | Error | None:
    if response.status_code == 201:
        response_201 = CreateApplicationKeyResponse201.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

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
) -> Response[CreateApplicationKeyResponse201 | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: ApiKeyCreate | Unset = UNSET,
) -> Response[CreateApplicationKeyResponse201 | Error]:
    """Create an API key

     Use it as `Authorization: Bearer dk_…` on any endpoint of either view, or as the client secret of
    POST /oauth/token. The key is in this answer only. An application holds at most 20 keys (409 naming
    keys). Scope: write:applications. Only a person's token: no application (key, token, or JWT naming
    an app_id) may manage applications.

    Args:
        id (str):
        body (ApiKeyCreate | Unset):  Example: {'name': 'production'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateApplicationKeyResponse201 | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: ApiKeyCreate | Unset = UNSET,
) -> CreateApplicationKeyResponse201 | Error | None:
    """Create an API key

     Use it as `Authorization: Bearer dk_…` on any endpoint of either view, or as the client secret of
    POST /oauth/token. The key is in this answer only. An application holds at most 20 keys (409 naming
    keys). Scope: write:applications. Only a person's token: no application (key, token, or JWT naming
    an app_id) may manage applications.

    Args:
        id (str):
        body (ApiKeyCreate | Unset):  Example: {'name': 'production'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateApplicationKeyResponse201 | Error
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: ApiKeyCreate | Unset = UNSET,
) -> Response[CreateApplicationKeyResponse201 | Error]:
    """Create an API key

     Use it as `Authorization: Bearer dk_…` on any endpoint of either view, or as the client secret of
    POST /oauth/token. The key is in this answer only. An application holds at most 20 keys (409 naming
    keys). Scope: write:applications. Only a person's token: no application (key, token, or JWT naming
    an app_id) may manage applications.

    Args:
        id (str):
        body (ApiKeyCreate | Unset):  Example: {'name': 'production'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateApplicationKeyResponse201 | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: ApiKeyCreate | Unset = UNSET,
) -> CreateApplicationKeyResponse201 | Error | None:
    """Create an API key

     Use it as `Authorization: Bearer dk_…` on any endpoint of either view, or as the client secret of
    POST /oauth/token. The key is in this answer only. An application holds at most 20 keys (409 naming
    keys). Scope: write:applications. Only a person's token: no application (key, token, or JWT naming
    an app_id) may manage applications.

    Args:
        id (str):
        body (ApiKeyCreate | Unset):  Example: {'name': 'production'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateApplicationKeyResponse201 | Error
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
