from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_application_response_200 import DeleteApplicationResponse200
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/crm/applications/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeleteApplicationResponse200 | Error | None:
    if response.status_code == 200:
        response_200 = DeleteApplicationResponse200.from_dict(response.json())

        return response_200

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
) -> Response[DeleteApplicationResponse200 | Error]:
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
    if_match: str | Unset = UNSET,
) -> Response[DeleteApplicationResponse200 | Error]:
    """Delete an application

     Revokes every key of the application in the same write. Scope: write:applications. Only a person's
    token: no application (key, token, or JWT naming an app_id) may manage applications.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteApplicationResponse200 | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    if_match: str | Unset = UNSET,
) -> DeleteApplicationResponse200 | Error | None:
    """Delete an application

     Revokes every key of the application in the same write. Scope: write:applications. Only a person's
    token: no application (key, token, or JWT naming an app_id) may manage applications.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteApplicationResponse200 | Error
    """

    return sync_detailed(
        id=id,
        client=client,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    if_match: str | Unset = UNSET,
) -> Response[DeleteApplicationResponse200 | Error]:
    """Delete an application

     Revokes every key of the application in the same write. Scope: write:applications. Only a person's
    token: no application (key, token, or JWT naming an app_id) may manage applications.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteApplicationResponse200 | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    if_match: str | Unset = UNSET,
) -> DeleteApplicationResponse200 | Error | None:
    """Delete an application

     Revokes every key of the application in the same write. Scope: write:applications. Only a person's
    token: no application (key, token, or JWT naming an app_id) may manage applications.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteApplicationResponse200 | Error
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            if_match=if_match,
        )
    ).parsed
