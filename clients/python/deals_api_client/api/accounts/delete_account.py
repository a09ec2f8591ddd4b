from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_account_contacts import DeleteAccountContacts
from ...models.delete_account_deals import DeleteAccountDeals
from ...models.delete_account_response_200 import DeleteAccountResponse200
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    deals: DeleteAccountDeals | Unset = UNSET,
    contacts: DeleteAccountContacts | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_deals: str | Unset = UNSET
    if not isinstance(deals, Unset):
        json_deals = deals.value

    params["deals"] = json_deals

    json_contacts: str | Unset = UNSET
    if not isinstance(contacts, Unset):
        json_contacts = contacts.value

    params["contacts"] = json_contacts

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/crm/accounts/{id}".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeleteAccountResponse200 | Error | None:
    if response.status_code == 200:
        response_200 = DeleteAccountResponse200.from_dict(response.json())

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
) -> Response[DeleteAccountResponse200 | Error]:
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
    deals: DeleteAccountDeals | Unset = UNSET,
    contacts: DeleteAccountContacts | Unset = UNSET,
) -> Response[DeleteAccountResponse200 | Error]:
    """Delete an account

     409 (with the count) while live deals refer to it, unless the parameters say what happens to them.
    Scope: write:accounts.

    Args:
        id (str):
        deals (DeleteAccountDeals | Unset):
        contacts (DeleteAccountContacts | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteAccountResponse200 | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        deals=deals,
        contacts=contacts,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    deals: DeleteAccountDeals | Unset = UNSET,
    contacts: DeleteAccountContacts | Unset = UNSET,
) -> DeleteAccountResponse200 | Error | None:
    """Delete an account

     409 (with the count) while live deals refer to it, unless the parameters say what happens to them.
    Scope: write:accounts.

    Args:
        id (str):
        deals (DeleteAccountDeals | Unset):
        contacts (DeleteAccountContacts | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteAccountResponse200 | Error
    """

    return sync_detailed(
        id=id,
        client=client,
        deals=deals,
        contacts=contacts,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    deals: DeleteAccountDeals | Unset = UNSET,
    contacts: DeleteAccountContacts | Unset = UNSET,
) -> Response[DeleteAccountResponse200 | Error]:
    """Delete an account

     409 (with the count) while live deals refer to it, unless the parameters say what happens to them.
    Scope: write:accounts.

    Args:
        id (str):
        deals (DeleteAccountDeals | Unset):
        contacts (DeleteAccountContacts | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteAccountResponse200 | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        deals=deals,
        contacts=contacts,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    deals: DeleteAccountDeals | Unset = UNSET,
    contacts: DeleteAccountContacts | Unset = UNSET,
) -> DeleteAccountResponse200 | Error | None:
    """Delete an account

     409 (with the count) while live deals refer to it, unless the parameters say what happens to them.
    Scope: write:accounts.

    Args:
        id (str):
        deals (DeleteAccountDeals | Unset):
        contacts (DeleteAccountContacts | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteAccountResponse200 | Error
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            deals=deals,
            contacts=contacts,
        )
    ).parsed
