from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.documented_error import DocumentedError
from ...models.documented_update_deal_stage_response_200 import DocumentedUpdateDealStageResponse200
from ...models.stage_move import StageMove
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    body: StageMove,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api-v1-deals/{id}/stage".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DocumentedError | DocumentedUpdateDealStageResponse200 | None:
    if response.status_code == 200:
        response_200 = DocumentedUpdateDealStageResponse200.from_dict(response.json())

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
) -> Response[DocumentedError | DocumentedUpdateDealStageResponse200]:
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
    body: StageMove,
    if_match: str | Unset = UNSET,
) -> Response[DocumentedError | DocumentedUpdateDealStageResponse200]:
    """Move a deal to a stage (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. A stage that is not the
    caller's is "Stage not found". Scope: write:deals.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.
        body (StageMove): The stage to move to, with the closing fields. Either stage or its
            synonym stage_id is required (a null one counts as not given): without either, 400
            INVALID_REQUEST "stage_id is required"; both at once must name the same stage (else 400
            VALIDATION_ERROR); a refusal of the stage names the field it came in. A lost stage needs
            loss_reason and loss_category (on the deal or here). Example: {'stage': 'closed_lost',
            'loss_reason': 'Chose a competitor', 'loss_category': 'competition'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentedError | DocumentedUpdateDealStageResponse200]
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
    body: StageMove,
    if_match: str | Unset = UNSET,
) -> DocumentedError | DocumentedUpdateDealStageResponse200 | None:
    """Move a deal to a stage (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. A stage that is not the
    caller's is "Stage not found". Scope: write:deals.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.
        body (StageMove): The stage to move to, with the closing fields. Either stage or its
            synonym stage_id is required (a null one counts as not given): without either, 400
            INVALID_REQUEST "stage_id is required"; both at once must name the same stage (else 400
            VALIDATION_ERROR); a refusal of the stage names the field it came in. A lost stage needs
            loss_reason and loss_category (on the deal or here). Example: {'stage': 'closed_lost',
            'loss_reason': 'Chose a competitor', 'loss_category': 'competition'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentedError | DocumentedUpdateDealStageResponse200
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
    body: StageMove,
    if_match: str | Unset = UNSET,
) -> Response[DocumentedError | DocumentedUpdateDealStageResponse200]:
    """Move a deal to a stage (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. A stage that is not the
    caller's is "Stage not found". Scope: write:deals.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.
        body (StageMove): The stage to move to, with the closing fields. Either stage or its
            synonym stage_id is required (a null one counts as not given): without either, 400
            INVALID_REQUEST "stage_id is required"; both at once must name the same stage (else 400
            VALIDATION_ERROR); a refusal of the stage names the field it came in. A lost stage needs
            loss_reason and loss_category (on the deal or here). Example: {'stage': 'closed_lost',
            'loss_reason': 'Chose a competitor', 'loss_category': 'competition'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentedError | DocumentedUpdateDealStageResponse200]
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
    body: StageMove,
    if_match: str | Unset = UNSET,
) -> DocumentedError | DocumentedUpdateDealStageResponse200 | None:
    """Move a deal to a stage (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. A stage that is not the
    caller's is "Stage not found". Scope: write:deals.

    Args:
        id (str):
        if_match (str | Unset): One or more versions as If-Match takes them: "3", W/"3", 3, a
            comma-separated list of those, or * alone.
        body (StageMove): The stage to move to, with the closing fields. Either stage or its
            synonym stage_id is required (a null one counts as not given): without either, 400
            INVALID_REQUEST "stage_id is required"; both at once must name the same stage (else 400
            VALIDATION_ERROR); a refusal of the stage names the field it came in. A lost stage needs
            loss_reason and loss_category (on the deal or here). Example: {'stage': 'closed_lost',
            'loss_reason': 'Chose a competitor', 'loss_category': 'competition'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentedError | DocumentedUpdateDealStageResponse200
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
