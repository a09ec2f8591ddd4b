//! `/deals`: list, get, create, update, stage move, soft delete.

use http::StatusCode;
use serde_json::{json, Value};

use super::{patch_body, Page, Pagination, Params, WRITE_ATTEMPTS};
use crate::auth::scopes::{READ_DEALS, WRITE_DEALS};
use crate::auth::Caller;
use crate::clock::Now;
use crate::context::AppContext;
use crate::domain;
use crate::error::ApiError;
use crate::http::{ApiRequest, ApiResponse, Precondition};
use crate::include::{embed, Include};
use crate::model::{self, Deal};
use crate::pipeline::Pipelines;
use crate::records::missing_references;
use crate::routes::BASE_PATH;
use crate::store::{DealFilter, StoreError};
use crate::validation::{self, Mode};

pub async fn list_deals(ctx: &AppContext, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
    let caller = ctx.authorize(request, READ_DEALS)?;
    let mut params = Params::parse(
        request,
        &[
            "limit",
            "cursor",
            "stage",
            "owner_id",
            "account_id",
            "pipeline_id",
            "include",
        ],
    );
    let (limit, after) = params.page(model::is_deal_id);
    let mut filter_value = |name: &str, rule| params.take(name, |value| filter(name, rule, value));
    let filter = DealFilter {
        stage: filter_value("stage", validation::Rule::EntityId),
        owner_id: filter_value("owner_id", validation::Rule::PrefixedId("usr-")),
        account_id: filter_value("account_id", validation::Rule::PrefixedId("acc-")),
        pipeline_id: filter_value("pipeline_id", validation::Rule::EntityId),
        contact_id: None,
        app_id: caller.app_id.clone(),
    };
    let includes = params
        .take("include", Include::parse_list)
        .unwrap_or_default();
    params.finish()?;
    let page = ctx
        .store
        .list_deals(&caller.tenant_id, &filter, limit, after.as_deref())
        .await?;
    let deals = embed(&ctx.store, &caller.tenant_id, &page.deals, &includes, None).await?;
    ApiResponse::json(
        StatusCode::OK,
        &Page {
            data: &deals,
            pagination: Pagination::new(limit, page.next_after.as_deref()),
        },
    )
}

pub async fn get_deal(ctx: &AppContext, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
    let caller = ctx.authorize(request, READ_DEALS)?;
    let mut params = Params::parse(request, &["include"]);
    let includes = params
        .take("include", Include::parse_list)
        .unwrap_or_else(|| Include::ALL.to_vec());
    params.finish()?;
    let deal = load_visible(ctx, &caller, request.path_param("id")).await?;
    respond(ctx, &caller, StatusCode::OK, &deal, &includes, None).await
}

pub async fn create_deal(ctx: &AppContext, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
    let caller = ctx.authorize(request, WRITE_DEALS)?;
    let body = validation::parse_object(&request.body)?;
    let changes = validation::validate_deal_fields(body, Mode::Create)?;
    let now = Now::current();
    let pipelines = ctx.store.load_pipelines(&caller.tenant_id).await?;
    let mut deal = domain::new_deal(&caller, &changes, &now, &pipelines)?;
    match ctx.store.insert_deal(&mut deal, now.year).await {
        Err(StoreError::MissingRecords(missing)) => {
            return Err(missing_references(&deal, &missing))
        }
        result => result?,
    }
    let location = format!("{BASE_PATH}/deals/{}", deal.id);
    Ok(respond(
        ctx,
        &caller,
        StatusCode::CREATED,
        &deal,
        &Include::ALL,
        Some(&pipelines),
    )
    .await?
    .with_header(http::header::LOCATION, &location))
}

pub async fn update_deal(ctx: &AppContext, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
    let caller = ctx.authorize(request, WRITE_DEALS)?;
    let changes = validation::validate_deal_fields(patch_body(request)?, Mode::Update)?;
    let pipelines = ctx.store.load_pipelines(&caller.tenant_id).await?;
    let deal = rewrite(ctx, request, &caller, |current| {
        domain::update_deal(current, &changes, &caller, &Now::current(), &pipelines)
    })
    .await?;
    respond(
        ctx,
        &caller,
        StatusCode::OK,
        &deal,
        &Include::ALL,
        Some(&pipelines),
    )
    .await
}

pub async fn update_deal_stage(
    ctx: &AppContext,
    request: &ApiRequest,
) -> Result<ApiResponse, ApiError> {
    let caller = ctx.authorize(request, WRITE_DEALS)?;
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
    let changes = validation::validate_stage_body(body)?;
    let pipelines = ctx.store.load_pipelines(&caller.tenant_id).await?;
    let deal = rewrite(ctx, request, &caller, |current| {
        domain::update_deal(current, &changes, &caller, &Now::current(), &pipelines)
    })
    .await
    .map_err(|error| error.renaming_fields(rename))?;
    respond(
        ctx,
        &caller,
        StatusCode::OK,
        &deal,
        &Include::ALL,
        Some(&pipelines),
    )
    .await
}

pub async fn delete_deal(ctx: &AppContext, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
    let caller = ctx.authorize(request, WRITE_DEALS)?;
    let now = Now::current();
    let tombstone = rewrite(ctx, request, &caller, |current| {
        Ok(domain::delete_deal(current, &caller, &now))
    })
    .await?;
    Ok(
        ApiResponse::data(StatusCode::OK, &json!({ "deleted": true }))?
            .with_version(tombstone.version),
    )
}

/// Read, change, write back conditionally on the version read. `If-Match` pins the version the
/// client saw; without it a lost race is retried on the fresh deal.
async fn rewrite(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    change: impl Fn(&Deal) -> Result<Deal, ApiError>,
) -> Result<Deal, ApiError> {
    let precondition = Precondition::from_headers(&request.headers)?;
    let id = request.path_param("id");
    for _ in 0..WRITE_ATTEMPTS {
        let current = load_visible(ctx, caller, id).await?;
        precondition.check(current.version)?;
        let next = change(&current)?;
        match save(ctx, &next, &current).await {
            Err(ApiError::Conflict { .. }) if !precondition.pins_version() => continue,
            result => return result.map(|()| next),
        }
    }
    Err(StoreError::VersionConflict.into())
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
pub(crate) async fn rewrite_by_server(
    ctx: &AppContext,
    tenant: &str,
    id: &str,
    change: impl Fn(&Deal) -> Result<Option<Deal>, ApiError>,
) -> Result<(), ApiError> {
    for _ in 0..WRITE_ATTEMPTS {
        let Some(current) = ctx.store.get_deal(tenant, id).await? else {
            return Ok(());
        };
        let Some(next) = change(&current)? else {
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
async fn respond(
    ctx: &AppContext,
    caller: &Caller,
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
    Ok(ApiResponse::data(status, &data)?.with_version(deal.version))
}

/// A filter value is checked by the rule of the field it filters.
fn filter(field: &str, rule: validation::Rule, value: &str) -> Result<String, String> {
    let checked = validation::check_value(field, rule, &Value::String(value.to_owned()))?;
    checked
        .as_str()
        .map(String::from)
        .ok_or_else(|| "Must not be empty".to_owned())
}
