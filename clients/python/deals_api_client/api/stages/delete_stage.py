from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_stage_response_200 import DeleteStageResponse200
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    stage_id: str,
    *,
    move_to: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["move_to"] = move_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/crm/pipelines/{id}/stages/{stage_id}".format(
            id=quote(str(id), safe=""),
            stage_id=quote(str(stage_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeleteStageResponse200 | Error | None:
    if response.status_code == 200:
        response_200 = DeleteStageResponse200.from_dict(response.json())

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
) -> Response[DeleteStageResponse200 | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    stage_id: str,
    *,
    client: AuthenticatedClient,
    move_to: str | Unset = UNSET,
) -> Response[DeleteStageResponse200 | Error]:
    """Delete a stage

     409 while deals are in it, unless move_to names a stage to move them to first (each move audited);
    409 for a pipeline's last stage. Scope: write:pipelines.

    Args:
        id (str):
        stage_id (str):
        move_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteStageResponse200 | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        stage_id=stage_id,
        move_to=move_to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    stage_id: str,
    *,
    client: AuthenticatedClient,
    move_to: str | Unset = UNSET,
) -> DeleteStageResponse200 | Error | None:
    """Delete a stage

     409 while deals are in it, unless move_to names a stage to move them to first (each move audited);
    409 for a pipeline's last stage. Scope: write:pipelines.

    Args:
        id (str):
        stage_id (str):
        move_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteStageResponse200 | Error
    """

    return sync_detailed(
        id=id,
        stage_id=stage_id,
        client=client,
        move_to=move_to,
    ).parsed


async def asyncio_detailed(
    id: str,
    stage_id: str,
    *,
    client: AuthenticatedClient,
    move_to: str | Unset = UNSET,
) -> Response[DeleteStageResponse200 | Error]:
    """Delete a stage

     409 while deals are in it, unless move_to names a stage to move them to first (each move audited);
    409 for a pipeline's last stage. Scope: write:pipelines.

    Args:
        id (str):
        stage_id (str):
        move_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteStageResponse200 | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        stage_id=stage_id,
        move_to=move_to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    stage_id: str,
    *,
    client: AuthenticatedClient,
    move_to: str | Unset = UNSET,
) -> DeleteStageResponse200 | Error | None:
    """Delete a stage

     409 while deals are in it, unless move_to names a stage to move them to first (each move audited);
    409 for a pipeline's last stage. Scope: write:pipelines.

    Args:
        id (str):
        stage_id (str):
        move_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteStageResponse200 | Error
    """

    return (
        await asyncio_detailed(
            id=id,
            stage_id=stage_id,
            client=client,
            move_to=move_to,
        )
    ).parsed
