//! The rules of a deal's life, as pure functions: creation defaults, partial updates,
//! stage transitions and soft deletion. No I/O here; handlers load and store.

use serde_json::{Map, Value};

use crate::auth::Caller;
use crate::clock::Now;
use crate::model::{self, AuditEntry, Deal, SourceType, SCHEMA_VERSION};
use crate::pipeline::RuleError;
use crate::pipeline::{Pipelines, Stage, StageKind};
use crate::validation::Changes;

pub const DEFAULT_CURRENCY: &str = "EUR";
pub const DEFAULT_SOURCE: &str = "edm";

/// A new deal from validated create fields, placed in the pipeline and stage the client named
/// (the default pipeline's first stage otherwise). `deal_number` stays empty unless the client
/// chose one; the store assigns the next free number then.
pub fn new_deal(
    caller: &Caller,
    changes: &Changes,
    now: &Now,
    pipelines: &Pipelines,
) -> Result<Deal, RuleError> {
    let stage = pipelines.place(
        changes.get_str("pipeline_id"),
        changes.get_str("stage"),
        None,
        "stage",
    )?;
    let blank = Deal {
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
        source: DEFAULT_SOURCE.into(),
        source_type: SourceType::default(),
        created_at: now.timestamp.clone(),
        updated_at: now.timestamp.clone(),
        created_by: caller.subject.clone(),
        updated_by: caller.subject.clone(),
        is_deleted: false,
        deleted_at: None,
        deleted_by: None,
        schema_version: SCHEMA_VERSION,
        version: 1,
        probability_is_manual: false,
        audit_offset: 0,
    };
    let mut deal = merge(&blank, changes)?;
    deal.pipeline_id = stage.pipeline_id.clone();
    deal.stage = stage.id.clone();
    follow_probability(&mut deal, changes, stage, true);
    if stage.kind.is_closed() && !changes.contains("actual_close_date") {
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
    changes: &Changes,
    caller: &Caller,
    now: &Now,
    pipelines: &Pipelines,
) -> Result<Deal, RuleError> {
    let mut deal = merge(current, changes)?;
    deal.probability_is_manual = current.probability_is_manual;
    deal.audit_offset = current.audit_offset;
    let stage = pipelines.place(
        changes.get_str("pipeline_id"),
        changes.get_str("stage"),
        Some((&current.pipeline_id, &current.stage)),
        "stage",
    )?;
    deal.pipeline_id = stage.pipeline_id.clone();
    deal.stage = stage.id.clone();
    let stage_changed = deal.stage != current.stage;
    follow_probability(&mut deal, changes, stage, stage_changed);
    if stage_changed {
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
        if !changes.contains("actual_close_date") {
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
    deal.tenant_id == caller.tenant_id
        && !deal.is_deleted
        && match &caller.app_id {
            Some(app) => deal.app_id.as_ref() == Some(app),
            None => true,
        }
}

/// Moves a deal to another stage the way a stage move does (used when a stage is deleted with
/// `move_to`).
pub fn move_deal(
    current: &Deal,
    stage_id: &str,
    caller: &Caller,
    now: &Now,
    pipelines: &Pipelines,
) -> Result<Deal, RuleError> {
    let mut changes = Changes::default();
    changes
        .0
        .insert("stage".into(), Value::String(stage_id.into()));
    update_deal(current, &changes, caller, now, pipelines)
}

fn stage_kind(pipelines: &Pipelines, stage_id: &str) -> StageKind {
    pipelines
        .find_stage(stage_id)
        .map_or(StageKind::Open, |stage| stage.kind)
}

/// A probability the client set is kept; `null` hands it back to the stage; otherwise it
/// follows the stage whenever the stage is (re)assigned.
fn follow_probability(deal: &mut Deal, changes: &Changes, stage: &Stage, stage_assigned: bool) {
    match changes.get("probability") {
        Some(Value::Null) => deal.probability_is_manual = false,
        Some(_) => deal.probability_is_manual = true,
        None => {}
    }
    if !deal.probability_is_manual && (stage_assigned || changes.contains("probability")) {
        deal.probability = Some(stage.probability.into());
    }
}

/// Overlays validated changes on a deal through its JSON form, so the field list lives only in
/// the model and the validation table.
fn merge(deal: &Deal, changes: &Changes) -> Result<Deal, RuleError> {
    let mut fields = match serde_json::to_value(deal) {
        Ok(Value::Object(fields)) => fields,
        _ => {
            return Err(RuleError::Malformed(
                "deal did not serialize to an object".into(),
            ))
        }
    };
    for (name, value) in &changes.0 {
        fields.insert(name.clone(), value.clone());
    }
    serde_json::from_value(Value::Object(fields))
        .map_err(|error| RuleError::Malformed(format!("merged deal is malformed: {error}")))
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
    use serde_json::json;
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

    fn changes(value: Value, mode: Mode) -> Changes {
        match validate_deal_fields(value.as_object().cloned().unwrap_or_default(), mode) {
            Ok(changes) => changes,
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
            validate_stage_body(body.as_object().cloned().unwrap_or_default()).expect("valid")
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
