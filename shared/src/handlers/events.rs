//! `GET /events` (the tenant's change feed) and `GET /deals/{id}/changes` (a deal's field
//! history). Both are written by the stream consumer (`stream`), never by a request.

use http::StatusCode;
use serde_json::Value;

use super::{encode_cursor, Page, Pagination, Params};
use crate::auth::Caller;
use crate::context::AppContext;
use crate::domain;
use crate::error::ApiError;
use crate::events::TypeFilter;
use crate::http::{ApiRequest, ApiResponse};
use crate::ids::DealId;
use crate::list_request::{parse_limit, DEFAULT_PAGE_SIZE};
use crate::store::EventFilter;

/// Longest `object_id` filter accepted (ids are far shorter).
const MAX_OBJECT_ID_CHARS: usize = 128;

/// The tenant's events oldest first, after `after`. `next_cursor` is on every page, the last
/// one too: a poller keeps it and asks again later from exactly there.
pub async fn list_events(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let mut params =
        Params::with_lists(request, &["after", "type", "object_id", "limit"], &["type"]);
    let limit = params
        .take("limit", parse_limit)
        .unwrap_or(DEFAULT_PAGE_SIZE);
    let after = params.take("after", |cursor| {
        super::decode_cursor(cursor)
            .and_then(|position| position.parse::<u64>().ok())
            .ok_or_else(|| "Invalid cursor".to_owned())
    });
    let types = params.take("type", TypeFilter::parse_list);
    let object_id = params.take("object_id", |id| {
        if id.is_empty() || id.chars().count() > MAX_OBJECT_ID_CHARS {
            Err(format!("Must be 1 to {MAX_OBJECT_ID_CHARS} characters"))
        } else {
            Ok(id.to_owned())
        }
    });
    params.finish()?;
    let filter = EventFilter {
        types,
        object_id,
        app_id: caller.app_id.clone(),
    };
    let page = ctx
        .store
        .events_after(&caller.tenant_id, after.unwrap_or(0), limit, &filter)
        .await?;
    ApiResponse::json(
        StatusCode::OK,
        &Page {
            data: &page.events,
            pagination: Pagination {
                limit,
                has_more: page.has_more,
                next_cursor: Some(encode_cursor(&page.last_position.to_string())),
            },
        },
    )
}

/// A deal's field history, newest first; a soft-deleted deal keeps (and shows) its own.
pub async fn list_deal_changes(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let mut params = Params::parse(request, &["limit", "cursor"]);
    let (limit, before) =
        params.page(|version| version.parse::<u64>().is_ok_and(|version| version > 0));
    params.finish()?;
    let Some(id) = DealId::parse(request.path_param("id")) else {
        return Err(ApiError::deal_not_found());
    };
    let deal = ctx
        .store
        .get_deal_even_deleted(&caller.tenant_id, id.as_str())
        .await?
        .filter(|deal| domain::belongs_to(deal, caller))
        .ok_or_else(ApiError::deal_not_found)?;
    let before = before.and_then(|version| version.parse::<u64>().ok());
    let mut changes = ctx
        .store
        .deal_changes(&caller.tenant_id, &deal.id, before, limit + 1)
        .await?;
    let more = changes.len() > limit;
    changes.truncate(limit);
    let next = more
        .then(|| changes.last().map(|(version, _)| version.to_string()))
        .flatten();
    let data: Vec<Value> = changes.into_iter().map(|(_, change)| change).collect();
    ApiResponse::json(
        StatusCode::OK,
        &Page {
            data: &data,
            pagination: Pagination::new(limit, next.as_deref()),
        },
    )
}
