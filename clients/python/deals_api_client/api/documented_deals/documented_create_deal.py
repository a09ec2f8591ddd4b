from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.documented_create_deal_response_201 import DocumentedCreateDealResponse201
from ...models.documented_deal_create import DocumentedDealCreate
from ...models.documented_error import DocumentedError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: DocumentedDealCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api-v1-deals",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DocumentedCreateDealResponse201 | DocumentedError | None:
    if response.status_code == 201:
        response_201 = DocumentedCreateDealResponse201.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = DocumentedError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = DocumentedError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = DocumentedError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = DocumentedError.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = DocumentedError.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = DocumentedError.from_dict(response.json())

        return response_413

    if response.status_code == 500:
        response_500 = DocumentedError.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = DocumentedError.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DocumentedCreateDealResponse201 | DocumentedError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: DocumentedDealCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[DocumentedCreateDealResponse201 | DocumentedError]:
    """Create a deal (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. 201 with the deal and
    its organization, contact, stage and assigned user. Scope: write:deals.

    Args:
        idempotency_key (str | Unset):
        body (DocumentedDealCreate):  Example: {'title': 'Q1 Bulk Order', 'value': 25000,
            'currency': 'EUR', 'expected_close_date': '2026-03-31', 'probability': 75}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentedCreateDealResponse201 | DocumentedError]
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
    body: DocumentedDealCreate,
    idempotency_key: str | Unset = UNSET,
) -> DocumentedCreateDealResponse201 | DocumentedError | None:
    """Create a deal (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. 201 with the deal and
    its organization, contact, stage and assigned user. Scope: write:deals.

    Args:
        idempotency_key (str | Unset):
        body (DocumentedDealCreate):  Example: {'title': 'Q1 Bulk Order', 'value': 25000,
            'currency': 'EUR', 'expected_close_date': '2026-03-31', 'probability': 75}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentedCreateDealResponse201 | DocumentedError
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: DocumentedDealCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[DocumentedCreateDealResponse201 | DocumentedError]:
    """Create a deal (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. 201 with the deal and
    its organization, contact, stage and assigned user. Scope: write:deals.

    Args:
        idempotency_key (str | Unset):
        body (DocumentedDealCreate):  Example: {'title': 'Q1 Bulk Order', 'value': 25000,
            'currency': 'EUR', 'expected_close_date': '2026-03-31', 'probability': 75}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentedCreateDealResponse201 | DocumentedError]
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
    body: DocumentedDealCreate,
    idempotency_key: str | Unset = UNSET,
) -> DocumentedCreateDealResponse201 | DocumentedError | None:
    """Create a deal (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. 201 with the deal and
    its organization, contact, stage and assigned user. Scope: write:deals.

    Args:
        idempotency_key (str | Unset):
        body (DocumentedDealCreate):  Example: {'title': 'Q1 Bulk Order', 'value': 25000,
            'currency': 'EUR', 'expected_close_date': '2026-03-31', 'probability': 75}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentedCreateDealResponse201 | DocumentedError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
