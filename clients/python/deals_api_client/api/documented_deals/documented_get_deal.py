from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.documented_error import DocumentedError
from ...models.documented_get_deal_include_item import DocumentedGetDealIncludeItem
from ...models.documented_get_deal_response_200 import DocumentedGetDealResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    include: list[DocumentedGetDealIncludeItem] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_include: list[str] | Unset = UNSET
    if not isinstance(include, Unset):
        json_include = []
        for include_item_data in include:
            include_item = include_item_data.value
            json_include.append(include_item)

    params["include"] = json_include

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api-v1-deals/{id}".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DocumentedError | DocumentedGetDealResponse200 | None:
    if response.status_code == 200:
        response_200 = DocumentedGetDealResponse200.from_dict(response.json())

        return response_200

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
) -> Response[DocumentedError | DocumentedGetDealResponse200]:
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
    include: list[DocumentedGetDealIncludeItem] | Unset = UNSET,
) -> Response[DocumentedError | DocumentedGetDealResponse200]:
    """Get a deal (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. Everything embedded
    unless include= chooses. The id of a deal merged into another answers the deal that absorbed it,
    with Content-Location naming it. Scope: read:deals.

    Args:
        id (str):
        include (list[DocumentedGetDealIncludeItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentedError | DocumentedGetDealResponse200]
    """

    kwargs = _get_kwargs(
        id=id,
        include=include,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    include: list[DocumentedGetDealIncludeItem] | Unset = UNSET,
) -> DocumentedError | DocumentedGetDealResponse200 | None:
    """Get a deal (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. Everything embedded
    unless include= chooses. The id of a deal merged into another answers the deal that absorbed it,
    with Content-Location naming it. Scope: read:deals.

    Args:
        id (str):
        include (list[DocumentedGetDealIncludeItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentedError | DocumentedGetDealResponse200
    """

    return sync_detailed(
        id=id,
        client=client,
        include=include,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    include: list[DocumentedGetDealIncludeItem] | Unset = UNSET,
) -> Response[DocumentedError | DocumentedGetDealResponse200]:
    """Get a deal (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. Everything embedded
    unless include= chooses. The id of a deal merged into another answers the deal that absorbed it,
    with Content-Location naming it. Scope: read:deals.

    Args:
        id (str):
        include (list[DocumentedGetDealIncludeItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentedError | DocumentedGetDealResponse200]
    """

    kwargs = _get_kwargs(
        id=id,
        include=include,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    include: list[DocumentedGetDealIncludeItem] | Unset = UNSET,
) -> DocumentedError | DocumentedGetDealResponse200 | None:
    """Get a deal (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. Everything embedded
    unless include= chooses. The id of a deal merged into another answers the deal that absorbed it,
    with Content-Location naming it. Scope: read:deals.

    Args:
        id (str):
        include (list[DocumentedGetDealIncludeItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentedError | DocumentedGetDealResponse200
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            include=include,
        )
    ).parsed
