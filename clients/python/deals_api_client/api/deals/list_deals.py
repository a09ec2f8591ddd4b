import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_deals_include_item import ListDealsIncludeItem
from ...models.list_deals_response_200 import ListDealsResponse200
from ...models.list_deals_sort import ListDealsSort
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    sort: ListDealsSort | Unset = UNSET,
    include: list[ListDealsIncludeItem] | Unset = UNSET,
    deleted: bool | Unset = False,
    name: str | Unset = UNSET,
    name_eq: str | Unset = UNSET,
    name_ne: str | Unset = UNSET,
    name_gt: str | Unset = UNSET,
    name_gte: str | Unset = UNSET,
    name_lt: str | Unset = UNSET,
    name_lte: str | Unset = UNSET,
    name_like: str | Unset = UNSET,
    name_in: list[str] | Unset = UNSET,
    stage: str | Unset = UNSET,
    stage_eq: str | Unset = UNSET,
    stage_ne: str | Unset = UNSET,
    stage_like: str | Unset = UNSET,
    stage_in: list[str] | Unset = UNSET,
    pipeline_id: str | Unset = UNSET,
    pipeline_id_eq: str | Unset = UNSET,
    pipeline_id_ne: str | Unset = UNSET,
    pipeline_id_like: str | Unset = UNSET,
    pipeline_id_in: list[str] | Unset = UNSET,
    account_id: str | Unset = UNSET,
    account_id_eq: str | Unset = UNSET,
    account_id_ne: str | Unset = UNSET,
    account_id_like: str | Unset = UNSET,
    account_id_in: list[str] | Unset = UNSET,
    owner_id: str | Unset = UNSET,
    owner_id_eq: str | Unset = UNSET,
    owner_id_ne: str | Unset = UNSET,
    owner_id_like: str | Unset = UNSET,
    owner_id_in: list[str] | Unset = UNSET,
    primary_contact_id: str | Unset = UNSET,
    primary_contact_id_eq: str | Unset = UNSET,
    primary_contact_id_ne: str | Unset = UNSET,
    primary_contact_id_like: str | Unset = UNSET,
    primary_contact_id_in: list[str] | Unset = UNSET,
    value: float | Unset = UNSET,
    value_eq: float | Unset = UNSET,
    value_ne: float | Unset = UNSET,
    value_gt: float | Unset = UNSET,
    value_gte: float | Unset = UNSET,
    value_lt: float | Unset = UNSET,
    value_lte: float | Unset = UNSET,
    value_in: list[float] | Unset = UNSET,
    currency: str | Unset = UNSET,
    currency_eq: str | Unset = UNSET,
    currency_ne: str | Unset = UNSET,
    currency_gt: str | Unset = UNSET,
    currency_gte: str | Unset = UNSET,
    currency_lt: str | Unset = UNSET,
    currency_lte: str | Unset = UNSET,
    currency_like: str | Unset = UNSET,
    currency_in: list[str] | Unset = UNSET,
    probability: float | Unset = UNSET,
    probability_eq: float | Unset = UNSET,
    probability_ne: float | Unset = UNSET,
    probability_gt: float | Unset = UNSET,
    probability_gte: float | Unset = UNSET,
    probability_lt: float | Unset = UNSET,
    probability_lte: float | Unset = UNSET,
    probability_in: list[float] | Unset = UNSET,
    forecast_category: str | Unset = UNSET,
    forecast_category_eq: str | Unset = UNSET,
    forecast_category_ne: str | Unset = UNSET,
    forecast_category_gt: str | Unset = UNSET,
    forecast_category_gte: str | Unset = UNSET,
    forecast_category_lt: str | Unset = UNSET,
    forecast_category_lte: str | Unset = UNSET,
    forecast_category_like: str | Unset = UNSET,
    forecast_category_in: list[str] | Unset = UNSET,
    deal_type: str | Unset = UNSET,
    deal_type_eq: str | Unset = UNSET,
    deal_type_ne: str | Unset = UNSET,
    deal_type_gt: str | Unset = UNSET,
    deal_type_gte: str | Unset = UNSET,
    deal_type_lt: str | Unset = UNSET,
    deal_type_lte: str | Unset = UNSET,
    deal_type_like: str | Unset = UNSET,
    deal_type_in: list[str] | Unset = UNSET,
    deal_source: str | Unset = UNSET,
    deal_source_eq: str | Unset = UNSET,
    deal_source_ne: str | Unset = UNSET,
    deal_source_gt: str | Unset = UNSET,
    deal_source_gte: str | Unset = UNSET,
    deal_source_lt: str | Unset = UNSET,
    deal_source_lte: str | Unset = UNSET,
    deal_source_like: str | Unset = UNSET,
    deal_source_in: list[str] | Unset = UNSET,
    deal_number: str | Unset = UNSET,
    deal_number_eq: str | Unset = UNSET,
    deal_number_ne: str | Unset = UNSET,
    deal_number_gt: str | Unset = UNSET,
    deal_number_gte: str | Unset = UNSET,
    deal_number_lt: str | Unset = UNSET,
    deal_number_lte: str | Unset = UNSET,
    deal_number_like: str | Unset = UNSET,
    deal_number_in: list[str] | Unset = UNSET,
    tags: str | Unset = UNSET,
    tags_eq: str | Unset = UNSET,
    tags_ne: str | Unset = UNSET,
    tags_like: str | Unset = UNSET,
    tags_in: list[str] | Unset = UNSET,
    created_at: str | Unset = UNSET,
    created_at_eq: str | Unset = UNSET,
    created_at_ne: str | Unset = UNSET,
    created_at_gt: str | Unset = UNSET,
    created_at_gte: str | Unset = UNSET,
    created_at_lt: str | Unset = UNSET,
    created_at_lte: str | Unset = UNSET,
    created_at_in: list[str] | Unset = UNSET,
    updated_at: str | Unset = UNSET,
    updated_at_eq: str | Unset = UNSET,
    updated_at_ne: str | Unset = UNSET,
    updated_at_gt: str | Unset = UNSET,
    updated_at_gte: str | Unset = UNSET,
    updated_at_lt: str | Unset = UNSET,
    updated_at_lte: str | Unset = UNSET,
    updated_at_in: list[str] | Unset = UNSET,
    expected_close_date: datetime.date | Unset = UNSET,
    expected_close_date_eq: datetime.date | Unset = UNSET,
    expected_close_date_ne: datetime.date | Unset = UNSET,
    expected_close_date_gt: datetime.date | Unset = UNSET,
    expected_close_date_gte: datetime.date | Unset = UNSET,
    expected_close_date_lt: datetime.date | Unset = UNSET,
    expected_close_date_lte: datetime.date | Unset = UNSET,
    expected_close_date_in: list[datetime.date] | Unset = UNSET,
    rotten: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params["page"] = page

    params["per_page"] = per_page

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    json_include: list[str] | Unset = UNSET
    if not isinstance(include, Unset):
        json_include = []
        for include_item_data in include:
            include_item = include_item_data.value
            json_include.append(include_item)

    params["include"] = json_include

    params["deleted"] = deleted

    params["name"] = name

    params["name[eq]"] = name_eq

    params["name[ne]"] = name_ne

    params["name[gt]"] = name_gt

    params["name[gte]"] = name_gte

    params["name[lt]"] = name_lt

    params["name[lte]"] = name_lte

    params["name[like]"] = name_like

    json_name_in: list[str] | Unset = UNSET
    if not isinstance(name_in, Unset):
        json_name_in = name_in

    params["name[in]"] = json_name_in

    params["stage"] = stage

    params["stage[eq]"] = stage_eq

    params["stage[ne]"] = stage_ne

    params["stage[like]"] = stage_like

    json_stage_in: list[str] | Unset = UNSET
    if not isinstance(stage_in, Unset):
        json_stage_in = stage_in

    params["stage[in]"] = json_stage_in

    params["pipeline_id"] = pipeline_id

    params["pipeline_id[eq]"] = pipeline_id_eq

    params["pipeline_id[ne]"] = pipeline_id_ne

    params["pipeline_id[like]"] = pipeline_id_like

    json_pipeline_id_in: list[str] | Unset = UNSET
    if not isinstance(pipeline_id_in, Unset):
        json_pipeline_id_in = pipeline_id_in

    params["pipeline_id[in]"] = json_pipeline_id_in

    params["account_id"] = account_id

    params["account_id[eq]"] = account_id_eq

    params["account_id[ne]"] = account_id_ne

    params["account_id[like]"] = account_id_like

    json_account_id_in: list[str] | Unset = UNSET
    if not isinstance(account_id_in, Unset):
        json_account_id_in = account_id_in

    params["account_id[in]"] = json_account_id_in

    params["owner_id"] = owner_id

    params["owner_id[eq]"] = owner_id_eq

    params["owner_id[ne]"] = owner_id_ne

    params["owner_id[like]"] = owner_id_like

    json_owner_id_in: list[str] | Unset = UNSET
    if not isinstance(owner_id_in, Unset):
        json_owner_id_in = owner_id_in

    params["owner_id[in]"] = json_owner_id_in

    params["primary_contact_id"] = primary_contact_id

    params["primary_contact_id[eq]"] = primary_contact_id_eq

    params["primary_contact_id[ne]"] = primary_contact_id_ne

    params["primary_contact_id[like]"] = primary_contact_id_like

    json_primary_contact_id_in: list[str] | Unset = UNSET
    if not isinstance(primary_contact_id_in, Unset):
        json_primary_contact_id_in = primary_contact_id_in

    params["primary_contact_id[in]"] = json_primary_contact_id_in

    params["value"] = value

    params["value[eq]"] = value_eq

    params["value[ne]"] = value_ne

    params["value[gt]"] = value_gt

    params["value[gte]"] = value_gte

    params["value[lt]"] = value_lt

    params["value[lte]"] = value_lte

    json_value_in: list[float] | Unset = UNSET
    if not isinstance(value_in, Unset):
        json_value_in = value_in

    params["value[in]"] = json_value_in

    params["currency"] = currency

    params["currency[eq]"] = currency_eq

    params["currency[ne]"] = currency_ne

    params["currency[gt]"] = currency_gt

    params["currency[gte]"] = currency_gte

    params["currency[lt]"] = currency_lt

    params["currency[lte]"] = currency_lte

    params["currency[like]"] = currency_like

    json_currency_in: list[str] | Unset = UNSET
    if not isinstance(currency_in, Unset):
        json_currency_in = currency_in

    params["currency[in]"] = json_currency_in

    params["probability"] = probability

    params["probability[eq]"] = probability_eq

    params["probability[ne]"] = probability_ne

    params["probability[gt]"] = probability_gt

    params["probability[gte]"] = probability_gte

    params["probability[lt]"] = probability_lt

    params["probability[lte]"] = probability_lte

    json_probability_in: list[float] | Unset = UNSET
    if not isinstance(probability_in, Unset):
        json_probability_in = probability_in

    params["probability[in]"] = json_probability_in

    params["forecast_category"] = forecast_category

    params["forecast_category[eq]"] = forecast_category_eq

    params["forecast_category[ne]"] = forecast_category_ne

    params["forecast_category[gt]"] = forecast_category_gt

    params["forecast_category[gte]"] = forecast_category_gte

    params["forecast_category[lt]"] = forecast_category_lt

    params["forecast_category[lte]"] = forecast_category_lte

    params["forecast_category[like]"] = forecast_category_like

    json_forecast_category_in: list[str] | Unset = UNSET
    if not isinstance(forecast_category_in, Unset):
        json_forecast_category_in = forecast_category_in

    params["forecast_category[in]"] = json_forecast_category_in

    params["deal_type"] = deal_type

    params["deal_type[eq]"] = deal_type_eq

    params["deal_type[ne]"] = deal_type_ne

    params["deal_type[gt]"] = deal_type_gt

    params["deal_type[gte]"] = deal_type_gte

    params["deal_type[lt]"] = deal_type_lt

    params["deal_type[lte]"] = deal_type_lte

    params["deal_type[like]"] = deal_type_like

    json_deal_type_in: list[str] | Unset = UNSET
    if not isinstance(deal_type_in, Unset):
        json_deal_type_in = deal_type_in

    params["deal_type[in]"] = json_deal_type_in

    params["deal_source"] = deal_source

    params["deal_source[eq]"] = deal_source_eq

    params["deal_source[ne]"] = deal_source_ne

    params["deal_source[gt]"] = deal_source_gt

    params["deal_source[gte]"] = deal_source_gte

    params["deal_source[lt]"] = deal_source_lt

    params["deal_source[lte]"] = deal_source_lte

    params["deal_source[like]"] = deal_source_like

    json_deal_source_in: list[str] | Unset = UNSET
    if not isinstance(deal_source_in, Unset):
        json_deal_source_in = deal_source_in

    params["deal_source[in]"] = json_deal_source_in

    params["deal_number"] = deal_number

    params["deal_number[eq]"] = deal_number_eq

    params["deal_number[ne]"] = deal_number_ne

    params["deal_number[gt]"] = deal_number_gt

    params["deal_number[gte]"] = deal_number_gte

    params["deal_number[lt]"] = deal_number_lt

    params["deal_number[lte]"] = deal_number_lte

    params["deal_number[like]"] = deal_number_like

    json_deal_number_in: list[str] | Unset = UNSET
    if not isinstance(deal_number_in, Unset):
        json_deal_number_in = deal_number_in

    params["deal_number[in]"] = json_deal_number_in

    params["tags"] = tags

    params["tags[eq]"] = tags_eq

    params["tags[ne]"] = tags_ne

    params["tags[like]"] = tags_like

    json_tags_in: list[str] | Unset = UNSET
    if not isinstance(tags_in, Unset):
        json_tags_in = tags_in

    params["tags[in]"] = json_tags_in

    params["created_at"] = created_at

    params["created_at[eq]"] = created_at_eq

    params["created_at[ne]"] = created_at_ne

    params["created_at[gt]"] = created_at_gt

    params["created_at[gte]"] = created_at_gte

    params["created_at[lt]"] = created_at_lt

    params["created_at[lte]"] = created_at_lte

    json_created_at_in: list[str] | Unset = UNSET
    if not isinstance(created_at_in, Unset):
        json_created_at_in = created_at_in

    params["created_at[in]"] = json_created_at_in

    params["updated_at"] = updated_at

    params["updated_at[eq]"] = updated_at_eq

    params["updated_at[ne]"] = updated_at_ne

    params["updated_at[gt]"] = updated_at_gt

    params["updated_at[gte]"] = updated_at_gte

    params["updated_at[lt]"] = updated_at_lt

    params["updated_at[lte]"] = updated_at_lte

    json_updated_at_in: list[str] | Unset = UNSET
    if not isinstance(updated_at_in, Unset):
        json_updated_at_in = updated_at_in

    params["updated_at[in]"] = json_updated_at_in

    json_expected_close_date: str | Unset = UNSET
    if not isinstance(expected_close_date, Unset):
        json_expected_close_date = expected_close_date.isoformat()
    params["expected_close_date"] = json_expected_close_date

    json_expected_close_date_eq: str | Unset = UNSET
    if not isinstance(expected_close_date_eq, Unset):
        json_expected_close_date_eq = expected_close_date_eq.isoformat()
    params["expected_close_date[eq]"] = json_expected_close_date_eq

    json_expected_close_date_ne: str | Unset = UNSET
    if not isinstance(expected_close_date_ne, Unset):
        json_expected_close_date_ne = expected_close_date_ne.isoformat()
    params["expected_close_date[ne]"] = json_expected_close_date_ne

    json_expected_close_date_gt: str | Unset = UNSET
    if not isinstance(expected_close_date_gt, Unset):
        json_expected_close_date_gt = expected_close_date_gt.isoformat()
    params["expected_close_date[gt]"] = json_expected_close_date_gt

    json_expected_close_date_gte: str | Unset = UNSET
    if not isinstance(expected_close_date_gte, Unset):
        json_expected_close_date_gte = expected_close_date_gte.isoformat()
    params["expected_close_date[gte]"] = json_expected_close_date_gte

    json_expected_close_date_lt: str | Unset = UNSET
    if not isinstance(expected_close_date_lt, Unset):
        json_expected_close_date_lt = expected_close_date_lt.isoformat()
    params["expected_close_date[lt]"] = json_expected_close_date_lt

    json_expected_close_date_lte: str | Unset = UNSET
    if not isinstance(expected_close_date_lte, Unset):
        json_expected_close_date_lte = expected_close_date_lte.isoformat()
    params["expected_close_date[lte]"] = json_expected_close_date_lte

    json_expected_close_date_in: list[str] | Unset = UNSET
    if not isinstance(expected_close_date_in, Unset):
        json_expected_close_date_in = []
        for expected_close_date_in_item_data in expected_close_date_in:
            expected_close_date_in_item = expected_close_date_in_item_data.isoformat()
            json_expected_close_date_in.append(expected_close_date_in_item)

    params["expected_close_date[in]"] = json_expected_close_date_in

    params["rotten"] = rotten

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/crm/deals",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListDealsResponse200 | None:
    if response.status_code == 200:
        response_200 = ListDealsResponse200.from_dict(response.json())

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
) -> Response[Error | ListDealsResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    sort: ListDealsSort | Unset = UNSET,
    include: list[ListDealsIncludeItem] | Unset = UNSET,
    deleted: bool | Unset = False,
    name: str | Unset = UNSET,
    name_eq: str | Unset = UNSET,
    name_ne: str | Unset = UNSET,
    name_gt: str | Unset = UNSET,
    name_gte: str | Unset = UNSET,
    name_lt: str | Unset = UNSET,
    name_lte: str | Unset = UNSET,
    name_like: str | Unset = UNSET,
    name_in: list[str] | Unset = UNSET,
    stage: str | Unset = UNSET,
    stage_eq: str | Unset = UNSET,
    stage_ne: str | Unset = UNSET,
    stage_like: str | Unset = UNSET,
    stage_in: list[str] | Unset = UNSET,
    pipeline_id: str | Unset = UNSET,
    pipeline_id_eq: str | Unset = UNSET,
    pipeline_id_ne: str | Unset = UNSET,
    pipeline_id_like: str | Unset = UNSET,
    pipeline_id_in: list[str] | Unset = UNSET,
    account_id: str | Unset = UNSET,
    account_id_eq: str | Unset = UNSET,
    account_id_ne: str | Unset = UNSET,
    account_id_like: str | Unset = UNSET,
    account_id_in: list[str] | Unset = UNSET,
    owner_id: str | Unset = UNSET,
    owner_id_eq: str | Unset = UNSET,
    owner_id_ne: str | Unset = UNSET,
    owner_id_like: str | Unset = UNSET,
    owner_id_in: list[str] | Unset = UNSET,
    primary_contact_id: str | Unset = UNSET,
    primary_contact_id_eq: str | Unset = UNSET,
    primary_contact_id_ne: str | Unset = UNSET,
    primary_contact_id_like: str | Unset = UNSET,
    primary_contact_id_in: list[str] | Unset = UNSET,
    value: float | Unset = UNSET,
    value_eq: float | Unset = UNSET,
    value_ne: float | Unset = UNSET,
    value_gt: float | Unset = UNSET,
    value_gte: float | Unset = UNSET,
    value_lt: float | Unset = UNSET,
    value_lte: float | Unset = UNSET,
    value_in: list[float] | Unset = UNSET,
    currency: str | Unset = UNSET,
    currency_eq: str | Unset = UNSET,
    currency_ne: str | Unset = UNSET,
    currency_gt: str | Unset = UNSET,
    currency_gte: str | Unset = UNSET,
    currency_lt: str | Unset = UNSET,
    currency_lte: str | Unset = UNSET,
    currency_like: str | Unset = UNSET,
    currency_in: list[str] | Unset = UNSET,
    probability: float | Unset = UNSET,
    probability_eq: float | Unset = UNSET,
    probability_ne: float | Unset = UNSET,
    probability_gt: float | Unset = UNSET,
    probability_gte: float | Unset = UNSET,
    probability_lt: float | Unset = UNSET,
    probability_lte: float | Unset = UNSET,
    probability_in: list[float] | Unset = UNSET,
    forecast_category: str | Unset = UNSET,
    forecast_category_eq: str | Unset = UNSET,
    forecast_category_ne: str | Unset = UNSET,
    forecast_category_gt: str | Unset = UNSET,
    forecast_category_gte: str | Unset = UNSET,
    forecast_category_lt: str | Unset = UNSET,
    forecast_category_lte: str | Unset = UNSET,
    forecast_category_like: str | Unset = UNSET,
    forecast_category_in: list[str] | Unset = UNSET,
    deal_type: str | Unset = UNSET,
    deal_type_eq: str | Unset = UNSET,
    deal_type_ne: str | Unset = UNSET,
    deal_type_gt: str | Unset = UNSET,
    deal_type_gte: str | Unset = UNSET,
    deal_type_lt: str | Unset = UNSET,
    deal_type_lte: str | Unset = UNSET,
    deal_type_like: str | Unset = UNSET,
    deal_type_in: list[str] | Unset = UNSET,
    deal_source: str | Unset = UNSET,
    deal_source_eq: str | Unset = UNSET,
    deal_source_ne: str | Unset = UNSET,
    deal_source_gt: str | Unset = UNSET,
    deal_source_gte: str | Unset = UNSET,
    deal_source_lt: str | Unset = UNSET,
    deal_source_lte: str | Unset = UNSET,
    deal_source_like: str | Unset = UNSET,
    deal_source_in: list[str] | Unset = UNSET,
    deal_number: str | Unset = UNSET,
    deal_number_eq: str | Unset = UNSET,
    deal_number_ne: str | Unset = UNSET,
    deal_number_gt: str | Unset = UNSET,
    deal_number_gte: str | Unset = UNSET,
    deal_number_lt: str | Unset = UNSET,
    deal_number_lte: str | Unset = UNSET,
    deal_number_like: str | Unset = UNSET,
    deal_number_in: list[str] | Unset = UNSET,
    tags: str | Unset = UNSET,
    tags_eq: str | Unset = UNSET,
    tags_ne: str | Unset = UNSET,
    tags_like: str | Unset = UNSET,
    tags_in: list[str] | Unset = UNSET,
    created_at: str | Unset = UNSET,
    created_at_eq: str | Unset = UNSET,
    created_at_ne: str | Unset = UNSET,
    created_at_gt: str | Unset = UNSET,
    created_at_gte: str | Unset = UNSET,
    created_at_lt: str | Unset = UNSET,
    created_at_lte: str | Unset = UNSET,
    created_at_in: list[str] | Unset = UNSET,
    updated_at: str | Unset = UNSET,
    updated_at_eq: str | Unset = UNSET,
    updated_at_ne: str | Unset = UNSET,
    updated_at_gt: str | Unset = UNSET,
    updated_at_gte: str | Unset = UNSET,
    updated_at_lt: str | Unset = UNSET,
    updated_at_lte: str | Unset = UNSET,
    updated_at_in: list[str] | Unset = UNSET,
    expected_close_date: datetime.date | Unset = UNSET,
    expected_close_date_eq: datetime.date | Unset = UNSET,
    expected_close_date_ne: datetime.date | Unset = UNSET,
    expected_close_date_gt: datetime.date | Unset = UNSET,
    expected_close_date_gte: datetime.date | Unset = UNSET,
    expected_close_date_lt: datetime.date | Unset = UNSET,
    expected_close_date_lte: datetime.date | Unset = UNSET,
    expected_close_date_in: list[datetime.date] | Unset = UNSET,
    rotten: bool | Unset = UNSET,
) -> Response[Error | ListDealsResponse200]:
    """List deals

     Newest first unless sorted; no related records unless include= names them. Filters are field=value
    (eq) or field[op]=value, op one of eq, ne, gt, gte, lt, lte, like, in; they combine with AND.
    Filterable: name, stage, pipeline_id, account_id, owner_id, primary_contact_id, value, currency,
    probability, forecast_category, deal_type, deal_source, deal_number, tags, created_at, updated_at,
    expected_close_date; field[op]=value works for every one of them (ids take eq, ne, in, like;
    numbers, dates and timestamps every op but like). Every accepted filter is declared below. Lists
    (include, field[in]) are given repeated (include=account&include=owner) or comma-separated
    (include=account,owner), or both; a parameter that is not a list may be given once (twice: 400
    naming it). An unknown parameter, field or operator, or a value of the wrong type, is 400 naming it.
    Pages: limit + cursor, or page + per_page. deleted=true lists the recycle bin. Scope: read:deals.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        page (int | Unset):
        per_page (int | Unset):
        sort (ListDealsSort | Unset):
        include (list[ListDealsIncludeItem] | Unset):
        deleted (bool | Unset):  Default: False.
        name (str | Unset):
        name_eq (str | Unset):
        name_ne (str | Unset):
        name_gt (str | Unset):
        name_gte (str | Unset):
        name_lt (str | Unset):
        name_lte (str | Unset):
        name_like (str | Unset):
        name_in (list[str] | Unset):
        stage (str | Unset):
        stage_eq (str | Unset):
        stage_ne (str | Unset):
        stage_like (str | Unset):
        stage_in (list[str] | Unset):
        pipeline_id (str | Unset):
        pipeline_id_eq (str | Unset):
        pipeline_id_ne (str | Unset):
        pipeline_id_like (str | Unset):
        pipeline_id_in (list[str] | Unset):
        account_id (str | Unset):
        account_id_eq (str | Unset):
        account_id_ne (str | Unset):
        account_id_like (str | Unset):
        account_id_in (list[str] | Unset):
        owner_id (str | Unset):
        owner_id_eq (str | Unset):
        owner_id_ne (str | Unset):
        owner_id_like (str | Unset):
        owner_id_in (list[str] | Unset):
        primary_contact_id (str | Unset):
        primary_contact_id_eq (str | Unset):
        primary_contact_id_ne (str | Unset):
        primary_contact_id_like (str | Unset):
        primary_contact_id_in (list[str] | Unset):
        value (float | Unset):
        value_eq (float | Unset):
        value_ne (float | Unset):
        value_gt (float | Unset):
        value_gte (float | Unset):
        value_lt (float | Unset):
        value_lte (float | Unset):
        value_in (list[float] | Unset):
        currency (str | Unset):
        currency_eq (str | Unset):
        currency_ne (str | Unset):
        currency_gt (str | Unset):
        currency_gte (str | Unset):
        currency_lt (str | Unset):
        currency_lte (str | Unset):
        currency_like (str | Unset):
        currency_in (list[str] | Unset):
        probability (float | Unset):
        probability_eq (float | Unset):
        probability_ne (float | Unset):
        probability_gt (float | Unset):
        probability_gte (float | Unset):
        probability_lt (float | Unset):
        probability_lte (float | Unset):
        probability_in (list[float] | Unset):
        forecast_category (str | Unset):
        forecast_category_eq (str | Unset):
        forecast_category_ne (str | Unset):
        forecast_category_gt (str | Unset):
        forecast_category_gte (str | Unset):
        forecast_category_lt (str | Unset):
        forecast_category_lte (str | Unset):
        forecast_category_like (str | Unset):
        forecast_category_in (list[str] | Unset):
        deal_type (str | Unset):
        deal_type_eq (str | Unset):
        deal_type_ne (str | Unset):
        deal_type_gt (str | Unset):
        deal_type_gte (str | Unset):
        deal_type_lt (str | Unset):
        deal_type_lte (str | Unset):
        deal_type_like (str | Unset):
        deal_type_in (list[str] | Unset):
        deal_source (str | Unset):
        deal_source_eq (str | Unset):
        deal_source_ne (str | Unset):
        deal_source_gt (str | Unset):
        deal_source_gte (str | Unset):
        deal_source_lt (str | Unset):
        deal_source_lte (str | Unset):
        deal_source_like (str | Unset):
        deal_source_in (list[str] | Unset):
        deal_number (str | Unset):
        deal_number_eq (str | Unset):
        deal_number_ne (str | Unset):
        deal_number_gt (str | Unset):
        deal_number_gte (str | Unset):
        deal_number_lt (str | Unset):
        deal_number_lte (str | Unset):
        deal_number_like (str | Unset):
        deal_number_in (list[str] | Unset):
        tags (str | Unset):
        tags_eq (str | Unset):
        tags_ne (str | Unset):
        tags_like (str | Unset):
        tags_in (list[str] | Unset):
        created_at (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-MM-
            DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_eq (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_ne (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_gt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_gte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_lt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_lte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_in (list[str] | Unset):
        updated_at (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-MM-
            DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_eq (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_ne (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_gt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_gte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_lt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_lte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_in (list[str] | Unset):
        expected_close_date (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to 9999
            (exactly four digits, no sign).
        expected_close_date_eq (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_ne (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_gt (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_gte (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_lt (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_lte (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_in (list[datetime.date] | Unset):
        rotten (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListDealsResponse200]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        page=page,
        per_page=per_page,
        sort=sort,
        include=include,
        deleted=deleted,
        name=name,
        name_eq=name_eq,
        name_ne=name_ne,
        name_gt=name_gt,
        name_gte=name_gte,
        name_lt=name_lt,
        name_lte=name_lte,
        name_like=name_like,
        name_in=name_in,
        stage=stage,
        stage_eq=stage_eq,
        stage_ne=stage_ne,
        stage_like=stage_like,
        stage_in=stage_in,
        pipeline_id=pipeline_id,
        pipeline_id_eq=pipeline_id_eq,
        pipeline_id_ne=pipeline_id_ne,
        pipeline_id_like=pipeline_id_like,
        pipeline_id_in=pipeline_id_in,
        account_id=account_id,
        account_id_eq=account_id_eq,
        account_id_ne=account_id_ne,
        account_id_like=account_id_like,
        account_id_in=account_id_in,
        owner_id=owner_id,
        owner_id_eq=owner_id_eq,
        owner_id_ne=owner_id_ne,
        owner_id_like=owner_id_like,
        owner_id_in=owner_id_in,
        primary_contact_id=primary_contact_id,
        primary_contact_id_eq=primary_contact_id_eq,
        primary_contact_id_ne=primary_contact_id_ne,
        primary_contact_id_like=primary_contact_id_like,
        primary_contact_id_in=primary_contact_id_in,
        value=value,
        value_eq=value_eq,
        value_ne=value_ne,
        value_gt=value_gt,
        value_gte=value_gte,
        value_lt=value_lt,
        value_lte=value_lte,
        value_in=value_in,
        currency=currency,
        currency_eq=currency_eq,
        currency_ne=currency_ne,
        currency_gt=currency_gt,
        currency_gte=currency_gte,
        currency_lt=currency_lt,
        currency_lte=currency_lte,
        currency_like=currency_like,
        currency_in=currency_in,
        probability=probability,
        probability_eq=probability_eq,
        probability_ne=probability_ne,
        probability_gt=probability_gt,
        probability_gte=probability_gte,
        probability_lt=probability_lt,
        probability_lte=probability_lte,
        probability_in=probability_in,
        forecast_category=forecast_category,
        forecast_category_eq=forecast_category_eq,
        forecast_category_ne=forecast_category_ne,
        forecast_category_gt=forecast_category_gt,
        forecast_category_gte=forecast_category_gte,
        forecast_category_lt=forecast_category_lt,
        forecast_category_lte=forecast_category_lte,
        forecast_category_like=forecast_category_like,
        forecast_category_in=forecast_category_in,
        deal_type=deal_type,
        deal_type_eq=deal_type_eq,
        deal_type_ne=deal_type_ne,
        deal_type_gt=deal_type_gt,
        deal_type_gte=deal_type_gte,
        deal_type_lt=deal_type_lt,
        deal_type_lte=deal_type_lte,
        deal_type_like=deal_type_like,
        deal_type_in=deal_type_in,
        deal_source=deal_source,
        deal_source_eq=deal_source_eq,
        deal_source_ne=deal_source_ne,
        deal_source_gt=deal_source_gt,
        deal_source_gte=deal_source_gte,
        deal_source_lt=deal_source_lt,
        deal_source_lte=deal_source_lte,
        deal_source_like=deal_source_like,
        deal_source_in=deal_source_in,
        deal_number=deal_number,
        deal_number_eq=deal_number_eq,
        deal_number_ne=deal_number_ne,
        deal_number_gt=deal_number_gt,
        deal_number_gte=deal_number_gte,
        deal_number_lt=deal_number_lt,
        deal_number_lte=deal_number_lte,
        deal_number_like=deal_number_like,
        deal_number_in=deal_number_in,
        tags=tags,
        tags_eq=tags_eq,
        tags_ne=tags_ne,
        tags_like=tags_like,
        tags_in=tags_in,
        created_at=created_at,
        created_at_eq=created_at_eq,
        created_at_ne=created_at_ne,
        created_at_gt=created_at_gt,
        created_at_gte=created_at_gte,
        created_at_lt=created_at_lt,
        created_at_lte=created_at_lte,
        created_at_in=created_at_in,
        updated_at=updated_at,
        updated_at_eq=updated_at_eq,
        updated_at_ne=updated_at_ne,
        updated_at_gt=updated_at_gt,
        updated_at_gte=updated_at_gte,
        updated_at_lt=updated_at_lt,
        updated_at_lte=updated_at_lte,
        updated_at_in=updated_at_in,
        expected_close_date=expected_close_date,
        expected_close_date_eq=expected_close_date_eq,
        expected_close_date_ne=expected_close_date_ne,
        expected_close_date_gt=expected_close_date_gt,
        expected_close_date_gte=expected_close_date_gte,
        expected_close_date_lt=expected_close_date_lt,
        expected_close_date_lte=expected_close_date_lte,
        expected_close_date_in=expected_close_date_in,
        rotten=rotten,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    sort: ListDealsSort | Unset = UNSET,
    include: list[ListDealsIncludeItem] | Unset = UNSET,
    deleted: bool | Unset = False,
    name: str | Unset = UNSET,
    name_eq: str | Unset = UNSET,
    name_ne: str | Unset = UNSET,
    name_gt: str | Unset = UNSET,
    name_gte: str | Unset = UNSET,
    name_lt: str | Unset = UNSET,
    name_lte: str | Unset = UNSET,
    name_like: str | Unset = UNSET,
    name_in: list[str] | Unset = UNSET,
    stage: str | Unset = UNSET,
    stage_eq: str | Unset = UNSET,
    stage_ne: str | Unset = UNSET,
    stage_like: str | Unset = UNSET,
    stage_in: list[str] | Unset = UNSET,
    pipeline_id: str | Unset = UNSET,
    pipeline_id_eq: str | Unset = UNSET,
    pipeline_id_ne: str | Unset = UNSET,
    pipeline_id_like: str | Unset = UNSET,
    pipeline_id_in: list[str] | Unset = UNSET,
    account_id: str | Unset = UNSET,
    account_id_eq: str | Unset = UNSET,
    account_id_ne: str | Unset = UNSET,
    account_id_like: str | Unset = UNSET,
    account_id_in: list[str] | Unset = UNSET,
    owner_id: str | Unset = UNSET,
    owner_id_eq: str | Unset = UNSET,
    owner_id_ne: str | Unset = UNSET,
    owner_id_like: str | Unset = UNSET,
    owner_id_in: list[str] | Unset = UNSET,
    primary_contact_id: str | Unset = UNSET,
    primary_contact_id_eq: str | Unset = UNSET,
    primary_contact_id_ne: str | Unset = UNSET,
    primary_contact_id_like: str | Unset = UNSET,
    primary_contact_id_in: list[str] | Unset = UNSET,
    value: float | Unset = UNSET,
    value_eq: float | Unset = UNSET,
    value_ne: float | Unset = UNSET,
    value_gt: float | Unset = UNSET,
    value_gte: float | Unset = UNSET,
    value_lt: float | Unset = UNSET,
    value_lte: float | Unset = UNSET,
    value_in: list[float] | Unset = UNSET,
    currency: str | Unset = UNSET,
    currency_eq: str | Unset = UNSET,
    currency_ne: str | Unset = UNSET,
    currency_gt: str | Unset = UNSET,
    currency_gte: str | Unset = UNSET,
    currency_lt: str | Unset = UNSET,
    currency_lte: str | Unset = UNSET,
    currency_like: str | Unset = UNSET,
    currency_in: list[str] | Unset = UNSET,
    probability: float | Unset = UNSET,
    probability_eq: float | Unset = UNSET,
    probability_ne: float | Unset = UNSET,
    probability_gt: float | Unset = UNSET,
    probability_gte: float | Unset = UNSET,
    probability_lt: float | Unset = UNSET,
    probability_lte: float | Unset = UNSET,
    probability_in: list[float] | Unset = UNSET,
    forecast_category: str | Unset = UNSET,
    forecast_category_eq: str | Unset = UNSET,
    forecast_category_ne: str | Unset = UNSET,
    forecast_category_gt: str | Unset = UNSET,
    forecast_category_gte: str | Unset = UNSET,
    forecast_category_lt: str | Unset = UNSET,
    forecast_category_lte: str | Unset = UNSET,
    forecast_category_like: str | Unset = UNSET,
    forecast_category_in: list[str] | Unset = UNSET,
    deal_type: str | Unset = UNSET,
    deal_type_eq: str | Unset = UNSET,
    deal_type_ne: str | Unset = UNSET,
    deal_type_gt: str | Unset = UNSET,
    deal_type_gte: str | Unset = UNSET,
    deal_type_lt: str | Unset = UNSET,
    deal_type_lte: str | Unset = UNSET,
    deal_type_like: str | Unset = UNSET,
    deal_type_in: list[str] | Unset = UNSET,
    deal_source: str | Unset = UNSET,
    deal_source_eq: str | Unset = UNSET,
    deal_source_ne: str | Unset = UNSET,
    deal_source_gt: str | Unset = UNSET,
    deal_source_gte: str | Unset = UNSET,
    deal_source_lt: str | Unset = UNSET,
    deal_source_lte: str | Unset = UNSET,
    deal_source_like: str | Unset = UNSET,
    deal_source_in: list[str] | Unset = UNSET,
    deal_number: str | Unset = UNSET,
    deal_number_eq: str | Unset = UNSET,
    deal_number_ne: str | Unset = UNSET,
    deal_number_gt: str | Unset = UNSET,
    deal_number_gte: str | Unset = UNSET,
    deal_number_lt: str | Unset = UNSET,
    deal_number_lte: str | Unset = UNSET,
    deal_number_like: str | Unset = UNSET,
    deal_number_in: list[str] | Unset = UNSET,
    tags: str | Unset = UNSET,
    tags_eq: str | Unset = UNSET,
    tags_ne: str | Unset = UNSET,
    tags_like: str | Unset = UNSET,
    tags_in: list[str] | Unset = UNSET,
    created_at: str | Unset = UNSET,
    created_at_eq: str | Unset = UNSET,
    created_at_ne: str | Unset = UNSET,
    created_at_gt: str | Unset = UNSET,
    created_at_gte: str | Unset = UNSET,
    created_at_lt: str | Unset = UNSET,
    created_at_lte: str | Unset = UNSET,
    created_at_in: list[str] | Unset = UNSET,
    updated_at: str | Unset = UNSET,
    updated_at_eq: str | Unset = UNSET,
    updated_at_ne: str | Unset = UNSET,
    updated_at_gt: str | Unset = UNSET,
    updated_at_gte: str | Unset = UNSET,
    updated_at_lt: str | Unset = UNSET,
    updated_at_lte: str | Unset = UNSET,
    updated_at_in: list[str] | Unset = UNSET,
    expected_close_date: datetime.date | Unset = UNSET,
    expected_close_date_eq: datetime.date | Unset = UNSET,
    expected_close_date_ne: datetime.date | Unset = UNSET,
    expected_close_date_gt: datetime.date | Unset = UNSET,
    expected_close_date_gte: datetime.date | Unset = UNSET,
    expected_close_date_lt: datetime.date | Unset = UNSET,
    expected_close_date_lte: datetime.date | Unset = UNSET,
    expected_close_date_in: list[datetime.date] | Unset = UNSET,
    rotten: bool | Unset = UNSET,
) -> Error | ListDealsResponse200 | None:
    """List deals

     Newest first unless sorted; no related records unless include= names them. Filters are field=value
    (eq) or field[op]=value, op one of eq, ne, gt, gte, lt, lte, like, in; they combine with AND.
    Filterable: name, stage, pipeline_id, account_id, owner_id, primary_contact_id, value, currency,
    probability, forecast_category, deal_type, deal_source, deal_number, tags, created_at, updated_at,
    expected_close_date; field[op]=value works for every one of them (ids take eq, ne, in, like;
    numbers, dates and timestamps every op but like). Every accepted filter is declared below. Lists
    (include, field[in]) are given repeated (include=account&include=owner) or comma-separated
    (include=account,owner), or both; a parameter that is not a list may be given once (twice: 400
    naming it). An unknown parameter, field or operator, or a value of the wrong type, is 400 naming it.
    Pages: limit + cursor, or page + per_page. deleted=true lists the recycle bin. Scope: read:deals.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        page (int | Unset):
        per_page (int | Unset):
        sort (ListDealsSort | Unset):
        include (list[ListDealsIncludeItem] | Unset):
        deleted (bool | Unset):  Default: False.
        name (str | Unset):
        name_eq (str | Unset):
        name_ne (str | Unset):
        name_gt (str | Unset):
        name_gte (str | Unset):
        name_lt (str | Unset):
        name_lte (str | Unset):
        name_like (str | Unset):
        name_in (list[str] | Unset):
        stage (str | Unset):
        stage_eq (str | Unset):
        stage_ne (str | Unset):
        stage_like (str | Unset):
        stage_in (list[str] | Unset):
        pipeline_id (str | Unset):
        pipeline_id_eq (str | Unset):
        pipeline_id_ne (str | Unset):
        pipeline_id_like (str | Unset):
        pipeline_id_in (list[str] | Unset):
        account_id (str | Unset):
        account_id_eq (str | Unset):
        account_id_ne (str | Unset):
        account_id_like (str | Unset):
        account_id_in (list[str] | Unset):
        owner_id (str | Unset):
        owner_id_eq (str | Unset):
        owner_id_ne (str | Unset):
        owner_id_like (str | Unset):
        owner_id_in (list[str] | Unset):
        primary_contact_id (str | Unset):
        primary_contact_id_eq (str | Unset):
        primary_contact_id_ne (str | Unset):
        primary_contact_id_like (str | Unset):
        primary_contact_id_in (list[str] | Unset):
        value (float | Unset):
        value_eq (float | Unset):
        value_ne (float | Unset):
        value_gt (float | Unset):
        value_gte (float | Unset):
        value_lt (float | Unset):
        value_lte (float | Unset):
        value_in (list[float] | Unset):
        currency (str | Unset):
        currency_eq (str | Unset):
        currency_ne (str | Unset):
        currency_gt (str | Unset):
        currency_gte (str | Unset):
        currency_lt (str | Unset):
        currency_lte (str | Unset):
        currency_like (str | Unset):
        currency_in (list[str] | Unset):
        probability (float | Unset):
        probability_eq (float | Unset):
        probability_ne (float | Unset):
        probability_gt (float | Unset):
        probability_gte (float | Unset):
        probability_lt (float | Unset):
        probability_lte (float | Unset):
        probability_in (list[float] | Unset):
        forecast_category (str | Unset):
        forecast_category_eq (str | Unset):
        forecast_category_ne (str | Unset):
        forecast_category_gt (str | Unset):
        forecast_category_gte (str | Unset):
        forecast_category_lt (str | Unset):
        forecast_category_lte (str | Unset):
        forecast_category_like (str | Unset):
        forecast_category_in (list[str] | Unset):
        deal_type (str | Unset):
        deal_type_eq (str | Unset):
        deal_type_ne (str | Unset):
        deal_type_gt (str | Unset):
        deal_type_gte (str | Unset):
        deal_type_lt (str | Unset):
        deal_type_lte (str | Unset):
        deal_type_like (str | Unset):
        deal_type_in (list[str] | Unset):
        deal_source (str | Unset):
        deal_source_eq (str | Unset):
        deal_source_ne (str | Unset):
        deal_source_gt (str | Unset):
        deal_source_gte (str | Unset):
        deal_source_lt (str | Unset):
        deal_source_lte (str | Unset):
        deal_source_like (str | Unset):
        deal_source_in (list[str] | Unset):
        deal_number (str | Unset):
        deal_number_eq (str | Unset):
        deal_number_ne (str | Unset):
        deal_number_gt (str | Unset):
        deal_number_gte (str | Unset):
        deal_number_lt (str | Unset):
        deal_number_lte (str | Unset):
        deal_number_like (str | Unset):
        deal_number_in (list[str] | Unset):
        tags (str | Unset):
        tags_eq (str | Unset):
        tags_ne (str | Unset):
        tags_like (str | Unset):
        tags_in (list[str] | Unset):
        created_at (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-MM-
            DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_eq (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_ne (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_gt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_gte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_lt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_lte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_in (list[str] | Unset):
        updated_at (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-MM-
            DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_eq (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_ne (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_gt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_gte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_lt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_lte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_in (list[str] | Unset):
        expected_close_date (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to 9999
            (exactly four digits, no sign).
        expected_close_date_eq (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_ne (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_gt (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_gte (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_lt (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_lte (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_in (list[datetime.date] | Unset):
        rotten (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListDealsResponse200
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        page=page,
        per_page=per_page,
        sort=sort,
        include=include,
        deleted=deleted,
        name=name,
        name_eq=name_eq,
        name_ne=name_ne,
        name_gt=name_gt,
        name_gte=name_gte,
        name_lt=name_lt,
        name_lte=name_lte,
        name_like=name_like,
        name_in=name_in,
        stage=stage,
        stage_eq=stage_eq,
        stage_ne=stage_ne,
        stage_like=stage_like,
        stage_in=stage_in,
        pipeline_id=pipeline_id,
        pipeline_id_eq=pipeline_id_eq,
        pipeline_id_ne=pipeline_id_ne,
        pipeline_id_like=pipeline_id_like,
        pipeline_id_in=pipeline_id_in,
        account_id=account_id,
        account_id_eq=account_id_eq,
        account_id_ne=account_id_ne,
        account_id_like=account_id_like,
        account_id_in=account_id_in,
        owner_id=owner_id,
        owner_id_eq=owner_id_eq,
        owner_id_ne=owner_id_ne,
        owner_id_like=owner_id_like,
        owner_id_in=owner_id_in,
        primary_contact_id=primary_contact_id,
        primary_contact_id_eq=primary_contact_id_eq,
        primary_contact_id_ne=primary_contact_id_ne,
        primary_contact_id_like=primary_contact_id_like,
        primary_contact_id_in=primary_contact_id_in,
        value=value,
        value_eq=value_eq,
        value_ne=value_ne,
        value_gt=value_gt,
        value_gte=value_gte,
        value_lt=value_lt,
        value_lte=value_lte,
        value_in=value_in,
        currency=currency,
        currency_eq=currency_eq,
        currency_ne=currency_ne,
        currency_gt=currency_gt,
        currency_gte=currency_gte,
        currency_lt=currency_lt,
        currency_lte=currency_lte,
        currency_like=currency_like,
        currency_in=currency_in,
        probability=probability,
        probability_eq=probability_eq,
        probability_ne=probability_ne,
        probability_gt=probability_gt,
        probability_gte=probability_gte,
        probability_lt=probability_lt,
        probability_lte=probability_lte,
        probability_in=probability_in,
        forecast_category=forecast_category,
        forecast_category_eq=forecast_category_eq,
        forecast_category_ne=forecast_category_ne,
        forecast_category_gt=forecast_category_gt,
        forecast_category_gte=forecast_category_gte,
        forecast_category_lt=forecast_category_lt,
        forecast_category_lte=forecast_category_lte,
        forecast_category_like=forecast_category_like,
        forecast_category_in=forecast_category_in,
        deal_type=deal_type,
        deal_type_eq=deal_type_eq,
        deal_type_ne=deal_type_ne,
        deal_type_gt=deal_type_gt,
        deal_type_gte=deal_type_gte,
        deal_type_lt=deal_type_lt,
        deal_type_lte=deal_type_lte,
        deal_type_like=deal_type_like,
        deal_type_in=deal_type_in,
        deal_source=deal_source,
        deal_source_eq=deal_source_eq,
        deal_source_ne=deal_source_ne,
        deal_source_gt=deal_source_gt,
        deal_source_gte=deal_source_gte,
        deal_source_lt=deal_source_lt,
        deal_source_lte=deal_source_lte,
        deal_source_like=deal_source_like,
        deal_source_in=deal_source_in,
        deal_number=deal_number,
        deal_number_eq=deal_number_eq,
        deal_number_ne=deal_number_ne,
        deal_number_gt=deal_number_gt,
        deal_number_gte=deal_number_gte,
        deal_number_lt=deal_number_lt,
        deal_number_lte=deal_number_lte,
        deal_number_like=deal_number_like,
        deal_number_in=deal_number_in,
        tags=tags,
        tags_eq=tags_eq,
        tags_ne=tags_ne,
        tags_like=tags_like,
        tags_in=tags_in,
        created_at=created_at,
        created_at_eq=created_at_eq,
        created_at_ne=created_at_ne,
        created_at_gt=created_at_gt,
        created_at_gte=created_at_gte,
        created_at_lt=created_at_lt,
        created_at_lte=created_at_lte,
        created_at_in=created_at_in,
        updated_at=updated_at,
        updated_at_eq=updated_at_eq,
        updated_at_ne=updated_at_ne,
        updated_at_gt=updated_at_gt,
        updated_at_gte=updated_at_gte,
        updated_at_lt=updated_at_lt,
        updated_at_lte=updated_at_lte,
        updated_at_in=updated_at_in,
        expected_close_date=expected_close_date,
        expected_close_date_eq=expected_close_date_eq,
        expected_close_date_ne=expected_close_date_ne,
        expected_close_date_gt=expected_close_date_gt,
        expected_close_date_gte=expected_close_date_gte,
        expected_close_date_lt=expected_close_date_lt,
        expected_close_date_lte=expected_close_date_lte,
        expected_close_date_in=expected_close_date_in,
        rotten=rotten,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    sort: ListDealsSort | Unset = UNSET,
    include: list[ListDealsIncludeItem] | Unset = UNSET,
    deleted: bool | Unset = False,
    name: str | Unset = UNSET,
    name_eq: str | Unset = UNSET,
    name_ne: str | Unset = UNSET,
    name_gt: str | Unset = UNSET,
    name_gte: str | Unset = UNSET,
    name_lt: str | Unset = UNSET,
    name_lte: str | Unset = UNSET,
    name_like: str | Unset = UNSET,
    name_in: list[str] | Unset = UNSET,
    stage: str | Unset = UNSET,
    stage_eq: str | Unset = UNSET,
    stage_ne: str | Unset = UNSET,
    stage_like: str | Unset = UNSET,
    stage_in: list[str] | Unset = UNSET,
    pipeline_id: str | Unset = UNSET,
    pipeline_id_eq: str | Unset = UNSET,
    pipeline_id_ne: str | Unset = UNSET,
    pipeline_id_like: str | Unset = UNSET,
    pipeline_id_in: list[str] | Unset = UNSET,
    account_id: str | Unset = UNSET,
    account_id_eq: str | Unset = UNSET,
    account_id_ne: str | Unset = UNSET,
    account_id_like: str | Unset = UNSET,
    account_id_in: list[str] | Unset = UNSET,
    owner_id: str | Unset = UNSET,
    owner_id_eq: str | Unset = UNSET,
    owner_id_ne: str | Unset = UNSET,
    owner_id_like: str | Unset = UNSET,
    owner_id_in: list[str] | Unset = UNSET,
    primary_contact_id: str | Unset = UNSET,
    primary_contact_id_eq: str | Unset = UNSET,
    primary_contact_id_ne: str | Unset = UNSET,
    primary_contact_id_like: str | Unset = UNSET,
    primary_contact_id_in: list[str] | Unset = UNSET,
    value: float | Unset = UNSET,
    value_eq: float | Unset = UNSET,
    value_ne: float | Unset = UNSET,
    value_gt: float | Unset = UNSET,
    value_gte: float | Unset = UNSET,
    value_lt: float | Unset = UNSET,
    value_lte: float | Unset = UNSET,
    value_in: list[float] | Unset = UNSET,
    currency: str | Unset = UNSET,
    currency_eq: str | Unset = UNSET,
    currency_ne: str | Unset = UNSET,
    currency_gt: str | Unset = UNSET,
    currency_gte: str | Unset = UNSET,
    currency_lt: str | Unset = UNSET,
    currency_lte: str | Unset = UNSET,
    currency_like: str | Unset = UNSET,
    currency_in: list[str] | Unset = UNSET,
    probability: float | Unset = UNSET,
    probability_eq: float | Unset = UNSET,
    probability_ne: float | Unset = UNSET,
    probability_gt: float | Unset = UNSET,
    probability_gte: float | Unset = UNSET,
    probability_lt: float | Unset = UNSET,
    probability_lte: float | Unset = UNSET,
    probability_in: list[float] | Unset = UNSET,
    forecast_category: str | Unset = UNSET,
    forecast_category_eq: str | Unset = UNSET,
    forecast_category_ne: str | Unset = UNSET,
    forecast_category_gt: str | Unset = UNSET,
    forecast_category_gte: str | Unset = UNSET,
    forecast_category_lt: str | Unset = UNSET,
    forecast_category_lte: str | Unset = UNSET,
    forecast_category_like: str | Unset = UNSET,
    forecast_category_in: list[str] | Unset = UNSET,
    deal_type: str | Unset = UNSET,
    deal_type_eq: str | Unset = UNSET,
    deal_type_ne: str | Unset = UNSET,
    deal_type_gt: str | Unset = UNSET,
    deal_type_gte: str | Unset = UNSET,
    deal_type_lt: str | Unset = UNSET,
    deal_type_lte: str | Unset = UNSET,
    deal_type_like: str | Unset = UNSET,
    deal_type_in: list[str] | Unset = UNSET,
    deal_source: str | Unset = UNSET,
    deal_source_eq: str | Unset = UNSET,
    deal_source_ne: str | Unset = UNSET,
    deal_source_gt: str | Unset = UNSET,
    deal_source_gte: str | Unset = UNSET,
    deal_source_lt: str | Unset = UNSET,
    deal_source_lte: str | Unset = UNSET,
    deal_source_like: str | Unset = UNSET,
    deal_source_in: list[str] | Unset = UNSET,
    deal_number: str | Unset = UNSET,
    deal_number_eq: str | Unset = UNSET,
    deal_number_ne: str | Unset = UNSET,
    deal_number_gt: str | Unset = UNSET,
    deal_number_gte: str | Unset = UNSET,
    deal_number_lt: str | Unset = UNSET,
    deal_number_lte: str | Unset = UNSET,
    deal_number_like: str | Unset = UNSET,
    deal_number_in: list[str] | Unset = UNSET,
    tags: str | Unset = UNSET,
    tags_eq: str | Unset = UNSET,
    tags_ne: str | Unset = UNSET,
    tags_like: str | Unset = UNSET,
    tags_in: list[str] | Unset = UNSET,
    created_at: str | Unset = UNSET,
    created_at_eq: str | Unset = UNSET,
    created_at_ne: str | Unset = UNSET,
    created_at_gt: str | Unset = UNSET,
    created_at_gte: str | Unset = UNSET,
    created_at_lt: str | Unset = UNSET,
    created_at_lte: str | Unset = UNSET,
    created_at_in: list[str] | Unset = UNSET,
    updated_at: str | Unset = UNSET,
    updated_at_eq: str | Unset = UNSET,
    updated_at_ne: str | Unset = UNSET,
    updated_at_gt: str | Unset = UNSET,
    updated_at_gte: str | Unset = UNSET,
    updated_at_lt: str | Unset = UNSET,
    updated_at_lte: str | Unset = UNSET,
    updated_at_in: list[str] | Unset = UNSET,
    expected_close_date: datetime.date | Unset = UNSET,
    expected_close_date_eq: datetime.date | Unset = UNSET,
    expected_close_date_ne: datetime.date | Unset = UNSET,
    expected_close_date_gt: datetime.date | Unset = UNSET,
    expected_close_date_gte: datetime.date | Unset = UNSET,
    expected_close_date_lt: datetime.date | Unset = UNSET,
    expected_close_date_lte: datetime.date | Unset = UNSET,
    expected_close_date_in: list[datetime.date] | Unset = UNSET,
    rotten: bool | Unset = UNSET,
) -> Response[Error | ListDealsResponse200]:
    """List deals

     Newest first unless sorted; no related records unless include= names them. Filters are field=value
    (eq) or field[op]=value, op one of eq, ne, gt, gte, lt, lte, like, in; they combine with AND.
    Filterable: name, stage, pipeline_id, account_id, owner_id, primary_contact_id, value, currency,
    probability, forecast_category, deal_type, deal_source, deal_number, tags, created_at, updated_at,
    expected_close_date; field[op]=value works for every one of them (ids take eq, ne, in, like;
    numbers, dates and timestamps every op but like). Every accepted filter is declared below. Lists
    (include, field[in]) are given repeated (include=account&include=owner) or comma-separated
    (include=account,owner), or both; a parameter that is not a list may be given once (twice: 400
    naming it). An unknown parameter, field or operator, or a value of the wrong type, is 400 naming it.
    Pages: limit + cursor, or page + per_page. deleted=true lists the recycle bin. Scope: read:deals.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        page (int | Unset):
        per_page (int | Unset):
        sort (ListDealsSort | Unset):
        include (list[ListDealsIncludeItem] | Unset):
        deleted (bool | Unset):  Default: False.
        name (str | Unset):
        name_eq (str | Unset):
        name_ne (str | Unset):
        name_gt (str | Unset):
        name_gte (str | Unset):
        name_lt (str | Unset):
        name_lte (str | Unset):
        name_like (str | Unset):
        name_in (list[str] | Unset):
        stage (str | Unset):
        stage_eq (str | Unset):
        stage_ne (str | Unset):
        stage_like (str | Unset):
        stage_in (list[str] | Unset):
        pipeline_id (str | Unset):
        pipeline_id_eq (str | Unset):
        pipeline_id_ne (str | Unset):
        pipeline_id_like (str | Unset):
        pipeline_id_in (list[str] | Unset):
        account_id (str | Unset):
        account_id_eq (str | Unset):
        account_id_ne (str | Unset):
        account_id_like (str | Unset):
        account_id_in (list[str] | Unset):
        owner_id (str | Unset):
        owner_id_eq (str | Unset):
        owner_id_ne (str | Unset):
        owner_id_like (str | Unset):
        owner_id_in (list[str] | Unset):
        primary_contact_id (str | Unset):
        primary_contact_id_eq (str | Unset):
        primary_contact_id_ne (str | Unset):
        primary_contact_id_like (str | Unset):
        primary_contact_id_in (list[str] | Unset):
        value (float | Unset):
        value_eq (float | Unset):
        value_ne (float | Unset):
        value_gt (float | Unset):
        value_gte (float | Unset):
        value_lt (float | Unset):
        value_lte (float | Unset):
        value_in (list[float] | Unset):
        currency (str | Unset):
        currency_eq (str | Unset):
        currency_ne (str | Unset):
        currency_gt (str | Unset):
        currency_gte (str | Unset):
        currency_lt (str | Unset):
        currency_lte (str | Unset):
        currency_like (str | Unset):
        currency_in (list[str] | Unset):
        probability (float | Unset):
        probability_eq (float | Unset):
        probability_ne (float | Unset):
        probability_gt (float | Unset):
        probability_gte (float | Unset):
        probability_lt (float | Unset):
        probability_lte (float | Unset):
        probability_in (list[float] | Unset):
        forecast_category (str | Unset):
        forecast_category_eq (str | Unset):
        forecast_category_ne (str | Unset):
        forecast_category_gt (str | Unset):
        forecast_category_gte (str | Unset):
        forecast_category_lt (str | Unset):
        forecast_category_lte (str | Unset):
        forecast_category_like (str | Unset):
        forecast_category_in (list[str] | Unset):
        deal_type (str | Unset):
        deal_type_eq (str | Unset):
        deal_type_ne (str | Unset):
        deal_type_gt (str | Unset):
        deal_type_gte (str | Unset):
        deal_type_lt (str | Unset):
        deal_type_lte (str | Unset):
        deal_type_like (str | Unset):
        deal_type_in (list[str] | Unset):
        deal_source (str | Unset):
        deal_source_eq (str | Unset):
        deal_source_ne (str | Unset):
        deal_source_gt (str | Unset):
        deal_source_gte (str | Unset):
        deal_source_lt (str | Unset):
        deal_source_lte (str | Unset):
        deal_source_like (str | Unset):
        deal_source_in (list[str] | Unset):
        deal_number (str | Unset):
        deal_number_eq (str | Unset):
        deal_number_ne (str | Unset):
        deal_number_gt (str | Unset):
        deal_number_gte (str | Unset):
        deal_number_lt (str | Unset):
        deal_number_lte (str | Unset):
        deal_number_like (str | Unset):
        deal_number_in (list[str] | Unset):
        tags (str | Unset):
        tags_eq (str | Unset):
        tags_ne (str | Unset):
        tags_like (str | Unset):
        tags_in (list[str] | Unset):
        created_at (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-MM-
            DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_eq (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_ne (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_gt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_gte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_lt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_lte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_in (list[str] | Unset):
        updated_at (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-MM-
            DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_eq (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_ne (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_gt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_gte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_lt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_lte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_in (list[str] | Unset):
        expected_close_date (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to 9999
            (exactly four digits, no sign).
        expected_close_date_eq (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_ne (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_gt (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_gte (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_lt (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_lte (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_in (list[datetime.date] | Unset):
        rotten (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListDealsResponse200]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        page=page,
        per_page=per_page,
        sort=sort,
        include=include,
        deleted=deleted,
        name=name,
        name_eq=name_eq,
        name_ne=name_ne,
        name_gt=name_gt,
        name_gte=name_gte,
        name_lt=name_lt,
        name_lte=name_lte,
        name_like=name_like,
        name_in=name_in,
        stage=stage,
        stage_eq=stage_eq,
        stage_ne=stage_ne,
        stage_like=stage_like,
        stage_in=stage_in,
        pipeline_id=pipeline_id,
        pipeline_id_eq=pipeline_id_eq,
        pipeline_id_ne=pipeline_id_ne,
        pipeline_id_like=pipeline_id_like,
        pipeline_id_in=pipeline_id_in,
        account_id=account_id,
        account_id_eq=account_id_eq,
        account_id_ne=account_id_ne,
        account_id_like=account_id_like,
        account_id_in=account_id_in,
        owner_id=owner_id,
        owner_id_eq=owner_id_eq,
        owner_id_ne=owner_id_ne,
        owner_id_like=owner_id_like,
        owner_id_in=owner_id_in,
        primary_contact_id=primary_contact_id,
        primary_contact_id_eq=primary_contact_id_eq,
        primary_contact_id_ne=primary_contact_id_ne,
        primary_contact_id_like=primary_contact_id_like,
        primary_contact_id_in=primary_contact_id_in,
        value=value,
        value_eq=value_eq,
        value_ne=value_ne,
        value_gt=value_gt,
        value_gte=value_gte,
        value_lt=value_lt,
        value_lte=value_lte,
        value_in=value_in,
        currency=currency,
        currency_eq=currency_eq,
        currency_ne=currency_ne,
        currency_gt=currency_gt,
        currency_gte=currency_gte,
        currency_lt=currency_lt,
        currency_lte=currency_lte,
        currency_like=currency_like,
        currency_in=currency_in,
        probability=probability,
        probability_eq=probability_eq,
        probability_ne=probability_ne,
        probability_gt=probability_gt,
        probability_gte=probability_gte,
        probability_lt=probability_lt,
        probability_lte=probability_lte,
        probability_in=probability_in,
        forecast_category=forecast_category,
        forecast_category_eq=forecast_category_eq,
        forecast_category_ne=forecast_category_ne,
        forecast_category_gt=forecast_category_gt,
        forecast_category_gte=forecast_category_gte,
        forecast_category_lt=forecast_category_lt,
        forecast_category_lte=forecast_category_lte,
        forecast_category_like=forecast_category_like,
        forecast_category_in=forecast_category_in,
        deal_type=deal_type,
        deal_type_eq=deal_type_eq,
        deal_type_ne=deal_type_ne,
        deal_type_gt=deal_type_gt,
        deal_type_gte=deal_type_gte,
        deal_type_lt=deal_type_lt,
        deal_type_lte=deal_type_lte,
        deal_type_like=deal_type_like,
        deal_type_in=deal_type_in,
        deal_source=deal_source,
        deal_source_eq=deal_source_eq,
        deal_source_ne=deal_source_ne,
        deal_source_gt=deal_source_gt,
        deal_source_gte=deal_source_gte,
        deal_source_lt=deal_source_lt,
        deal_source_lte=deal_source_lte,
        deal_source_like=deal_source_like,
        deal_source_in=deal_source_in,
        deal_number=deal_number,
        deal_number_eq=deal_number_eq,
        deal_number_ne=deal_number_ne,
        deal_number_gt=deal_number_gt,
        deal_number_gte=deal_number_gte,
        deal_number_lt=deal_number_lt,
        deal_number_lte=deal_number_lte,
        deal_number_like=deal_number_like,
        deal_number_in=deal_number_in,
        tags=tags,
        tags_eq=tags_eq,
        tags_ne=tags_ne,
        tags_like=tags_like,
        tags_in=tags_in,
        created_at=created_at,
        created_at_eq=created_at_eq,
        created_at_ne=created_at_ne,
        created_at_gt=created_at_gt,
        created_at_gte=created_at_gte,
        created_at_lt=created_at_lt,
        created_at_lte=created_at_lte,
        created_at_in=created_at_in,
        updated_at=updated_at,
        updated_at_eq=updated_at_eq,
        updated_at_ne=updated_at_ne,
        updated_at_gt=updated_at_gt,
        updated_at_gte=updated_at_gte,
        updated_at_lt=updated_at_lt,
        updated_at_lte=updated_at_lte,
        updated_at_in=updated_at_in,
        expected_close_date=expected_close_date,
        expected_close_date_eq=expected_close_date_eq,
        expected_close_date_ne=expected_close_date_ne,
        expected_close_date_gt=expected_close_date_gt,
        expected_close_date_gte=expected_close_date_gte,
        expected_close_date_lt=expected_close_date_lt,
        expected_close_date_lte=expected_close_date_lte,
        expected_close_date_in=expected_close_date_in,
        rotten=rotten,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    sort: ListDealsSort | Unset = UNSET,
    include: list[ListDealsIncludeItem] | Unset = UNSET,
    deleted: bool | Unset = False,
    name: str | Unset = UNSET,
    name_eq: str | Unset = UNSET,
    name_ne: str | Unset = UNSET,
    name_gt: str | Unset = UNSET,
    name_gte: str | Unset = UNSET,
    name_lt: str | Unset = UNSET,
    name_lte: str | Unset = UNSET,
    name_like: str | Unset = UNSET,
    name_in: list[str] | Unset = UNSET,
    stage: str | Unset = UNSET,
    stage_eq: str | Unset = UNSET,
    stage_ne: str | Unset = UNSET,
    stage_like: str | Unset = UNSET,
    stage_in: list[str] | Unset = UNSET,
    pipeline_id: str | Unset = UNSET,
    pipeline_id_eq: str | Unset = UNSET,
    pipeline_id_ne: str | Unset = UNSET,
    pipeline_id_like: str | Unset = UNSET,
    pipeline_id_in: list[str] | Unset = UNSET,
    account_id: str | Unset = UNSET,
    account_id_eq: str | Unset = UNSET,
    account_id_ne: str | Unset = UNSET,
    account_id_like: str | Unset = UNSET,
    account_id_in: list[str] | Unset = UNSET,
    owner_id: str | Unset = UNSET,
    owner_id_eq: str | Unset = UNSET,
    owner_id_ne: str | Unset = UNSET,
    owner_id_like: str | Unset = UNSET,
    owner_id_in: list[str] | Unset = UNSET,
    primary_contact_id: str | Unset = UNSET,
    primary_contact_id_eq: str | Unset = UNSET,
    primary_contact_id_ne: str | Unset = UNSET,
    primary_contact_id_like: str | Unset = UNSET,
    primary_contact_id_in: list[str] | Unset = UNSET,
    value: float | Unset = UNSET,
    value_eq: float | Unset = UNSET,
    value_ne: float | Unset = UNSET,
    value_gt: float | Unset = UNSET,
    value_gte: float | Unset = UNSET,
    value_lt: float | Unset = UNSET,
    value_lte: float | Unset = UNSET,
    value_in: list[float] | Unset = UNSET,
    currency: str | Unset = UNSET,
    currency_eq: str | Unset = UNSET,
    currency_ne: str | Unset = UNSET,
    currency_gt: str | Unset = UNSET,
    currency_gte: str | Unset = UNSET,
    currency_lt: str | Unset = UNSET,
    currency_lte: str | Unset = UNSET,
    currency_like: str | Unset = UNSET,
    currency_in: list[str] | Unset = UNSET,
    probability: float | Unset = UNSET,
    probability_eq: float | Unset = UNSET,
    probability_ne: float | Unset = UNSET,
    probability_gt: float | Unset = UNSET,
    probability_gte: float | Unset = UNSET,
    probability_lt: float | Unset = UNSET,
    probability_lte: float | Unset = UNSET,
    probability_in: list[float] | Unset = UNSET,
    forecast_category: str | Unset = UNSET,
    forecast_category_eq: str | Unset = UNSET,
    forecast_category_ne: str | Unset = UNSET,
    forecast_category_gt: str | Unset = UNSET,
    forecast_category_gte: str | Unset = UNSET,
    forecast_category_lt: str | Unset = UNSET,
    forecast_category_lte: str | Unset = UNSET,
    forecast_category_like: str | Unset = UNSET,
    forecast_category_in: list[str] | Unset = UNSET,
    deal_type: str | Unset = UNSET,
    deal_type_eq: str | Unset = UNSET,
    deal_type_ne: str | Unset = UNSET,
    deal_type_gt: str | Unset = UNSET,
    deal_type_gte: str | Unset = UNSET,
    deal_type_lt: str | Unset = UNSET,
    deal_type_lte: str | Unset = UNSET,
    deal_type_like: str | Unset = UNSET,
    deal_type_in: list[str] | Unset = UNSET,
    deal_source: str | Unset = UNSET,
    deal_source_eq: str | Unset = UNSET,
    deal_source_ne: str | Unset = UNSET,
    deal_source_gt: str | Unset = UNSET,
    deal_source_gte: str | Unset = UNSET,
    deal_source_lt: str | Unset = UNSET,
    deal_source_lte: str | Unset = UNSET,
    deal_source_like: str | Unset = UNSET,
    deal_source_in: list[str] | Unset = UNSET,
    deal_number: str | Unset = UNSET,
    deal_number_eq: str | Unset = UNSET,
    deal_number_ne: str | Unset = UNSET,
    deal_number_gt: str | Unset = UNSET,
    deal_number_gte: str | Unset = UNSET,
    deal_number_lt: str | Unset = UNSET,
    deal_number_lte: str | Unset = UNSET,
    deal_number_like: str | Unset = UNSET,
    deal_number_in: list[str] | Unset = UNSET,
    tags: str | Unset = UNSET,
    tags_eq: str | Unset = UNSET,
    tags_ne: str | Unset = UNSET,
    tags_like: str | Unset = UNSET,
    tags_in: list[str] | Unset = UNSET,
    created_at: str | Unset = UNSET,
    created_at_eq: str | Unset = UNSET,
    created_at_ne: str | Unset = UNSET,
    created_at_gt: str | Unset = UNSET,
    created_at_gte: str | Unset = UNSET,
    created_at_lt: str | Unset = UNSET,
    created_at_lte: str | Unset = UNSET,
    created_at_in: list[str] | Unset = UNSET,
    updated_at: str | Unset = UNSET,
    updated_at_eq: str | Unset = UNSET,
    updated_at_ne: str | Unset = UNSET,
    updated_at_gt: str | Unset = UNSET,
    updated_at_gte: str | Unset = UNSET,
    updated_at_lt: str | Unset = UNSET,
    updated_at_lte: str | Unset = UNSET,
    updated_at_in: list[str] | Unset = UNSET,
    expected_close_date: datetime.date | Unset = UNSET,
    expected_close_date_eq: datetime.date | Unset = UNSET,
    expected_close_date_ne: datetime.date | Unset = UNSET,
    expected_close_date_gt: datetime.date | Unset = UNSET,
    expected_close_date_gte: datetime.date | Unset = UNSET,
    expected_close_date_lt: datetime.date | Unset = UNSET,
    expected_close_date_lte: datetime.date | Unset = UNSET,
    expected_close_date_in: list[datetime.date] | Unset = UNSET,
    rotten: bool | Unset = UNSET,
) -> Error | ListDealsResponse200 | None:
    """List deals

     Newest first unless sorted; no related records unless include= names them. Filters are field=value
    (eq) or field[op]=value, op one of eq, ne, gt, gte, lt, lte, like, in; they combine with AND.
    Filterable: name, stage, pipeline_id, account_id, owner_id, primary_contact_id, value, currency,
    probability, forecast_category, deal_type, deal_source, deal_number, tags, created_at, updated_at,
    expected_close_date; field[op]=value works for every one of them (ids take eq, ne, in, like;
    numbers, dates and timestamps every op but like). Every accepted filter is declared below. Lists
    (include, field[in]) are given repeated (include=account&include=owner) or comma-separated
    (include=account,owner), or both; a parameter that is not a list may be given once (twice: 400
    naming it). An unknown parameter, field or operator, or a value of the wrong type, is 400 naming it.
    Pages: limit + cursor, or page + per_page. deleted=true lists the recycle bin. Scope: read:deals.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        page (int | Unset):
        per_page (int | Unset):
        sort (ListDealsSort | Unset):
        include (list[ListDealsIncludeItem] | Unset):
        deleted (bool | Unset):  Default: False.
        name (str | Unset):
        name_eq (str | Unset):
        name_ne (str | Unset):
        name_gt (str | Unset):
        name_gte (str | Unset):
        name_lt (str | Unset):
        name_lte (str | Unset):
        name_like (str | Unset):
        name_in (list[str] | Unset):
        stage (str | Unset):
        stage_eq (str | Unset):
        stage_ne (str | Unset):
        stage_like (str | Unset):
        stage_in (list[str] | Unset):
        pipeline_id (str | Unset):
        pipeline_id_eq (str | Unset):
        pipeline_id_ne (str | Unset):
        pipeline_id_like (str | Unset):
        pipeline_id_in (list[str] | Unset):
        account_id (str | Unset):
        account_id_eq (str | Unset):
        account_id_ne (str | Unset):
        account_id_like (str | Unset):
        account_id_in (list[str] | Unset):
        owner_id (str | Unset):
        owner_id_eq (str | Unset):
        owner_id_ne (str | Unset):
        owner_id_like (str | Unset):
        owner_id_in (list[str] | Unset):
        primary_contact_id (str | Unset):
        primary_contact_id_eq (str | Unset):
        primary_contact_id_ne (str | Unset):
        primary_contact_id_like (str | Unset):
        primary_contact_id_in (list[str] | Unset):
        value (float | Unset):
        value_eq (float | Unset):
        value_ne (float | Unset):
        value_gt (float | Unset):
        value_gte (float | Unset):
        value_lt (float | Unset):
        value_lte (float | Unset):
        value_in (list[float] | Unset):
        currency (str | Unset):
        currency_eq (str | Unset):
        currency_ne (str | Unset):
        currency_gt (str | Unset):
        currency_gte (str | Unset):
        currency_lt (str | Unset):
        currency_lte (str | Unset):
        currency_like (str | Unset):
        currency_in (list[str] | Unset):
        probability (float | Unset):
        probability_eq (float | Unset):
        probability_ne (float | Unset):
        probability_gt (float | Unset):
        probability_gte (float | Unset):
        probability_lt (float | Unset):
        probability_lte (float | Unset):
        probability_in (list[float] | Unset):
        forecast_category (str | Unset):
        forecast_category_eq (str | Unset):
        forecast_category_ne (str | Unset):
        forecast_category_gt (str | Unset):
        forecast_category_gte (str | Unset):
        forecast_category_lt (str | Unset):
        forecast_category_lte (str | Unset):
        forecast_category_like (str | Unset):
        forecast_category_in (list[str] | Unset):
        deal_type (str | Unset):
        deal_type_eq (str | Unset):
        deal_type_ne (str | Unset):
        deal_type_gt (str | Unset):
        deal_type_gte (str | Unset):
        deal_type_lt (str | Unset):
        deal_type_lte (str | Unset):
        deal_type_like (str | Unset):
        deal_type_in (list[str] | Unset):
        deal_source (str | Unset):
        deal_source_eq (str | Unset):
        deal_source_ne (str | Unset):
        deal_source_gt (str | Unset):
        deal_source_gte (str | Unset):
        deal_source_lt (str | Unset):
        deal_source_lte (str | Unset):
        deal_source_like (str | Unset):
        deal_source_in (list[str] | Unset):
        deal_number (str | Unset):
        deal_number_eq (str | Unset):
        deal_number_ne (str | Unset):
        deal_number_gt (str | Unset):
        deal_number_gte (str | Unset):
        deal_number_lt (str | Unset):
        deal_number_lte (str | Unset):
        deal_number_like (str | Unset):
        deal_number_in (list[str] | Unset):
        tags (str | Unset):
        tags_eq (str | Unset):
        tags_ne (str | Unset):
        tags_like (str | Unset):
        tags_in (list[str] | Unset):
        created_at (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-MM-
            DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_eq (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_ne (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_gt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_gte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_lt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_lte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        created_at_in (list[str] | Unset):
        updated_at (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-MM-
            DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_eq (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_ne (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_gt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_gte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_lt (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_lte (str | Unset): YYYY-MM-DD (that whole day), or an RFC 3339 date-time YYYY-
            MM-DDTHH:MM:SS[.fraction of 1-9 digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose
            instant lies within 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; compared as
            instants.
        updated_at_in (list[str] | Unset):
        expected_close_date (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to 9999
            (exactly four digits, no sign).
        expected_close_date_eq (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_ne (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_gt (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_gte (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_lt (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_lte (datetime.date | Unset): YYYY-MM-DD, a real date, years 0001 to
            9999 (exactly four digits, no sign).
        expected_close_date_in (list[datetime.date] | Unset):
        rotten (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListDealsResponse200
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            page=page,
            per_page=per_page,
            sort=sort,
            include=include,
            deleted=deleted,
            name=name,
            name_eq=name_eq,
            name_ne=name_ne,
            name_gt=name_gt,
            name_gte=name_gte,
            name_lt=name_lt,
            name_lte=name_lte,
            name_like=name_like,
            name_in=name_in,
            stage=stage,
            stage_eq=stage_eq,
            stage_ne=stage_ne,
            stage_like=stage_like,
            stage_in=stage_in,
            pipeline_id=pipeline_id,
            pipeline_id_eq=pipeline_id_eq,
            pipeline_id_ne=pipeline_id_ne,
            pipeline_id_like=pipeline_id_like,
            pipeline_id_in=pipeline_id_in,
            account_id=account_id,
            account_id_eq=account_id_eq,
            account_id_ne=account_id_ne,
            account_id_like=account_id_like,
            account_id_in=account_id_in,
            owner_id=owner_id,
            owner_id_eq=owner_id_eq,
            owner_id_ne=owner_id_ne,
            owner_id_like=owner_id_like,
            owner_id_in=owner_id_in,
            primary_contact_id=primary_contact_id,
            primary_contact_id_eq=primary_contact_id_eq,
            primary_contact_id_ne=primary_contact_id_ne,
            primary_contact_id_like=primary_contact_id_like,
            primary_contact_id_in=primary_contact_id_in,
            value=value,
            value_eq=value_eq,
            value_ne=value_ne,
            value_gt=value_gt,
            value_gte=value_gte,
            value_lt=value_lt,
            value_lte=value_lte,
            value_in=value_in,
            currency=currency,
            currency_eq=currency_eq,
            currency_ne=currency_ne,
            currency_gt=currency_gt,
            currency_gte=currency_gte,
            currency_lt=currency_lt,
            currency_lte=currency_lte,
            currency_like=currency_like,
            currency_in=currency_in,
            probability=probability,
            probability_eq=probability_eq,
            probability_ne=probability_ne,
            probability_gt=probability_gt,
            probability_gte=probability_gte,
            probability_lt=probability_lt,
            probability_lte=probability_lte,
            probability_in=probability_in,
            forecast_category=forecast_category,
            forecast_category_eq=forecast_category_eq,
            forecast_category_ne=forecast_category_ne,
            forecast_category_gt=forecast_category_gt,
            forecast_category_gte=forecast_category_gte,
            forecast_category_lt=forecast_category_lt,
            forecast_category_lte=forecast_category_lte,
            forecast_category_like=forecast_category_like,
            forecast_category_in=forecast_category_in,
            deal_type=deal_type,
            deal_type_eq=deal_type_eq,
            deal_type_ne=deal_type_ne,
            deal_type_gt=deal_type_gt,
            deal_type_gte=deal_type_gte,
            deal_type_lt=deal_type_lt,
            deal_type_lte=deal_type_lte,
            deal_type_like=deal_type_like,
            deal_type_in=deal_type_in,
            deal_source=deal_source,
            deal_source_eq=deal_source_eq,
            deal_source_ne=deal_source_ne,
            deal_source_gt=deal_source_gt,
            deal_source_gte=deal_source_gte,
            deal_source_lt=deal_source_lt,
            deal_source_lte=deal_source_lte,
            deal_source_like=deal_source_like,
            deal_source_in=deal_source_in,
            deal_number=deal_number,
            deal_number_eq=deal_number_eq,
            deal_number_ne=deal_number_ne,
            deal_number_gt=deal_number_gt,
            deal_number_gte=deal_number_gte,
            deal_number_lt=deal_number_lt,
            deal_number_lte=deal_number_lte,
            deal_number_like=deal_number_like,
            deal_number_in=deal_number_in,
            tags=tags,
            tags_eq=tags_eq,
            tags_ne=tags_ne,
            tags_like=tags_like,
            tags_in=tags_in,
            created_at=created_at,
            created_at_eq=created_at_eq,
            created_at_ne=created_at_ne,
            created_at_gt=created_at_gt,
            created_at_gte=created_at_gte,
            created_at_lt=created_at_lt,
            created_at_lte=created_at_lte,
            created_at_in=created_at_in,
            updated_at=updated_at,
            updated_at_eq=updated_at_eq,
            updated_at_ne=updated_at_ne,
            updated_at_gt=updated_at_gt,
            updated_at_gte=updated_at_gte,
            updated_at_lt=updated_at_lt,
            updated_at_lte=updated_at_lte,
            updated_at_in=updated_at_in,
            expected_close_date=expected_close_date,
            expected_close_date_eq=expected_close_date_eq,
            expected_close_date_ne=expected_close_date_ne,
            expected_close_date_gt=expected_close_date_gt,
            expected_close_date_gte=expected_close_date_gte,
            expected_close_date_lt=expected_close_date_lt,
            expected_close_date_lte=expected_close_date_lte,
            expected_close_date_in=expected_close_date_in,
            rotten=rotten,
        )
    ).parsed
