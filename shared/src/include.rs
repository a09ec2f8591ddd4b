//! `include=`: deals with their related records embedded, fetched in as few reads as possible —
//! one BatchGetItem per 100 distinct records and pipelines for a whole page — never one call
//! per deal.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::model::Deal;
use crate::pipeline::Pipelines;
use crate::records::{with_all_fields, Record, RecordKind, RecordRef};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Include {
    Account,
    PrimaryContact,
    Contacts,
    Stage,
    Pipeline,
    Owner,
}

impl Include {
    pub const ALL: [Include; 6] = [
        Include::Account,
        Include::PrimaryContact,
        Include::Contacts,
        Include::Stage,
        Include::Pipeline,
        Include::Owner,
    ];

    /// The query value and the key the embedded record gets.
    pub fn name(self) -> &'static str {
        match self {
            Include::Account => "account",
            Include::PrimaryContact => "primary_contact",
            Include::Contacts => "contacts",
            Include::Stage => "stage",
            Include::Pipeline => "pipeline",
            Include::Owner => "owner",
        }
    }

    /// `account,stage` → the includes; an unknown name is an error naming it. Empty → none.
    pub fn parse_list(value: &str) -> Result<Vec<Include>, String> {
        Include::parse_names(value, |name| {
            Include::ALL
                .into_iter()
                .find(|include| include.name() == name)
                .ok_or_else(|| {
                    let known: Vec<&str> = Include::ALL.iter().map(|i| i.name()).collect();
                    format!(
                        "Unknown include {name}: expected some of {}",
                        known.join(", ")
                    )
                })
        })
    }

    /// A comma-separated list of names, each made an include by `named` (or refused), once
    /// each. Empty → none.
    pub fn parse_names(
        value: &str,
        named: impl Fn(&str) -> Result<Include, String>,
    ) -> Result<Vec<Include>, String> {
        let mut includes = Vec::new();
        for name in value
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
        {
            let include = named(name)?;
            if !includes.contains(&include) {
                includes.push(include);
            }
        }
        Ok(includes)
    }

    /// The records this include embeds: their kind and the deal's ids of them. `None` for the
    /// stage and the pipeline, which are not records.
    fn records(self, deal: &Deal) -> Option<(RecordKind, &[String])> {
        match self {
            Include::Account => Some((RecordKind::Account, deal.account_id.as_slice())),
            Include::PrimaryContact => {
                Some((RecordKind::Contact, deal.primary_contact_id.as_slice()))
            }
            Include::Contacts => Some((RecordKind::Contact, deal.contact_ids.as_slice())),
            Include::Owner => Some((RecordKind::User, deal.owner_id.as_slice())),
            Include::Stage | Include::Pipeline => None,
        }
    }
}

/// Where a deal carries its embedded records, so that `stage` (the id) and `included.stage`
/// (the stage record) never collide.
pub const INCLUDED: &str = "included";

/// The deals as JSON with the requested related records embedded under `included` (`null`, or
/// `[]` for `contacts`, when the deal has none). `pipelines`: those the caller has loaded already,
/// which need not be read again.
pub async fn embed(
    store: &Store,
    tenant: &str,
    deals: &[Deal],
    includes: &[Include],
    pipelines: Option<&Pipelines>,
) -> Result<Vec<Value>, ApiError> {
    embed_page(store, tenant, deals, includes, pipelines)
        .await?
        .iter()
        .map(Embedded::to_value)
        .collect()
}

/// A deal with its embedded records, serialized as [`embed`]'s JSON object (the deal's fields,
/// then `included` when includes were asked for) without building that object first.
#[derive(Debug, Serialize)]
pub struct Embedded<'a> {
    #[serde(flatten)]
    deal: &'a Deal,
    /// In an open stage longer than its `rotten_days` (see [`crate::pipeline::Stage::is_rotten`]).
    is_rotten: bool,
    /// Named [`INCLUDED`].
    #[serde(skip_serializing_if = "Option::is_none")]
    included: Option<Map<String, Value>>,
}

impl Embedded<'_> {
    /// The deal as a JSON object, for a view that reshapes it.
    pub fn to_value(&self) -> Result<Value, ApiError> {
        serde_json::to_value(self)
            .map_err(|error| ApiError::Internal(format!("cannot encode deal: {error}").into()))
    }
}

/// [`embed`] for a page that is serialized as it is: the same deals and records, each deal
/// borrowed rather than turned into JSON.
pub async fn embed_page<'a>(
    store: &Store,
    tenant: &str,
    deals: &'a [Deal],
    includes: &[Include],
    pipelines: Option<&Pipelines>,
) -> Result<Vec<Embedded<'a>>, ApiError> {
    let wanted: Vec<RecordRef> = deals
        .iter()
        .flat_map(|deal| record_refs(deal, includes))
        .collect();
    let mut known = pipelines
        .cloned()
        .unwrap_or_else(|| Pipelines::subset(Vec::new()));
    // Whether a deal is rotten is its stage's to say: the pipelines are always needed.
    let mut wanted_pipelines: Vec<&str> = Vec::new();
    for deal in deals {
        let id = deal.pipeline_id.as_str();
        if known.get(id).is_none() && !wanted_pipelines.contains(&id) {
            wanted_pipelines.push(id);
        }
    }
    let records = if wanted.is_empty() && wanted_pipelines.is_empty() {
        HashMap::new()
    } else {
        let (records, fetched) = store
            .get_related(tenant, &wanted, &wanted_pipelines)
            .await?;
        known.extend(fetched);
        records
    };
    Ok(assemble(deals, includes, &records, &known))
}

/// [`embed`] from records and pipelines read already (a batch of new deals read the records
/// they name to check them): no read at all. Records and pipelines not given embed as `null`.
pub fn embed_fetched(
    deals: &[Deal],
    includes: &[Include],
    records: &HashMap<RecordRef, Record>,
    pipelines: &Pipelines,
) -> Result<Vec<Value>, ApiError> {
    assemble(deals, includes, records, pipelines)
        .iter()
        .map(Embedded::to_value)
        .collect()
}

fn assemble<'a>(
    deals: &'a [Deal],
    includes: &[Include],
    records: &HashMap<RecordRef, Record>,
    pipelines: &Pipelines,
) -> Vec<Embedded<'a>> {
    let today = time::OffsetDateTime::now_utc().date();
    deals
        .iter()
        .map(|deal| Embedded {
            deal,
            is_rotten: is_rotten(deal, pipelines, today),
            included: (!includes.is_empty())
                .then(|| included(deal, includes, records, Some(pipelines))),
        })
        .collect()
}

/// Whether the deal has been in its open stage longer than the stage lets it.
pub fn is_rotten(deal: &Deal, pipelines: &Pipelines, today: time::Date) -> bool {
    pipelines
        .get(&deal.pipeline_id)
        .and_then(|pipeline| pipeline.stage(&deal.stage))
        .is_some_and(|stage| stage.is_rotten(&deal.stage_entered_at, today))
}

fn record_refs(deal: &Deal, includes: &[Include]) -> Vec<RecordRef> {
    includes
        .iter()
        .filter_map(|include| include.records(deal))
        .flat_map(|(kind, ids)| ids.iter().map(move |id| RecordRef::new(kind, id)))
        .collect()
}

/// The records `includes` asks for, by include name.
fn included(
    deal: &Deal,
    includes: &[Include],
    records: &HashMap<RecordRef, Record>,
    pipelines: Option<&Pipelines>,
) -> Map<String, Value> {
    let record = |kind: RecordKind, id: &String| {
        records
            .get(&RecordRef::new(kind, id))
            .map(|record| Value::Object(with_all_fields(kind, record.clone())))
            .unwrap_or(Value::Null)
    };
    let mut included = Map::new();
    for include in includes {
        let mut embedded = include
            .records(deal)
            .into_iter()
            .flat_map(|(kind, ids)| ids.iter().map(move |id| record(kind, id)));
        let value = match include {
            Include::Contacts => Value::Array(embedded.collect()),
            Include::Account | Include::PrimaryContact | Include::Owner => {
                embedded.next().unwrap_or(Value::Null)
            }
            Include::Stage => pipelines
                .and_then(|p| p.find_stage(&deal.stage))
                .and_then(|stage| serde_json::to_value(stage).ok())
                .unwrap_or(Value::Null),
            Include::Pipeline => pipelines
                .and_then(|p| p.get(&deal.pipeline_id))
                .map(pipeline_summary)
                .unwrap_or(Value::Null),
        };
        included.insert(include.name().into(), value);
    }
    included
}

/// A pipeline without its stages (the deal's own stage is `stage`).
fn pipeline_summary(pipeline: &crate::pipeline::Pipeline) -> Value {
    let mut summary = Map::new();
    summary.insert("id".into(), Value::String(pipeline.id.clone()));
    summary.insert("name".into(), Value::String(pipeline.name.clone()));
    summary.insert("version".into(), Value::from(pipeline.version));
    Value::Object(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal() -> Deal {
        serde_json::from_value(serde_json::json!({
            "id": "deal_01J0000000000000000000000A", "tenant_id": "t1", "app_id": null,
            "deal_number": "DEAL-2026-00001", "name": "Q1 \"big\" ü", "account_id": "acc-1",
            "pipeline_id": "default", "stage": "lead", "value": 12500.25, "currency": "EUR",
            "probability": 40, "competitors": ["Acme"], "tags": ["a", "b"],
            "custom_fields": {"z": 1, "a": {"nested": [true, null, 2.5]}},
            "audit_log": [{"from": "lead", "to": "won", "at": "2026-03-02T10:00:00.000Z", "by": "usr-2"}],
            "source": "edm", "source_type": "api", "created_at": "2026-03-01T10:00:00.000Z",
            "updated_at": "2026-03-01T10:00:00.000Z", "created_by": "usr-1",
            "updated_by": "usr-1", "schema_version": 1, "version": 3,
        }))
        .expect("a deal")
    }

    /// The deal as it was embedded before: its JSON object, then `included` when asked for.
    fn as_object_then_included(deal: &Deal, included: Option<Map<String, Value>>) -> Vec<u8> {
        let mut object = match serde_json::to_value(deal) {
            Ok(Value::Object(object)) => object,
            other => panic!("{other:?}"),
        };
        object.insert("is_rotten".into(), Value::Bool(true));
        if let Some(included) = included {
            object.insert(INCLUDED.into(), Value::Object(included));
        }
        serde_json::to_vec(&Value::Object(object)).expect("serializes")
    }

    #[test]
    fn an_embedded_deal_serializes_as_its_json_object_did() {
        let deal = deal();
        let records = serde_json::json!({"account": {"id": "acc-1", "name": "A"}, "contacts": []});
        for included in [None, Some(Map::new()), records.as_object().cloned()] {
            let embedded = Embedded {
                deal: &deal,
                is_rotten: true,
                included: included.clone(),
            };
            let expected = as_object_then_included(&deal, included);
            assert_eq!(
                String::from_utf8(serde_json::to_vec(&embedded).expect("serializes")),
                String::from_utf8(expected.clone())
            );
            let value = embedded.to_value().expect("a value");
            assert_eq!(serde_json::to_vec(&value).expect("serializes"), expected);
        }
    }

    #[test]
    fn include_lists_are_parsed_strictly() {
        assert_eq!(
            Include::parse_list("account, stage,account"),
            Ok(vec![Include::Account, Include::Stage])
        );
        assert_eq!(Include::parse_list(""), Ok(vec![]));
        assert!(Include::parse_list("account,organization").is_err());
    }
}
