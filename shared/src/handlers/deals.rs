//! `/deals`: list, get, create, update, stage move, soft delete.

use http::StatusCode;
use serde_json::{json, Value};

use super::deal_writes::{load_visible, pipelines_for, rewrite, store_if_built_in};
use super::idempotency::{idempotency_key, replay, request_hash};
use super::{deal_lifecycle, deal_list};
use super::{patch_body, Page, Pagination, Params};
use crate::auth::Caller;
use crate::clock::Now;
use crate::compat::{self, View};
use crate::context::AppContext;
use crate::deal_fields;
use crate::deal_patch::DealPatch;
use crate::domain;
use crate::error::ApiError;
use crate::http::BASE_PATH;
use crate::http::{ApiRequest, ApiResponse};
use crate::include::{embed, Include};
use crate::model::Deal;
use crate::pipeline::Pipelines;
use crate::records::missing_references;
use crate::store::{IdempotencyClaim, StoreError};
use crate::validation::{self, Mode};

/// `GET /deals`: the filter, sort and pagination language of [`crate::query`], read through
/// the index that suits it (see [`crate::store::ReadPlan`]).
pub async fn list_deals(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    match view {
        View::Crm => deal_list::list(ctx, request, caller, View::Crm).await,
        View::Documented => {
            let translated = ApiRequest {
                query: compat::list_query(request).map_err(compat::document_query_error)?,
                ..request.clone()
            };
            deal_list::list(ctx, &translated, caller, View::Documented)
                .await
                .map_err(compat::document_query_error)
        }
    }
}

/// `GET /deals/{id}`; the id of a deal merged into another answers the survivor, with
/// `Content-Location` naming it.
pub async fn get_deal(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    let mut params = Params::with_lists(request, &["include"], &["include"]);
    let includes = params
        .take("include", |value| includes_named(view, value))
        .unwrap_or_else(|| view.all_includes());
    params.finish().map_err(|error| view.error(error))?;
    let (deal, survivor) =
        deal_lifecycle::load_following_merges(ctx, caller, request.path_param("id"), view).await?;
    let response = respond(ctx, caller, view, StatusCode::OK, &deal, &includes, None).await?;
    Ok(match survivor {
        Some(location) => response.with_header(http::header::CONTENT_LOCATION, &location),
        None => response,
    })
}

/// `POST /deals`. With an `Idempotency-Key` header, a repeat of the same request (same key, same
/// body, within 24 hours) answers the first response again and creates nothing; the same key with
/// another body is 409.
pub async fn create_deal(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    let now = Now::current();
    let claim = idempotency_claim(request, caller, view, &now)?;
    if let Some(claim) = &claim {
        if let Some(earlier) = ctx
            .store
            .idempotency_record(&caller.tenant_id, claim)
            .await?
        {
            return replay(ctx, caller, view, &earlier, claim).await;
        }
    }
    let patch = new_deal_patch(view, &request.body)?;
    let mut pipelines = pipelines_for(ctx, &caller.tenant_id, &patch, None).await?;
    let mut deal = new_deal(caller, view, &patch, &now, &pipelines)?;
    store_if_built_in(ctx, &caller.tenant_id, &mut pipelines, &deal, &now).await?;
    match ctx
        .store
        .insert_deal(&mut deal, now.year, claim.as_ref())
        .await
    {
        Err(StoreError::IdempotencyKeyTaken) => {
            // Another request with this key won the race; answer as a repeat of it.
            let claim = claim.as_ref().ok_or(StoreError::IdempotencyKeyTaken)?;
            let earlier = ctx
                .store
                .idempotency_record(&caller.tenant_id, claim)
                .await?
                .ok_or(StoreError::IdempotencyKeyTaken)?;
            return replay(ctx, caller, view, &earlier, claim).await;
        }
        Err(error) => return Err(create_refused(view, &deal, error)),
        Ok(()) => {}
    }
    let response = respond(
        ctx,
        caller,
        view,
        StatusCode::CREATED,
        &deal,
        &view.all_includes(),
        Some(&pipelines),
    )
    .await?
    .with_header(http::header::LOCATION, &location_of(view, &deal.id));
    if let Some(claim) = &claim {
        let body = String::from_utf8_lossy(&response.body);
        ctx.store
            .remember_response(&caller.tenant_id, claim, &body)
            .await;
    }
    Ok(response)
}

/// What an `Idempotency-Key` on a create claims, if the request has one.
pub(super) fn idempotency_claim(
    request: &ApiRequest,
    caller: &Caller,
    view: View,
    now: &Now,
) -> Result<Option<IdempotencyClaim>, ApiError> {
    Ok(idempotency_key(request)?.map(|key| IdempotencyClaim {
        key,
        app_id: caller.app_id.clone(),
        view: view.name(),
        request_hash: request_hash(request),
        now: now.unix,
    }))
}

/// A create body, checked by the view's field table.
pub(super) fn new_deal_patch(view: View, body: &[u8]) -> Result<DealPatch, ApiError> {
    let body = validation::parse_object(body)?;
    view.deal_patch(body, Mode::Create)
}

/// The deal a create makes of `patch`, placed among `pipelines`, or the rule it breaks.
pub(super) fn new_deal(
    caller: &Caller,
    view: View,
    patch: &DealPatch,
    now: &Now,
    pipelines: &Pipelines,
) -> Result<Deal, ApiError> {
    domain::new_deal(caller, patch, now, pipelines).map_err(|e| view.error(e.into()))
}

/// The answer to a create the store refused (other than for its idempotency key): the records
/// or the stage it names that are missing, named as the view names them.
pub(super) fn create_refused(view: View, deal: &Deal, error: StoreError) -> ApiError {
    match error {
        StoreError::MissingRecords(missing) => view.error(missing_references(deal, &missing)),
        error @ (StoreError::MissingStage | StoreError::StageClosing) => {
            view.error(ApiError::from(error))
        }
        other => other.into(),
    }
}

/// `include=` of one deal's answer, as the view spells it.
pub(super) fn includes_named(view: View, value: &str) -> Result<Vec<Include>, String> {
    match view {
        View::Crm => Include::parse_list(value),
        View::Documented => compat::includes(value),
    }
}

pub(super) fn location_of(view: View, id: &str) -> String {
    match view {
        View::Crm => format!("{BASE_PATH}/deals/{id}"),
        View::Documented => format!("{}/{id}", compat::BASE_PATH),
    }
}

pub async fn update_deal(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    let patch = view.deal_patch(patch_body(request)?, Mode::Update)?;
    save_changes(ctx, request, caller, view, &patch, |error| {
        view.error(error)
    })
    .await
}

pub async fn update_deal_stage(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    let body = if request.body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Map::new()
    } else {
        validation::parse_object(&request.body)?
    };
    // Errors about the stage name the key the client used.
    let stage_key = if body.contains_key("stage") {
        "stage"
    } else {
        "stage_id"
    };
    let rename = |field: &str| (field == "stage").then(|| stage_key.to_owned());
    let changes = deal_fields::validate_stage_body(body).map_err(|error| match view {
        View::Crm => error,
        View::Documented => compat::stage_move_error(error),
    })?;
    let patch = DealPatch::from_changes(changes)?;
    save_changes(ctx, request, caller, view, &patch, |error| match view {
        View::Crm => error.renaming_fields(rename),
        View::Documented => compat::stage_move_error(error),
    })
    .await
}

/// PATCH and stage move alike: the deal rewritten with `patch`, answered with everything
/// embedded; `name_errors` words refusals for the request's view.
async fn save_changes(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
    patch: &DealPatch,
    name_errors: impl Fn(ApiError) -> ApiError,
) -> Result<ApiResponse, ApiError> {
    let (deal, pipelines) = rewrite(ctx, request, caller, |current| async move {
        let mut pipelines = pipelines_for(ctx, &caller.tenant_id, patch, Some(&current)).await?;
        let now = Now::current();
        let next = domain::update_deal(&current, patch, caller, &now, &pipelines)?;
        store_if_built_in(ctx, &caller.tenant_id, &mut pipelines, &next, &now).await?;
        Ok((next, pipelines))
    })
    .await
    .map_err(name_errors)?;
    let includes = view.all_includes();
    respond(
        ctx,
        caller,
        view,
        StatusCode::OK,
        &deal,
        &includes,
        Some(&pipelines),
    )
    .await
}

pub async fn delete_deal(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let now = Now::current();
    let (tombstone, ()) = rewrite(ctx, request, caller, |current| {
        let tombstone = domain::delete_deal(&current, caller, &now);
        async move { Ok((tombstone, ())) }
    })
    .await?;
    Ok(ApiResponse::deleted()?.with_version(tombstone.version))
}

/// `GET /deals/{id}/history`: every stage change of a deal, oldest first, including those
/// moved out of its inline `audit_log`; each with its sequence number.
pub async fn list_deal_history(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let mut params = Params::parse(request, &["limit", "cursor"]);
    let (limit, after) =
        params.page(|position| position.parse::<u64>().is_ok_and(|seq| seq < u64::MAX));
    params.finish()?;
    let deal = load_visible(ctx, caller, request.path_param("id")).await?;
    let from = after
        .and_then(|position| position.parse::<u64>().ok())
        .map_or(0, |seq| seq + 1);
    let mut entries = ctx.store.deal_history(&deal, from, limit + 1).await?;
    let more = entries.len() > limit;
    entries.truncate(limit);
    let next = more
        .then(|| entries.last().map(|(seq, _)| seq.to_string()))
        .flatten();
    let data: Vec<Value> = entries
        .into_iter()
        .map(|(seq, entry)| json!({"seq": seq, "from": entry.from, "to": entry.to, "at": entry.at, "by": entry.by}))
        .collect();
    ApiResponse::json(
        StatusCode::OK,
        &Page {
            data: &data,
            pagination: Pagination::new(limit, next.as_deref()),
        },
    )
}

/// One deal with its includes, and its version as ETag.
#[allow(clippy::too_many_arguments)]
pub(super) async fn respond(
    ctx: &AppContext,
    caller: &Caller,
    view: View,
    status: StatusCode,
    deal: &Deal,
    includes: &[Include],
    pipelines: Option<&Pipelines>,
) -> Result<ApiResponse, ApiError> {
    let data = render(
        ctx,
        caller,
        view,
        std::slice::from_ref(deal),
        includes,
        pipelines,
    )
    .await?
    .into_iter()
    .next()
    .unwrap_or(Value::Null);
    Ok(ApiResponse::data(status, &data)?.with_version(deal.version))
}

/// Deals as one deal's answer shows each (its `data`): with their includes, in the view's shape.
pub(super) async fn render(
    ctx: &AppContext,
    caller: &Caller,
    view: View,
    deals: &[Deal],
    includes: &[Include],
    pipelines: Option<&Pipelines>,
) -> Result<Vec<Value>, ApiError> {
    let embedded = embed(&ctx.store, &caller.tenant_id, deals, includes, pipelines).await?;
    Ok(embedded
        .into_iter()
        .map(|data| in_view(view, data))
        .collect())
}

/// An embedded deal as the view shows it.
pub(super) fn in_view(view: View, data: Value) -> Value {
    match view {
        View::Crm => data,
        View::Documented => compat::deal(&data),
    }
}
