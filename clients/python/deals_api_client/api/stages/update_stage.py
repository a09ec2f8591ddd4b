from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.stage_update import StageUpdate
from ...models.update_stage_response_200 import UpdateStageResponse200
from ...types import Response


def _get_kwargs(
    id: str,
    stage_id: str,
    *,
    body: StageUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/crm/pipelines/{id}/stages/{stage_id}".format(
            id=quote(str(id), safe=""),
            stage_id=quote(str(stage_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | UpdateStageResponse200 | None:
    if response.status_code == 200:
        response_200 = UpdateStageResponse200.from_dict(response.json())

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
) -> Response[Error | UpdateStageResponse200]:
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
    body: StageUpdate,
) -> Response[Error | UpdateStageResponse200]:
    """Change a stage

     Rename, recolor, change probability, move (position), or change the kind of a stage that holds no
    deals. The ETag is the pipeline's version. Scope: write:pipelines.

    Args:
        id (str):
        stage_id (str):
        body (StageUpdate): kind can change only while the stage holds no deals (409 otherwise).
            Example: {'name': 'Renamed', 'position': 1}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UpdateStageResponse200]
    """

    kwargs = _get_kwargs(
        id=id,
        stage_id=stage_id,
        body=body,
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
    body: StageUpdate,
) -> Error | UpdateStageResponse200 | None:
    """Change a stage

     Rename, recolor, change probability, move (position), or change the kind of a stage that holds no
    deals. The ETag is the pipeline's version. Scope: write:pipelines.

    Args:
        id (str):
        stage_id (str):
        body (StageUpdate): kind can change only while the stage holds no deals (409 otherwise).
            Example: {'name': 'Renamed', 'position': 1}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UpdateStageResponse200
    """

    return sync_detailed(
        id=id,
        stage_id=stage_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    stage_id: str,
    *,
    client: AuthenticatedClient,
    body: StageUpdate,
) -> Response[Error | UpdateStageResponse200]:
    """Change a stage

     Rename, recolor, change probability, move (position), or change the kind of a stage that holds no
    deals. The ETag is the pipeline's version. Scope: write:pipelines.

    Args:
        id (str):
        stage_id (str):
        body (StageUpdate): kind can change only while the stage holds no deals (409 otherwise).
            Example: {'name': 'Renamed', 'position': 1}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UpdateStageResponse200]
    """

    kwargs = _get_kwargs(
        id=id,
        stage_id=stage_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    stage_id: str,
    *,
    client: AuthenticatedClient,
    body: StageUpdate,
) -> Error | UpdateStageResponse200 | None:
    """Change a stage

     Rename, recolor, change probability, move (position), or change the kind of a stage that holds no
    deals. The ETag is the pipeline's version. Scope: write:pipelines.

    Args:
        id (str):
        stage_id (str):
        body (StageUpdate): kind can change only while the stage holds no deals (409 otherwise).
            Example: {'name': 'Renamed', 'position': 1}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UpdateStageResponse200
    """

    return (
        await asyncio_detailed(
            id=id,
            stage_id=stage_id,
            client=client,
            body=body,
        )
    ).parsed
