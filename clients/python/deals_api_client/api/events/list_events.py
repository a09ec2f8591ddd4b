from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_events_response_200 import ListEventsResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    after: str | Unset = UNSET,
    type_: list[str] | Unset = UNSET,
    object_id: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    json_type_: list[str] | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = type_

    params["type"] = json_type_

    params["object_id"] = object_id

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/crm/events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListEventsResponse200 | None:
    if response.status_code == 200:
        response_200 = ListEventsResponse200.from_dict(response.json())

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
) -> Response[Error | ListEventsResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    type_: list[str] | Unset = UNSET,
    object_id: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[Error | ListEventsResponse200]:
    """The change feed

     The tenant's events, oldest first: one per accepted write of a deal, pipeline, account, contact or
    user, kept 30 days. Resume with after=<pagination.next_cursor>: no event is repeated or skipped,
    also while writes go on. An application's token sees only its application's deal events. Scope:
    read:events.

    Args:
        after (str | Unset):
        type_ (list[str] | Unset):
        object_id (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListEventsResponse200]
    """

    kwargs = _get_kwargs(
        after=after,
        type_=type_,
        object_id=object_id,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    type_: list[str] | Unset = UNSET,
    object_id: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Error | ListEventsResponse200 | None:
    """The change feed

     The tenant's events, oldest first: one per accepted write of a deal, pipeline, account, contact or
    user, kept 30 days. Resume with after=<pagination.next_cursor>: no event is repeated or skipped,
    also while writes go on. An application's token sees only its application's deal events. Scope:
    read:events.

    Args:
        after (str | Unset):
        type_ (list[str] | Unset):
        object_id (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListEventsResponse200
    """

    return sync_detailed(
        client=client,
        after=after,
        type_=type_,
        object_id=object_id,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    type_: list[str] | Unset = UNSET,
    object_id: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[Error | ListEventsResponse200]:
    """The change feed

     The tenant's events, oldest first: one per accepted write of a deal, pipeline, account, contact or
    user, kept 30 days. Resume with after=<pagination.next_cursor>: no event is repeated or skipped,
    also while writes go on. An application's token sees only its application's deal events. Scope:
    read:events.

    Args:
        after (str | Unset):
        type_ (list[str] | Unset):
        object_id (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListEventsResponse200]
    """

    kwargs = _get_kwargs(
        after=after,
        type_=type_,
        object_id=object_id,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    type_: list[str] | Unset = UNSET,
    object_id: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Error | ListEventsResponse200 | None:
    """The change feed

     The tenant's events, oldest first: one per accepted write of a deal, pipeline, account, contact or
    user, kept 30 days. Resume with after=<pagination.next_cursor>: no event is repeated or skipped,
    also while writes go on. An application's token sees only its application's deal events. Scope:
    read:events.

    Args:
        after (str | Unset):
        type_ (list[str] | Unset):
        object_id (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListEventsResponse200
    """

    return (
        await asyncio_detailed(
            client=client,
            after=after,
            type_=type_,
            object_id=object_id,
            limit=limit,
        )
    ).parsed
