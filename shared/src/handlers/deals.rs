//! `/deals`: list, get, create, update, stage move, soft delete.

use http::StatusCode;
use serde_json::{json, Value};

use super::{patch_body, Page, Pagination, Params, WRITE_ATTEMPTS};
use crate::auth::Caller;
use crate::clock::Now;
use crate::compat::{self, View};
use crate::context::AppContext;
use crate::cursor::{CursorScope, CursorState};
use crate::deal_fields;
use crate::domain;
use crate::error::{ApiError, FieldError};
use crate::http::BASE_PATH;
use crate::http::{ApiRequest, ApiResponse, Precondition};
use crate::include::{embed, Include};
use crate::model::{self, Deal};
use crate::pipeline::{is_built_in_stage, Pipelines, DEFAULT_PIPELINE_ID};
use crate::query::{DealQuery, Filter, Sort};
use crate::records::missing_references;
use crate::records::{RecordKind, RecordRef};
use crate::store::{
    IdempotencyClaim, IdempotencyRecord, Position, ReadPlan, StoreError, Window,
    MAX_ITEMS_EVALUATED_PER_LIST,
};
use crate::validation::{self, Changes, Mode};

/// `GET /deals`: the filter, sort and pagination language of [`crate::query`], read through
/// the index that suits it (see [`ReadPlan`]).
pub async fn list_deals(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    match view {
        View::Crm => list(ctx, request, caller, View::Crm).await,
        View::Documented => {
            let translated = ApiRequest {
                query: compat::list_query(request).map_err(compat::document_query_error)?,
                ..request.clone()
            };
            list(ctx, &translated, caller, View::Documented)
                .await
                .map_err(compat::document_query_error)
        }
    }
}

async fn list(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    let list = ListRequest::parse(request, caller.app_id.clone())?;
    let tenant = &caller.tenant_id;
    let scope = list.cursor_scope(caller, view);
    let plan = ReadPlan::new(tenant, &list.query);
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
        None => counted_total(&list.query),
        Some(_) => None,
    };
    let (page, counted) = tokio::join!(
        ctx.store.find_deals(tenant, &list.query, &plan, &window),
        async {
            match &counted {
                Some(source) => read_count(ctx, tenant, source).await.map(Some),
                None => Ok(None),
            }
        }
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
    let mut deals = embed(&ctx.store, tenant, &page.deals, &list.includes, None).await?;
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
    let pagination = match view {
        View::Crm => pagination,
        View::Documented => {
            deals = deals.iter().map(compat::deal).collect();
            compat::pagination(&pagination)
        }
    };
    ApiResponse::json(
        StatusCode::OK,
        &json!({ "data": deals, "pagination": pagination }),
    )
}

/// Past this many evaluated items a `total` not covered by the counts is reported as a lower
/// bound with `total_estimated: true`.
pub const COUNT_BUDGET: usize = 1000;
/// Offset pagination reads and discards the deals before the page; this is as deep as it goes.
pub const MAX_OFFSET: usize = 5000;

/// Where an exact total is kept, so that it need not be counted.
enum CountedBy {
    /// The tenant's counts: all deals (no filter), a stage's or a pipeline's.
    Tenant(Option<(&'static str, String)>),
    /// A user's or account's `deal_refs`: the live deals that name it.
    Record(RecordRef),
}

/// The kept count that answers this query's total: no filter, or one equality filter on stage,
/// pipeline, owner or account, for a caller not limited to one application.
fn counted_total(query: &DealQuery) -> Option<CountedBy> {
    if query.app_id.is_some() || query.contact_id.is_some() {
        return None;
    }
    match query.filters.as_slice() {
        [] => Some(CountedBy::Tenant(None)),
        [only] => {
            let value = only.equality_value()?.to_owned();
            match only.field {
                "stage" | "pipeline_id" => Some(CountedBy::Tenant(Some((only.field, value)))),
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
        CountedBy::Tenant(dimension) => {
            let counts = ctx.store.deal_counts(tenant).await?;
            match dimension {
                None => counts.all(),
                Some(("stage", stage)) => counts.stage(stage),
                Some((_, pipeline)) => counts.pipeline(pipeline),
            }
        }
        CountedBy::Record(record) => ctx.store.deal_refs_of(tenant, record).await?,
    })
}

/// The parameters of `GET /deals`.
struct ListRequest {
    query: DealQuery,
    includes: Vec<Include>,
    size: usize,
    page: u64,
    cursor: Option<String>,
}

impl ListRequest {
    fn parse(request: &ApiRequest, app_id: Option<String>) -> Result<Self, ApiError> {
        let mut errors = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let mut list = ListRequest {
            query: DealQuery {
                app_id,
                ..DealQuery::default()
            },
            includes: Vec::new(),
            size: super::DEFAULT_PAGE_SIZE,
            page: 1,
            cursor: None,
        };
        let (mut limit, mut per_page, mut page) = (None, None, None);
        for (name, value) in request.query_pairs() {
            if seen.contains(&name) {
                errors.push(FieldError::new(name, "Parameter given more than once"));
                continue;
            }
            seen.push(name.clone());
            let result = match name.as_str() {
                "limit" => super::parse_limit(&value).map(|n| limit = Some(n)),
                "per_page" => super::parse_limit(&value).map(|n| per_page = Some(n)),
                "page" => match value.parse::<u64>() {
                    Ok(n) if n >= 1 => {
                        page = Some(n);
                        Ok(())
                    }
                    _ => Err("Must be an integer from 1".to_owned()),
                },
                "cursor" => {
                    list.cursor = Some(value.clone());
                    Ok(())
                }
                "include" => Include::parse_list(&value).map(|includes| list.includes = includes),
                "sort" => Sort::parse(&value).map(|sort| list.query.sort = sort),
                _ => match Filter::parse(&name, &value) {
                    Ok(filter) => {
                        list.query.filters.push(filter);
                        Ok(())
                    }
                    Err(error) => Err(error.message),
                },
            };
            if let Err(message) = result {
                errors.push(FieldError::new(name, message));
            }
        }
        match (limit, per_page) {
            (Some(a), Some(b)) if a != b => {
                errors.push(FieldError::new("per_page", "limit and per_page disagree"))
            }
            _ => list.size = limit.or(per_page).unwrap_or(super::DEFAULT_PAGE_SIZE),
        }
        if let Some(page) = page {
            if list.cursor.is_some() {
                errors.push(FieldError::new("page", "Use either page or cursor"));
            }
            list.page = page;
            if list.offset() > MAX_OFFSET {
                errors.push(FieldError::new(
                    "page",
                    format!(
                        "Offset pagination reaches {MAX_OFFSET} deals deep; use the cursor beyond"
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        Ok(list)
    }

    /// What a cursor of this list is bound to: the caller, the view, the page size and the
    /// parsed query (so `include`, parameter order and spelling do not matter).
    fn cursor_scope<'a>(&'a self, caller: &'a Caller, view: View) -> CursorScope<'a> {
        CursorScope {
            tenant: &caller.tenant_id,
            app: caller.app_id.as_deref(),
            view,
            page_size: self.size,
            query: &self.query,
        }
    }

    fn offset(&self) -> usize {
        usize::try_from(self.page.saturating_sub(1))
            .unwrap_or(usize::MAX)
            .saturating_mul(self.size)
    }
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

pub async fn get_deal(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    let mut params = Params::parse(request, &["include"]);
    let includes = match view {
        View::Crm => params.take("include", Include::parse_list),
        View::Documented => params.take("include", compat::includes),
    }
    .unwrap_or_else(|| view.all_includes());
    params.finish().map_err(|error| view.error(error))?;
    let deal = load_visible(ctx, caller, request.path_param("id")).await?;
    respond(ctx, caller, view, StatusCode::OK, &deal, &includes, None).await
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
    let claim = match idempotency_key(request)? {
        Some(key) => {
            let claim = IdempotencyClaim {
                key,
                app_id: caller.app_id.clone(),
                view: view.name(),
                request_hash: request_hash(request),
                now: now.unix,
            };
            if let Some(earlier) = ctx
                .store
                .idempotency_record(&caller.tenant_id, &claim)
                .await?
            {
                return replay(ctx, caller, view, &earlier, &claim).await;
            }
            Some(claim)
        }
        None => None,
    };
    let body = validation::parse_object(&request.body)?;
    let changes = view.deal_changes(body, Mode::Create)?;
    let mut pipelines = pipelines_for(ctx, &caller.tenant_id, &changes, None).await?;
    let mut deal =
        domain::new_deal(caller, &changes, &now, &pipelines).map_err(|e| view.error(e.into()))?;
    store_if_built_in(ctx, &caller.tenant_id, &mut pipelines, &deal, &now).await?;
    match ctx
        .store
        .insert_deal(&mut deal, now.year, claim.as_ref())
        .await
    {
        Err(StoreError::MissingRecords(missing)) => {
            return Err(view.error(missing_references(&deal, &missing)))
        }
        Err(error @ (StoreError::MissingStage | StoreError::StageClosing)) => {
            return Err(view.error(ApiError::from(error)))
        }
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
        result => result?,
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

fn location_of(view: View, id: &str) -> String {
    match view {
        View::Crm => format!("{BASE_PATH}/deals/{id}"),
        View::Documented => format!("{}/{id}", compat::BASE_PATH),
    }
}

/// Longest `Idempotency-Key` accepted.
const MAX_IDEMPOTENCY_KEY: usize = 255;

fn idempotency_key(request: &ApiRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = request.headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or_default().trim();
    let valid =
        (1..=MAX_IDEMPOTENCY_KEY).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic());
    if valid {
        Ok(Some(key.to_owned()))
    } else {
        Err(ApiError::InvalidRequest {
            message: "Idempotency-Key must be 1 to 255 printable ASCII characters".into(),
            details: vec![FieldError::new(
                "Idempotency-Key",
                "Must be 1 to 255 printable ASCII characters",
            )],
        })
    }
}

/// What the request asks for: its path (which view) and its exact body.
fn request_hash(request: &ApiRequest) -> String {
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    context.update(request.path.as_bytes());
    context.update(&[0]);
    context.update(&request.body);
    context
        .finish()
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The answer to a repeated key: the first response again, or 409 for another body.
async fn replay(
    ctx: &AppContext,
    caller: &Caller,
    view: View,
    earlier: &IdempotencyRecord,
    claim: &IdempotencyClaim,
) -> Result<ApiResponse, ApiError> {
    if earlier.request_hash != claim.request_hash {
        return Err(ApiError::conflict(
            "Idempotency-Key",
            "This Idempotency-Key was used with a different request",
        ));
    }
    let response = match &earlier.response {
        Some(body) => {
            let body: Value = serde_json::from_str(body).map_err(|error| {
                ApiError::Internal(format!("stored response is not JSON: {error}"))
            })?;
            ApiResponse::json(StatusCode::CREATED, &body)?.with_version(1)
        }
        None => {
            let deal = ctx
                .store
                .get_deal(&caller.tenant_id, &earlier.deal_id)
                .await?
                .ok_or_else(ApiError::deal_not_found)?;
            let includes = view.all_includes();
            respond(
                ctx,
                caller,
                view,
                StatusCode::CREATED,
                &deal,
                &includes,
                None,
            )
            .await?
        }
    };
    Ok(response
        .with_header(http::header::LOCATION, &location_of(view, &earlier.deal_id))
        .with_header(http::HeaderName::from_static("idempotent-replayed"), "true"))
}

pub async fn update_deal(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    let changes = view.deal_changes(patch_body(request)?, Mode::Update)?;
    save_changes(ctx, request, caller, view, &changes, |error| {
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
    save_changes(ctx, request, caller, view, &changes, |error| match view {
        View::Crm => error.renaming_fields(rename),
        View::Documented => compat::stage_move_error(error),
    })
    .await
}

/// PATCH and stage move alike: the deal rewritten with `changes`, answered with everything
/// embedded; `name_errors` words refusals for the request's view.
async fn save_changes(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
    changes: &Changes,
    name_errors: impl Fn(ApiError) -> ApiError,
) -> Result<ApiResponse, ApiError> {
    let (deal, pipelines) = rewrite(ctx, request, caller, |current| async move {
        let mut pipelines = pipelines_for(ctx, &caller.tenant_id, changes, Some(&current)).await?;
        let now = Now::current();
        let next = domain::update_deal(&current, changes, caller, &now, &pipelines)?;
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
    Ok(
        ApiResponse::data(StatusCode::OK, &json!({ "deleted": true }))?
            .with_version(tombstone.version),
    )
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

/// Read, change, write back conditionally on the version read. `If-Match` pins the version the
/// client saw; without it a lost race is retried on the fresh deal. `change` answers the new
/// deal and whatever else it loaded to make it.
async fn rewrite<T, F>(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    change: impl Fn(Deal) -> F,
) -> Result<(Deal, T), ApiError>
where
    F: std::future::Future<Output = Result<(Deal, T), ApiError>>,
{
    let precondition = Precondition::from_headers(&request.headers)?;
    let id = request.path_param("id");
    for _ in 0..WRITE_ATTEMPTS {
        let current = load_visible(ctx, caller, id).await?;
        precondition.check(current.version)?;
        let (next, loaded) = change(current.clone()).await?;
        match save(ctx, &next, &current).await {
            Err(ApiError::Conflict { .. }) if !precondition.pins_version() => continue,
            result => return result.map(|()| (next, loaded)),
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// The pipelines a deal write needs, and no others: the deal's own (the stage it leaves), the
/// one it names, the one holding the stage it names, or the tenant's default for a new deal
/// that names neither. One GetItem each (a stage named alone costs one more, of its small
/// stage item).
pub(crate) async fn pipelines_for(
    ctx: &AppContext,
    tenant: &str,
    changes: &Changes,
    current: Option<&Deal>,
) -> Result<Pipelines, ApiError> {
    let mut pipelines = Pipelines::subset(Vec::new());
    let load = |id: String| async move { ctx.store.get_pipeline(tenant, &id).await };
    if let Some(current) = current {
        pipelines.extend(load(current.pipeline_id.clone()).await?);
    }
    let (pipeline_id, stage) = (changes.get_str("pipeline_id"), changes.get_str("stage"));
    match (pipeline_id, stage) {
        (Some(pipeline_id), _) if pipelines.get(pipeline_id).is_none() => {
            pipelines.extend(load(pipeline_id.to_owned()).await?);
        }
        (None, Some(stage)) if pipelines.find_stage(stage).is_none() => {
            let holder = match ctx.store.stage_entry(tenant, stage).await? {
                Some(entry) => Some(entry.pipeline_id),
                None if is_built_in_stage(stage) => Some(DEFAULT_PIPELINE_ID.to_owned()),
                None => None,
            };
            if let Some(holder) = holder.filter(|id| pipelines.get(id).is_none()) {
                pipelines.extend(load(holder).await?);
            }
        }
        (None, None) if current.is_none() => {
            pipelines.extend(Some(ctx.store.default_pipeline(tenant).await?));
        }
        _ => {}
    }
    Ok(pipelines)
}

/// A deal can enter only a stored stage: the first deal of a tenant whose default pipeline is
/// still the built-in one stores it (and the deal then embeds it as stored).
async fn store_if_built_in(
    ctx: &AppContext,
    tenant: &str,
    pipelines: &mut Pipelines,
    deal: &Deal,
    now: &Now,
) -> Result<(), ApiError> {
    if pipelines
        .get(&deal.pipeline_id)
        .is_some_and(|pipeline| !pipeline.is_stored())
    {
        ctx.store
            .store_default_pipeline(tenant, &now.timestamp)
            .await?;
        let stored = ctx.store.get_pipeline(tenant, &deal.pipeline_id).await?;
        pipelines.replace(stored);
    }
    Ok(())
}

/// Writes a changed deal; references to records that do not exist are named field by field.
pub(crate) async fn save(ctx: &AppContext, next: &Deal, current: &Deal) -> Result<(), ApiError> {
    match ctx.store.save_deal(next, current).await {
        Ok(()) => Ok(()),
        Err(StoreError::MissingRecords(missing)) => Err(missing_references(next, &missing)),
        Err(other) => Err(other.into()),
    }
}

/// Applies `change` to a deal the server itself is rewriting (a stage deletion moving its deals,
/// a record deletion detaching them), re-reading and retrying on races. `change` answers `None`
/// when the fresh deal needs nothing.
pub(crate) async fn rewrite_by_server<F>(
    ctx: &AppContext,
    tenant: &str,
    id: &str,
    change: impl Fn(Deal) -> F,
) -> Result<(), ApiError>
where
    F: std::future::Future<Output = Result<Option<Deal>, ApiError>>,
{
    for _ in 0..WRITE_ATTEMPTS {
        let Some(current) = ctx.store.get_deal(tenant, id).await? else {
            return Ok(());
        };
        let Some(next) = change(current.clone()).await? else {
            return Ok(());
        };
        match save(ctx, &next, &current).await {
            Err(ApiError::Conflict { .. }) => continue,
            result => return result,
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// The deal, if it exists in the caller's tenant (and application); 404 otherwise, including for
/// ids that cannot name a deal.
async fn load_visible(ctx: &AppContext, caller: &Caller, id: &str) -> Result<Deal, ApiError> {
    if !model::is_deal_id(id) {
        return Err(ApiError::deal_not_found());
    }
    match ctx.store.get_deal(&caller.tenant_id, id).await? {
        Some(deal) if domain::visible_to(&deal, caller) => Ok(deal),
        _ => Err(ApiError::deal_not_found()),
    }
}

/// One deal with its includes, and its version as ETag.
#[allow(clippy::too_many_arguments)]
async fn respond(
    ctx: &AppContext,
    caller: &Caller,
    view: View,
    status: StatusCode,
    deal: &Deal,
    includes: &[Include],
    pipelines: Option<&Pipelines>,
) -> Result<ApiResponse, ApiError> {
    let embedded = embed(
        &ctx.store,
        &caller.tenant_id,
        std::slice::from_ref(deal),
        includes,
        pipelines,
    )
    .await?;
    let data = embedded.into_iter().next().unwrap_or(Value::Null);
    let data = match view {
        View::Crm => data,
        View::Documented => compat::deal(&data),
    };
    Ok(ApiResponse::data(status, &data)?.with_version(deal.version))
}

impl View {
    fn deal_changes(
        self,
        body: serde_json::Map<String, Value>,
        mode: Mode,
    ) -> Result<Changes, ApiError> {
        match self {
            View::Crm => deal_fields::validate_deal_fields(body, mode),
            View::Documented => compat::deal_changes(body, mode),
        }
    }

    /// What GET of one deal and every write embed.
    fn all_includes(self) -> Vec<Include> {
        match self {
            View::Crm => Include::ALL.to_vec(),
            View::Documented => compat::ALL_INCLUDES.to_vec(),
        }
    }

    /// An error with its fields named as this view names them.
    fn error(self, error: ApiError) -> ApiError {
        match self {
            View::Crm => error,
            View::Documented => compat::document_error(error),
        }
    }
}
