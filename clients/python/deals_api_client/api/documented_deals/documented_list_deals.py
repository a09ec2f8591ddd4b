import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.documented_error import DocumentedError
from ...models.documented_list_deals_include_item import DocumentedListDealsIncludeItem
from ...models.documented_list_deals_response_200 import DocumentedListDealsResponse200
from ...models.documented_list_deals_sort import DocumentedListDealsSort
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    sort: DocumentedListDealsSort | Unset = UNSET,
    include: list[DocumentedListDealsIncludeItem] | Unset = UNSET,
    title: str | Unset = UNSET,
    title_eq: str | Unset = UNSET,
    title_ne: str | Unset = UNSET,
    title_gt: str | Unset = UNSET,
    title_gte: str | Unset = UNSET,
    title_lt: str | Unset = UNSET,
    title_lte: str | Unset = UNSET,
    title_like: str | Unset = UNSET,
    title_in: list[str] | Unset = UNSET,
    stage_id: str | Unset = UNSET,
    stage_id_eq: str | Unset = UNSET,
    stage_id_ne: str | Unset = UNSET,
    stage_id_like: str | Unset = UNSET,
    stage_id_in: list[str] | Unset = UNSET,
    organization_id: str | Unset = UNSET,
    organization_id_eq: str | Unset = UNSET,
    organization_id_ne: str | Unset = UNSET,
    organization_id_like: str | Unset = UNSET,
    organization_id_in: list[str] | Unset = UNSET,
    assigned_to: str | Unset = UNSET,
    assigned_to_eq: str | Unset = UNSET,
    assigned_to_ne: str | Unset = UNSET,
    assigned_to_like: str | Unset = UNSET,
    assigned_to_in: list[str] | Unset = UNSET,
    contact_id: str | Unset = UNSET,
    contact_id_eq: str | Unset = UNSET,
    contact_id_ne: str | Unset = UNSET,
    contact_id_like: str | Unset = UNSET,
    contact_id_in: list[str] | Unset = UNSET,
    value: float | Unset = UNSET,
    value_eq: float | Unset = UNSET,
    value_ne: float | Unset = UNSET,
    value_gt: float | Unset = UNSET,
    value_gte: float | Unset = UNSET,
    value_lt: float | Unset = UNSET,
    value_lte: float | Unset = UNSET,
    value_in: list[float] | Unset = UNSET,
    created_at: str | Unset = UNSET,
    created_at_eq: str | Unset = UNSET,
    created_at_ne: str | Unset = UNSET,
    created_at_gt: str | Unset = UNSET,
    created_at_gte: str | Unset = UNSET,
    created_at_lt: str | Unset = UNSET,
    created_at_lte: str | Unset = UNSET,
    created_at_in: list[str] | Unset = UNSET,
    expected_close_date: datetime.date | Unset = UNSET,
    expected_close_date_eq: datetime.date | Unset = UNSET,
    expected_close_date_ne: datetime.date | Unset = UNSET,
    expected_close_date_gt: datetime.date | Unset = UNSET,
    expected_close_date_gte: datetime.date | Unset = UNSET,
    expected_close_date_lt: datetime.date | Unset = UNSET,
    expected_close_date_lte: datetime.date | Unset = UNSET,
    expected_close_date_in: list[datetime.date] | Unset = UNSET,
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

    params["title"] = title

    params["title[eq]"] = title_eq

    params["title[ne]"] = title_ne

    params["title[gt]"] = title_gt

    params["title[gte]"] = title_gte

    params["title[lt]"] = title_lt

    params["title[lte]"] = title_lte

    params["title[like]"] = title_like

    json_title_in: list[str] | Unset = UNSET
    if not isinstance(title_in, Unset):
        json_title_in = title_in

    params["title[in]"] = json_title_in

    params["stage_id"] = stage_id

    params["stage_id[eq]"] = stage_id_eq

    params["stage_id[ne]"] = stage_id_ne

    params["stage_id[like]"] = stage_id_like

    json_stage_id_in: list[str] | Unset = UNSET
    if not isinstance(stage_id_in, Unset):
        json_stage_id_in = stage_id_in

    params["stage_id[in]"] = json_stage_id_in

    params["organization_id"] = organization_id

    params["organization_id[eq]"] = organization_id_eq

    params["organization_id[ne]"] = organization_id_ne

    params["organization_id[like]"] = organization_id_like

    json_organization_id_in: list[str] | Unset = UNSET
    if not isinstance(organization_id_in, Unset):
        json_organization_id_in = organization_id_in

    params["organization_id[in]"] = json_organization_id_in

    params["assigned_to"] = assigned_to

    params["assigned_to[eq]"] = assigned_to_eq

    params["assigned_to[ne]"] = assigned_to_ne

    params["assigned_to[like]"] = assigned_to_like

    json_assigned_to_in: list[str] | Unset = UNSET
    if not isinstance(assigned_to_in, Unset):
        json_assigned_to_in = assigned_to_in

    params["assigned_to[in]"] = json_assigned_to_in

    params["contact_id"] = contact_id

    params["contact_id[eq]"] = contact_id_eq

    params["contact_id[ne]"] = contact_id_ne

    params["contact_id[like]"] = contact_id_like

    json_contact_id_in: list[str] | Unset = UNSET
    if not isinstance(contact_id_in, Unset):
        json_contact_id_in = contact_id_in

    params["contact_id[in]"] = json_contact_id_in

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

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api-v1-deals",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DocumentedError | DocumentedListDealsResponse200 | None:
    if response.status_code == 200:
        response_200 = DocumentedListDealsResponse200.from_dict(response.json())

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
) -> Response[DocumentedError | DocumentedListDealsResponse200]:
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
    sort: DocumentedListDealsSort | Unset = UNSET,
    include: list[DocumentedListDealsIncludeItem] | Unset = UNSET,
    title: str | Unset = UNSET,
    title_eq: str | Unset = UNSET,
    title_ne: str | Unset = UNSET,
    title_gt: str | Unset = UNSET,
    title_gte: str | Unset = UNSET,
    title_lt: str | Unset = UNSET,
    title_lte: str | Unset = UNSET,
    title_like: str | Unset = UNSET,
    title_in: list[str] | Unset = UNSET,
    stage_id: str | Unset = UNSET,
    stage_id_eq: str | Unset = UNSET,
    stage_id_ne: str | Unset = UNSET,
    stage_id_like: str | Unset = UNSET,
    stage_id_in: list[str] | Unset = UNSET,
    organization_id: str | Unset = UNSET,
    organization_id_eq: str | Unset = UNSET,
    organization_id_ne: str | Unset = UNSET,
    organization_id_like: str | Unset = UNSET,
    organization_id_in: list[str] | Unset = UNSET,
    assigned_to: str | Unset = UNSET,
    assigned_to_eq: str | Unset = UNSET,
    assigned_to_ne: str | Unset = UNSET,
    assigned_to_like: str | Unset = UNSET,
    assigned_to_in: list[str] | Unset = UNSET,
    contact_id: str | Unset = UNSET,
    contact_id_eq: str | Unset = UNSET,
    contact_id_ne: str | Unset = UNSET,
    contact_id_like: str | Unset = UNSET,
    contact_id_in: list[str] | Unset = UNSET,
    value: float | Unset = UNSET,
    value_eq: float | Unset = UNSET,
    value_ne: float | Unset = UNSET,
    value_gt: float | Unset = UNSET,
    value_gte: float | Unset = UNSET,
    value_lt: float | Unset = UNSET,
    value_lte: float | Unset = UNSET,
    value_in: list[float] | Unset = UNSET,
    created_at: str | Unset = UNSET,
    created_at_eq: str | Unset = UNSET,
    created_at_ne: str | Unset = UNSET,
    created_at_gt: str | Unset = UNSET,
    created_at_gte: str | Unset = UNSET,
    created_at_lt: str | Unset = UNSET,
    created_at_lte: str | Unset = UNSET,
    created_at_in: list[str] | Unset = UNSET,
    expected_close_date: datetime.date | Unset = UNSET,
    expected_close_date_eq: datetime.date | Unset = UNSET,
    expected_close_date_ne: datetime.date | Unset = UNSET,
    expected_close_date_gt: datetime.date | Unset = UNSET,
    expected_close_date_gte: datetime.date | Unset = UNSET,
    expected_close_date_lt: datetime.date | Unset = UNSET,
    expected_close_date_lte: datetime.date | Unset = UNSET,
    expected_close_date_in: list[datetime.date] | Unset = UNSET,
) -> Response[DocumentedError | DocumentedListDealsResponse200]:
    """List deals (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. Filters are field=value
    (eq) or field[op]=value, op one of eq, ne, gt, gte, lt, lte, like, in; they combine with AND.
    Filterable: title, stage_id, organization_id, contact_id, assigned_to, created_at,
    expected_close_date, value; field[op]=value works for each. Every accepted filter is declared below.
    Lists (include, field[in]) are given repeated (include=organization&include=contact) or comma-
    separated (include=organization,contact), or both. A parameter that is not a list may be given once
    (twice: 400 naming it). Any other parameter is 400. Scope: read:deals.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        page (int | Unset):
        per_page (int | Unset):
        sort (DocumentedListDealsSort | Unset):
        include (list[DocumentedListDealsIncludeItem] | Unset):
        title (str | Unset):
        title_eq (str | Unset):
        title_ne (str | Unset):
        title_gt (str | Unset):
        title_gte (str | Unset):
        title_lt (str | Unset):
        title_lte (str | Unset):
        title_like (str | Unset):
        title_in (list[str] | Unset):
        stage_id (str | Unset):
        stage_id_eq (str | Unset):
        stage_id_ne (str | Unset):
        stage_id_like (str | Unset):
        stage_id_in (list[str] | Unset):
        organization_id (str | Unset):
        organization_id_eq (str | Unset):
        organization_id_ne (str | Unset):
        organization_id_like (str | Unset):
        organization_id_in (list[str] | Unset):
        assigned_to (str | Unset):
        assigned_to_eq (str | Unset):
        assigned_to_ne (str | Unset):
        assigned_to_like (str | Unset):
        assigned_to_in (list[str] | Unset):
        contact_id (str | Unset):
        contact_id_eq (str | Unset):
        contact_id_ne (str | Unset):
        contact_id_like (str | Unset):
        contact_id_in (list[str] | Unset):
        value (float | Unset):
        value_eq (float | Unset):
        value_ne (float | Unset):
        value_gt (float | Unset):
        value_gte (float | Unset):
        value_lt (float | Unset):
        value_lte (float | Unset):
        value_in (list[float] | Unset):
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

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentedError | DocumentedListDealsResponse200]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        page=page,
        per_page=per_page,
        sort=sort,
        include=include,
        title=title,
        title_eq=title_eq,
        title_ne=title_ne,
        title_gt=title_gt,
        title_gte=title_gte,
        title_lt=title_lt,
        title_lte=title_lte,
        title_like=title_like,
        title_in=title_in,
        stage_id=stage_id,
        stage_id_eq=stage_id_eq,
        stage_id_ne=stage_id_ne,
        stage_id_like=stage_id_like,
        stage_id_in=stage_id_in,
        organization_id=organization_id,
        organization_id_eq=organization_id_eq,
        organization_id_ne=organization_id_ne,
        organization_id_like=organization_id_like,
        organization_id_in=organization_id_in,
        assigned_to=assigned_to,
        assigned_to_eq=assigned_to_eq,
        assigned_to_ne=assigned_to_ne,
        assigned_to_like=assigned_to_like,
        assigned_to_in=assigned_to_in,
        contact_id=contact_id,
        contact_id_eq=contact_id_eq,
        contact_id_ne=contact_id_ne,
        contact_id_like=contact_id_like,
        contact_id_in=contact_id_in,
        value=value,
        value_eq=value_eq,
        value_ne=value_ne,
        value_gt=value_gt,
        value_gte=value_gte,
        value_lt=value_lt,
        value_lte=value_lte,
        value_in=value_in,
        created_at=created_at,
        created_at_eq=created_at_eq,
        created_at_ne=created_at_ne,
        created_at_gt=created_at_gt,
        created_at_gte=created_at_gte,
        created_at_lt=created_at_lt,
        created_at_lte=created_at_lte,
        created_at_in=created_at_in,
        expected_close_date=expected_close_date,
        expected_close_date_eq=expected_close_date_eq,
        expected_close_date_ne=expected_close_date_ne,
        expected_close_date_gt=expected_close_date_gt,
        expected_close_date_gte=expected_close_date_gte,
        expected_close_date_lt=expected_close_date_lt,
        expected_close_date_lte=expected_close_date_lte,
        expected_close_date_in=expected_close_date_in,
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
    sort: DocumentedListDealsSort | Unset = UNSET,
    include: list[DocumentedListDealsIncludeItem] | Unset = UNSET,
    title: str | Unset = UNSET,
    title_eq: str | Unset = UNSET,
    title_ne: str | Unset = UNSET,
    title_gt: str | Unset = UNSET,
    title_gte: str | Unset = UNSET,
    title_lt: str | Unset = UNSET,
    title_lte: str | Unset = UNSET,
    title_like: str | Unset = UNSET,
    title_in: list[str] | Unset = UNSET,
    stage_id: str | Unset = UNSET,
    stage_id_eq: str | Unset = UNSET,
    stage_id_ne: str | Unset = UNSET,
    stage_id_like: str | Unset = UNSET,
    stage_id_in: list[str] | Unset = UNSET,
    organization_id: str | Unset = UNSET,
    organization_id_eq: str | Unset = UNSET,
    organization_id_ne: str | Unset = UNSET,
    organization_id_like: str | Unset = UNSET,
    organization_id_in: list[str] | Unset = UNSET,
    assigned_to: str | Unset = UNSET,
    assigned_to_eq: str | Unset = UNSET,
    assigned_to_ne: str | Unset = UNSET,
    assigned_to_like: str | Unset = UNSET,
    assigned_to_in: list[str] | Unset = UNSET,
    contact_id: str | Unset = UNSET,
    contact_id_eq: str | Unset = UNSET,
    contact_id_ne: str | Unset = UNSET,
    contact_id_like: str | Unset = UNSET,
    contact_id_in: list[str] | Unset = UNSET,
    value: float | Unset = UNSET,
    value_eq: float | Unset = UNSET,
    value_ne: float | Unset = UNSET,
    value_gt: float | Unset = UNSET,
    value_gte: float | Unset = UNSET,
    value_lt: float | Unset = UNSET,
    value_lte: float | Unset = UNSET,
    value_in: list[float] | Unset = UNSET,
    created_at: str | Unset = UNSET,
    created_at_eq: str | Unset = UNSET,
    created_at_ne: str | Unset = UNSET,
    created_at_gt: str | Unset = UNSET,
    created_at_gte: str | Unset = UNSET,
    created_at_lt: str | Unset = UNSET,
    created_at_lte: str | Unset = UNSET,
    created_at_in: list[str] | Unset = UNSET,
    expected_close_date: datetime.date | Unset = UNSET,
    expected_close_date_eq: datetime.date | Unset = UNSET,
    expected_close_date_ne: datetime.date | Unset = UNSET,
    expected_close_date_gt: datetime.date | Unset = UNSET,
    expected_close_date_gte: datetime.date | Unset = UNSET,
    expected_close_date_lt: datetime.date | Unset = UNSET,
    expected_close_date_lte: datetime.date | Unset = UNSET,
    expected_close_date_in: list[datetime.date] | Unset = UNSET,
) -> DocumentedError | DocumentedListDealsResponse200 | None:
    """List deals (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. Filters are field=value
    (eq) or field[op]=value, op one of eq, ne, gt, gte, lt, lte, like, in; they combine with AND.
    Filterable: title, stage_id, organization_id, contact_id, assigned_to, created_at,
    expected_close_date, value; field[op]=value works for each. Every accepted filter is declared below.
    Lists (include, field[in]) are given repeated (include=organization&include=contact) or comma-
    separated (include=organization,contact), or both. A parameter that is not a list may be given once
    (twice: 400 naming it). Any other parameter is 400. Scope: read:deals.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        page (int | Unset):
        per_page (int | Unset):
        sort (DocumentedListDealsSort | Unset):
        include (list[DocumentedListDealsIncludeItem] | Unset):
        title (str | Unset):
        title_eq (str | Unset):
        title_ne (str | Unset):
        title_gt (str | Unset):
        title_gte (str | Unset):
        title_lt (str | Unset):
        title_lte (str | Unset):
        title_like (str | Unset):
        title_in (list[str] | Unset):
        stage_id (str | Unset):
        stage_id_eq (str | Unset):
        stage_id_ne (str | Unset):
        stage_id_like (str | Unset):
        stage_id_in (list[str] | Unset):
        organization_id (str | Unset):
        organization_id_eq (str | Unset):
        organization_id_ne (str | Unset):
        organization_id_like (str | Unset):
        organization_id_in (list[str] | Unset):
        assigned_to (str | Unset):
        assigned_to_eq (str | Unset):
        assigned_to_ne (str | Unset):
        assigned_to_like (str | Unset):
        assigned_to_in (list[str] | Unset):
        contact_id (str | Unset):
        contact_id_eq (str | Unset):
        contact_id_ne (str | Unset):
        contact_id_like (str | Unset):
        contact_id_in (list[str] | Unset):
        value (float | Unset):
        value_eq (float | Unset):
        value_ne (float | Unset):
        value_gt (float | Unset):
        value_gte (float | Unset):
        value_lt (float | Unset):
        value_lte (float | Unset):
        value_in (list[float] | Unset):
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

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentedError | DocumentedListDealsResponse200
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        page=page,
        per_page=per_page,
        sort=sort,
        include=include,
        title=title,
        title_eq=title_eq,
        title_ne=title_ne,
        title_gt=title_gt,
        title_gte=title_gte,
        title_lt=title_lt,
        title_lte=title_lte,
        title_like=title_like,
        title_in=title_in,
        stage_id=stage_id,
        stage_id_eq=stage_id_eq,
        stage_id_ne=stage_id_ne,
        stage_id_like=stage_id_like,
        stage_id_in=stage_id_in,
        organization_id=organization_id,
        organization_id_eq=organization_id_eq,
        organization_id_ne=organization_id_ne,
        organization_id_like=organization_id_like,
        organization_id_in=organization_id_in,
        assigned_to=assigned_to,
        assigned_to_eq=assigned_to_eq,
        assigned_to_ne=assigned_to_ne,
        assigned_to_like=assigned_to_like,
        assigned_to_in=assigned_to_in,
        contact_id=contact_id,
        contact_id_eq=contact_id_eq,
        contact_id_ne=contact_id_ne,
        contact_id_like=contact_id_like,
        contact_id_in=contact_id_in,
        value=value,
        value_eq=value_eq,
        value_ne=value_ne,
        value_gt=value_gt,
        value_gte=value_gte,
        value_lt=value_lt,
        value_lte=value_lte,
        value_in=value_in,
        created_at=created_at,
        created_at_eq=created_at_eq,
        created_at_ne=created_at_ne,
        created_at_gt=created_at_gt,
        created_at_gte=created_at_gte,
        created_at_lt=created_at_lt,
        created_at_lte=created_at_lte,
        created_at_in=created_at_in,
        expected_close_date=expected_close_date,
        expected_close_date_eq=expected_close_date_eq,
        expected_close_date_ne=expected_close_date_ne,
        expected_close_date_gt=expected_close_date_gt,
        expected_close_date_gte=expected_close_date_gte,
        expected_close_date_lt=expected_close_date_lt,
        expected_close_date_lte=expected_close_date_lte,
        expected_close_date_in=expected_close_date_in,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    sort: DocumentedListDealsSort | Unset = UNSET,
    include: list[DocumentedListDealsIncludeItem] | Unset = UNSET,
    title: str | Unset = UNSET,
    title_eq: str | Unset = UNSET,
    title_ne: str | Unset = UNSET,
    title_gt: str | Unset = UNSET,
    title_gte: str | Unset = UNSET,
    title_lt: str | Unset = UNSET,
    title_lte: str | Unset = UNSET,
    title_like: str | Unset = UNSET,
    title_in: list[str] | Unset = UNSET,
    stage_id: str | Unset = UNSET,
    stage_id_eq: str | Unset = UNSET,
    stage_id_ne: str | Unset = UNSET,
    stage_id_like: str | Unset = UNSET,
    stage_id_in: list[str] | Unset = UNSET,
    organization_id: str | Unset = UNSET,
    organization_id_eq: str | Unset = UNSET,
    organization_id_ne: str | Unset = UNSET,
    organization_id_like: str | Unset = UNSET,
    organization_id_in: list[str] | Unset = UNSET,
    assigned_to: str | Unset = UNSET,
    assigned_to_eq: str | Unset = UNSET,
    assigned_to_ne: str | Unset = UNSET,
    assigned_to_like: str | Unset = UNSET,
    assigned_to_in: list[str] | Unset = UNSET,
    contact_id: str | Unset = UNSET,
    contact_id_eq: str | Unset = UNSET,
    contact_id_ne: str | Unset = UNSET,
    contact_id_like: str | Unset = UNSET,
    contact_id_in: list[str] | Unset = UNSET,
    value: float | Unset = UNSET,
    value_eq: float | Unset = UNSET,
    value_ne: float | Unset = UNSET,
    value_gt: float | Unset = UNSET,
    value_gte: float | Unset = UNSET,
    value_lt: float | Unset = UNSET,
    value_lte: float | Unset = UNSET,
    value_in: list[float] | Unset = UNSET,
    created_at: str | Unset = UNSET,
    created_at_eq: str | Unset = UNSET,
    created_at_ne: str | Unset = UNSET,
    created_at_gt: str | Unset = UNSET,
    created_at_gte: str | Unset = UNSET,
    created_at_lt: str | Unset = UNSET,
    created_at_lte: str | Unset = UNSET,
    created_at_in: list[str] | Unset = UNSET,
    expected_close_date: datetime.date | Unset = UNSET,
    expected_close_date_eq: datetime.date | Unset = UNSET,
    expected_close_date_ne: datetime.date | Unset = UNSET,
    expected_close_date_gt: datetime.date | Unset = UNSET,
    expected_close_date_gte: datetime.date | Unset = UNSET,
    expected_close_date_lt: datetime.date | Unset = UNSET,
    expected_close_date_lte: datetime.date | Unset = UNSET,
    expected_close_date_in: list[datetime.date] | Unset = UNSET,
) -> Response[DocumentedError | DocumentedListDealsResponse200]:
    """List deals (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. Filters are field=value
    (eq) or field[op]=value, op one of eq, ne, gt, gte, lt, lte, like, in; they combine with AND.
    Filterable: title, stage_id, organization_id, contact_id, assigned_to, created_at,
    expected_close_date, value; field[op]=value works for each. Every accepted filter is declared below.
    Lists (include, field[in]) are given repeated (include=organization&include=contact) or comma-
    separated (include=organization,contact), or both. A parameter that is not a list may be given once
    (twice: 400 naming it). Any other parameter is 400. Scope: read:deals.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        page (int | Unset):
        per_page (int | Unset):
        sort (DocumentedListDealsSort | Unset):
        include (list[DocumentedListDealsIncludeItem] | Unset):
        title (str | Unset):
        title_eq (str | Unset):
        title_ne (str | Unset):
        title_gt (str | Unset):
        title_gte (str | Unset):
        title_lt (str | Unset):
        title_lte (str | Unset):
        title_like (str | Unset):
        title_in (list[str] | Unset):
        stage_id (str | Unset):
        stage_id_eq (str | Unset):
        stage_id_ne (str | Unset):
        stage_id_like (str | Unset):
        stage_id_in (list[str] | Unset):
        organization_id (str | Unset):
        organization_id_eq (str | Unset):
        organization_id_ne (str | Unset):
        organization_id_like (str | Unset):
        organization_id_in (list[str] | Unset):
        assigned_to (str | Unset):
        assigned_to_eq (str | Unset):
        assigned_to_ne (str | Unset):
        assigned_to_like (str | Unset):
        assigned_to_in (list[str] | Unset):
        contact_id (str | Unset):
        contact_id_eq (str | Unset):
        contact_id_ne (str | Unset):
        contact_id_like (str | Unset):
        contact_id_in (list[str] | Unset):
        value (float | Unset):
        value_eq (float | Unset):
        value_ne (float | Unset):
        value_gt (float | Unset):
        value_gte (float | Unset):
        value_lt (float | Unset):
        value_lte (float | Unset):
        value_in (list[float] | Unset):
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

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentedError | DocumentedListDealsResponse200]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        page=page,
        per_page=per_page,
        sort=sort,
        include=include,
        title=title,
        title_eq=title_eq,
        title_ne=title_ne,
        title_gt=title_gt,
        title_gte=title_gte,
        title_lt=title_lt,
        title_lte=title_lte,
        title_like=title_like,
        title_in=title_in,
        stage_id=stage_id,
        stage_id_eq=stage_id_eq,
        stage_id_ne=stage_id_ne,
        stage_id_like=stage_id_like,
        stage_id_in=stage_id_in,
        organization_id=organization_id,
        organization_id_eq=organization_id_eq,
        organization_id_ne=organization_id_ne,
        organization_id_like=organization_id_like,
        organization_id_in=organization_id_in,
        assigned_to=assigned_to,
        assigned_to_eq=assigned_to_eq,
        assigned_to_ne=assigned_to_ne,
        assigned_to_like=assigned_to_like,
        assigned_to_in=assigned_to_in,
        contact_id=contact_id,
        contact_id_eq=contact_id_eq,
        contact_id_ne=contact_id_ne,
        contact_id_like=contact_id_like,
        contact_id_in=contact_id_in,
        value=value,
        value_eq=value_eq,
        value_ne=value_ne,
        value_gt=value_gt,
        value_gte=value_gte,
        value_lt=value_lt,
        value_lte=value_lte,
        value_in=value_in,
        created_at=created_at,
        created_at_eq=created_at_eq,
        created_at_ne=created_at_ne,
        created_at_gt=created_at_gt,
        created_at_gte=created_at_gte,
        created_at_lt=created_at_lt,
        created_at_lte=created_at_lte,
        created_at_in=created_at_in,
        expected_close_date=expected_close_date,
        expected_close_date_eq=expected_close_date_eq,
        expected_close_date_ne=expected_close_date_ne,
        expected_close_date_gt=expected_close_date_gt,
        expected_close_date_gte=expected_close_date_gte,
        expected_close_date_lt=expected_close_date_lt,
        expected_close_date_lte=expected_close_date_lte,
        expected_close_date_in=expected_close_date_in,
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
    sort: DocumentedListDealsSort | Unset = UNSET,
    include: list[DocumentedListDealsIncludeItem] | Unset = UNSET,
    title: str | Unset = UNSET,
    title_eq: str | Unset = UNSET,
    title_ne: str | Unset = UNSET,
    title_gt: str | Unset = UNSET,
    title_gte: str | Unset = UNSET,
    title_lt: str | Unset = UNSET,
    title_lte: str | Unset = UNSET,
    title_like: str | Unset = UNSET,
    title_in: list[str] | Unset = UNSET,
    stage_id: str | Unset = UNSET,
    stage_id_eq: str | Unset = UNSET,
    stage_id_ne: str | Unset = UNSET,
    stage_id_like: str | Unset = UNSET,
    stage_id_in: list[str] | Unset = UNSET,
    organization_id: str | Unset = UNSET,
    organization_id_eq: str | Unset = UNSET,
    organization_id_ne: str | Unset = UNSET,
    organization_id_like: str | Unset = UNSET,
    organization_id_in: list[str] | Unset = UNSET,
    assigned_to: str | Unset = UNSET,
    assigned_to_eq: str | Unset = UNSET,
    assigned_to_ne: str | Unset = UNSET,
    assigned_to_like: str | Unset = UNSET,
    assigned_to_in: list[str] | Unset = UNSET,
    contact_id: str | Unset = UNSET,
    contact_id_eq: str | Unset = UNSET,
    contact_id_ne: str | Unset = UNSET,
    contact_id_like: str | Unset = UNSET,
    contact_id_in: list[str] | Unset = UNSET,
    value: float | Unset = UNSET,
    value_eq: float | Unset = UNSET,
    value_ne: float | Unset = UNSET,
    value_gt: float | Unset = UNSET,
    value_gte: float | Unset = UNSET,
    value_lt: float | Unset = UNSET,
    value_lte: float | Unset = UNSET,
    value_in: list[float] | Unset = UNSET,
    created_at: str | Unset = UNSET,
    created_at_eq: str | Unset = UNSET,
    created_at_ne: str | Unset = UNSET,
    created_at_gt: str | Unset = UNSET,
    created_at_gte: str | Unset = UNSET,
    created_at_lt: str | Unset = UNSET,
    created_at_lte: str | Unset = UNSET,
    created_at_in: list[str] | Unset = UNSET,
    expected_close_date: datetime.date | Unset = UNSET,
    expected_close_date_eq: datetime.date | Unset = UNSET,
    expected_close_date_ne: datetime.date | Unset = UNSET,
    expected_close_date_gt: datetime.date | Unset = UNSET,
    expected_close_date_gte: datetime.date | Unset = UNSET,
    expected_close_date_lt: datetime.date | Unset = UNSET,
    expected_close_date_lte: datetime.date | Unset = UNSET,
    expected_close_date_in: list[datetime.date] | Unset = UNSET,
) -> DocumentedError | DocumentedListDealsResponse200 | None:
    """List deals (documented view)

     The documented view of the deals: the same deals in the document's names (title, stage_id,
    organization_id, contact_id, assigned_to, metadata) and its error envelope. Filters are field=value
    (eq) or field[op]=value, op one of eq, ne, gt, gte, lt, lte, like, in; they combine with AND.
    Filterable: title, stage_id, organization_id, contact_id, assigned_to, created_at,
    expected_close_date, value; field[op]=value works for each. Every accepted filter is declared below.
    Lists (include, field[in]) are given repeated (include=organization&include=contact) or comma-
    separated (include=organization,contact), or both. A parameter that is not a list may be given once
    (twice: 400 naming it). Any other parameter is 400. Scope: read:deals.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        page (int | Unset):
        per_page (int | Unset):
        sort (DocumentedListDealsSort | Unset):
        include (list[DocumentedListDealsIncludeItem] | Unset):
        title (str | Unset):
        title_eq (str | Unset):
        title_ne (str | Unset):
        title_gt (str | Unset):
        title_gte (str | Unset):
        title_lt (str | Unset):
        title_lte (str | Unset):
        title_like (str | Unset):
        title_in (list[str] | Unset):
        stage_id (str | Unset):
        stage_id_eq (str | Unset):
        stage_id_ne (str | Unset):
        stage_id_like (str | Unset):
        stage_id_in (list[str] | Unset):
        organization_id (str | Unset):
        organization_id_eq (str | Unset):
        organization_id_ne (str | Unset):
        organization_id_like (str | Unset):
        organization_id_in (list[str] | Unset):
        assigned_to (str | Unset):
        assigned_to_eq (str | Unset):
        assigned_to_ne (str | Unset):
        assigned_to_like (str | Unset):
        assigned_to_in (list[str] | Unset):
        contact_id (str | Unset):
        contact_id_eq (str | Unset):
        contact_id_ne (str | Unset):
        contact_id_like (str | Unset):
        contact_id_in (list[str] | Unset):
        value (float | Unset):
        value_eq (float | Unset):
        value_ne (float | Unset):
        value_gt (float | Unset):
        value_gte (float | Unset):
        value_lt (float | Unset):
        value_lte (float | Unset):
        value_in (list[float] | Unset):
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

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentedError | DocumentedListDealsResponse200
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
            title=title,
            title_eq=title_eq,
            title_ne=title_ne,
            title_gt=title_gt,
            title_gte=title_gte,
            title_lt=title_lt,
            title_lte=title_lte,
            title_like=title_like,
            title_in=title_in,
            stage_id=stage_id,
            stage_id_eq=stage_id_eq,
            stage_id_ne=stage_id_ne,
            stage_id_like=stage_id_like,
            stage_id_in=stage_id_in,
            organization_id=organization_id,
            organization_id_eq=organization_id_eq,
            organization_id_ne=organization_id_ne,
            organization_id_like=organization_id_like,
            organization_id_in=organization_id_in,
            assigned_to=assigned_to,
            assigned_to_eq=assigned_to_eq,
            assigned_to_ne=assigned_to_ne,
            assigned_to_like=assigned_to_like,
            assigned_to_in=assigned_to_in,
            contact_id=contact_id,
            contact_id_eq=contact_id_eq,
            contact_id_ne=contact_id_ne,
            contact_id_like=contact_id_like,
            contact_id_in=contact_id_in,
            value=value,
            value_eq=value_eq,
            value_ne=value_ne,
            value_gt=value_gt,
            value_gte=value_gte,
            value_lt=value_lt,
            value_lte=value_lte,
            value_in=value_in,
            created_at=created_at,
            created_at_eq=created_at_eq,
            created_at_ne=created_at_ne,
            created_at_gt=created_at_gt,
            created_at_gte=created_at_gte,
            created_at_lt=created_at_lt,
            created_at_lte=created_at_lte,
            created_at_in=created_at_in,
            expected_close_date=expected_close_date,
            expected_close_date_eq=expected_close_date_eq,
            expected_close_date_ne=expected_close_date_ne,
            expected_close_date_gt=expected_close_date_gt,
            expected_close_date_gte=expected_close_date_gte,
            expected_close_date_lt=expected_close_date_lt,
            expected_close_date_lte=expected_close_date_lte,
            expected_close_date_in=expected_close_date_in,
        )
    ).parsed
