from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.application_update import ApplicationUpdate
from ...models.error import Error
from ...models.update_application_response_200 import UpdateApplicationResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    body: ApplicationUpdate,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/crm/applications/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | UpdateApplicationResponse200 | None:
    if response.status_code == 200:
        response_200 = UpdateApplicationResponse200.from_dict(response.json())

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
) -> Response[Error | UpdateApplicationResponse200]:
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
    body: ApplicationUpdate,
    if_match: str | Unset = UNSET,
) -> Response[Error | UpdateApplicationResponse200]:
    """Update an application

     Name and scopes. A scope change reaches its keys at once on the instance that made it and everywhere
    within API_KEY_CACHE_SECONDS. Scope: write:applications. Only a person's token: no application (key,
    token, or JWT naming an app_id) may manage applications.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.
        body (ApplicationUpdate):  Example: {'scopes': ['read:deals']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UpdateApplicationResponse200]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
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
    body: ApplicationUpdate,
    if_match: str | Unset = UNSET,
) -> Error | UpdateApplicationResponse200 | None:
    """Update an application

     Name and scopes. A scope change reaches its keys at once on the instance that made it and everywhere
    within API_KEY_CACHE_SECONDS. Scope: write:applications. Only a person's token: no application (key,
    token, or JWT naming an app_id) may manage applications.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.
        body (ApplicationUpdate):  Example: {'scopes': ['read:deals']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UpdateApplicationResponse200
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: ApplicationUpdate,
    if_match: str | Unset = UNSET,
) -> Response[Error | UpdateApplicationResponse200]:
    """Update an application

     Name and scopes. A scope change reaches its keys at once on the instance that made it and everywhere
    within API_KEY_CACHE_SECONDS. Scope: write:applications. Only a person's token: no application (key,
    token, or JWT naming an app_id) may manage applications.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.
        body (ApplicationUpdate):  Example: {'scopes': ['read:deals']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UpdateApplicationResponse200]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: ApplicationUpdate,
    if_match: str | Unset = UNSET,
) -> Error | UpdateApplicationResponse200 | None:
    """Update an application

     Name and scopes. A scope change reaches its keys at once on the instance that made it and everywhere
    within API_KEY_CACHE_SECONDS. Scope: write:applications. Only a person's token: no application (key,
    token, or JWT naming an app_id) may manage applications.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.
        body (ApplicationUpdate):  Example: {'scopes': ['read:deals']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UpdateApplicationResponse200
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
