from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_deal_response_201 import CreateDealResponse201
from ...models.deal_create import DealCreate
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: DealCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/crm/deals",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateDealResponse201 | Error | None:
    if response.status_code == 201:
        response_201 = CreateDealResponse201.from_dict(response.json())

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
) -> Response[CreateDealResponse201 | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: DealCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreateDealResponse201 | Error]:
    """Create a deal

     201 with the deal, every related record embedded, its Location and ETag "1". Scope: write:deals.

    Args:
        idempotency_key (str | Unset):
        body (DealCreate): A new deal. Unknown fields are "Unknown field", server-managed ones
            "Field is read-only". A deal in a lost stage needs loss_reason and loss_category. Example:
            {'name': 'Q1 Bulk Order', 'value': 25000, 'currency': 'EUR', 'stage': 'qualified',
            'expected_close_date': '2026-03-31', 'tags': ['enterprise']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateDealResponse201 | Error]
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
    body: DealCreate,
    idempotency_key: str | Unset = UNSET,
) -> CreateDealResponse201 | Error | None:
    """Create a deal

     201 with the deal, every related record embedded, its Location and ETag "1". Scope: write:deals.

    Args:
        idempotency_key (str | Unset):
        body (DealCreate): A new deal. Unknown fields are "Unknown field", server-managed ones
            "Field is read-only". A deal in a lost stage needs loss_reason and loss_category. Example:
            {'name': 'Q1 Bulk Order', 'value': 25000, 'currency': 'EUR', 'stage': 'qualified',
            'expected_close_date': '2026-03-31', 'tags': ['enterprise']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateDealResponse201 | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: DealCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreateDealResponse201 | Error]:
    """Create a deal

     201 with the deal, every related record embedded, its Location and ETag "1". Scope: write:deals.

    Args:
        idempotency_key (str | Unset):
        body (DealCreate): A new deal. Unknown fields are "Unknown field", server-managed ones
            "Field is read-only". A deal in a lost stage needs loss_reason and loss_category. Example:
            {'name': 'Q1 Bulk Order', 'value': 25000, 'currency': 'EUR', 'stage': 'qualified',
            'expected_close_date': '2026-03-31', 'tags': ['enterprise']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateDealResponse201 | Error]
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
    body: DealCreate,
    idempotency_key: str | Unset = UNSET,
) -> CreateDealResponse201 | Error | None:
    """Create a deal

     201 with the deal, every related record embedded, its Location and ETag "1". Scope: write:deals.

    Args:
        idempotency_key (str | Unset):
        body (DealCreate): A new deal. Unknown fields are "Unknown field", server-managed ones
            "Field is read-only". A deal in a lost stage needs loss_reason and loss_category. Example:
            {'name': 'Q1 Bulk Order', 'value': 25000, 'currency': 'EUR', 'stage': 'qualified',
            'expected_close_date': '2026-03-31', 'tags': ['enterprise']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateDealResponse201 | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
