from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_pipeline_response_201 import CreatePipelineResponse201
from ...models.error import Error
from ...models.pipeline_create import PipelineCreate
from ...types import Response


def _get_kwargs(
    *,
    body: PipelineCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/crm/pipelines",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreatePipelineResponse201 | Error | None:
    if response.status_code == 201:
        response_201 = CreatePipelineResponse201.from_dict(response.json())

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
) -> Response[CreatePipelineResponse201 | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PipelineCreate,
) -> Response[CreatePipelineResponse201 | Error]:
    """Create a pipeline

     New pipelines are pip_<ULID>, their stages stg_<ULID>. Scope: write:pipelines.

    Args:
        body (PipelineCreate):  Example: {'name': 'Partners', 'stages': [{'name': 'Intro'},
            {'name': 'Signed', 'kind': 'won'}, {'name': 'Dropped', 'kind': 'lost'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatePipelineResponse201 | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PipelineCreate,
) -> CreatePipelineResponse201 | Error | None:
    """Create a pipeline

     New pipelines are pip_<ULID>, their stages stg_<ULID>. Scope: write:pipelines.

    Args:
        body (PipelineCreate):  Example: {'name': 'Partners', 'stages': [{'name': 'Intro'},
            {'name': 'Signed', 'kind': 'won'}, {'name': 'Dropped', 'kind': 'lost'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatePipelineResponse201 | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PipelineCreate,
) -> Response[CreatePipelineResponse201 | Error]:
    """Create a pipeline

     New pipelines are pip_<ULID>, their stages stg_<ULID>. Scope: write:pipelines.

    Args:
        body (PipelineCreate):  Example: {'name': 'Partners', 'stages': [{'name': 'Intro'},
            {'name': 'Signed', 'kind': 'won'}, {'name': 'Dropped', 'kind': 'lost'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatePipelineResponse201 | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PipelineCreate,
) -> CreatePipelineResponse201 | Error | None:
    """Create a pipeline

     New pipelines are pip_<ULID>, their stages stg_<ULID>. Scope: write:pipelines.

    Args:
        body (PipelineCreate):  Example: {'name': 'Partners', 'stages': [{'name': 'Intro'},
            {'name': 'Signed', 'kind': 'won'}, {'name': 'Dropped', 'kind': 'lost'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatePipelineResponse201 | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
