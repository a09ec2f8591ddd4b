from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.get_deal_forecast_response_200 import GetDealForecastResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    pipeline_id: str | Unset = UNSET,
    owner_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["from"] = from_

    params["to"] = to

    params["pipeline_id"] = pipeline_id

    params["owner_id"] = owner_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/crm/deals/forecast",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | GetDealForecastResponse200 | None:
    if response.status_code == 200:
        response_200 = GetDealForecastResponse200.from_dict(response.json())

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
) -> Response[Error | GetDealForecastResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    pipeline_id: str | Unset = UNSET,
    owner_id: str | Unset = UNSET,
) -> Response[Error | GetDealForecastResponse200]:
    """Open and won value by month of expected close date

     Every month from `from` to `to` (default: this month and the eleven after it; at most 24), each with
    the count, value and weighted value of the open deals and the value of the won deals expected to
    close in it, per currency. Reads the deals closing in the range through the close-date index. Scope:
    read:deals.

    Args:
        from_ (str | Unset):
        to (str | Unset):
        pipeline_id (str | Unset):
        owner_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GetDealForecastResponse200]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        pipeline_id=pipeline_id,
        owner_id=owner_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    pipeline_id: str | Unset = UNSET,
    owner_id: str | Unset = UNSET,
) -> Error | GetDealForecastResponse200 | None:
    """Open and won value by month of expected close date

     Every month from `from` to `to` (default: this month and the eleven after it; at most 24), each with
    the count, value and weighted value of the open deals and the value of the won deals expected to
    close in it, per currency. Reads the deals closing in the range through the close-date index. Scope:
    read:deals.

    Args:
        from_ (str | Unset):
        to (str | Unset):
        pipeline_id (str | Unset):
        owner_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GetDealForecastResponse200
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        pipeline_id=pipeline_id,
        owner_id=owner_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    pipeline_id: str | Unset = UNSET,
    owner_id: str | Unset = UNSET,
) -> Response[Error | GetDealForecastResponse200]:
    """Open and won value by month of expected close date

     Every month from `from` to `to` (default: this month and the eleven after it; at most 24), each with
    the count, value and weighted value of the open deals and the value of the won deals expected to
    close in it, per currency. Reads the deals closing in the range through the close-date index. Scope:
    read:deals.

    Args:
        from_ (str | Unset):
        to (str | Unset):
        pipeline_id (str | Unset):
        owner_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GetDealForecastResponse200]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        pipeline_id=pipeline_id,
        owner_id=owner_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    pipeline_id: str | Unset = UNSET,
    owner_id: str | Unset = UNSET,
) -> Error | GetDealForecastResponse200 | None:
    """Open and won value by month of expected close date

     Every month from `from` to `to` (default: this month and the eleven after it; at most 24), each with
    the count, value and weighted value of the open deals and the value of the won deals expected to
    close in it, per currency. Reads the deals closing in the range through the close-date index. Scope:
    read:deals.

    Args:
        from_ (str | Unset):
        to (str | Unset):
        pipeline_id (str | Unset):
        owner_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GetDealForecastResponse200
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            pipeline_id=pipeline_id,
            owner_id=owner_id,
        )
    ).parsed
