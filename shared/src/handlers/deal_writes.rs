//! The deal write path: read, change, write back conditionally on the version read, retried
//! on lost races; the pipelines a write needs; the deal as the caller may see it.

use std::collections::HashMap;

use futures_util::future::try_join_all;

use super::WRITE_ATTEMPTS;
use crate::auth::Caller;
use crate::clock::Now;
use crate::context::AppContext;
use crate::deal_patch::DealPatch;
use crate::domain;
use crate::error::ApiError;
use crate::http::{ApiRequest, Precondition};
use crate::ids::DealId;
use crate::model::Deal;
use crate::pipeline::{is_built_in_stage, Pipeline, Pipelines, DEFAULT_PIPELINE_ID};
use crate::records::missing_references;
use crate::store::StoreError;

/// Read, change, write back conditionally on the version read. `If-Match` pins the version the
/// client saw; without it a lost race is retried on the fresh deal. `change` answers the new
/// deal and whatever else it loaded to make it.
pub(super) async fn rewrite<T, F>(
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
        if saved_over(ctx, &next, &current).await? {
            return Ok((next, loaded));
        }
        if precondition.pins_version() {
            break;
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
    patch: &DealPatch,
    current: Option<&Deal>,
) -> Result<Pipelines, ApiError> {
    let mut pipelines = Pipelines::subset(Vec::new());
    let load = |id: String| async move { ctx.store.get_pipeline(tenant, &id).await };
    if let Some(current) = current {
        pipelines.extend(load(current.pipeline_id.clone()).await?);
    }
    match (patch.pipeline_id(), patch.stage()) {
        (Some(pipeline_id), _) if pipelines.get(pipeline_id).is_none() => {
            pipelines.extend(load(pipeline_id.to_owned()).await?);
        }
        (None, Some(stage)) if pipelines.find_stage(stage).is_none() => {
            let holder = holder_of(ctx, tenant, stage).await?;
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

/// The pipeline holding a stage: its stage item's, or the built-in default's for its stages.
async fn holder_of(
    ctx: &AppContext,
    tenant: &str,
    stage: &str,
) -> Result<Option<String>, ApiError> {
    Ok(match ctx.store.stage_entry(tenant, stage).await? {
        Some(entry) => Some(entry.pipeline_id),
        None if is_built_in_stage(stage) => Some(DEFAULT_PIPELINE_ID.to_owned()),
        None => None,
    })
}

/// [`pipelines_for`] of many new deals at once, reading each pipeline, stage item and the
/// tenant's default once for all of them: per patch, the pipelines its single create would
/// load; and all of them together.
pub(super) async fn pipelines_for_new(
    ctx: &AppContext,
    tenant: &str,
    patches: &[&DealPatch],
) -> Result<(Vec<Pipelines>, Pipelines), ApiError> {
    let mut stages: Vec<&str> = Vec::new();
    let mut wants_default = false;
    for patch in patches {
        match (patch.pipeline_id(), patch.stage()) {
            (None, Some(stage)) if !stages.contains(&stage) => stages.push(stage),
            (None, None) => wants_default = true,
            _ => {}
        }
    }
    let default = async {
        if !wants_default {
            return Ok(None);
        }
        Ok::<_, ApiError>(Some(ctx.store.default_pipeline(tenant).await?))
    };
    let holders = try_join_all(stages.iter().map(|stage| holder_of(ctx, tenant, stage)));
    let (default, holders) = futures_util::future::try_join(default, holders).await?;
    let holders: HashMap<&str, Option<String>> = stages.into_iter().zip(holders).collect();
    let mut named: Vec<&str> = patches
        .iter()
        .filter_map(|patch| patch.pipeline_id())
        .chain(holders.values().flatten().map(String::as_str))
        .collect();
    named.sort_unstable();
    named.dedup();
    let loaded = try_join_all(named.iter().map(|id| ctx.store.get_pipeline(tenant, id))).await?;
    let loaded: HashMap<&str, Pipeline> = named
        .into_iter()
        .zip(loaded)
        .filter_map(|(id, pipeline)| Some((id, pipeline?)))
        .collect();
    let each = patches
        .iter()
        .map(|patch| {
            let pipeline = match (patch.pipeline_id(), patch.stage()) {
                (Some(id), _) => loaded.get(id).cloned(),
                (None, Some(stage)) => holders
                    .get(stage)
                    .and_then(Option::as_deref)
                    .and_then(|holder| loaded.get(holder))
                    .cloned(),
                (None, None) => default.clone(),
            };
            Pipelines::subset(pipeline.into_iter().collect())
        })
        .collect();
    let mut all = Pipelines::subset(default.into_iter().collect());
    all.extend(loaded.into_values());
    Ok((each, all))
}

/// [`store_if_built_in`] for many new deals, each with the pipelines it was placed among: the
/// built-in default stored once, and every deal placed in it then embeds it as stored.
pub(super) async fn store_if_built_in_for_all<'a>(
    ctx: &AppContext,
    tenant: &str,
    placed: impl Iterator<Item = (&'a mut Pipelines, &'a Deal)>,
    all: &mut Pipelines,
    now: &Now,
) -> Result<(), ApiError> {
    let mut stored: Option<Pipeline> = None;
    for (pipelines, deal) in placed {
        let built_in = pipelines
            .get(&deal.pipeline_id)
            .is_some_and(|pipeline| !pipeline.is_stored());
        if !built_in {
            continue;
        }
        match &stored {
            Some(pipeline) => pipelines.replace(Some(pipeline.clone())),
            None => {
                store_if_built_in(ctx, tenant, pipelines, deal, now).await?;
                stored = pipelines.get(&deal.pipeline_id).cloned();
            }
        }
    }
    all.replace(stored);
    Ok(())
}

/// A deal can enter only a stored stage: the first deal of a tenant whose default pipeline is
/// still the built-in one stores it (and the deal then embeds it as stored).
pub(super) async fn store_if_built_in(
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

/// Writes `next` over `current` if the stored deal is still at the version read; `false` when
/// another write came first. References to records that do not exist are named field by field.
async fn saved_over(ctx: &AppContext, next: &Deal, current: &Deal) -> Result<bool, ApiError> {
    match ctx.store.save_deal(next, current).await {
        Ok(()) => Ok(true),
        Err(StoreError::VersionConflict) => Ok(false),
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
        if saved_over(ctx, &next, &current).await? {
            return Ok(());
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// The deal, if it exists in the caller's tenant (and application); 404 otherwise, including for
/// ids that cannot name a deal, naming the survivor (`merged_into`) for a merged deal.
pub(super) async fn load_visible(
    ctx: &AppContext,
    caller: &Caller,
    id: &str,
) -> Result<Deal, ApiError> {
    let Some(id) = DealId::parse(id) else {
        return Err(ApiError::deal_not_found());
    };
    match ctx.store.get_deal(&caller.tenant_id, id.as_str()).await? {
        Some(deal) if domain::visible_to(&deal, caller) => Ok(deal),
        Some(_) => Err(ApiError::deal_not_found()),
        None => Err(super::deal_lifecycle::not_live(ctx, caller, &id).await),
    }
}

/// A deal read by id, if the caller may see it; 404 otherwise.
pub(super) fn visible(caller: &Caller, found: Option<Deal>) -> Result<Deal, ApiError> {
    match found {
        Some(deal) if domain::visible_to(&deal, caller) => Ok(deal),
        _ => Err(ApiError::deal_not_found()),
    }
}
