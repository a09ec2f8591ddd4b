//! The Deal record (every field of `deal-schema.txt`) and the default pipeline.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

/// Bumped when a stored deal changes shape incompatibly.
pub const SCHEMA_VERSION: u32 = 1;

/// A sales opportunity. Serialized as-is in API responses (absent optionals as `null`,
/// absent lists as `[]`); the store drops nulls and empty collections to keep items small.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    pub id: String,
    pub tenant_id: String,
    #[serde(default)]
    pub app_id: Option<String>,
    pub deal_number: String,
    pub name: String,
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub owner_id: Option<String>,
    pub pipeline_id: String,
    pub stage: String,
    pub value: Number,
    pub currency: String,
    #[serde(default)]
    pub probability: Option<Number>,
    #[serde(default)]
    pub forecast_category: Option<String>,
    #[serde(default)]
    pub expected_close_date: Option<String>,
    #[serde(default)]
    pub actual_close_date: Option<String>,
    #[serde(default)]
    pub next_followup_date: Option<String>,
    #[serde(default)]
    pub deal_type: Option<String>,
    #[serde(default)]
    pub deal_source: Option<String>,
    #[serde(default)]
    pub competitors: Vec<String>,
    #[serde(default)]
    pub loss_reason: Option<String>,
    #[serde(default)]
    pub loss_category: Option<String>,
    #[serde(default)]
    pub closure_notes: Option<String>,
    #[serde(default)]
    pub primary_contact_id: Option<String>,
    #[serde(default)]
    pub contact_ids: Vec<String>,
    #[serde(default)]
    pub rfp_record_id: Option<String>,
    #[serde(default)]
    pub quote_ids: Vec<String>,
    #[serde(default)]
    pub proposal_ids: Vec<String>,
    #[serde(default)]
    pub attachment_refs: Vec<String>,
    #[serde(default)]
    pub linked_task_ids: Vec<String>,
    #[serde(default)]
    pub custom_fields: Map<String, Value>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub audit_log: Vec<AuditEntry>,
    pub source: String,
    pub source_type: SourceType,
    pub created_at: String,
    pub updated_at: String,
    pub created_by: String,
    pub updated_by: String,
    #[serde(default)]
    pub is_deleted: bool,
    #[serde(default)]
    pub deleted_at: Option<String>,
    #[serde(default)]
    pub deleted_by: Option<String>,
    pub schema_version: u32,
    pub version: u64,
}

/// One stage change of a deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub from: String,
    pub to: String,
    pub at: String,
    pub by: String,
}

/// Where a write originated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SourceType {
    Frontend,
    Backend,
    Server,
    System,
    #[default]
    Api,
}

impl SourceType {
    pub const NAMES: [&'static str; 5] = ["frontend", "backend", "server", "system", "api"];
}

/// Whether a stage is still in play or closes the deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StageKind {
    Open,
    Won,
    Lost,
}

impl StageKind {
    pub fn is_closed(self) -> bool {
        self != StageKind::Open
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub id: &'static str,
    pub name: &'static str,
    pub position: u32,
    pub kind: StageKind,
}

/// Until pipelines are configurable every tenant has exactly this one.
pub const DEFAULT_PIPELINE_ID: &str = "default";

pub const DEFAULT_STAGES: [Stage; 6] = [
    Stage {
        id: "lead",
        name: "Lead",
        position: 1,
        kind: StageKind::Open,
    },
    Stage {
        id: "qualified",
        name: "Qualified",
        position: 2,
        kind: StageKind::Open,
    },
    Stage {
        id: "proposal",
        name: "Proposal",
        position: 3,
        kind: StageKind::Open,
    },
    Stage {
        id: "negotiation",
        name: "Negotiation",
        position: 4,
        kind: StageKind::Open,
    },
    Stage {
        id: "closed_won",
        name: "Closed Won",
        position: 5,
        kind: StageKind::Won,
    },
    Stage {
        id: "closed_lost",
        name: "Closed Lost",
        position: 6,
        kind: StageKind::Lost,
    },
];

pub fn find_stage(id: &str) -> Option<&'static Stage> {
    DEFAULT_STAGES.iter().find(|stage| stage.id == id)
}

pub fn first_stage() -> &'static Stage {
    &DEFAULT_STAGES[0]
}

/// Prefix of every deal id; the rest is a ULID, so ids sort by creation time.
pub const DEAL_ID_PREFIX: &str = "deal_";

pub fn new_deal_id() -> String {
    format!("{DEAL_ID_PREFIX}{}", ulid::Ulid::new())
}

/// True for `deal_` followed by a well-formed ULID; anything else cannot name a deal.
pub fn is_deal_id(id: &str) -> bool {
    id.strip_prefix(DEAL_ID_PREFIX)
        .is_some_and(|rest| rest.len() == 26 && ulid::Ulid::from_string(rest).is_ok())
}

pub fn format_deal_number(year: i32, sequence: u64) -> String {
    format!("DEAL-{year:04}-{sequence:05}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deal_ids_are_prefixed_ulids() {
        let id = new_deal_id();
        assert!(is_deal_id(&id), "{id}");
        assert!(!is_deal_id("deal_123"));
        assert!(!is_deal_id("per_01HZZZZZZZZZZZZZZZZZZZZZZZ"));
        assert!(!is_deal_id(&id.to_lowercase().replace("deal_", "deal-")));
    }

    #[test]
    fn deal_numbers_have_five_digits() {
        assert_eq!(format_deal_number(2026, 417), "DEAL-2026-00417");
        assert_eq!(format_deal_number(2026, 123_456), "DEAL-2026-123456");
    }

    #[test]
    fn default_pipeline_positions_run_one_to_n() {
        for (index, stage) in DEFAULT_STAGES.iter().enumerate() {
            assert_eq!(stage.position as usize, index + 1);
        }
        assert_eq!(
            find_stage("closed_lost").map(|s| s.kind),
            Some(StageKind::Lost)
        );
        assert!(find_stage("won").is_none());
    }
}
