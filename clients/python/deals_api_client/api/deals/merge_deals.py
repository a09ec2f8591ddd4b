from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.deal_merge import DealMerge
from ...models.error import Error
from ...models.merge_deals_response_200 import MergeDealsResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    body: DealMerge,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/crm/deals/{id}/merge".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | MergeDealsResponse200 | None:
    if response.status_code == 200:
        response_200 = MergeDealsResponse200.from_dict(response.json())

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
) -> Response[Error | MergeDealsResponse200]:
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
    body: DealMerge,
    if_match: str | Unset = UNSET,
) -> Response[Error | MergeDealsResponse200]:
    """Merge a deal into this one

     {id} absorbs the deal named by from, in one write: {id} keeps its own values and takes the other's
    where it has none (account_id, owner_id, primary_contact_id, rfp_record_id, forecast_category,
    expected_close_date, next_followup_date, deal_type, deal_source; its name, value, currency,
    placement, probability and closing fields stay its own); lists (contact_ids, tags, quote_ids,
    proposal_ids, attachment_refs, linked_task_ids, competitors) are unioned, its items first, and
    custom_fields merged key by key, its values winning; a list or custom_fields past its limit is 409
    naming the field. Its stage history becomes both deals' stage changes in time order (GET
    /deals/{id}/history). The other deal is soft-deleted with merged_into naming {id}: reading it
    answers {id} (with Content-Location), writing it is 404 with merged_into in the details, and it
    cannot be restored. Events: deal.merged on {id} (data.merged_from names the other), deal.deleted on
    the other. from equal to {id} is 400; a from that is not one of the caller's live deals is 404
    naming from. If-Match pins {id}'s version. Scope: write:deals.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.
        body (DealMerge): The deal to absorb.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MergeDealsResponse200]
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
    body: DealMerge,
    if_match: str | Unset = UNSET,
) -> Error | MergeDealsResponse200 | None:
    """Merge a deal into this one

     {id} absorbs the deal named by from, in one write: {id} keeps its own values and takes the other's
    where it has none (account_id, owner_id, primary_contact_id, rfp_record_id, forecast_category,
    expected_close_date, next_followup_date, deal_type, deal_source; its name, value, currency,
    placement, probability and closing fields stay its own); lists (contact_ids, tags, quote_ids,
    proposal_ids, attachment_refs, linked_task_ids, competitors) are unioned, its items first, and
    custom_fields merged key by key, its values winning; a list or custom_fields past its limit is 409
    naming the field. Its stage history becomes both deals' stage changes in time order (GET
    /deals/{id}/history). The other deal is soft-deleted with merged_into naming {id}: reading it
    answers {id} (with Content-Location), writing it is 404 with merged_into in the details, and it
    cannot be restored. Events: deal.merged on {id} (data.merged_from names the other), deal.deleted on
    the other. from equal to {id} is 400; a from that is not one of the caller's live deals is 404
    naming from. If-Match pins {id}'s version. Scope: write:deals.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.
        body (DealMerge): The deal to absorb.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MergeDealsResponse200
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
    body: DealMerge,
    if_match: str | Unset = UNSET,
) -> Response[Error | MergeDealsResponse200]:
    """Merge a deal into this one

     {id} absorbs the deal named by from, in one write: {id} keeps its own values and takes the other's
    where it has none (account_id, owner_id, primary_contact_id, rfp_record_id, forecast_category,
    expected_close_date, next_followup_date, deal_type, deal_source; its name, value, currency,
    placement, probability and closing fields stay its own); lists (contact_ids, tags, quote_ids,
    proposal_ids, attachment_refs, linked_task_ids, competitors) are unioned, its items first, and
    custom_fields merged key by key, its values winning; a list or custom_fields past its limit is 409
    naming the field. Its stage history becomes both deals' stage changes in time order (GET
    /deals/{id}/history). The other deal is soft-deleted with merged_into naming {id}: reading it
    answers {id} (with Content-Location), writing it is 404 with merged_into in the details, and it
    cannot be restored. Events: deal.merged on {id} (data.merged_from names the other), deal.deleted on
    the other. from equal to {id} is 400; a from that is not one of the caller's live deals is 404
    naming from. If-Match pins {id}'s version. Scope: write:deals.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.
        body (DealMerge): The deal to absorb.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MergeDealsResponse200]
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
    body: DealMerge,
    if_match: str | Unset = UNSET,
) -> Error | MergeDealsResponse200 | None:
    """Merge a deal into this one

     {id} absorbs the deal named by from, in one write: {id} keeps its own values and takes the other's
    where it has none (account_id, owner_id, primary_contact_id, rfp_record_id, forecast_category,
    expected_close_date, next_followup_date, deal_type, deal_source; its name, value, currency,
    placement, probability and closing fields stay its own); lists (contact_ids, tags, quote_ids,
    proposal_ids, attachment_refs, linked_task_ids, competitors) are unioned, its items first, and
    custom_fields merged key by key, its values winning; a list or custom_fields past its limit is 409
    naming the field. Its stage history becomes both deals' stage changes in time order (GET
    /deals/{id}/history). The other deal is soft-deleted with merged_into naming {id}: reading it
    answers {id} (with Content-Location), writing it is 404 with merged_into in the details, and it
    cannot be restored. Events: deal.merged on {id} (data.merged_from names the other), deal.deleted on
    the other. from equal to {id} is 400; a from that is not one of the caller's live deals is 404
    naming from. If-Match pins {id}'s version. Scope: write:deals.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.
        body (DealMerge): The deal to absorb.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MergeDealsResponse200
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
