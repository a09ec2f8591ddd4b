from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.restore_deal_response_200 import RestoreDealResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    detach: bool | Unset = False,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    params: dict[str, Any] = {}

    params["detach"] = detach

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/crm/deals/{id}/restore".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | RestoreDealResponse200 | None:
    if response.status_code == 200:
        response_200 = RestoreDealResponse200.from_dict(response.json())

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
) -> Response[Error | RestoreDealResponse200]:
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
    detach: bool | Unset = False,
    if_match: str | Unset = UNSET,
) -> Response[Error | RestoreDealResponse200]:
    """Restore a deleted deal

     A soft-deleted deal back among the live ones, within 90 days of its deletion: a new version with
    is_deleted false and deleted_at/deleted_by cleared, its deal number and stage history kept, counted
    again on its stage, its pipeline's totals and the records it refers to. A referenced account, owner,
    contact, stage or pipeline that no longer exists is 409 CONFLICT naming each field, unless
    detach=true clears those references; a deal whose stage is gone then goes to the first stage of its
    pipeline, or, when its pipeline is gone too, to the first stage of the tenant's default pipeline (a
    stage move like any other, in its audit_log). A live or unknown deal, or one deleted more than 90
    days ago, is 404; a deal merged into another is 404 with merged_into in the details. Answers the
    deal as GET does. Scope: write:deals.

    Args:
        id (str):
        detach (bool | Unset):  Default: False.
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RestoreDealResponse200]
    """

    kwargs = _get_kwargs(
        id=id,
        detach=detach,
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
    detach: bool | Unset = False,
    if_match: str | Unset = UNSET,
) -> Error | RestoreDealResponse200 | None:
    """Restore a deleted deal

     A soft-deleted deal back among the live ones, within 90 days of its deletion: a new version with
    is_deleted false and deleted_at/deleted_by cleared, its deal number and stage history kept, counted
    again on its stage, its pipeline's totals and the records it refers to. A referenced account, owner,
    contact, stage or pipeline that no longer exists is 409 CONFLICT naming each field, unless
    detach=true clears those references; a deal whose stage is gone then goes to the first stage of its
    pipeline, or, when its pipeline is gone too, to the first stage of the tenant's default pipeline (a
    stage move like any other, in its audit_log). A live or unknown deal, or one deleted more than 90
    days ago, is 404; a deal merged into another is 404 with merged_into in the details. Answers the
    deal as GET does. Scope: write:deals.

    Args:
        id (str):
        detach (bool | Unset):  Default: False.
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RestoreDealResponse200
    """

    return sync_detailed(
        id=id,
        client=client,
        detach=detach,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    detach: bool | Unset = False,
    if_match: str | Unset = UNSET,
) -> Response[Error | RestoreDealResponse200]:
    """Restore a deleted deal

     A soft-deleted deal back among the live ones, within 90 days of its deletion: a new version with
    is_deleted false and deleted_at/deleted_by cleared, its deal number and stage history kept, counted
    again on its stage, its pipeline's totals and the records it refers to. A referenced account, owner,
    contact, stage or pipeline that no longer exists is 409 CONFLICT naming each field, unless
    detach=true clears those references; a deal whose stage is gone then goes to the first stage of its
    pipeline, or, when its pipeline is gone too, to the first stage of the tenant's default pipeline (a
    stage move like any other, in its audit_log). A live or unknown deal, or one deleted more than 90
    days ago, is 404; a deal merged into another is 404 with merged_into in the details. Answers the
    deal as GET does. Scope: write:deals.

    Args:
        id (str):
        detach (bool | Unset):  Default: False.
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RestoreDealResponse200]
    """

    kwargs = _get_kwargs(
        id=id,
        detach=detach,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    detach: bool | Unset = False,
    if_match: str | Unset = UNSET,
) -> Error | RestoreDealResponse200 | None:
    """Restore a deleted deal

     A soft-deleted deal back among the live ones, within 90 days of its deletion: a new version with
    is_deleted false and deleted_at/deleted_by cleared, its deal number and stage history kept, counted
    again on its stage, its pipeline's totals and the records it refers to. A referenced account, owner,
    contact, stage or pipeline that no longer exists is 409 CONFLICT naming each field, unless
    detach=true clears those references; a deal whose stage is gone then goes to the first stage of its
    pipeline, or, when its pipeline is gone too, to the first stage of the tenant's default pipeline (a
    stage move like any other, in its audit_log). A live or unknown deal, or one deleted more than 90
    days ago, is 404; a deal merged into another is 404 with merged_into in the details. Answers the
    deal as GET does. Scope: write:deals.

    Args:
        id (str):
        detach (bool | Unset):  Default: False.
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RestoreDealResponse200
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            detach=detach,
            if_match=if_match,
        )
    ).parsed
