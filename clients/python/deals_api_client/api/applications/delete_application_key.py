from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_application_key_response_200 import DeleteApplicationKeyResponse200
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    id: str,
    key_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/crm/applications/{id}/keys/{key_id}".format(
            id=quote(str(id), safe=""),
            key_id=quote(str(key_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeleteApplicationKeyResponse200 | Error | None:
    if response.status_code == 200:
        response_200 = DeleteApplicationKeyResponse200.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

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
) -> Response[DeleteApplicationKeyResponse200 | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    key_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[DeleteApplicationKeyResponse200 | Error]:
    """Revoke an API key

     The key stops working at once on the instance that revoked it and everywhere within
    API_KEY_CACHE_SECONDS (default 60); tokens it obtained from POST /oauth/token live out their 15
    minutes. Scope: write:applications. Only a person's token: no application (key, token, or JWT naming
    an app_id) may manage applications.

    Args:
        id (str):
        key_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteApplicationKeyResponse200 | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        key_id=key_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    key_id: str,
    *,
    client: AuthenticatedClient,
) -> DeleteApplicationKeyResponse200 | Error | None:
    """Revoke an API key

     The key stops working at once on the instance that revoked it and everywhere within
    API_KEY_CACHE_SECONDS (default 60); tokens it obtained from POST /oauth/token live out their 15
    minutes. Scope: write:applications. Only a person's token: no application (key, token, or JWT naming
    an app_id) may manage applications.

    Args:
        id (str):
        key_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteApplicationKeyResponse200 | Error
    """

    return sync_detailed(
        id=id,
        key_id=key_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: str,
    key_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[DeleteApplicationKeyResponse200 | Error]:
    """Revoke an API key

     The key stops working at once on the instance that revoked it and everywhere within
    API_KEY_CACHE_SECONDS (default 60); tokens it obtained from POST /oauth/token live out their 15
    minutes. Scope: write:applications. Only a person's token: no application (key, token, or JWT naming
    an app_id) may manage applications.

    Args:
        id (str):
        key_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteApplicationKeyResponse200 | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        key_id=key_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    key_id: str,
    *,
    client: AuthenticatedClient,
) -> DeleteApplicationKeyResponse200 | Error | None:
    """Revoke an API key

     The key stops working at once on the instance that revoked it and everywhere within
    API_KEY_CACHE_SECONDS (default 60); tokens it obtained from POST /oauth/token live out their 15
    minutes. Scope: write:applications. Only a person's token: no application (key, token, or JWT naming
    an app_id) may manage applications.

    Args:
        id (str):
        key_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteApplicationKeyResponse200 | Error
    """

    return (
        await asyncio_detailed(
            id=id,
            key_id=key_id,
            client=client,
        )
    ).parsed
