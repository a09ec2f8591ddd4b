//! `/pipelines`, `/pipelines/{id}/stages` and `/stages`.

use http::StatusCode;

use super::deal_writes::rewrite_by_server;
use super::{patch_body, Params, WRITE_ATTEMPTS};
use crate::auth::Caller;
use crate::clock::Now;
use crate::context::AppContext;
use crate::domain;
use crate::error::{error_chain, ApiError, FieldError};
use crate::http::BASE_PATH;
use crate::http::{ApiRequest, ApiResponse};
use crate::ids::StageId;
use crate::pipeline::{
    apply_stage_changes, default_stage_copies, new_pipeline_id, new_stage_id, new_stages, position,
    stage_from, validate_pipeline, validate_stage, Pipeline, Pipelines, RuleError, Stage,
};
use crate::query::DealQuery;
use crate::store::StoreError;
use crate::validation::{self, Mode, ENTITY_ID_MESSAGE};

/// A stage deletion with `move_to` makes at most this many passes over the stage's deals
/// (deals may arrive while it moves them) before answering 409.
const MOVE_PASSES: usize = 3;

pub async fn list_pipelines(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    Params::parse(request, &[]).finish()?;
    let pipelines = ctx.store.load_pipelines(&caller.tenant_id).await?;
    ApiResponse::data(StatusCode::OK, &pipelines.pipelines)
}

pub async fn get_pipeline(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let pipeline = find_pipeline(ctx, caller, request.path_param("id")).await?;
    Ok(ApiResponse::data(StatusCode::OK, &pipeline)?.with_version(pipeline.version))
}

pub async fn list_pipeline_stages(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let pipeline = find_pipeline(ctx, caller, request.path_param("id")).await?;
    ApiResponse::data(StatusCode::OK, &pipeline.stages)
}

/// Every stage of the tenant, by pipeline then position: what a board needs in one call.
pub async fn list_stages(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    Params::parse(request, &[]).finish()?;
    let pipelines = ctx.store.load_pipelines(&caller.tenant_id).await?;
    let stages: Vec<&Stage> = pipelines.all_stages().collect();
    ApiResponse::data(StatusCode::OK, &stages)
}

/// `{"name": …, "stages": [{name, color?, kind?, probability?}, …]}`; without `stages` the new
/// pipeline gets a copy of the default stages (with ids of its own).
pub async fn create_pipeline(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let mut body = validation::parse_object(&request.body)?;
    let stages_given = body.remove("stages");
    let mut errors = Vec::new();
    let changes = match validate_pipeline(body, Mode::Create) {
        Ok(changes) => Some(changes),
        Err(error) => {
            errors.extend(error.details().iter().cloned());
            None
        }
    };
    let id = new_pipeline_id();
    let stages = match stages_given {
        None => Some(default_stage_copies(&id)),
        Some(value) => new_stages(&id, &value, &mut errors),
    };
    let (Some(changes), Some(stages), true) = (changes, stages, errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let now = Now::current();
    let pipeline = Pipeline {
        id,
        name: changes.get_str("name").unwrap_or_default().to_owned(),
        stages,
        created_at: Some(now.timestamp.clone()),
        updated_at: Some(now.timestamp.clone()),
        version: 1,
    };
    // Before a tenant's second pipeline exists its built-in default is stored, so that "the
    // default pipeline" keeps meaning the same one.
    ctx.store
        .store_default_pipeline(&caller.tenant_id, &now.timestamp)
        .await?;
    ctx.store
        .save_pipeline(&caller.tenant_id, &pipeline, None, &[])
        .await?;
    let location = format!("{BASE_PATH}/pipelines/{}", pipeline.id);
    ApiResponse::created(&pipeline, pipeline.version, &location)
}

pub async fn update_pipeline(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let changes = validate_pipeline(patch_body(request)?, Mode::Update)?;
    let (pipeline, ()) = change_pipeline(ctx, caller, request.path_param("id"), |pipeline| {
        if let Some(name) = changes.get_str("name") {
            pipeline.name = name.to_owned();
        }
        Ok(())
    })
    .await?;
    Ok(ApiResponse::data(StatusCode::OK, &pipeline)?.with_version(pipeline.version))
}

/// Deletes a pipeline and its stages in one transaction, which fails (409) while a deal is in
/// one of them, and for the tenant's last pipeline.
pub async fn delete_pipeline(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let pipeline = find_pipeline(ctx, caller, request.path_param("id")).await?;
    if !pipeline.is_stored() {
        return Err(StoreError::LastPipeline.into());
    }
    match ctx
        .store
        .delete_pipeline(&caller.tenant_id, &pipeline)
        .await
    {
        Err(StoreError::StageInUse(stage)) => Err(ApiError::conflict(
            "id",
            format!("Deals are in stage {stage}: move or delete them first"),
        )),
        result => {
            result?;
            ApiResponse::deleted()
        }
    }
}

pub async fn create_stage(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let body = validation::parse_object(&request.body)?;
    let changes = validate_stage(body, Mode::Create)?;
    let stage_id = new_stage_id();
    let (pipeline, stage) = change_pipeline(ctx, caller, request.path_param("id"), |pipeline| {
        let stage = stage_from(&stage_id, &pipeline.id, &changes);
        pipeline.insert_stage(stage, position(&changes))?;
        pipeline
            .stage(&stage_id)
            .cloned()
            .ok_or_else(|| ApiError::Internal("inserted stage is missing".into()))
    })
    .await?;
    let location = format!("{BASE_PATH}/pipelines/{}/stages/{}", pipeline.id, stage.id);
    ApiResponse::created(&stage, pipeline.version, &location)
}

/// Rename, recolor, re-probability, move (`position`), or change the kind of a stage without
/// deals (checked in the pipeline's own write, so a deal entering meanwhile makes it a 409).
pub async fn update_stage(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let changes = validate_stage(patch_body(request)?, Mode::Update)?;
    let stage_id = request.path_param("stage_id");
    let (pipeline, stage) = change_pipeline(ctx, caller, request.path_param("id"), |pipeline| {
        let stage = pipeline
            .stages
            .iter_mut()
            .find(|stage| stage.id == stage_id)
            .ok_or_else(stage_not_found)?;
        apply_stage_changes(stage, &changes);
        if let Some(position) = position(&changes) {
            pipeline.move_stage(stage_id, position);
        }
        pipeline
            .stage(stage_id)
            .cloned()
            .ok_or_else(stage_not_found)
    })
    .await?;
    Ok(ApiResponse::data(StatusCode::OK, &stage)?.with_version(pipeline.version))
}

/// Refused (409) while deals are in the stage, unless `?move_to=<stage_id>` moves them there
/// first, each move audited on its deal. Every deal is checked against the target's rules
/// before any moves (one that cannot go is a 400 naming it, and nothing moves); while they
/// move the stage takes no new deals; a run that is cut short leaves every deal in one of the
/// two stages, and repeating the request finishes it.
pub async fn delete_stage(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let mut params = Params::parse(request, &["move_to"]);
    let move_to = params.take("move_to", |value| {
        StageId::parse(value).ok_or_else(|| ENTITY_ID_MESSAGE.to_owned())
    });
    params.finish()?;
    let (pipeline_id, stage_id) = (request.path_param("id"), request.path_param("stage_id"));
    let pipeline = find_pipeline(ctx, caller, pipeline_id).await?;
    pipeline.stage(stage_id).ok_or_else(stage_not_found)?;
    if pipeline.stages.len() == 1 {
        return Err(ApiError::conflict(
            "stage_id",
            "A pipeline keeps at least one stage",
        ));
    }
    // Fails (409) while deals are in the stage: its stage item goes in the same write.
    let remove = || async {
        change_pipeline(ctx, caller, pipeline_id, |pipeline| {
            Ok(pipeline.remove_stage(stage_id).map(|_| ())?)
        })
        .await
        .map(|_| ())
    };
    match &move_to {
        // A stored stage's deals move first; the built-in default's stages hold none.
        Some(target) if pipeline.is_stored() => {
            let pipelines = move_target(ctx, caller, &pipeline, stage_id, target.as_str()).await?;
            let tenant = &caller.tenant_id;
            ctx.store.set_stage_closing(tenant, stage_id, true).await?;
            let result = match move_deals(ctx, caller, stage_id, target, &pipelines).await {
                Ok(()) => remove().await,
                Err(error) => Err(error),
            };
            if result.is_err() {
                if let Err(error) = ctx.store.set_stage_closing(tenant, stage_id, false).await {
                    tracing::warn!(error = %error_chain(&error), stage_id, "stage left closing");
                }
            }
            result?;
        }
        Some(target) => {
            move_target(ctx, caller, &pipeline, stage_id, target.as_str()).await?;
            remove().await?;
        }
        None => remove().await?,
    }
    ApiResponse::deleted()
}

/// The pipelines a stage deletion moves deals between: the stage's own and the target's.
async fn move_target(
    ctx: &AppContext,
    caller: &Caller,
    pipeline: &Pipeline,
    stage_id: &str,
    target: &str,
) -> Result<Pipelines, ApiError> {
    let mut pipelines = Pipelines::subset(vec![pipeline.clone()]);
    if pipelines.find_stage(target).is_none() {
        if let Some(entry) = ctx.store.stage_entry(&caller.tenant_id, target).await? {
            pipelines.extend(
                ctx.store
                    .get_pipeline(&caller.tenant_id, &entry.pipeline_id)
                    .await?,
            );
        }
    }
    if target == stage_id || pipelines.find_stage(target).is_none() {
        return Err(ApiError::unknown_stage("move_to"));
    }
    Ok(pipelines)
}

/// Moves every deal of stage `from` to `to`: all are checked first, then moved one by one. The
/// stage item's count says when none is left (the stage index may lag behind).
async fn move_deals(
    ctx: &AppContext,
    caller: &Caller,
    from: &str,
    to: &StageId,
    pipelines: &Pipelines,
) -> Result<(), ApiError> {
    let tenant = &caller.tenant_id;
    let query = DealQuery::equal(&[("stage", from)]);
    for _ in 0..MOVE_PASSES {
        let remaining = ctx.store.stage_entry(tenant, from).await?;
        if remaining.is_none_or(|entry| entry.deal_refs == 0) {
            return Ok(());
        }
        let deals = ctx.store.all_deals(tenant, &query, usize::MAX).await?;
        let now = Now::current();
        let refusals: Vec<FieldError> = deals
            .iter()
            .filter_map(|deal| {
                let error =
                    ApiError::from(domain::move_deal(deal, to, caller, &now, pipelines).err()?);
                Some(
                    error
                        .details()
                        .iter()
                        .map(|detail| {
                            FieldError::new(
                                format!("{}.{}", deal.id, detail.field),
                                detail.message.clone(),
                            )
                        })
                        .collect::<Vec<_>>(),
                )
            })
            .flatten()
            .collect();
        if !refusals.is_empty() {
            return Err(ApiError::Validation {
                message: "Some deals cannot move to that stage; nothing was moved".into(),
                details: refusals,
            });
        }
        for deal in &deals {
            rewrite_by_server(ctx, tenant, &deal.id, |current| async move {
                if current.stage != from {
                    return Ok(None);
                }
                Ok(Some(domain::move_deal(
                    &current,
                    to,
                    caller,
                    &Now::current(),
                    pipelines,
                )?))
            })
            .await?;
        }
    }
    Ok(())
}

/// Reads a pipeline, changes it, and writes it back over the version read (the built-in
/// default is stored by its first change), retrying lost races. A stage whose kind changes must
/// hold no deals, checked in the same write.
async fn change_pipeline<T>(
    ctx: &AppContext,
    caller: &Caller,
    pipeline_id: &str,
    change: impl Fn(&mut Pipeline) -> Result<T, ApiError>,
) -> Result<(Pipeline, T), ApiError> {
    for _ in 0..WRITE_ATTEMPTS {
        let before = find_pipeline(ctx, caller, pipeline_id).await?;
        let mut pipeline = before.clone();
        let outcome = change(&mut pipeline)?;
        let now = Now::current();
        pipeline.version = before.version + 1;
        pipeline
            .created_at
            .get_or_insert_with(|| now.timestamp.clone());
        pipeline.updated_at = Some(now.timestamp);
        let kind_changed: Vec<&str> = pipeline
            .stages
            .iter()
            .filter(|stage| {
                before
                    .stage(&stage.id)
                    .is_some_and(|old| old.kind != stage.kind)
            })
            .map(|stage| stage.id.as_str())
            .collect();
        match ctx
            .store
            .save_pipeline(&caller.tenant_id, &pipeline, Some(&before), &kind_changed)
            .await
        {
            Err(StoreError::VersionConflict) => continue,
            Err(StoreError::StageInUse(stage)) if kind_changed.contains(&stage.as_str()) => {
                return Err(ApiError::conflict(
                    "kind",
                    "The kind of a stage that holds deals cannot change",
                ))
            }
            result => {
                result?;
                return Ok((pipeline, outcome));
            }
        }
    }
    Err(StoreError::VersionConflict.into())
}

async fn find_pipeline(ctx: &AppContext, caller: &Caller, id: &str) -> Result<Pipeline, ApiError> {
    ctx.store
        .get_pipeline(&caller.tenant_id, id)
        .await?
        .ok_or_else(|| ApiError::NotFound("Pipeline not found".into()))
}

fn stage_not_found() -> ApiError {
    RuleError::StageNotFound.into()
}
