//! The read behind `GET /deals`: a page through the index that suits the query (or through the
//! tombstones, for the recycle bin), its total (kept counts where they answer it, counted
//! otherwise) and the cursor to the next page.

use std::collections::BTreeMap;

use http::StatusCode;
use serde::Serialize;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::clock::Now;
use crate::compat::{self, View};
use crate::context::AppContext;
use crate::cursor::{CursorScope, CursorState};
use crate::error::ApiError;
use crate::http::{ApiRequest, ApiResponse};
use crate::include::embed_page;
use crate::list_request::ListRequest;
use crate::pipeline::Pipelines;
use crate::query::DealQuery;
use crate::records::{RecordKind, RecordRef};
use crate::store::{Position, ReadPlan, Window, MAX_ITEMS_EVALUATED_PER_LIST};

pub(super) async fn list(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    let mut list = ListRequest::parse(request, caller.app_id.clone())?;
    let tenant = &caller.tenant_id;
    let pipelines = match &mut list.query.rotten {
        Some(rotting) => {
            let pipelines = ctx.store.load_pipelines(tenant).await?;
            rotting.fresh_since = fresh_days(&pipelines);
            Some(pipelines)
        }
        None => None,
    };
    let scope = list.cursor_scope(caller, view);
    let plan = if list.deleted {
        ReadPlan::recycle_bin(tenant, &list.query, Now::current().unix)
    } else {
        ReadPlan::new(tenant, &list.query)
    };
    let resumed = match &list.cursor {
        Some(cursor) => Some(resume(ctx, &scope, &plan, cursor).ok_or_else(|| {
            ApiError::invalid_field(
                "cursor",
                "Invalid cursor: it belongs to another query, page size or view, or was altered",
            )
        })?),
        None => None,
    };
    let page_number = resumed.as_ref().map_or(list.page, |(state, _)| state.page);
    let skip = if resumed.is_some() { 0 } else { list.offset() };
    let window = Window {
        after: resumed.as_ref().map(|(_, position)| position.clone()),
        skip,
        take: list.size,
        budget: MAX_ITEMS_EVALUATED_PER_LIST + skip,
    };
    // A total that is kept as a count is read alongside the first page.
    let counted = match resumed {
        None if !list.deleted => counted_total(&list.query),
        _ => None,
    };
    // Whether its deals are rotten is their stages' to say: the page's pipelines are read after
    // it, by key with what it embeds (a Query of every pipeline beside it would read them all,
    // and on DynamoDB Local it costs as much as the tenant's partition is large).
    let (page, counted) = tokio::join!(
        ctx.store.find_deals(tenant, &list.query, &plan, &window),
        async {
            match &counted {
                Some(source) => read_count(ctx, tenant, source).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let page = page?;
    let (total, total_estimated) = match (&resumed, counted?) {
        (Some((state, _)), _) => (state.total, state.total_estimated),
        (None, Some(total)) => (total, false),
        // The page reached the end: everything matching has been seen.
        (None, None) if page.next.is_none() => ((page.skipped + page.deals.len()) as u64, false),
        (None, None) => {
            let (count, exact) = ctx
                .store
                .count_deals(&list.query, &plan, COUNT_BUDGET)
                .await?;
            (count, !exact)
        }
    };
    let next_cursor = page.next.map(|next| {
        ctx.cursors.seal(
            &scope,
            &CursorState {
                after: next.deal_id,
                sort_key: next.sort_key,
                page: page_number.saturating_add(1),
                total,
                total_estimated,
            },
        )
    });
    let deals = embed_page(
        &ctx.store,
        tenant,
        &page.deals,
        &list.includes,
        pipelines.as_ref(),
    )
    .await?;
    let pagination = json!({
        "total": total,
        "total_estimated": total_estimated,
        "limit": list.size,
        "page": page_number,
        "per_page": list.size,
        "total_pages": total.div_ceil(list.size as u64),
        "has_more": next_cursor.is_some(),
        "next_cursor": next_cursor,
    });
    match view {
        // Serialized straight from the deals: no JSON tree is built for a page.
        View::Crm => ApiResponse::json(
            StatusCode::OK,
            &ListBody {
                data: &deals,
                pagination: &pagination,
            },
        ),
        View::Documented => {
            let deals = deals
                .iter()
                .map(|deal| deal.to_value().map(|deal| compat::deal(&deal)))
                .collect::<Result<Vec<_>, _>>()?;
            ApiResponse::json(
                StatusCode::OK,
                &ListBody {
                    data: &deals,
                    pagination: &compat::pagination(&pagination),
                },
            )
        }
    }
}

/// `{"data": [...], "pagination": {...}}`
#[derive(Serialize)]
struct ListBody<'a, T> {
    data: &'a [T],
    pagination: &'a Value,
}

/// Past this many evaluated items a `total` not covered by the counts is reported as a lower
/// bound with `total_estimated: true`.
pub const COUNT_BUDGET: usize = 1000;

/// Where an exact total is kept, so that it need not be counted.
enum CountedBy {
    /// The tenant's counts: all deals (no filter), or a pipeline's.
    Tenant(Option<String>),
    /// A stage's own item: the live deals in it.
    Stage(String),
    /// A user's or account's `deal_refs`: the live deals that name it.
    Record(RecordRef),
}

/// The kept count that answers this query's total: no filter, or one equality filter on stage,
/// pipeline, owner or account, for a caller not limited to one application.
/// Each stage whose deals rot, and the first day on which a deal entering it is still fresh.
fn fresh_days(pipelines: &Pipelines) -> BTreeMap<String, String> {
    let today = time::OffsetDateTime::now_utc().date();
    pipelines
        .all_stages()
        .filter_map(|stage| {
            let day = stage.fresh_since(today)?;
            Some((stage.id.clone(), crate::clock::format_date(day)))
        })
        .collect()
}

fn counted_total(query: &DealQuery) -> Option<CountedBy> {
    if query.app_id.is_some() || query.contact_id.is_some() || query.rotten.is_some() {
        return None;
    }
    match query.filters.as_slice() {
        [] => Some(CountedBy::Tenant(None)),
        [only] => {
            let value = only.equality_value()?.to_owned();
            match only.field {
                "stage" => Some(CountedBy::Stage(value)),
                "pipeline_id" => Some(CountedBy::Tenant(Some(value))),
                "owner_id" => Some(CountedBy::Record(RecordRef::new(RecordKind::User, &value))),
                "account_id" => Some(CountedBy::Record(RecordRef::new(
                    RecordKind::Account,
                    &value,
                ))),
                _ => None,
            }
        }
        _ => None,
    }
}

async fn read_count(ctx: &AppContext, tenant: &str, source: &CountedBy) -> Result<u64, ApiError> {
    Ok(match source {
        CountedBy::Tenant(pipeline) => {
            let counts = ctx.store.deal_counts(tenant).await?;
            match pipeline {
                None => counts.all(),
                Some(pipeline) => counts.pipeline(pipeline),
            }
        }
        CountedBy::Stage(stage) => ctx.store.stage_deal_count(tenant, stage).await?,
        CountedBy::Record(record) => ctx.store.deal_refs_of(tenant, record).await?,
    })
}

/// The state of a cursor sealed for `scope` and where it resumes, if that is a place `plan`
/// can resume from (a cursor that opens but does not fit the read is refused as well, rather
/// than handed to DynamoDB).
fn resume(
    ctx: &AppContext,
    scope: &CursorScope<'_>,
    plan: &ReadPlan,
    cursor: &str,
) -> Option<(CursorState, Position)> {
    let state = ctx.cursors.open(scope, cursor)?;
    let position = Position {
        deal_id: state.after.clone(),
        sort_key: state.sort_key.clone(),
    };
    // A cursor leads to page 2 or later.
    (state.page >= 2 && plan.admits(&position)).then_some((state, position))
}
