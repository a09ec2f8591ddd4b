//! The rules of a deal's life, as pure functions: creation defaults, partial updates,
//! stage transitions and soft deletion. No I/O here; handlers load and store.

use serde_json::Map;

use crate::auth::Caller;
use crate::clock::Now;
use crate::deal_patch::DealPatch;
use crate::ids::StageId;
use crate::model::{self, AuditEntry, Deal, SourceType, SCHEMA_VERSION};
use crate::pipeline::RuleError;
use crate::pipeline::{Pipelines, Stage, StageKind};

pub const DEFAULT_CURRENCY: &str = "EUR";
pub const DEFAULT_SOURCE: &str = "edm";

/// A new deal from validated create fields, placed in the pipeline and stage the client named
/// (the default pipeline's first stage otherwise). `deal_number` stays empty unless the client
/// chose one; the store assigns the next free number then.
pub fn new_deal(
    caller: &Caller,
    patch: &DealPatch,
    now: &Now,
    pipelines: &Pipelines,
) -> Result<Deal, RuleError> {
    let stage = pipelines.place(patch.pipeline_id(), patch.stage(), None, "stage")?;
    let mut deal = Deal {
        id: model::new_deal_id_at(now.unix_millis),
        tenant_id: caller.tenant_id.clone(),
        app_id: caller.app_id.clone(),
        deal_number: String::new(),
        name: String::new(),
        account_id: None,
        owner_id: None,
        pipeline_id: stage.pipeline_id.clone(),
        stage: stage.id.clone(),
        value: 0.into(),
        currency: DEFAULT_CURRENCY.into(),
        probability: None,
        forecast_category: None,
        expected_close_date: None,
        actual_close_date: None,
        next_followup_date: None,
        deal_type: None,
        deal_source: None,
        competitors: Vec::new(),
        loss_reason: None,
        loss_category: None,
        closure_notes: None,
        primary_contact_id: None,
        contact_ids: Vec::new(),
        rfp_record_id: None,
        quote_ids: Vec::new(),
        proposal_ids: Vec::new(),
        attachment_refs: Vec::new(),
        linked_task_ids: Vec::new(),
        custom_fields: Map::new(),
        tags: Vec::new(),
        audit_log: Vec::new(),
        stage_entered_at: now.timestamp.clone(),
        source: DEFAULT_SOURCE.into(),
        source_type: SourceType::default(),
        created_at: now.timestamp.clone(),
        updated_at: now.timestamp.clone(),
        created_by: caller.subject.clone(),
        updated_by: caller.subject.clone(),
        is_deleted: false,
        deleted_at: None,
        deleted_by: None,
        merged_into: None,
        schema_version: SCHEMA_VERSION,
        version: 1,
        probability_is_manual: false,
        audit_offset: 0,
        merged_from: None,
    };
    apply(&mut deal, patch);
    deal.pipeline_id = stage.pipeline_id.clone();
    deal.stage = stage.id.clone();
    follow_probability(&mut deal, patch, stage, true);
    if deal.stage_entered_at > now.timestamp {
        return Err(RuleError::InFuture("stage_entered_at"));
    }
    if stage.kind.is_closed() && patch.actual_close_date.is_none() {
        deal.actual_close_date = Some(now.date.clone());
    }
    check_invariants(&deal, stage.kind)?;
    Ok(deal)
}

/// The deal after a PATCH or a stage move: only the given fields change; a stage change appends
/// to the audit log, sets or clears the close date by the stage's kind and, unless the client
/// chose one, brings the stage's probability; the version goes up by one.
pub fn update_deal(
    current: &Deal,
    patch: &DealPatch,
    caller: &Caller,
    now: &Now,
    pipelines: &Pipelines,
) -> Result<Deal, RuleError> {
    let mut deal = current.clone();
    apply(&mut deal, patch);
    let stage = pipelines.place(
        patch.pipeline_id(),
        patch.stage(),
        Some((&current.pipeline_id, &current.stage)),
        "stage",
    )?;
    deal.pipeline_id = stage.pipeline_id.clone();
    deal.stage = stage.id.clone();
    let stage_changed = deal.stage != current.stage;
    follow_probability(&mut deal, patch, stage, stage_changed);
    if stage_changed {
        deal.stage_entered_at = now.timestamp.clone();
        deal.audit_log.push(AuditEntry {
            from: current.stage.clone(),
            to: deal.stage.clone(),
            at: now.timestamp.clone(),
            by: caller.subject.clone(),
        });
        let excess = deal
            .audit_log
            .len()
            .saturating_sub(model::INLINE_AUDIT_ENTRIES);
        deal.audit_log.drain(..excess);
        deal.audit_offset += excess as u64;
        if patch.actual_close_date.is_none() {
            if stage.kind.is_closed() {
                deal.actual_close_date = Some(now.date.clone());
            } else if stage_kind(pipelines, &current.stage).is_closed() {
                deal.actual_close_date = None;
            }
        }
    }
    check_invariants(&deal, stage.kind)?;
    deal.version = current.version + 1;
    deal.updated_at = now.timestamp.clone();
    deal.updated_by = caller.subject.clone();
    Ok(deal)
}

/// The tombstone a soft delete leaves behind.
pub fn delete_deal(current: &Deal, caller: &Caller, now: &Now) -> Deal {
    let mut deal = current.clone();
    deal.is_deleted = true;
    deal.deleted_at = Some(now.timestamp.clone());
    deal.deleted_by = Some(caller.subject.clone());
    deal.version = current.version + 1;
    deal.updated_at = now.timestamp.clone();
    deal.updated_by = caller.subject.clone();
    deal
}

/// An application-scoped caller sees only its own application's deals.
pub fn visible_to(deal: &Deal, caller: &Caller) -> bool {
    !deal.is_deleted && belongs_to(deal, caller)
}

/// Whether the deal, live or deleted, is the caller's: its tenant's, and its application's when
/// the caller is an application.
pub fn belongs_to(deal: &Deal, caller: &Caller) -> bool {
    deal.tenant_id == caller.tenant_id
        && match &caller.app_id {
            Some(app) => deal.app_id.as_ref() == Some(app),
            None => true,
        }
}

/// Moves a deal to another stage the way a stage move does (used when a stage is deleted with
/// `move_to`).
pub fn move_deal(
    current: &Deal,
    stage: &StageId,
    caller: &Caller,
    now: &Now,
    pipelines: &Pipelines,
) -> Result<Deal, RuleError> {
    let patch = DealPatch::stage_move(stage.clone());
    update_deal(current, &patch, caller, now, pipelines)
}

fn stage_kind(pipelines: &Pipelines, stage_id: &str) -> StageKind {
    pipelines
        .find_stage(stage_id)
        .map_or(StageKind::Open, |stage| stage.kind)
}

/// A probability the client set is kept; `null` hands it back to the stage; otherwise it
/// follows the stage whenever the stage is (re)assigned.
fn follow_probability(deal: &mut Deal, patch: &DealPatch, stage: &Stage, stage_assigned: bool) {
    match patch.probability {
        Some(None) => deal.probability_is_manual = false,
        Some(Some(_)) => deal.probability_is_manual = true,
        None => {}
    }
    if !deal.probability_is_manual && (stage_assigned || patch.probability.is_some()) {
        deal.probability = Some(stage.probability.into());
    }
}

/// Writes the patch's fields onto the deal, each given one replacing (or clearing) the deal's.
/// The placement (`pipeline_id`, `stage`) is written here as given; callers then set the stage
/// the pipelines placed the deal in.
fn apply(deal: &mut Deal, patch: &DealPatch) {
    // Named field by field (no `..`): a field added to the patch must be applied here.
    let DealPatch {
        name,
        account_id,
        owner_id,
        pipeline_id,
        stage,
        value,
        currency,
        probability,
        forecast_category,
        expected_close_date,
        actual_close_date,
        next_followup_date,
        deal_type,
        deal_source,
        competitors,
        loss_reason,
        loss_category,
        closure_notes,
        primary_contact_id,
        contact_ids,
        rfp_record_id,
        quote_ids,
        proposal_ids,
        attachment_refs,
        linked_task_ids,
        custom_fields,
        tags,
        deal_number,
        source,
        source_type,
        stage_entered_at,
    } = patch;
    set(&mut deal.name, name);
    set_optional_text(&mut deal.account_id, account_id);
    set_optional_text(&mut deal.owner_id, owner_id);
    set_text(&mut deal.pipeline_id, pipeline_id);
    set_text(&mut deal.stage, stage);
    set(&mut deal.value, value);
    set_text(&mut deal.currency, currency);
    set(&mut deal.probability, probability);
    set(&mut deal.forecast_category, forecast_category);
    set_optional_text(&mut deal.expected_close_date, expected_close_date);
    set_optional_text(&mut deal.actual_close_date, actual_close_date);
    set(&mut deal.next_followup_date, next_followup_date);
    set(&mut deal.deal_type, deal_type);
    set(&mut deal.deal_source, deal_source);
    set(&mut deal.competitors, competitors);
    set(&mut deal.loss_reason, loss_reason);
    set(&mut deal.loss_category, loss_category);
    set(&mut deal.closure_notes, closure_notes);
    set_optional_text(&mut deal.primary_contact_id, primary_contact_id);
    set_texts(&mut deal.contact_ids, contact_ids);
    set_optional_text(&mut deal.rfp_record_id, rfp_record_id);
    set(&mut deal.quote_ids, quote_ids);
    set(&mut deal.proposal_ids, proposal_ids);
    set(&mut deal.attachment_refs, attachment_refs);
    set_texts(&mut deal.linked_task_ids, linked_task_ids);
    set(&mut deal.custom_fields, custom_fields);
    set(&mut deal.tags, tags);
    set(&mut deal.deal_number, deal_number);
    set(&mut deal.source, source);
    set(&mut deal.source_type, source_type);
    set(&mut deal.stage_entered_at, stage_entered_at);
}

/// A given value replaces the deal's (for a clearable field, `Some(None)` clears it).
fn set<T: Clone>(slot: &mut T, given: &Option<T>) {
    if let Some(value) = given {
        slot.clone_from(value);
    }
}

/// [`set`] for the typed text of a patch (ids, dates, codes), which the deal stores as text.
fn set_text<T: Clone + Into<String>>(slot: &mut String, given: &Option<T>) {
    if let Some(value) = given {
        *slot = value.clone().into();
    }
}

fn set_optional_text<T: Clone + Into<String>>(
    slot: &mut Option<String>,
    given: &Option<Option<T>>,
) {
    if let Some(value) = given {
        *slot = value.clone().map(Into::into);
    }
}

fn set_texts<T: Clone + Into<String>>(slot: &mut Vec<String>, given: &Option<Vec<T>>) {
    if let Some(values) = given {
        *slot = values.iter().cloned().map(Into::into).collect();
    }
}

/// What must hold for any stored deal, whichever request produced it.
fn check_invariants(deal: &Deal, kind: StageKind) -> Result<(), RuleError> {
    let mut missing = Vec::new();
    if kind == StageKind::Lost {
        if deal.loss_reason.is_none() {
            missing.push("loss_reason");
        }
        if deal.loss_category.is_none() {
            missing.push("loss_category");
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(RuleError::LossFieldsMissing(missing))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deal_fields::{validate_deal_fields, validate_stage_body};
    use crate::validation::Mode;
    use serde_json::{json, Value};
    use time::macros::datetime;

    fn caller() -> Caller {
        Caller {
            tenant_id: "t1".into(),
            subject: "user-1".into(),
            scopes: vec!["write:deals".into()],
            app_id: None,
        }
    }

    fn pipelines() -> Pipelines {
        Pipelines::new(Vec::new())
    }

    fn now() -> Now {
        Now::at(datetime!(2026-03-01 12:00:00 UTC))
    }

    fn changes(value: Value, mode: Mode) -> DealPatch {
        match validate_deal_fields(value.as_object().cloned().unwrap_or_default(), mode) {
            Ok(changes) => DealPatch::from_changes(changes).expect("a patch"),
            Err(error) => panic!("invalid test input: {error:?}"),
        }
    }

    fn created(value: Value) -> Deal {
        new_deal(
            &caller(),
            &changes(value, Mode::Create),
            &now(),
            &pipelines(),
        )
        .expect("valid deal")
    }

    #[test]
    fn new_deals_get_the_documented_defaults() {
        let deal = created(json!({"name": "Q1"}));
        assert_eq!(deal.stage, "lead");
        assert_eq!(deal.pipeline_id, "default");
        assert_eq!(deal.currency, "EUR");
        assert_eq!(deal.value, 0.into());
        assert_eq!(deal.source, "edm");
        assert_eq!(deal.source_type, SourceType::Api);
        assert_eq!(deal.version, 1);
        assert_eq!(deal.created_by, "user-1");
        assert!(model::is_deal_id(&deal.id));
        assert!(deal.audit_log.is_empty());
    }

    #[test]
    fn closing_stages_set_the_close_date_and_lost_needs_reasons() {
        let won = created(json!({"name": "Q1", "stage": "closed_won"}));
        assert_eq!(won.actual_close_date.as_deref(), Some("2026-03-01"));
        let lost = new_deal(
            &caller(),
            &changes(json!({"name": "Q1", "stage": "closed_lost"}), Mode::Create),
            &now(),
            &pipelines(),
        );
        assert_eq!(
            lost.err(),
            Some(RuleError::LossFieldsMissing(vec![
                "loss_reason",
                "loss_category"
            ]))
        );
    }

    #[test]
    fn a_stage_move_is_audited_and_reopening_clears_the_close_date() {
        let deal = created(json!({"name": "Q1"}));
        let stage = |body: Value| {
            let changes =
                validate_stage_body(body.as_object().cloned().unwrap_or_default()).expect("valid");
            DealPatch::from_changes(changes).expect("a patch")
        };
        let won = update_deal(
            &deal,
            &stage(json!({"stage": "closed_won"})),
            &caller(),
            &now(),
            &pipelines(),
        )
        .expect("move");
        assert_eq!(won.version, 2);
        assert_eq!(won.actual_close_date.as_deref(), Some("2026-03-01"));
        assert_eq!(
            won.audit_log,
            vec![AuditEntry {
                from: "lead".into(),
                to: "closed_won".into(),
                at: now().timestamp,
                by: "user-1".into()
            }]
        );
        let reopened = update_deal(
            &won,
            &stage(json!({"stage_id": "negotiation"})),
            &caller(),
            &now(),
            &pipelines(),
        )
        .expect("move");
        assert_eq!(reopened.actual_close_date, None);
        assert_eq!(reopened.audit_log.len(), 2);
        let same = update_deal(
            &reopened,
            &stage(json!({"stage": "negotiation"})),
            &caller(),
            &now(),
            &pipelines(),
        )
        .expect("no-op move");
        assert_eq!(same.audit_log.len(), 2);
    }

    #[test]
    fn patch_changes_only_given_fields_and_null_clears() {
        let deal = created(json!({"name": "Q1", "deal_type": "new", "tags": ["x"], "value": 10}));
        let patched = update_deal(
            &deal,
            &changes(json!({"deal_type": null, "tags": null}), Mode::Update),
            &caller(),
            &now(),
            &pipelines(),
        )
        .expect("patch");
        assert_eq!(patched.deal_type, None);
        assert!(patched.tags.is_empty());
        assert_eq!(patched.value, 10.into());
        assert_eq!(patched.name, "Q1");
    }

    #[test]
    fn lost_deals_keep_their_reasons() {
        let lost = created(
            json!({"name": "Q1", "stage": "closed_lost", "loss_reason": "price", "loss_category": "pricing"}),
        );
        let cleared = update_deal(
            &lost,
            &changes(json!({"loss_reason": null}), Mode::Update),
            &caller(),
            &now(),
            &pipelines(),
        );
        assert_eq!(
            cleared.err(),
            Some(RuleError::LossFieldsMissing(vec!["loss_reason"]))
        );
    }

    #[test]
    fn application_callers_see_only_their_applications_deals() {
        let deal = created(json!({"name": "Q1"}));
        let app = Caller {
            app_id: Some("app-1".into()),
            ..caller()
        };
        assert!(visible_to(&deal, &caller()));
        assert!(!visible_to(&deal, &app));
        let other_tenant = Caller {
            tenant_id: "t2".into(),
            ..caller()
        };
        assert!(!visible_to(&deal, &other_tenant));
    }
}
