//! The Deal record (every field of `deal-schema.txt`) and the default pipeline.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use crate::ids::DealId;

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
    /// When the deal entered its current stage (creation or its last stage change): how long it
    /// has been there decides whether it is rotten (see [`crate::pipeline::Stage::rotten_days`]).
    #[serde(default)]
    pub stage_entered_at: String,
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
    /// On the tombstone of a deal merged into another: the survivor's id. Such a deal cannot be
    /// restored; reading it answers the survivor.
    #[serde(default)]
    pub merged_into: Option<String>,
    pub schema_version: u32,
    pub version: u64,
    /// Whether the client chose `probability`; otherwise it follows the stage's. Stored, never
    /// shown.
    #[serde(skip)]
    pub probability_is_manual: bool,
    /// How many older audit entries live in history items (`GET /deals/{id}/history`); the
    /// inline `audit_log` holds the latest. Stored, never shown.
    #[serde(skip)]
    pub audit_offset: u64,
    /// The deal absorbed by the write that stored this item, when that write was a merge: read
    /// from the item (see `store::deals::lifecycle`), never written by any other write, so that
    /// the change feed can tell the merge from an update. Never shown.
    #[serde(skip)]
    pub merged_from: Option<String>,
}

/// Stage changes kept inline on the deal; older ones move to history items, so a deal item never
/// nears DynamoDB's 400 KB limit however often it moves.
pub const INLINE_AUDIT_ENTRIES: usize = 20;

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

    /// The source type one of [`SourceType::NAMES`] names.
    pub fn from_name(name: &str) -> Option<SourceType> {
        match name {
            "frontend" => Some(SourceType::Frontend),
            "backend" => Some(SourceType::Backend),
            "server" => Some(SourceType::Server),
            "system" => Some(SourceType::System),
            "api" => Some(SourceType::Api),
            _ => None,
        }
    }
}

/// Prefix of every deal id; the rest is a ULID, so ids sort by creation time.
pub const DEAL_ID_PREFIX: &str = "deal_";

pub fn new_deal_id() -> String {
    format!("{DEAL_ID_PREFIX}{}", ulid::Ulid::new())
}

/// A new deal id whose time part is `unix_millis`: the deal's `created_at`, so that created_at
/// ranges are exactly key ranges of `DEAL#<id>`.
pub fn new_deal_id_at(unix_millis: u64) -> String {
    let moment = std::time::UNIX_EPOCH + std::time::Duration::from_millis(unix_millis);
    format!("{DEAL_ID_PREFIX}{}", ulid::Ulid::from_datetime(moment))
}

/// True for `deal_` followed by a well-formed ULID (a [`DealId`]); anything else cannot name a
/// deal.
pub fn is_deal_id(id: &str) -> bool {
    DealId::parse(id).is_some()
}

pub fn format_deal_number(year: i32, sequence: u64) -> String {
    format!("DEAL-{year:04}-{sequence:05}")
}

/// The year and sequence of a deal number spelled exactly as [`format_deal_number`] spells it
/// (year 0001–9999, sequence from 1, zero-padded to five digits and no further), so that each
/// number has one spelling and a client-chosen number collides with the server's.
pub fn parse_deal_number(text: &str) -> Option<(i32, u64)> {
    let (year, sequence) = text.strip_prefix("DEAL-")?.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || !digits(year) || !(5..=9).contains(&sequence.len()) || !digits(sequence) {
        return None;
    }
    let year: i32 = year.parse().ok().filter(|year| *year >= 1)?;
    let sequence: u64 = sequence.parse().ok().filter(|sequence| *sequence >= 1)?;
    (format_deal_number(year, sequence) == text).then_some((year, sequence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deal_numbers_have_one_spelling() {
        assert_eq!(parse_deal_number("DEAL-2026-00417"), Some((2026, 417)));
        assert_eq!(parse_deal_number("DEAL-2026-123456"), Some((2026, 123_456)));
        for other in [
            "DEAL-2026-000417",
            "DEAL-2026-0417",
            "DEAL-2026-00000",
            "DEAL-0000-00001",
            "DEAL-+026-00001",
            "DEAL-2026-+0001",
            "DEAL-2026-1234567890",
            "deal-2026-00001",
            "DEAL-2026-00001 ",
        ] {
            assert_eq!(parse_deal_number(other), None, "{other}");
        }
    }

    proptest::proptest! {
        #[test]
        fn every_deal_number_has_exactly_one_spelling(year in 1i32..=9999, sequence in 1u64..1_000_000_000) {
            let number = format_deal_number(year, sequence);
            proptest::prop_assert_eq!(parse_deal_number(&number), Some((year, sequence)));
        }

        #[test]
        fn whatever_parses_is_spelled_the_servers_way(text in "DEAL-[0-9+-]{4}-[0-9+ ]{1,11}") {
            if let Some((year, sequence)) = parse_deal_number(&text) {
                proptest::prop_assert_eq!(format_deal_number(year, sequence), text);
            }
        }
    }

    #[test]
    fn every_source_type_name_names_the_one_serde_names() {
        for name in SourceType::NAMES {
            let parsed = SourceType::from_name(name);
            let by_serde = serde_json::from_value::<SourceType>(Value::String(name.into())).ok();
            assert!(parsed.is_some(), "{name}");
            assert_eq!(parsed, by_serde, "{name}");
        }
        assert_eq!(SourceType::from_name("API"), None);
    }

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
}
