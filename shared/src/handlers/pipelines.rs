//! `/pipelines`, `/pipelines/{id}/stages` and `/stages`.

use http::StatusCode;
use serde_json::Value;

use super::deals::rewrite_by_server;
use super::{patch_body, Params, WRITE_ATTEMPTS};
use crate::auth::Caller;
use crate::clock::Now;
use crate::context::AppContext;
use crate::domain;
use crate::error::{ApiError, FieldError};
use crate::http::BASE_PATH;
use crate::http::{ApiRequest, ApiResponse};
use crate::pipeline::{
    invalid_stage, new_pipeline_id, new_stage_id, Pipeline, Pipelines, Stage, StageKind,
    MAX_NAME_CHARS, MAX_STAGES,
};
use crate::query::DealQuery;
use crate::store::StoreError;
use crate::validation::{self, field, Changes, FieldSpec, Mode, Rule};

/// The color of a new stage when the client gives none.
const DEFAULT_STAGE_COLOR: &str = "#94a3b8";
/// A stage deletion with `move_to` makes at most this many passes over the stage's deals
/// (deals may arrive while it moves them) before answering 409.
const MOVE_PASSES: usize = 3;

const PIPELINE_FIELDS: &[FieldSpec] = &[field("name", Rule::Required)];
const STAGE_FIELDS: &[FieldSpec] = &[
    field("name", Rule::Required),
    field("color", Rule::Color),
    field("kind", Rule::OneOf(&StageKind::NAMES)),
    field("probability", Rule::Percent),
    field("position", Rule::Position),
];
const PIPELINE_SERVER_MANAGED: &[&str] = &["id", "created_at", "updated_at", "version"];
const STAGE_SERVER_MANAGED: &[&str] = &["id", "pipeline_id"];

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
    let changes = match validate(body, PIPELINE_FIELDS, PIPELINE_SERVER_MANAGED, Mode::Create) {
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
    Ok(ApiResponse::data(StatusCode::CREATED, &pipeline)?
        .with_version(pipeline.version)
        .with_header(http::header::LOCATION, &location))
}

pub async fn update_pipeline(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let changes = validate(
        patch_body(request)?,
        PIPELINE_FIELDS,
        &["id", "stages", "created_at", "updated_at", "version"],
        Mode::Update,
    )?;
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
            ApiResponse::data(StatusCode::OK, &serde_json::json!({ "deleted": true }))
        }
    }
}

pub async fn create_stage(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let body = validation::parse_object(&request.body)?;
    let changes = validate(body, STAGE_FIELDS, STAGE_SERVER_MANAGED, Mode::Create)?;
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
    Ok(ApiResponse::data(StatusCode::CREATED, &stage)?
        .with_version(pipeline.version)
        .with_header(http::header::LOCATION, &location))
}

/// Rename, recolor, re-probability, move (`position`), or change the kind of a stage without
/// deals (checked in the pipeline's own write, so a deal entering meanwhile makes it a 409).
pub async fn update_stage(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let changes = validate(
        patch_body(request)?,
        STAGE_FIELDS,
        STAGE_SERVER_MANAGED,
        Mode::Update,
    )?;
    let stage_id = request.path_param("stage_id");
    let changed = change_pipeline(ctx, caller, request.path_param("id"), |pipeline| {
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
    .await;
    let (pipeline, stage) = match changed {
        Err(ApiError::Conflict { details, .. })
            if details.iter().any(|detail| detail.field == "stage_id") =>
        {
            return Err(ApiError::conflict(
                "kind",
                "The kind of a stage that holds deals cannot change",
            ))
        }
        other => other?,
    };
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
        validation::check_value("move_to", Rule::EntityId, &Value::String(value.into()))
            .map(|_| value.to_owned())
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
            pipeline.remove_stage(stage_id).map(|_| ())
        })
        .await
        .map(|_| ())
    };
    match &move_to {
        // A stored stage's deals move first; the built-in default's stages hold none.
        Some(target) if pipeline.is_stored() => {
            let pipelines = move_target(ctx, caller, &pipeline, stage_id, target).await?;
            let tenant = &caller.tenant_id;
            ctx.store.set_stage_closing(tenant, stage_id, true).await?;
            let result = match move_deals(ctx, caller, stage_id, target, &pipelines).await {
                Ok(()) => remove().await,
                Err(error) => Err(error),
            };
            if result.is_err() {
                if let Err(error) = ctx.store.set_stage_closing(tenant, stage_id, false).await {
                    tracing::warn!(error = %error, stage_id, "stage left closing");
                }
            }
            result?;
        }
        Some(target) => {
            move_target(ctx, caller, &pipeline, stage_id, target).await?;
            remove().await?;
        }
        None => remove().await?,
    }
    ApiResponse::data(StatusCode::OK, &serde_json::json!({ "deleted": true }))
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
        return Err(invalid_stage("move_to"));
    }
    Ok(pipelines)
}

/// Moves every deal of stage `from` to `to`: all are checked first, then moved one by one. The
/// stage item's count says when none is left (the stage index may lag behind).
async fn move_deals(
    ctx: &AppContext,
    caller: &Caller,
    from: &str,
    to: &str,
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
                let error = domain::move_deal(deal, to, caller, &now, pipelines).err()?;
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
                domain::move_deal(&current, to, caller, &Now::current(), pipelines).map(Some)
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

/// Field checks, then the length limit on names (a pipeline is one item every deal request
/// reads).
fn validate(
    body: serde_json::Map<String, Value>,
    fields: &[FieldSpec],
    server_managed: &[&str],
    mode: Mode,
) -> Result<Changes, ApiError> {
    let changes = validation::validate_fields(body, fields, server_managed, mode)?;
    match changes.get_str("name") {
        Some(name) if name.chars().count() > MAX_NAME_CHARS => Err(ApiError::invalid_field(
            "name",
            format!("Must be at most {MAX_NAME_CHARS} characters"),
        )),
        _ => Ok(changes),
    }
}

fn stage_not_found() -> ApiError {
    ApiError::NotFound("Stage not found".into())
}

fn default_stage_copies(pipeline_id: &str) -> Vec<Stage> {
    Pipeline::built_in_default()
        .stages
        .into_iter()
        .map(|stage| Stage {
            id: new_stage_id(),
            pipeline_id: pipeline_id.to_owned(),
            ..stage
        })
        .collect()
}

/// The `stages` of a new pipeline, each checked like a stage creation; problems are named
/// `stages[i].field`.
fn new_stages(
    pipeline_id: &str,
    value: &Value,
    errors: &mut Vec<FieldError>,
) -> Option<Vec<Stage>> {
    let Some(items) = value
        .as_array()
        .filter(|items| (1..=MAX_STAGES).contains(&items.len()))
    else {
        errors.push(FieldError::new(
            "stages",
            format!("Must be a list of 1 to {MAX_STAGES} stages"),
        ));
        return None;
    };
    let mut stages = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Some(object) = item.as_object().cloned() else {
            errors.push(FieldError::new(
                format!("stages[{index}]"),
                "Must be an object",
            ));
            continue;
        };
        match validate(
            object,
            &STAGE_FIELDS[..4],
            STAGE_SERVER_MANAGED,
            Mode::Create,
        ) {
            Ok(changes) => {
                let mut stage = stage_from(&new_stage_id(), pipeline_id, &changes);
                stage.position = u32::try_from(index + 1).unwrap_or(u32::MAX);
                stages.push(stage);
            }
            Err(error) => errors.extend(error.details().iter().map(|detail| {
                FieldError::new(
                    format!("stages[{index}].{}", detail.field),
                    detail.message.clone(),
                )
            })),
        }
    }
    (stages.len() == items.len()).then_some(stages)
}

fn stage_from(id: &str, pipeline_id: &str, changes: &Changes) -> Stage {
    let mut stage = Stage {
        id: id.to_owned(),
        pipeline_id: pipeline_id.to_owned(),
        name: String::new(),
        color: DEFAULT_STAGE_COLOR.into(),
        position: 0,
        kind: StageKind::Open,
        probability: StageKind::Open.default_probability(),
    };
    if let Some(kind) = changes.get_str("kind").and_then(parse_kind) {
        stage.kind = kind;
        stage.probability = kind.default_probability();
    }
    apply_stage_changes(&mut stage, changes);
    stage
}

fn apply_stage_changes(stage: &mut Stage, changes: &Changes) {
    if let Some(name) = changes.get_str("name") {
        stage.name = name.to_owned();
    }
    if let Some(color) = changes.get_str("color") {
        stage.color = color.to_owned();
    }
    if let Some(kind) = changes.get_str("kind").and_then(parse_kind) {
        stage.kind = kind;
    }
    if let Some(probability) = changes.get("probability").and_then(Value::as_f64) {
        stage.probability = probability.round().clamp(0.0, 100.0) as u8;
    }
}

fn position(changes: &Changes) -> Option<u32> {
    changes
        .get("position")
        .and_then(Value::as_u64)
        .map(|position| u32::try_from(position).unwrap_or(u32::MAX))
}

fn parse_kind(name: &str) -> Option<StageKind> {
    serde_json::from_value(Value::String(name.to_owned())).ok()
}
