from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_deal_results import BatchDealResults
from ...models.batch_deal_update import BatchDealUpdate
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: BatchDealUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/crm/deals/batch/update",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BatchDealResults | Error | None:
    if response.status_code == 200:
        response_200 = BatchDealResults.from_dict(response.json())

        return response_200

    if response.status_code == 207:
        response_207 = BatchDealResults.from_dict(response.json())

        return response_207

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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
) -> Response[BatchDealResults | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BatchDealUpdate,
) -> Response[BatchDealResults | Error]:
    """Update deals

     Each input a PATCH /deals/{id} of its fields, if_match its If-Match (a stale version: that item
    409), answered 200 with the deal or with its error (an error about if_match names If-Match, as the
    single PATCH's does). Items naming the same deal run in input order. 1 to 100 items (none, more, or
    not a list: 400 naming the list). Each item succeeds or fails on its own, with exactly the status
    and body its single request would have had; results come in input order; 200 when all succeeded,
    else 207. Scope: write:deals.

    Args:
        body (BatchDealUpdate):  Example: {'inputs': [{'id': 'deal_01J0000000000000000000000A',
            'if_match': 3, 'value': 30000}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchDealResults | Error]
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
    body: BatchDealUpdate,
) -> BatchDealResults | Error | None:
    """Update deals

     Each input a PATCH /deals/{id} of its fields, if_match its If-Match (a stale version: that item
    409), answered 200 with the deal or with its error (an error about if_match names If-Match, as the
    single PATCH's does). Items naming the same deal run in input order. 1 to 100 items (none, more, or
    not a list: 400 naming the list). Each item succeeds or fails on its own, with exactly the status
    and body its single request would have had; results come in input order; 200 when all succeeded,
    else 207. Scope: write:deals.

    Args:
        body (BatchDealUpdate):  Example: {'inputs': [{'id': 'deal_01J0000000000000000000000A',
            'if_match': 3, 'value': 30000}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchDealResults | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BatchDealUpdate,
) -> Response[BatchDealResults | Error]:
    """Update deals

     Each input a PATCH /deals/{id} of its fields, if_match its If-Match (a stale version: that item
    409), answered 200 with the deal or with its error (an error about if_match names If-Match, as the
    single PATCH's does). Items naming the same deal run in input order. 1 to 100 items (none, more, or
    not a list: 400 naming the list). Each item succeeds or fails on its own, with exactly the status
    and body its single request would have had; results come in input order; 200 when all succeeded,
    else 207. Scope: write:deals.

    Args:
        body (BatchDealUpdate):  Example: {'inputs': [{'id': 'deal_01J0000000000000000000000A',
            'if_match': 3, 'value': 30000}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchDealResults | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BatchDealUpdate,
) -> BatchDealResults | Error | None:
    """Update deals

     Each input a PATCH /deals/{id} of its fields, if_match its If-Match (a stale version: that item
    409), answered 200 with the deal or with its error (an error about if_match names If-Match, as the
    single PATCH's does). Items naming the same deal run in input order. 1 to 100 items (none, more, or
    not a list: 400 naming the list). Each item succeeds or fails on its own, with exactly the status
    and body its single request would have had; results come in input order; 200 when all succeeded,
    else 207. Scope: write:deals.

    Args:
        body (BatchDealUpdate):  Example: {'inputs': [{'id': 'deal_01J0000000000000000000000A',
            'if_match': 3, 'value': 30000}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchDealResults | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
