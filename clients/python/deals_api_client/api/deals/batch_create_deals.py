from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_deal_create import BatchDealCreate
from ...models.batch_deal_results import BatchDealResults
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: BatchDealCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/crm/deals/batch/create",
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
    body: BatchDealCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[BatchDealResults | Error]:
    """Create deals

     Each input a POST /deals body, answered 201 with the deal (everything embedded) or with its error. 1
    to 100 items (none, more, or not a list: 400 naming the list). Each item succeeds or fails on its
    own, with exactly the status and body its single request would have had; results come in input
    order; 200 when all succeeded, else 207. Cheaper than its parts: one deal-number counter update,
    many deals per transaction, every referenced record and pipeline read once. Idempotency-Key as on
    POST /deals, for the batch as a whole: a repeat with the same key and body answers the first
    response again (Idempotent-Replayed: true) and creates nothing; another body, or a repeat while the
    first is still being answered, is 409. Scope: write:deals.

    Args:
        idempotency_key (str | Unset):
        body (BatchDealCreate):  Example: {'inputs': [{'name': 'Q1 renewal', 'value': 25000},
            {'name': 'Q2 upsell', 'stage': 'qualified'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchDealResults | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: BatchDealCreate,
    idempotency_key: str | Unset = UNSET,
) -> BatchDealResults | Error | None:
    """Create deals

     Each input a POST /deals body, answered 201 with the deal (everything embedded) or with its error. 1
    to 100 items (none, more, or not a list: 400 naming the list). Each item succeeds or fails on its
    own, with exactly the status and body its single request would have had; results come in input
    order; 200 when all succeeded, else 207. Cheaper than its parts: one deal-number counter update,
    many deals per transaction, every referenced record and pipeline read once. Idempotency-Key as on
    POST /deals, for the batch as a whole: a repeat with the same key and body answers the first
    response again (Idempotent-Replayed: true) and creates nothing; another body, or a repeat while the
    first is still being answered, is 409. Scope: write:deals.

    Args:
        idempotency_key (str | Unset):
        body (BatchDealCreate):  Example: {'inputs': [{'name': 'Q1 renewal', 'value': 25000},
            {'name': 'Q2 upsell', 'stage': 'qualified'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchDealResults | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BatchDealCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[BatchDealResults | Error]:
    """Create deals

     Each input a POST /deals body, answered 201 with the deal (everything embedded) or with its error. 1
    to 100 items (none, more, or not a list: 400 naming the list). Each item succeeds or fails on its
    own, with exactly the status and body its single request would have had; results come in input
    order; 200 when all succeeded, else 207. Cheaper than its parts: one deal-number counter update,
    many deals per transaction, every referenced record and pipeline read once. Idempotency-Key as on
    POST /deals, for the batch as a whole: a repeat with the same key and body answers the first
    response again (Idempotent-Replayed: true) and creates nothing; another body, or a repeat while the
    first is still being answered, is 409. Scope: write:deals.

    Args:
        idempotency_key (str | Unset):
        body (BatchDealCreate):  Example: {'inputs': [{'name': 'Q1 renewal', 'value': 25000},
            {'name': 'Q2 upsell', 'stage': 'qualified'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchDealResults | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BatchDealCreate,
    idempotency_key: str | Unset = UNSET,
) -> BatchDealResults | Error | None:
    """Create deals

     Each input a POST /deals body, answered 201 with the deal (everything embedded) or with its error. 1
    to 100 items (none, more, or not a list: 400 naming the list). Each item succeeds or fails on its
    own, with exactly the status and body its single request would have had; results come in input
    order; 200 when all succeeded, else 207. Cheaper than its parts: one deal-number counter update,
    many deals per transaction, every referenced record and pipeline read once. Idempotency-Key as on
    POST /deals, for the batch as a whole: a repeat with the same key and body answers the first
    response again (Idempotent-Replayed: true) and creates nothing; another body, or a repeat while the
    first is still being answered, is 409. Scope: write:deals.

    Args:
        idempotency_key (str | Unset):
        body (BatchDealCreate):  Example: {'inputs': [{'name': 'Q1 renewal', 'value': 25000},
            {'name': 'Q2 upsell', 'stage': 'qualified'}]}.

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
            idempotency_key=idempotency_key,
        )
    ).parsed
