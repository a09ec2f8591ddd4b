//! `POST /deals/{id}/restore` and `POST /deals/{id}/merge`, and how reads and writes of a deal
//! that was merged into another are answered.

use http::StatusCode;
use serde_json::Value;

use super::deal_writes::{load_visible, store_if_built_in};
use super::deals::{location_of, respond};
use super::{Params, WRITE_ATTEMPTS};
use crate::auth::Caller;
use crate::clock::Now;
use crate::compat::View;
use crate::context::AppContext;
use crate::domain;
use crate::error::{ApiError, FieldError};
use crate::http::{ApiRequest, ApiResponse, Precondition};
use crate::ids::DealId;
use crate::lifecycle::{self, Gone, LifecycleError, MAX_MERGED_HISTORY};
use crate::model::{AuditEntry, Deal};
use crate::pipeline::Pipelines;
use crate::records::{deal_refs, missing_references};
use crate::store::StoreError;
use crate::validation;

/// How many merges a read follows from an absorbed id to the deal that absorbed it last (a
/// survivor can itself be merged into another deal later).
const MAX_MERGE_HOPS: usize = 5;

/// `POST /deals/{id}/restore[?detach=true]`: a soft-deleted deal back among the live ones (see
/// [`lifecycle::restore`]), answered as GET answers it. A live, unknown, expired (past its 90
/// days) or merged deal is 404, a merged one with `merged_into`. Honours `If-Match` on the
/// tombstone's version.
pub async fn restore_deal(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let mut params = Params::parse(request, &["detach"]);
    let detach = params
        .take("detach", |value| match value {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err("Must be true or false".to_owned()),
        })
        .unwrap_or(false);
    params.finish()?;
    let precondition = Precondition::from_headers(&request.headers)?;
    let Some(id) = DealId::parse(request.path_param("id")) else {
        return Err(ApiError::deal_not_found());
    };
    for _ in 0..WRITE_ATTEMPTS {
        let now = Now::current();
        let tombstone = load_tombstone(ctx, caller, &id, &now).await?;
        precondition.check(tombstone.version)?;
        let (restored, pipelines) = restored(ctx, caller, &tombstone, detach, &now).await?;
        match ctx.store.restore_deal(&restored, &tombstone).await {
            Ok(()) => {
                let includes = View::Crm.all_includes();
                return respond(
                    ctx,
                    caller,
                    View::Crm,
                    StatusCode::OK,
                    &restored,
                    &includes,
                    Some(&pipelines),
                )
                .await;
            }
            Err(StoreError::VersionConflict) if precondition.pins_version() => break,
            // Without detach, what went missing since it was read is named; with it, the next
            // attempt reads it as gone and clears it.
            Err(StoreError::MissingRecords(records)) if !detach => {
                let gone = Gone {
                    records,
                    ..Gone::default()
                };
                return Err(dangling(&tombstone, &gone));
            }
            Err(StoreError::MissingStage) if !detach => {
                let gone = Gone {
                    stage: true,
                    ..Gone::default()
                };
                return Err(dangling(&tombstone, &gone));
            }
            Err(
                StoreError::VersionConflict
                | StoreError::MissingRecords(_)
                | StoreError::MissingStage,
            ) => {}
            Err(other) => return Err(other.into()),
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// The refusal to restore a deal that refers to what is gone.
fn dangling(tombstone: &Deal, gone: &Gone) -> ApiError {
    refusal(LifecycleError::Dangling(lifecycle::dangling_fields(
        tombstone, gone,
    )))
}

/// The caller's restorable tombstone of `id`: 404 when there is none (the deal is live or
/// unknown, or its 90 days are over), and for a merged deal, naming the survivor.
async fn load_tombstone(
    ctx: &AppContext,
    caller: &Caller,
    id: &DealId,
    now: &Now,
) -> Result<Deal, ApiError> {
    let tombstone = ctx
        .store
        .get_tombstone(&caller.tenant_id, id.as_str(), now.unix)
        .await?;
    match tombstone {
        Some(tombstone) if domain::belongs_to(&tombstone, caller) => match &tombstone.merged_into {
            Some(survivor) => Err(ApiError::merged_into(survivor)),
            None => Ok(tombstone),
        },
        _ => Err(ApiError::deal_not_found()),
    }
}

/// The deal a restore of `tombstone` writes, and the pipelines it was placed with: the records
/// it refers to (one BatchGetItem) and its pipeline (one GetItem) read to find what is gone;
/// with `detach` and its stage or pipeline gone, the pipeline it moves to as well.
async fn restored(
    ctx: &AppContext,
    caller: &Caller,
    tombstone: &Deal,
    detach: bool,
    now: &Now,
) -> Result<(Deal, Pipelines), ApiError> {
    let tenant = &caller.tenant_id;
    let as_live = Deal {
        is_deleted: false,
        ..tombstone.clone()
    };
    let referred = deal_refs(&as_live);
    let (related, own) = tokio::join!(
        ctx.store.get_related(tenant, &referred, &[]),
        ctx.store.get_pipeline(tenant, &tombstone.pipeline_id),
    );
    let (found, _) = related?;
    let own = own?;
    let gone = Gone {
        records: referred
            .into_iter()
            .filter(|record| !found.contains_key(record))
            .collect(),
        pipeline: own.is_none(),
        stage: own
            .as_ref()
            .is_some_and(|pipeline| pipeline.stage(&tombstone.stage).is_none()),
    };
    let mut pipelines = Pipelines::subset(own.into_iter().collect());
    let mut relocate_to = None;
    if detach && gone.placement() {
        if gone.pipeline {
            pipelines.extend([ctx.store.default_pipeline(tenant).await?]);
        }
        let target = match pipelines.get(&tombstone.pipeline_id) {
            Some(own) => own.first_stage(),
            None => pipelines.default_pipeline().and_then(|p| p.first_stage()),
        };
        relocate_to = target.cloned();
    }
    let deal = lifecycle::restore(
        tombstone,
        &gone,
        detach,
        relocate_to.as_ref(),
        caller,
        now,
        &pipelines,
    )
    .map_err(refusal)?;
    store_if_built_in(ctx, tenant, &mut pipelines, &deal, now).await?;
    Ok((deal, pipelines))
}

/// `POST /deals/{id}/merge` with `{"from": "deal_…"}`: `{id}` absorbs `from` (see
/// [`lifecycle::merge`]) and is answered as GET answers it. `If-Match` pins the survivor's
/// version. `from` that is `{id}` itself is 400; one that does not exist for the caller (another
/// tenant's or application's, deleted, or merged already) is 404 naming `from`.
pub async fn merge_deals(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let from = merge_source(&request.body)?;
    let precondition = Precondition::from_headers(&request.headers)?;
    let id = request.path_param("id");
    if from == id {
        return Err(refusal(LifecycleError::SelfMerge));
    }
    for _ in 0..WRITE_ATTEMPTS {
        let survivor = load_visible(ctx, caller, id).await?;
        precondition.check(survivor.version)?;
        let absorbed = load_source(ctx, caller, &from).await?;
        let (survivor_history, absorbed_history) =
            tokio::join!(history_of(ctx, &survivor), history_of(ctx, &absorbed));
        let now = Now::current();
        let merge = lifecycle::merge(
            &survivor,
            &absorbed,
            &survivor_history?,
            &absorbed_history?,
            caller,
            &now,
        )
        .map_err(refusal)?;
        match ctx.store.merge_deals(&merge, &survivor, &absorbed).await {
            Ok(()) => {
                let includes = View::Crm.all_includes();
                return respond(
                    ctx,
                    caller,
                    View::Crm,
                    StatusCode::OK,
                    &merge.survivor,
                    &includes,
                    None,
                )
                .await;
            }
            Err(StoreError::VersionConflict) if precondition.pins_version() => break,
            Err(StoreError::VersionConflict) => {}
            Err(StoreError::MissingRecords(missing)) => {
                return Err(missing_references(&merge.survivor, &missing))
            }
            Err(StoreError::ItemTooLarge(size)) => {
                return Err(ApiError::conflict(
                    "from",
                    format!(
                        "The merged deal would take {size} bytes of storage, past what a deal may"
                    ),
                ))
            }
            Err(other) => return Err(other.into()),
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// The merge body: exactly `{"from": "<deal id>"}`.
fn merge_source(body: &[u8]) -> Result<String, ApiError> {
    let body = validation::parse_object(body)?;
    let mut errors = Vec::new();
    let mut from = None;
    for (name, value) in body {
        match (name.as_str(), value) {
            ("from", Value::String(id)) => from = Some(id),
            ("from", _) => errors.push(FieldError::new("from", "Must be a deal id")),
            _ => errors.push(FieldError::new(name, "Unknown field")),
        }
    }
    if from.is_none() && errors.is_empty() {
        errors.push(FieldError::new("from", "from is required"));
    }
    match from {
        Some(from) if errors.is_empty() => Ok(from),
        _ => Err(ApiError::validation(errors)),
    }
}

/// The deal a merge absorbs: 404 naming `from` unless it is one of the caller's live deals (a
/// merged one also names where it went).
async fn load_source(ctx: &AppContext, caller: &Caller, from: &str) -> Result<Deal, ApiError> {
    let mut details = vec![FieldError::new("from", "Deal not found")];
    match find(ctx, caller, from).await? {
        Found::Live(deal) => return Ok(*deal),
        Found::Merged(survivor) => details.push(FieldError::new("merged_into", survivor)),
        Found::Missing => {}
    }
    Err(ApiError::NotFoundWithDetails {
        message: "Deal not found".into(),
        details,
    })
}

/// A deal's whole stage history, oldest first; a history past what a merge reads is
/// [`LifecycleError::HistoryTooLong`].
async fn history_of(ctx: &AppContext, deal: &Deal) -> Result<Vec<AuditEntry>, ApiError> {
    let entries = ctx
        .store
        .deal_history(deal, 0, MAX_MERGED_HISTORY + 1)
        .await?;
    if entries.len() > MAX_MERGED_HISTORY {
        return Err(refusal(LifecycleError::HistoryTooLong));
    }
    Ok(entries.into_iter().map(|(_, entry)| entry).collect())
}

/// What a deal id is to the caller.
enum Found {
    Live(Box<Deal>),
    /// Merged into this deal.
    Merged(String),
    /// Never the caller's, deleted, or no deal id at all.
    Missing,
}

/// The caller's live deal of `id` (one GetItem), else whether it was merged (one more, of its
/// tombstone).
async fn find(ctx: &AppContext, caller: &Caller, id: &str) -> Result<Found, ApiError> {
    let Some(id) = DealId::parse(id) else {
        return Ok(Found::Missing);
    };
    let tenant = &caller.tenant_id;
    match ctx.store.get_deal(tenant, id.as_str()).await? {
        Some(deal) if domain::visible_to(&deal, caller) => return Ok(Found::Live(Box::new(deal))),
        Some(_) => return Ok(Found::Missing),
        None => {}
    }
    Ok(survivor_of(ctx, caller, &id)
        .await?
        .map_or(Found::Missing, Found::Merged))
}

/// The deal the caller's deal `id` was merged into, from its tombstone (one GetItem).
async fn survivor_of(
    ctx: &AppContext,
    caller: &Caller,
    id: &DealId,
) -> Result<Option<String>, ApiError> {
    let tombstone = ctx
        .store
        .get_tombstone(&caller.tenant_id, id.as_str(), Now::current().unix)
        .await?;
    Ok(tombstone
        .filter(|tombstone| domain::belongs_to(tombstone, caller))
        .and_then(|tombstone| tombstone.merged_into))
}

/// Why an id has no live deal of the caller's: merged into another deal (404 naming it), or not
/// found at all. Costs one GetItem of its tombstone.
pub(super) async fn not_live(ctx: &AppContext, caller: &Caller, id: &DealId) -> ApiError {
    match survivor_of(ctx, caller, id).await {
        Ok(Some(survivor)) => ApiError::merged_into(&survivor),
        Ok(None) => ApiError::deal_not_found(),
        Err(error) => error,
    }
}

/// A deal as a read of `id` answers it: the deal, or for a deal merged into another the
/// survivor (as HubSpot answers a merged record), with the survivor's location for a
/// `Content-Location` header.
pub(super) async fn load_following_merges(
    ctx: &AppContext,
    caller: &Caller,
    id: &str,
    view: View,
) -> Result<(Deal, Option<String>), ApiError> {
    let mut current = id.to_owned();
    for hop in 0..=MAX_MERGE_HOPS {
        match find(ctx, caller, &current).await? {
            Found::Live(deal) => {
                let location = (hop > 0).then(|| location_of(view, &deal.id));
                return Ok((*deal, location));
            }
            Found::Merged(survivor) => current = survivor,
            Found::Missing => break,
        }
    }
    Err(ApiError::deal_not_found())
}

/// What the API answers for each refusal of the lifecycle rules.
fn refusal(error: LifecycleError) -> ApiError {
    match error {
        LifecycleError::Dangling(details) => {
            let fields: Vec<&str> = details.iter().map(|d| d.field.as_str()).collect();
            ApiError::Conflict {
                message: format!(
                    "The deal refers to what no longer exists ({}); restore it with detach=true to clear those references",
                    fields.join(", ")
                ),
                details,
            }
        }
        LifecycleError::SelfMerge => {
            ApiError::invalid_field("from", "A deal cannot be merged into itself")
        }
        LifecycleError::MergedFieldInvalid { field, message } => ApiError::conflict(
            field,
            format!("The merged deal's {field} would break its limit: {message}"),
        ),
        LifecycleError::HistoryTooLong => {
            ApiError::conflict("from", "The deals' stage histories are too long to merge")
        }
        LifecycleError::Rule(rule) => rule.into(),
    }
}
