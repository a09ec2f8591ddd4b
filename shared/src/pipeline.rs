//! Pipelines and their ordered stages, as pure data and rules.
//!
//! A pipeline is stored as one item with its stages inline, so reordering is one conditional
//! write and positions always run 1..n without gaps; each stage also has a small item of its own
//! that deal writes count themselves in (see `store::pipelines`). Stage ids are unique within a tenant: the
//! default pipeline's are the well-known names (`lead`, …), every other stage's is `stg_<ULID>`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{ApiError, FieldError};
use crate::validation::{field, validate_fields, Changes, FieldSpec, Mode, Rule};

pub const DEFAULT_PIPELINE_ID: &str = "default";
pub const DEFAULT_PIPELINE_NAME: &str = "Sales pipeline";
/// A pipeline holds at most this many stages (it is one DynamoDB item, read by every deal request
/// that needs it: at most ≈ 30 KB with every name at its longest).
pub const MAX_STAGES: usize = 50;
/// A tenant holds at most this many pipelines (listing them reads them all).
pub const MAX_PIPELINES: usize = 50;
/// Pipeline and stage names are at most this many characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Probability of a new open stage when the client gives none.
pub const DEFAULT_OPEN_PROBABILITY: u8 = 50;
/// The color of a new stage when the client gives none.
const DEFAULT_STAGE_COLOR: &str = "#94a3b8";

/// Whether a stage is still in play or closes the deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StageKind {
    Open,
    Won,
    Lost,
}

impl StageKind {
    pub const NAMES: [&'static str; 3] = ["open", "won", "lost"];

    pub fn is_closed(self) -> bool {
        self != StageKind::Open
    }

    pub fn default_probability(self) -> u8 {
        match self {
            StageKind::Open => DEFAULT_OPEN_PROBABILITY,
            StageKind::Won => 100,
            StageKind::Lost => 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: String,
    pub pipeline_id: String,
    pub name: String,
    pub color: String,
    pub position: u32,
    pub kind: StageKind,
    pub probability: u8,
    /// An open stage's deals are rotten once in it longer than this many days (see
    /// [`Stage::is_rotten`]); `None`: they never rot.
    #[serde(default)]
    pub rotten_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pipeline {
    pub id: String,
    pub name: String,
    pub stages: Vec<Stage>,
    /// Absent while the tenant's default pipeline is the built-in one, never stored.
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    /// 0 for the built-in default pipeline, 1 once stored, +1 on every write.
    pub version: u64,
}

/// The stages every tenant starts with.
const DEFAULT_STAGES: [(&str, &str, &str, StageKind, u8); 6] = [
    ("lead", "Lead", "#94a3b8", StageKind::Open, 10),
    ("qualified", "Qualified", "#3b82f6", StageKind::Open, 25),
    ("proposal", "Proposal", "#8b5cf6", StageKind::Open, 50),
    ("negotiation", "Negotiation", "#f59e0b", StageKind::Open, 75),
    ("closed_won", "Closed Won", "#10b981", StageKind::Won, 100),
    ("closed_lost", "Closed Lost", "#ef4444", StageKind::Lost, 0),
];

/// Why a deal or pipeline rule refuses a change. The handlers answer it as an [`ApiError`] (one
/// mapping, in `error.rs`), and the documented view words some of them its own way.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// The stage named does not exist, or not in the pipeline named; `field` names it as the
    /// request did.
    #[error("Invalid stage")]
    UnknownStage { field: String },
    #[error("Invalid pipeline")]
    UnknownPipeline,
    /// A deal in a lost stage lacks these of `loss_reason`, `loss_category`.
    #[error("loss fields missing: {0:?}")]
    LossFieldsMissing(Vec<&'static str>),
    #[error("A pipeline holds at most {MAX_STAGES} stages")]
    TooManyStages,
    #[error("A pipeline keeps at least one stage")]
    LastStage,
    #[error("Stage not found")]
    StageNotFound,
    /// A moment the client gave lies ahead of the server's clock.
    #[error("{0} is in the future")]
    InFuture(&'static str),
    /// A deal that could not be rebuilt from its fields: a bug, never the client's doing.
    #[error("{0}")]
    Malformed(String),
}

impl Stage {
    /// The first day on which a deal that entered this stage is not yet rotten, `today` (UTC):
    /// a deal rots once it has been in an open stage more than `rotten_days` whole days, counted
    /// by UTC calendar day (entered on 1 March with 3 days, it is rotten from 5 March on).
    /// `None`: this stage's deals never rot.
    pub fn fresh_since(&self, today: time::Date) -> Option<time::Date> {
        let days = self.rotten_days.filter(|_| self.kind == StageKind::Open)?;
        today.checked_sub(time::Duration::days(i64::from(days)))
    }

    /// Whether a deal that entered this stage at `entered_at` (RFC 3339, UTC) is rotten.
    pub fn is_rotten(&self, entered_at: &str, today: time::Date) -> bool {
        let entered = entered_at.get(..10).and_then(crate::clock::parse_date);
        match (self.fresh_since(today), entered) {
            (Some(fresh_since), Some(entered)) => entered < fresh_since,
            _ => false,
        }
    }
}

/// Whether `id` names one of the built-in default pipeline's stages.
pub fn is_built_in_stage(id: &str) -> bool {
    DEFAULT_STAGES.iter().any(|(stage, ..)| *stage == id)
}

impl Pipeline {
    /// The built-in default pipeline of a tenant that has none stored.
    pub fn built_in_default() -> Self {
        let stages = DEFAULT_STAGES
            .iter()
            .enumerate()
            .map(|(index, (id, name, color, kind, probability))| Stage {
                rotten_days: None,
                id: (*id).into(),
                pipeline_id: DEFAULT_PIPELINE_ID.into(),
                name: (*name).into(),
                color: (*color).into(),
                position: position_of(index),
                kind: *kind,
                probability: *probability,
            })
            .collect();
        Pipeline {
            id: DEFAULT_PIPELINE_ID.into(),
            name: DEFAULT_PIPELINE_NAME.into(),
            stages,
            created_at: None,
            updated_at: None,
            version: 0,
        }
    }

    pub fn is_stored(&self) -> bool {
        self.version > 0
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|stage| stage.id == id)
    }

    pub fn first_stage(&self) -> Option<&Stage> {
        self.stages.first()
    }

    /// Inserts a stage at `position` (1-based; the end when absent or past it) and renumbers.
    pub fn insert_stage(
        &mut self,
        mut stage: Stage,
        position: Option<u32>,
    ) -> Result<(), RuleError> {
        if self.stages.len() >= MAX_STAGES {
            return Err(RuleError::TooManyStages);
        }
        stage.pipeline_id = self.id.clone();
        let index = index_for(position, self.stages.len() + 1);
        self.stages.insert(index, stage);
        self.renumber();
        Ok(())
    }

    /// Moves a stage to `position` (1-based, clamped) and renumbers.
    pub fn move_stage(&mut self, id: &str, position: u32) {
        if let Some(from) = self.stages.iter().position(|stage| stage.id == id) {
            let stage = self.stages.remove(from);
            let index = index_for(Some(position), self.stages.len() + 1);
            self.stages.insert(index, stage);
            self.renumber();
        }
    }

    /// Removes a stage; a pipeline keeps at least one.
    pub fn remove_stage(&mut self, id: &str) -> Result<Stage, RuleError> {
        let index = self
            .stages
            .iter()
            .position(|stage| stage.id == id)
            .ok_or(RuleError::StageNotFound)?;
        if self.stages.len() == 1 {
            return Err(RuleError::LastStage);
        }
        let stage = self.stages.remove(index);
        self.renumber();
        Ok(stage)
    }

    fn renumber(&mut self) {
        for (index, stage) in self.stages.iter_mut().enumerate() {
            stage.position = position_of(index);
        }
    }
}

fn position_of(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// 1-based position to 0-based index within `0..len`.
fn index_for(position: Option<u32>, len: usize) -> usize {
    match position {
        Some(position) => usize::try_from(position.max(1) - 1)
            .unwrap_or(usize::MAX)
            .min(len - 1),
        None => len - 1,
    }
}

pub fn new_pipeline_id() -> String {
    format!("pip_{}", ulid::Ulid::new())
}

pub fn new_stage_id() -> String {
    format!("stg_{}", ulid::Ulid::new())
}

/// All pipelines of a tenant, in their stored order (the default first), or the built-in
/// default when none is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipelines {
    pub pipelines: Vec<Pipeline>,
}

impl Pipelines {
    /// Some of a tenant's pipelines: those a request loaded because it needs them.
    pub fn subset(loaded: Vec<Pipeline>) -> Self {
        Pipelines { pipelines: loaded }
    }

    /// Adds pipelines, each unless one with its id is there already.
    pub fn extend(&mut self, pipelines: impl IntoIterator<Item = Pipeline>) {
        for pipeline in pipelines {
            if self.get(&pipeline.id).is_none() {
                self.pipelines.push(pipeline);
            }
        }
    }

    /// Puts a freshly read pipeline in the place of the one with its id.
    pub fn replace(&mut self, fresh: Option<Pipeline>) {
        if let Some(fresh) = fresh {
            self.pipelines.retain(|pipeline| pipeline.id != fresh.id);
            self.pipelines.push(fresh);
        }
    }

    /// All pipelines of a tenant: the stored ones, or the built-in default when none is stored.
    pub fn new(stored: Vec<Pipeline>) -> Self {
        if stored.is_empty() {
            Pipelines {
                pipelines: vec![Pipeline::built_in_default()],
            }
        } else {
            Pipelines { pipelines: stored }
        }
    }

    /// Where deals go when the client names no pipeline (of those loaded: the store's
    /// `default_pipeline` loads the right one).
    pub fn default_pipeline(&self) -> Option<&Pipeline> {
        self.pipelines
            .iter()
            .find(|pipeline| pipeline.id == DEFAULT_PIPELINE_ID)
            .or(self.pipelines.first())
    }

    pub fn get(&self, id: &str) -> Option<&Pipeline> {
        self.pipelines.iter().find(|pipeline| pipeline.id == id)
    }

    /// The stage with this id in any of the tenant's pipelines.
    pub fn find_stage(&self, stage_id: &str) -> Option<&Stage> {
        self.pipelines
            .iter()
            .find_map(|pipeline| pipeline.stage(stage_id))
    }

    pub fn all_stages(&self) -> impl Iterator<Item = &Stage> {
        self.pipelines.iter().flat_map(|pipeline| &pipeline.stages)
    }

    /// The pipeline and stage a deal lands in, from what the client gave (either, both or none)
    /// and, for an update, where the deal is now. A stage without a pipeline brings its own
    /// pipeline; a pipeline without a stage starts at its first stage.
    pub fn place(
        &self,
        pipeline_id: Option<&str>,
        stage_id: Option<&str>,
        current: Option<(&str, &str)>,
        stage_field: &str,
    ) -> Result<&Stage, RuleError> {
        let invalid_stage = || RuleError::UnknownStage {
            field: stage_field.to_owned(),
        };
        let pipeline_named = |id: &str| self.get(id).ok_or(RuleError::UnknownPipeline);
        match (pipeline_id, stage_id) {
            (Some(pipeline_id), Some(stage_id)) => pipeline_named(pipeline_id)?
                .stage(stage_id)
                .ok_or_else(invalid_stage),
            (None, Some(stage_id)) => self.find_stage(stage_id).ok_or_else(invalid_stage),
            (Some(pipeline_id), None) => {
                let pipeline = pipeline_named(pipeline_id)?;
                let kept = current.and_then(|(_, stage)| pipeline.stage(stage));
                kept.or_else(|| pipeline.first_stage())
                    .ok_or_else(invalid_stage)
            }
            (None, None) => match current {
                Some((_, stage_id)) => self.find_stage(stage_id).ok_or_else(invalid_stage),
                None => self
                    .default_pipeline()
                    .and_then(Pipeline::first_stage)
                    .ok_or_else(invalid_stage),
            },
        }
    }
}

const PIPELINE_FIELDS: &[FieldSpec] = &[field("name", Rule::Required)];
const STAGE_FIELDS: &[FieldSpec] = &[
    field("name", Rule::Required),
    field("color", Rule::Color),
    field("kind", Rule::OneOf(&StageKind::NAMES)),
    field("probability", Rule::Percent),
    field("position", Rule::Position),
    field("rotten_days", Rule::Days),
];
/// The stages listed in a new pipeline are numbered by their order: no `position`.
const NEW_PIPELINE_STAGE_FIELDS: &[FieldSpec] = &[
    field("name", Rule::Required),
    field("color", Rule::Color),
    field("kind", Rule::OneOf(&StageKind::NAMES)),
    field("probability", Rule::Percent),
    field("rotten_days", Rule::Days),
];
const PIPELINE_SERVER_MANAGED: &[&str] = &["id", "created_at", "updated_at", "version"];
/// A pipeline's stages change through their own endpoints, never its PATCH.
const PIPELINE_UPDATE_READ_ONLY: &[&str] = &["id", "stages", "created_at", "updated_at", "version"];
const STAGE_SERVER_MANAGED: &[&str] = &["id", "pipeline_id"];

/// A pipeline's create or PATCH body, checked (the stages a new pipeline lists are checked by
/// [`new_stages`]).
pub fn validate_pipeline(body: Map<String, Value>, mode: Mode) -> Result<Changes, ApiError> {
    let read_only = match mode {
        Mode::Create => PIPELINE_SERVER_MANAGED,
        Mode::Update => PIPELINE_UPDATE_READ_ONLY,
    };
    validate(body, PIPELINE_FIELDS, read_only, mode)
}

/// A stage's create or PATCH body, checked.
pub fn validate_stage(body: Map<String, Value>, mode: Mode) -> Result<Changes, ApiError> {
    validate(body, STAGE_FIELDS, STAGE_SERVER_MANAGED, mode)
}

/// Field checks, then the length limit on names (a pipeline is one item every deal request
/// reads).
fn validate(
    body: Map<String, Value>,
    fields: &[FieldSpec],
    server_managed: &[&str],
    mode: Mode,
) -> Result<Changes, ApiError> {
    let changes = validate_fields(body, fields, server_managed, mode)?;
    match changes.get_str("name") {
        Some(name) if name.chars().count() > MAX_NAME_CHARS => Err(ApiError::invalid_field(
            "name",
            format!("Must be at most {MAX_NAME_CHARS} characters"),
        )),
        _ => Ok(changes),
    }
}

pub fn default_stage_copies(pipeline_id: &str) -> Vec<Stage> {
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
pub fn new_stages(
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
            NEW_PIPELINE_STAGE_FIELDS,
            STAGE_SERVER_MANAGED,
            Mode::Create,
        ) {
            Ok(changes) => {
                let mut stage = stage_from(&new_stage_id(), pipeline_id, &changes);
                stage.position = position_of(index);
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

pub fn stage_from(id: &str, pipeline_id: &str, changes: &Changes) -> Stage {
    let mut stage = Stage {
        rotten_days: None,
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

pub fn apply_stage_changes(stage: &mut Stage, changes: &Changes) {
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
    if let Some(days) = changes.get("rotten_days") {
        stage.rotten_days = days.as_u64().and_then(|days| u32::try_from(days).ok());
    }
}

pub fn position(changes: &Changes) -> Option<u32> {
    changes
        .get("position")
        .and_then(Value::as_u64)
        .map(|position| u32::try_from(position).unwrap_or(u32::MAX))
}

fn parse_kind(name: &str) -> Option<StageKind> {
    serde_json::from_value(Value::String(name.to_owned())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::details;
    use serde_json::json;

    fn positions(pipeline: &Pipeline) -> Vec<(String, u32)> {
        pipeline
            .stages
            .iter()
            .map(|s| (s.id.clone(), s.position))
            .collect()
    }

    fn custom_stage(id: &str) -> Stage {
        Stage {
            id: id.into(),
            pipeline_id: String::new(),
            name: id.into(),
            color: "#000000".into(),
            position: 0,
            kind: StageKind::Open,
            probability: 50,
            rotten_days: None,
        }
    }

    #[test]
    fn a_deal_rots_after_more_than_its_stages_rotten_days_whole_days() {
        let today = crate::clock::parse_date("2026-03-05").expect("a date");
        let mut stage = custom_stage("s");
        assert!(
            !stage.is_rotten("2020-01-01T00:00:00.000Z", today),
            "never rots"
        );
        stage.rotten_days = Some(3);
        assert!(stage.is_rotten("2026-03-01T23:59:59.999Z", today));
        assert!(!stage.is_rotten("2026-03-02T00:00:00.000Z", today));
        assert!(!stage.is_rotten("not a time", today));
        stage.rotten_days = Some(0);
        assert!(stage.is_rotten("2026-03-04T12:00:00.000Z", today));
        assert!(!stage.is_rotten("2026-03-05T00:00:00.000Z", today));
        stage.kind = StageKind::Won;
        assert!(
            !stage.is_rotten("2020-01-01T00:00:00.000Z", today),
            "closed stages never rot"
        );
    }

    #[test]
    fn the_built_in_default_has_the_documented_stages() {
        let pipeline = Pipeline::built_in_default();
        let ids: Vec<&str> = pipeline.stages.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "lead",
                "qualified",
                "proposal",
                "negotiation",
                "closed_won",
                "closed_lost"
            ]
        );
        assert_eq!(
            pipeline.stage("closed_lost").map(|s| s.kind),
            Some(StageKind::Lost)
        );
        assert_eq!(
            pipeline.stage("closed_won").map(|s| s.kind),
            Some(StageKind::Won)
        );
        assert!(!pipeline.is_stored());
    }

    #[test]
    fn positions_stay_one_to_n_through_inserts_moves_and_removals() {
        let mut pipeline = Pipeline::built_in_default();
        assert!(pipeline.insert_stage(custom_stage("a"), Some(2)).is_ok());
        assert!(pipeline.insert_stage(custom_stage("b"), None).is_ok());
        assert!(pipeline.insert_stage(custom_stage("c"), Some(99)).is_ok());
        pipeline.move_stage("closed_lost", 1);
        assert!(pipeline.remove_stage("qualified").is_ok());
        let expected: Vec<(String, u32)> = [
            "closed_lost",
            "lead",
            "a",
            "proposal",
            "negotiation",
            "closed_won",
            "b",
            "c",
        ]
        .iter()
        .enumerate()
        .map(|(i, id)| (id.to_string(), i as u32 + 1))
        .collect();
        assert_eq!(positions(&pipeline), expected);
        assert!(pipeline.stages.iter().all(|s| s.pipeline_id == "default"));
    }

    #[test]
    fn the_last_stage_cannot_be_removed() {
        let mut pipeline = Pipeline::built_in_default();
        pipeline.stages.truncate(1);
        assert!(matches!(
            pipeline.remove_stage("lead"),
            Err(RuleError::LastStage)
        ));
        assert!(matches!(
            pipeline.remove_stage("nope"),
            Err(RuleError::StageNotFound)
        ));
    }

    #[test]
    fn placing_a_deal() {
        let mut other = Pipeline::built_in_default();
        other.id = "pip_x".into();
        other.stages = vec![Stage {
            pipeline_id: "pip_x".into(),
            ..custom_stage("stg_1")
        }];
        let pipelines = Pipelines::new(vec![Pipeline::built_in_default(), other]);
        let place = |p: Option<&str>, s: Option<&str>, current| {
            pipelines
                .place(p, s, current, "stage")
                .map(|st| (st.pipeline_id.clone(), st.id.clone()))
        };
        assert_eq!(
            place(None, None, None).ok(),
            Some(("default".into(), "lead".into()))
        );
        assert_eq!(
            place(None, Some("stg_1"), None).ok(),
            Some(("pip_x".into(), "stg_1".into()))
        );
        assert_eq!(
            place(Some("pip_x"), None, Some(("default", "proposal"))).ok(),
            Some(("pip_x".into(), "stg_1".into()))
        );
        assert_eq!(
            place(None, None, Some(("default", "proposal"))).ok(),
            Some(("default".into(), "proposal".into()))
        );
        assert!(
            place(Some("default"), Some("stg_1"), None).is_err(),
            "a stage of another pipeline"
        );
        assert!(place(Some("nope"), None, None).is_err());
        assert!(place(None, Some("nope"), None).is_err());
    }

    fn stage_changes(body: Value) -> Changes {
        let body = body.as_object().cloned().unwrap_or_default();
        validate(body, STAGE_FIELDS, STAGE_SERVER_MANAGED, Mode::Create)
            .unwrap_or_else(|error| panic!("expected valid stage fields: {error:?}"))
    }

    #[test]
    fn a_new_stage_takes_its_probability_from_its_kind_unless_given() {
        let stage = |body| stage_from("stg_1", "pip_1", &stage_changes(body));
        let open = stage(json!({"name": "Call"}));
        assert_eq!(
            (open.kind, open.probability, open.color.as_str()),
            (
                StageKind::Open,
                DEFAULT_OPEN_PROBABILITY,
                DEFAULT_STAGE_COLOR
            )
        );
        assert_eq!(
            (open.id.as_str(), open.pipeline_id.as_str()),
            ("stg_1", "pip_1")
        );
        assert_eq!(open.name, "Call");
        let won = stage(json!({"name": "Won", "kind": "won"}));
        assert_eq!((won.kind, won.probability), (StageKind::Won, 100));
        let lost = stage(json!({"name": "Lost", "kind": "lost"}));
        assert_eq!((lost.kind, lost.probability), (StageKind::Lost, 0));
        let given =
            stage(json!({"name": "W", "kind": "won", "probability": 80.4, "color": "#AABBCC"}));
        assert_eq!(
            (given.kind, given.probability, given.color.as_str()),
            (StageKind::Won, 80, "#aabbcc")
        );
    }

    #[test]
    fn changing_a_stage_keeps_its_probability_unless_given() {
        let mut stage = custom_stage("stg_1");
        apply_stage_changes(
            &mut stage,
            &stage_changes(json!({"name": "Closed", "kind": "lost"})),
        );
        assert_eq!(
            (stage.name.as_str(), stage.kind, stage.probability),
            ("Closed", StageKind::Lost, 50)
        );
    }

    #[test]
    fn new_stages_are_numbered_and_their_problems_named_by_index() {
        let mut errors = Vec::new();
        let stages = new_stages(
            "pip_1",
            &json!([{"name": "A"}, {"name": "B", "kind": "won"}]),
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let placed: Vec<(u32, &str, &str)> = stages
            .iter()
            .flatten()
            .map(|s| (s.position, s.name.as_str(), s.pipeline_id.as_str()))
            .collect();
        assert_eq!(placed, [(1, "A", "pip_1"), (2, "B", "pip_1")]);

        let mut errors = Vec::new();
        let body = json!([{"name": "A"}, 7, {"color": "red"}, {"name": "D", "position": 1}]);
        assert_eq!(new_stages("pip_1", &body, &mut errors), None);
        let named: Vec<(String, String)> = errors
            .iter()
            .map(|e| (e.field.clone(), e.message.clone()))
            .collect();
        assert_eq!(
            named,
            [
                ("stages[1]".into(), "Must be an object".into()),
                (
                    "stages[2].color".into(),
                    "Must be a color of the form #rrggbb".into()
                ),
                ("stages[2].name".into(), "Name is required".into()),
                ("stages[3].position".into(), "Unknown field".into()),
            ]
        );

        for wrong in [
            json!([]),
            json!({"name": "A"}),
            json!(vec![json!({"name": "A"}); MAX_STAGES + 1]),
        ] {
            let mut errors = Vec::new();
            assert_eq!(new_stages("pip_1", &wrong, &mut errors), None);
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].field, "stages");
        }
    }

    #[test]
    fn names_are_at_most_100_characters() {
        let named = |name: String| {
            let body = json!({ "name": name });
            validate(
                body.as_object().cloned().unwrap_or_default(),
                PIPELINE_FIELDS,
                PIPELINE_SERVER_MANAGED,
                Mode::Create,
            )
        };
        let longest = "é".repeat(MAX_NAME_CHARS);
        assert_eq!(
            named(longest.clone())
                .ok()
                .and_then(|c| c.get_str("name").map(String::from)),
            Some(longest)
        );
        assert_eq!(
            details(named("x".repeat(MAX_NAME_CHARS + 1))),
            [("name".into(), "Must be at most 100 characters".into())]
        );
        let mut errors = Vec::new();
        let stages = json!([{ "name": "x".repeat(MAX_NAME_CHARS + 1) }]);
        assert_eq!(new_stages("pip_1", &stages, &mut errors), None);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].field.as_str(), errors[0].message.as_str()),
            ("stages[0].name", "Must be at most 100 characters")
        );
    }
}
