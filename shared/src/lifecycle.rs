//! The rules of a deal after its soft delete, and of two deals becoming one, as pure functions:
//! restoring a deleted deal (what it refers to that is gone, cleared when asked) and merging a
//! deal into another. No I/O here; `handlers::deal_lifecycle` loads and stores.

use serde_json::{Map, Value};

use crate::auth::Caller;
use crate::clock::{self, Now};
use crate::deal_fields::DEAL_FIELDS;
use crate::deal_patch::DealPatch;
use crate::domain;
use crate::error::FieldError;
use crate::ids::{PipelineId, StageId};
use crate::model::{AuditEntry, Deal, INLINE_AUDIT_ENTRIES};
use crate::pipeline::{Pipelines, RuleError, Stage};
use crate::records::{RecordKind, RecordRef};
use crate::validation::check_value;

/// How long a soft-deleted deal can be restored: its tombstone's TTL.
pub const RESTORABLE_DAYS: i64 = 90;

/// A merge rewrites at most this many of the survivor's history items (see [`merge`]), so that
/// it fits one transaction with both deals, their aggregates and their records' counts.
pub const MAX_MERGED_HISTORY_WRITES: usize = 40;

/// A merge reads at most this many stage changes of each deal.
pub const MAX_MERGED_HISTORY: usize = 1000;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LifecycleError {
    /// What a deleted deal refers to that no longer exists, field by field.
    #[error("the deal refers to what no longer exists")]
    Dangling(Vec<FieldError>),
    #[error("a deal cannot be merged into itself")]
    SelfMerge,
    /// A field whose merged value breaks its rule (a list past its limit, `custom_fields` past
    /// their size).
    #[error("{field}: {message}")]
    MergedFieldInvalid {
        field: &'static str,
        message: String,
    },
    #[error("the deals' stage histories are too long to merge")]
    HistoryTooLong,
    #[error(transparent)]
    Rule(#[from] RuleError),
}

/// When a tombstone deleted at `deleted_at` stops being restorable, in Unix seconds: the value
/// of its TTL attribute.
pub fn restorable_until(deleted_at: &str) -> Option<i64> {
    let deleted = clock::parse_date_time(deleted_at)?;
    Some(deleted.unix_timestamp() + RESTORABLE_DAYS * 24 * 60 * 60)
}

/// What a deleted deal refers to that no longer exists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gone {
    pub records: Vec<RecordRef>,
    /// The deal's pipeline (and so its stage too).
    pub pipeline: bool,
    /// The deal's stage, in a pipeline that still exists.
    pub stage: bool,
}

impl Gone {
    fn record(&self, kind: RecordKind, id: &str) -> bool {
        self.records.iter().any(|r| r.kind == kind && r.id == id)
    }

    /// Whether the deal cannot stay where it was.
    pub fn placement(&self) -> bool {
        self.pipeline || self.stage
    }
}

/// Each field of `deal` that names something gone, with what is missing.
pub fn dangling_fields(deal: &Deal, gone: &Gone) -> Vec<FieldError> {
    let mut fields = Vec::new();
    let mut check = |field: &str, kind: RecordKind, ids: &[String]| {
        if ids.iter().any(|id| gone.record(kind, id)) {
            fields.push(FieldError::new(field, kind.not_found()));
        }
    };
    check(
        "account_id",
        RecordKind::Account,
        deal.account_id.as_slice(),
    );
    check("owner_id", RecordKind::User, deal.owner_id.as_slice());
    check(
        "primary_contact_id",
        RecordKind::Contact,
        deal.primary_contact_id.as_slice(),
    );
    check("contact_ids", RecordKind::Contact, &deal.contact_ids);
    if gone.pipeline {
        fields.push(FieldError::new("pipeline_id", "Pipeline not found"));
    }
    if gone.placement() {
        fields.push(FieldError::new("stage", "Stage not found"));
    }
    fields
}

/// The deal a restore brings back from its tombstone: live again as a new version, with its
/// fields, number and stage history as they were, `deleted_at`/`deleted_by` cleared.
///
/// What it refers to must still exist; anything gone is [`LifecycleError::Dangling`] unless
/// `detach`, which clears references to records that are gone and, when its stage or pipeline
/// is gone, places the deal in `relocate_to`: the first stage of its own pipeline when only the
/// stage is gone (the deal stays in the pipeline it was in), else the first stage of the
/// tenant's default pipeline. That placement is a stage move like any other (audited, stage
/// probability unless the client chose one, close date by the stage's kind, a lost stage's
/// reasons required). `pipelines` must hold the deal's pipeline, or `relocate_to`'s.
pub fn restore(
    tombstone: &Deal,
    gone: &Gone,
    detach: bool,
    relocate_to: Option<&Stage>,
    caller: &Caller,
    now: &Now,
    pipelines: &Pipelines,
) -> Result<Deal, LifecycleError> {
    let dangling = dangling_fields(tombstone, gone);
    if !dangling.is_empty() && !detach {
        return Err(LifecycleError::Dangling(dangling));
    }
    let mut deal = tombstone.clone();
    deal.is_deleted = false;
    deal.deleted_at = None;
    deal.deleted_by = None;
    let kept =
        |kind: RecordKind, id: &Option<String>| id.clone().filter(|id| !gone.record(kind, id));
    deal.account_id = kept(RecordKind::Account, &deal.account_id);
    deal.owner_id = kept(RecordKind::User, &deal.owner_id);
    deal.primary_contact_id = kept(RecordKind::Contact, &deal.primary_contact_id);
    deal.contact_ids
        .retain(|id| !gone.record(RecordKind::Contact, id));
    let mut patch = DealPatch::default();
    if gone.placement() {
        let target = relocate_to.ok_or_else(|| RuleError::UnknownStage {
            field: "stage".into(),
        })?;
        patch.pipeline_id = PipelineId::parse(&target.pipeline_id);
        patch.stage = StageId::parse(&target.id);
    }
    Ok(domain::update_deal(&deal, &patch, caller, now, pipelines)?)
}

/// Two deals made one: the survivor after absorbing the other, the other's tombstone, and the
/// survivor's stage changes to store as history items.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    pub survivor: Deal,
    /// Soft-deleted, `merged_into` the survivor.
    pub absorbed: Deal,
    /// Written as the survivor's history items at these sequence numbers (over any there).
    pub history: Vec<(u64, AuditEntry)>,
}

/// Merges `absorbed` into `survivor`, which keeps its id, number, name, value, currency,
/// pipeline, stage, probability and provenance, and the fields of its own outcome
/// (`actual_close_date`, `loss_reason`, `loss_category`, `closure_notes`, which follow its
/// stage). Of the rest:
///
/// - each field the survivor has no value for takes the other's (`account_id`, `owner_id`,
///   `primary_contact_id`, `rfp_record_id`, `forecast_category`, `expected_close_date`,
///   `next_followup_date`, `deal_type`, `deal_source`);
/// - lists are unioned, the survivor's items first, then the other's it lacks, each list
///   within its field's rule (`contact_ids` 40, the others 100): past it,
///   [`LifecycleError::MergedFieldInvalid`] naming the field;
/// - `custom_fields` are merged key by key (top-level keys), the survivor's value winning,
///   within the 16 KiB and nesting limits of the field;
/// - the stage history is both deals' stage changes merged by time (`at`; the survivor's first
///   on a tie). The survivor's entries before the other's first change keep their sequence
///   numbers; from there on the merged entries are numbered on, the latest
///   [`INLINE_AUDIT_ENTRIES`] inline and the rest written as history items (at most
///   [`MAX_MERGED_HISTORY_WRITES`]; more is [`LifecycleError::HistoryTooLong`]), so `GET
///   /deals/{id}/history` of the survivor lists both deals' changes in time order. The
///   absorbed deal's tombstone keeps its own log.
///
/// `survivor_history` and `absorbed_history` are each deal's whole stage history, oldest first
/// (its history items, then its inline log). The absorbed deal becomes a tombstone with
/// `merged_into`; both get a new version.
pub fn merge(
    survivor: &Deal,
    absorbed: &Deal,
    survivor_history: &[AuditEntry],
    absorbed_history: &[AuditEntry],
    caller: &Caller,
    now: &Now,
) -> Result<Merge, LifecycleError> {
    if survivor.id == absorbed.id {
        return Err(LifecycleError::SelfMerge);
    }
    let mut merged = survivor.clone();
    let fill = |ours: &mut Option<String>, theirs: &Option<String>| {
        if ours.is_none() {
            ours.clone_from(theirs);
        }
    };
    fill(&mut merged.account_id, &absorbed.account_id);
    fill(&mut merged.owner_id, &absorbed.owner_id);
    fill(&mut merged.primary_contact_id, &absorbed.primary_contact_id);
    fill(&mut merged.rfp_record_id, &absorbed.rfp_record_id);
    fill(&mut merged.forecast_category, &absorbed.forecast_category);
    fill(
        &mut merged.expected_close_date,
        &absorbed.expected_close_date,
    );
    fill(&mut merged.next_followup_date, &absorbed.next_followup_date);
    fill(&mut merged.deal_type, &absorbed.deal_type);
    fill(&mut merged.deal_source, &absorbed.deal_source);
    merged.contact_ids = union("contact_ids", &merged.contact_ids, &absorbed.contact_ids)?;
    merged.tags = union("tags", &merged.tags, &absorbed.tags)?;
    merged.quote_ids = union("quote_ids", &merged.quote_ids, &absorbed.quote_ids)?;
    merged.proposal_ids = union("proposal_ids", &merged.proposal_ids, &absorbed.proposal_ids)?;
    merged.attachment_refs = union(
        "attachment_refs",
        &merged.attachment_refs,
        &absorbed.attachment_refs,
    )?;
    merged.linked_task_ids = union(
        "linked_task_ids",
        &merged.linked_task_ids,
        &absorbed.linked_task_ids,
    )?;
    merged.competitors = union("competitors", &merged.competitors, &absorbed.competitors)?;
    merged.custom_fields = merged_custom_fields(&merged.custom_fields, &absorbed.custom_fields)?;
    let history = merge_history(survivor.audit_offset, survivor_history, absorbed_history)?;
    merged.audit_log = history.inline;
    merged.audit_offset = history.offset;
    merged.merged_from = Some(absorbed.id.clone());
    merged.version = survivor.version + 1;
    merged.updated_at = now.timestamp.clone();
    merged.updated_by = caller.subject.clone();
    let mut tombstone = domain::delete_deal(absorbed, caller, now);
    tombstone.merged_into = Some(survivor.id.clone());
    Ok(Merge {
        survivor: merged,
        absorbed: tombstone,
        history: history.written,
    })
}

/// The field's rule, as the deal's field table has it.
fn checked(field: &'static str, value: Value) -> Result<Value, LifecycleError> {
    let rule = DEAL_FIELDS
        .iter()
        .find(|spec| spec.name == field)
        .map(|spec| spec.rule)
        .ok_or_else(|| RuleError::Malformed(format!("no rule for {field}")))?;
    check_value(field, rule, &value)
        .map_err(|message| LifecycleError::MergedFieldInvalid { field, message })
}

/// `ours`, then each of `theirs` not in it, as the field's rule takes it.
fn union(
    field: &'static str,
    ours: &[String],
    theirs: &[String],
) -> Result<Vec<String>, LifecycleError> {
    let mut all = ours.to_vec();
    for item in theirs {
        if !all.contains(item) {
            all.push(item.clone());
        }
    }
    if all.len() == ours.len() {
        return Ok(all);
    }
    let value = checked(field, Value::from(all))?;
    serde_json::from_value(value)
        .map_err(|error| RuleError::Malformed(format!("{field}: {error}")).into())
}

fn merged_custom_fields(
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
) -> Result<Map<String, Value>, LifecycleError> {
    let mut all = ours.clone();
    for (key, value) in theirs {
        if !all.contains_key(key) {
            all.insert(key.clone(), value.clone());
        }
    }
    if all.len() == ours.len() {
        return Ok(all);
    }
    match checked("custom_fields", Value::Object(all))? {
        Value::Object(all) => Ok(all),
        _ => Err(RuleError::Malformed("custom_fields: not an object".into()).into()),
    }
}

/// The survivor's stage history after a merge.
#[derive(Debug, Clone, PartialEq)]
struct MergedHistory {
    /// How many entries are history items (the new `audit_offset`).
    offset: u64,
    inline: Vec<AuditEntry>,
    /// The history items to write.
    written: Vec<(u64, AuditEntry)>,
}

fn merge_history(
    offset: u64,
    ours: &[AuditEntry],
    theirs: &[AuditEntry],
) -> Result<MergedHistory, LifecycleError> {
    let mut merged = Vec::with_capacity(ours.len() + theirs.len());
    let (mut mine, mut other) = (ours.iter().peekable(), theirs.iter().peekable());
    // Where the first of the other deal's entries lands: everything before stays as it is.
    let mut first_change = None;
    loop {
        let take_other = match (mine.peek(), other.peek()) {
            (Some(a), Some(b)) => b.at < a.at,
            (None, Some(_)) => true,
            (_, None) => false,
        };
        let next = if take_other {
            first_change.get_or_insert(merged.len());
            other.next()
        } else {
            mine.next()
        };
        match next {
            Some(entry) => merged.push(entry.clone()),
            None => break,
        }
    }
    let len = merged.len() as u64;
    let new_offset = offset.max(len.saturating_sub(INLINE_AUDIT_ENTRIES as u64));
    // Rewritten: the history items from the other's first change on; written anew: the
    // entries that leave the inline log.
    let first_written = first_change.map_or(len, |index| index as u64).min(offset);
    let written: Vec<(u64, AuditEntry)> = (first_written..new_offset)
        .filter_map(|seq| {
            let entry = merged.get(usize::try_from(seq).ok()?)?;
            Some((seq, entry.clone()))
        })
        .collect();
    if written.len() > MAX_MERGED_HISTORY_WRITES {
        return Err(LifecycleError::HistoryTooLong);
    }
    let inline = merged
        .into_iter()
        .skip(usize::try_from(new_offset).unwrap_or(usize::MAX))
        .collect();
    Ok(MergedHistory {
        offset: new_offset,
        inline,
        written,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::datetime;

    use super::*;
    use crate::pipeline::Pipeline;

    fn caller() -> Caller {
        Caller {
            tenant_id: "t1".into(),
            subject: "usr-merger".into(),
            scopes: vec!["write:deals".into()],
            app_id: None,
        }
    }

    fn now() -> Now {
        Now::at(datetime!(2026-03-10 12:00:00 UTC))
    }

    fn deal(id: &str, fields: Value) -> Deal {
        let mut base = json!({
            "id": id, "tenant_id": "t1", "deal_number": "DEAL-2026-00001", "name": id,
            "pipeline_id": "default", "stage": "lead", "value": 10, "currency": "EUR",
            "probability": 10, "source": "edm", "source_type": "api",
            "created_at": "2026-03-01T10:00:00.000Z", "updated_at": "2026-03-01T10:00:00.000Z",
            "stage_entered_at": "2026-03-01T10:00:00.000Z",
            "created_by": "usr-1", "updated_by": "usr-1", "schema_version": 1, "version": 3,
        });
        if let (Some(base), Value::Object(fields)) = (base.as_object_mut(), fields) {
            base.extend(fields);
        }
        serde_json::from_value(base).expect("a deal")
    }

    fn entry(at: &str, to: &str) -> AuditEntry {
        AuditEntry {
            from: "x".into(),
            to: to.into(),
            at: at.into(),
            by: "usr-1".into(),
        }
    }

    const A: &str = "deal_01J0000000000000000000000A";
    const B: &str = "deal_01J0000000000000000000000B";

    #[test]
    fn a_tombstone_is_restorable_for_ninety_days_after_its_deletion() {
        assert_eq!(
            restorable_until("2026-01-01T00:00:00.500Z"),
            Some(1_767_225_600 + 90 * 86_400)
        );
        assert_eq!(restorable_until("yesterday"), None);
    }

    #[test]
    fn the_survivor_keeps_its_values_and_takes_the_others_where_it_has_none() {
        let survivor = deal(
            A,
            json!({"deal_type": "new", "tags": ["a", "b"], "value": 5,
                   "custom_fields": {"k": 1, "deep": {"x": 1}}, "competitors": ["Acme"]}),
        );
        let absorbed = deal(
            B,
            json!({"deal_type": "renewal", "deal_source": "rfp", "value": 900,
                   "owner_id": "usr-00000000-0000-4000-8000-000000000001",
                   "loss_reason": "price", "tags": ["b", "c"],
                   "custom_fields": {"k": 2, "other": true}, "competitors": ["Beta", "Acme"]}),
        );
        let merge = merge(&survivor, &absorbed, &[], &[], &caller(), &now()).expect("merged");
        let merged = &merge.survivor;
        assert_eq!(merged.deal_type.as_deref(), Some("new"));
        assert_eq!(merged.deal_source.as_deref(), Some("rfp"));
        assert_eq!(
            merged.owner_id.as_deref(),
            Some("usr-00000000-0000-4000-8000-000000000001")
        );
        assert_eq!(merged.value, 5.into());
        assert_eq!(merged.loss_reason, None, "its outcome is its own");
        assert_eq!(merged.tags, ["a", "b", "c"]);
        assert_eq!(merged.competitors, ["Acme", "Beta"]);
        assert_eq!(
            Value::Object(merged.custom_fields.clone()),
            json!({"k": 1, "deep": {"x": 1}, "other": true})
        );
        assert_eq!(
            (merged.version, merged.merged_from.as_deref()),
            (4, Some(B))
        );
        assert_eq!(merged.updated_by, "usr-merger");
        let tombstone = &merge.absorbed;
        assert!(tombstone.is_deleted);
        assert_eq!(tombstone.merged_into.as_deref(), Some(A));
        assert_eq!(tombstone.deleted_by.as_deref(), Some("usr-merger"));
        assert_eq!(tombstone.version, 4);
    }

    #[test]
    fn a_merged_list_or_custom_fields_past_their_limit_is_refused_naming_the_field() {
        let contacts = |from: usize| -> Vec<String> {
            (from..from + 30)
                .map(|n| format!("con-00000000-0000-4000-8000-{n:012}"))
                .collect()
        };
        let survivor = deal(A, json!({"contact_ids": contacts(0)}));
        let absorbed = deal(B, json!({"contact_ids": contacts(20)}));
        let refused = merge(&survivor, &absorbed, &[], &[], &caller(), &now());
        assert!(
            matches!(
                refused,
                Err(LifecycleError::MergedFieldInvalid {
                    field: "contact_ids",
                    ..
                })
            ),
            "{refused:?}"
        );
        let big = |key: &str| json!({ key: "x".repeat(9000) });
        let survivor = deal(A, json!({"custom_fields": big("a")}));
        let absorbed = deal(B, json!({"custom_fields": big("b")}));
        let refused = merge(&survivor, &absorbed, &[], &[], &caller(), &now());
        assert!(
            matches!(
                refused,
                Err(LifecycleError::MergedFieldInvalid {
                    field: "custom_fields",
                    ..
                })
            ),
            "{refused:?}"
        );
        let same = deal(A, json!({}));
        assert_eq!(
            merge(&same, &same, &[], &[], &caller(), &now()),
            Err(LifecycleError::SelfMerge)
        );
    }

    #[test]
    fn stage_histories_merge_by_time_renumbering_from_the_others_first_change() {
        let ours: Vec<AuditEntry> = (0..25)
            .map(|n| entry(&format!("2026-01-{:02}T00:00:00.000Z", n + 1), "ours"))
            .collect();
        let theirs = vec![
            entry("2026-01-03T12:00:00.000Z", "theirs"),
            entry("2026-02-01T00:00:00.000Z", "theirs"),
        ];
        let survivor = deal(A, json!({}));
        let survivor = Deal {
            audit_offset: 5,
            audit_log: ours[5..].to_vec(),
            ..survivor
        };
        let absorbed = deal(B, json!({}));
        let merge = merge(&survivor, &absorbed, &ours, &theirs, &caller(), &now()).expect("merged");
        let merged = &merge.survivor;
        assert_eq!(merged.audit_offset, 7, "27 entries, 20 inline");
        assert_eq!(merged.audit_log.len(), INLINE_AUDIT_ENTRIES);
        assert_eq!(
            merged.audit_log.last().map(|e| e.at.as_str()),
            Some("2026-02-01T00:00:00.000Z")
        );
        // Entries 0..3 (Jan 1-3) stay; from seq 3 (the other's first change) on, renumbered.
        let seqs: Vec<u64> = merge.history.iter().map(|(seq, _)| *seq).collect();
        assert_eq!(seqs, [3, 4, 5, 6]);
        assert_eq!(merge.history[0].1, theirs[0]);
        assert_eq!(merge.history[1].1, ours[3]);
        let mut all: Vec<AuditEntry> = ours[..3].to_vec();
        all.extend(merge.history.iter().map(|(_, e)| e.clone()));
        all.extend(merged.audit_log.iter().cloned());
        assert!(all.windows(2).all(|pair| pair[0].at <= pair[1].at));
        assert_eq!(all.len(), 27);

        // The other's changes all late: the survivor's own entries leave the inline log.
        let late = vec![
            entry("2026-02-01T00:00:00.000Z", "theirs"),
            entry("2026-02-02T00:00:00.000Z", "theirs"),
        ];
        let appended =
            super::merge(&survivor, &absorbed, &ours, &late, &caller(), &now()).expect("merged");
        assert_eq!(appended.survivor.audit_offset, 7);
        let seqs: Vec<u64> = appended.history.iter().map(|(seq, _)| *seq).collect();
        assert_eq!(seqs, [5, 6]);
        assert_eq!(appended.history[0].1, ours[5]);
        assert_eq!(appended.survivor.audit_log.last(), late.last());

        let untouched =
            super::merge(&survivor, &absorbed, &ours, &[], &caller(), &now()).expect("merged");
        assert!(untouched.history.is_empty());
        assert_eq!(untouched.survivor.audit_log, survivor.audit_log);
        assert_eq!(untouched.survivor.audit_offset, 5);

        let ancient: Vec<AuditEntry> = (0..60)
            .map(|n| entry(&format!("2025-01-01T00:00:{:02}.000Z", n), "old"))
            .collect();
        assert_eq!(
            super::merge(&survivor, &absorbed, &ours, &ancient, &caller(), &now()),
            Err(LifecycleError::HistoryTooLong)
        );
    }

    fn pipelines() -> Pipelines {
        Pipelines::subset(vec![Pipeline::built_in_default()])
    }

    fn tombstone(fields: Value) -> Deal {
        Deal {
            is_deleted: true,
            deleted_at: Some("2026-03-05T00:00:00.000Z".into()),
            deleted_by: Some("usr-1".into()),
            ..deal(A, fields)
        }
    }

    #[test]
    fn a_restore_brings_the_deal_back_as_a_new_version() {
        let gone = Gone::default();
        let restored = restore(
            &tombstone(json!({"stage": "qualified"})),
            &gone,
            false,
            None,
            &caller(),
            &now(),
            &pipelines(),
        )
        .expect("restored");
        assert!(!restored.is_deleted);
        assert_eq!((restored.deleted_at, restored.deleted_by), (None, None));
        assert_eq!(
            (restored.version, restored.stage.as_str()),
            (4, "qualified")
        );
        assert!(restored.audit_log.is_empty());
        assert_eq!(restored.deal_number, "DEAL-2026-00001");
    }

    #[test]
    fn what_is_gone_is_named_or_with_detach_cleared_and_the_deal_placed_in_a_first_stage() {
        let account = "acc-00000000-0000-4000-8000-000000000001";
        let contact = "con-00000000-0000-4000-8000-000000000002";
        let kept = "con-00000000-0000-4000-8000-000000000003";
        let dead = tombstone(json!({
            "stage": "stg_gone", "account_id": account, "primary_contact_id": contact,
            "contact_ids": [contact, kept],
        }));
        let gone = Gone {
            records: vec![
                RecordRef::new(RecordKind::Account, account),
                RecordRef::new(RecordKind::Contact, contact),
            ],
            pipeline: false,
            stage: true,
        };
        let refused = restore(&dead, &gone, false, None, &caller(), &now(), &pipelines());
        let Err(LifecycleError::Dangling(details)) = refused else {
            panic!("restored: {refused:?}");
        };
        let fields: Vec<&str> = details.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(
            fields,
            ["account_id", "primary_contact_id", "contact_ids", "stage"]
        );
        let first = pipelines()
            .get("default")
            .and_then(Pipeline::first_stage)
            .cloned();
        let restored = restore(
            &dead,
            &gone,
            true,
            first.as_ref(),
            &caller(),
            &now(),
            &pipelines(),
        )
        .expect("detached");
        assert_eq!(restored.account_id, None);
        assert_eq!(restored.primary_contact_id, None);
        assert_eq!(restored.contact_ids, [kept]);
        assert_eq!(restored.stage, "lead");
        assert_eq!(restored.stage_entered_at, now().timestamp);
        assert_eq!(
            restored
                .audit_log
                .last()
                .map(|e| (e.from.as_str(), e.to.as_str())),
            Some(("stg_gone", "lead"))
        );
    }
}
