//! A validated deal body as typed values: one field per writable deal field, built from the
//! rule engine's [`Changes`] by one conversion ([`DealPatch::from_changes`]) and applied to a
//! deal field by field by [`crate::domain`].
//!
//! Absent is `None` everywhere. A field that can be cleared is `Option<Option<T>>`:
//! `Some(None)` clears it. Lists and `custom_fields` are cleared by `null` to empty, so they
//! are `Option<Vec<_>>` and `Option<Map<_, _>>`. Ids are the types of [`crate::ids`], so a patch
//! can only name well-formed ids in their one spelling; the stored [`crate::model::Deal`] keeps
//! them as `String`s (the store and the includes read them as text), and `domain::apply` turns
//! each into its text.

use serde_json::{Map, Number, Value};

use crate::ids::{checked_text, AccountId, ContactId, PipelineId, RfpId, StageId, TaskId, UserId};
use crate::model::SourceType;
use crate::pipeline::RuleError;
use crate::validation::Changes;

/// A calendar date exactly `YYYY-MM-DD` of the years 0001-9999 (see
/// [`crate::clock::parse_date`]); nothing else can be built.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate(String);

impl IsoDate {
    pub fn parse(text: &str) -> Option<IsoDate> {
        crate::clock::parse_date(text).map(|date| IsoDate(crate::clock::format_date(date)))
    }
}

checked_text!(IsoDate);

/// An active ISO 4217 currency code, upper case; nothing else can be built.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency(String);

impl Currency {
    /// The code as a client may write it: surrounding blanks and case do not matter.
    pub fn parse(text: &str) -> Option<Currency> {
        let code = text.trim().to_ascii_uppercase();
        ISO_4217.contains(&code.as_str()).then_some(Currency(code))
    }
}

checked_text!(Currency);

/// Active ISO 4217 currency codes.
const ISO_4217: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN",
    "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF",
    "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP",
    "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD",
    "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY",
    "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD",
    "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK",
    "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK",
    "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG",
    "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS",
    "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

/// The fields a create, PATCH or stage move writes; everything else stays as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealPatch {
    pub name: Option<String>,
    pub account_id: Option<Option<AccountId>>,
    pub owner_id: Option<Option<UserId>>,
    pub pipeline_id: Option<PipelineId>,
    pub stage: Option<StageId>,
    pub value: Option<Number>,
    pub currency: Option<Currency>,
    /// `Some(None)` hands the probability back to the stage.
    pub probability: Option<Option<Number>>,
    pub forecast_category: Option<Option<String>>,
    pub expected_close_date: Option<Option<IsoDate>>,
    /// Given at all (even as `null`), it is not set or cleared by a stage move.
    pub actual_close_date: Option<Option<IsoDate>>,
    /// A date or a UTC date-time, as the rule stored it.
    pub next_followup_date: Option<Option<String>>,
    pub deal_type: Option<Option<String>>,
    pub deal_source: Option<Option<String>>,
    pub competitors: Option<Vec<String>>,
    pub loss_reason: Option<Option<String>>,
    pub loss_category: Option<Option<String>>,
    pub closure_notes: Option<Option<String>>,
    pub primary_contact_id: Option<Option<ContactId>>,
    pub contact_ids: Option<Vec<ContactId>>,
    pub rfp_record_id: Option<Option<RfpId>>,
    pub quote_ids: Option<Vec<String>>,
    pub proposal_ids: Option<Vec<String>>,
    pub attachment_refs: Option<Vec<String>>,
    pub linked_task_ids: Option<Vec<TaskId>>,
    pub custom_fields: Option<Map<String, Value>>,
    pub tags: Option<Vec<String>>,
    /// Create only.
    pub deal_number: Option<String>,
    /// Create only.
    pub source: Option<String>,
    /// Create only.
    pub source_type: Option<SourceType>,
    /// Create only: when the deal entered its stage, a UTC date-time (a bare date is its
    /// midnight).
    pub stage_entered_at: Option<String>,
}

impl DealPatch {
    /// A patch that moves a deal to a stage and changes nothing else.
    pub fn stage_move(stage: StageId) -> DealPatch {
        DealPatch {
            stage: Some(stage),
            ..DealPatch::default()
        }
    }

    /// The pipeline named, as [`crate::pipeline::Pipelines::place`] takes it.
    pub fn pipeline_id(&self) -> Option<&str> {
        self.pipeline_id.as_ref().map(PipelineId::as_str)
    }

    /// The stage named, as [`crate::pipeline::Pipelines::place`] takes it.
    pub fn stage(&self) -> Option<&str> {
        self.stage.as_ref().map(StageId::as_str)
    }

    /// The validated changes of a deal's field table (named as the deal names them) as typed
    /// values. The rules ran already, so a value of the wrong shape, or a field the patch does
    /// not know, is the server's bug: answered as [`RuleError::Malformed`].
    pub fn from_changes(changes: Changes) -> Result<DealPatch, RuleError> {
        let mut patch = DealPatch::default();
        for (name, value) in changes.0 {
            let field = name.as_str();
            match field {
                "name" => patch.name = Some(text(field, value)?),
                "account_id" => patch.account_id = Some(clearable(field, value, parsed)?),
                "owner_id" => patch.owner_id = Some(clearable(field, value, parsed)?),
                "pipeline_id" => patch.pipeline_id = Some(parsed(field, value)?),
                "stage" => patch.stage = Some(parsed(field, value)?),
                "value" => patch.value = Some(number(field, value)?),
                "currency" => patch.currency = Some(parsed(field, value)?),
                "probability" => patch.probability = Some(clearable(field, value, number)?),
                "forecast_category" => {
                    patch.forecast_category = Some(clearable(field, value, text)?);
                }
                "expected_close_date" => {
                    patch.expected_close_date = Some(clearable(field, value, parsed)?);
                }
                "actual_close_date" => {
                    patch.actual_close_date = Some(clearable(field, value, parsed)?);
                }
                "next_followup_date" => {
                    patch.next_followup_date = Some(clearable(field, value, text)?);
                }
                "deal_type" => patch.deal_type = Some(clearable(field, value, text)?),
                "deal_source" => patch.deal_source = Some(clearable(field, value, text)?),
                "competitors" => patch.competitors = Some(list(field, value)?),
                "loss_reason" => patch.loss_reason = Some(clearable(field, value, text)?),
                "loss_category" => patch.loss_category = Some(clearable(field, value, text)?),
                "closure_notes" => patch.closure_notes = Some(clearable(field, value, text)?),
                "primary_contact_id" => {
                    patch.primary_contact_id = Some(clearable(field, value, parsed)?);
                }
                "contact_ids" => patch.contact_ids = Some(list(field, value)?),
                "rfp_record_id" => patch.rfp_record_id = Some(clearable(field, value, parsed)?),
                "quote_ids" => patch.quote_ids = Some(list(field, value)?),
                "proposal_ids" => patch.proposal_ids = Some(list(field, value)?),
                "attachment_refs" => patch.attachment_refs = Some(list(field, value)?),
                "linked_task_ids" => patch.linked_task_ids = Some(list(field, value)?),
                "custom_fields" => patch.custom_fields = Some(object(field, value)?),
                "tags" => patch.tags = Some(list(field, value)?),
                "deal_number" => patch.deal_number = Some(text(field, value)?),
                "source" => patch.source = Some(text(field, value)?),
                "source_type" => patch.source_type = Some(parsed(field, value)?),
                "stage_entered_at" => {
                    // `null` on a create is the same as leaving it out: now.
                    patch.stage_entered_at =
                        clearable(field, value, text)?.map(|moment| match moment.len() {
                            10 => format!("{moment}T00:00:00.000Z"),
                            _ => moment,
                        });
                }
                _ => return Err(malformed(field, "is not a deal field")),
            }
        }
        Ok(patch)
    }
}

fn malformed(field: &str, problem: &str) -> RuleError {
    RuleError::Malformed(format!("validated field {field} {problem}"))
}

/// `null` is `None` (clear); anything else goes through `convert`.
fn clearable<T>(
    field: &str,
    value: Value,
    convert: impl Fn(&str, Value) -> Result<T, RuleError>,
) -> Result<Option<T>, RuleError> {
    match value {
        Value::Null => Ok(None),
        other => convert(field, other).map(Some),
    }
}

fn text(field: &str, value: Value) -> Result<String, RuleError> {
    match value {
        Value::String(text) => Ok(text),
        _ => Err(malformed(field, "is not a string")),
    }
}

fn number(field: &str, value: Value) -> Result<Number, RuleError> {
    match value {
        Value::Number(number) => Ok(number),
        _ => Err(malformed(field, "is not a number")),
    }
}

fn list<T: FromText>(field: &str, value: Value) -> Result<Vec<T>, RuleError> {
    match value {
        Value::Array(items) => items.into_iter().map(|item| parsed(field, item)).collect(),
        _ => Err(malformed(field, "is not a list")),
    }
}

fn object(field: &str, value: Value) -> Result<Map<String, Value>, RuleError> {
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(malformed(field, "is not an object")),
    }
}

/// A string the rules produced, as the typed value it spells.
fn parsed<T: FromText>(field: &str, value: Value) -> Result<T, RuleError> {
    value
        .as_str()
        .and_then(T::from_text)
        .ok_or_else(|| malformed(field, T::NOT_ONE))
}

/// The typed values of a patch that are spelled as strings, each parsed its own way.
trait FromText: Sized {
    /// How a value that does not parse is described.
    const NOT_ONE: &'static str;
    fn from_text(text: &str) -> Option<Self>;
}

impl FromText for String {
    const NOT_ONE: &'static str = "is not a string";
    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

macro_rules! from_text {
    ($($type:ty: $parse:path, $not_one:literal;)*) => {$(
        impl FromText for $type {
            const NOT_ONE: &'static str = $not_one;
            fn from_text(text: &str) -> Option<Self> {
                $parse(text)
            }
        }
    )*};
}

from_text! {
    IsoDate: IsoDate::parse, "is not a date";
    Currency: Currency::parse, "is not a currency";
    SourceType: SourceType::from_name, "is not a source type";
    AccountId: AccountId::parse, "is not an account id";
    UserId: UserId::parse, "is not a user id";
    PipelineId: PipelineId::parse, "is not a pipeline id";
    StageId: StageId::parse, "is not a stage id";
    ContactId: ContactId::parse, "is not a contact id";
    RfpId: RfpId::parse, "is not an RFP id";
    TaskId: TaskId::parse, "is not a task id";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deal_fields::{validate_deal_fields, validate_stage_body, DEAL_FIELDS};
    use crate::validation::Mode;
    use serde_json::json;

    fn patch(body: Value, mode: Mode) -> DealPatch {
        let body = body.as_object().cloned().unwrap_or_default();
        let changes = validate_deal_fields(body, mode).expect("valid body");
        DealPatch::from_changes(changes).expect("a patch")
    }

    #[test]
    fn a_clearable_field_is_absent_null_or_a_value() {
        assert_eq!(patch(json!({}), Mode::Update).deal_type, None);
        assert_eq!(
            patch(json!({"deal_type": null}), Mode::Update).deal_type,
            Some(None)
        );
        assert_eq!(
            patch(json!({"deal_type": ""}), Mode::Update).deal_type,
            Some(None)
        );
        assert_eq!(
            patch(json!({"deal_type": " new "}), Mode::Update).deal_type,
            Some(Some("new".into()))
        );
        assert_eq!(patch(json!({}), Mode::Update).probability, None);
        assert_eq!(
            patch(json!({"probability": null}), Mode::Update).probability,
            Some(None)
        );
        assert_eq!(
            patch(json!({"probability": 40}), Mode::Update).probability,
            Some(Some(40.into()))
        );
        assert_eq!(
            patch(json!({"actual_close_date": null}), Mode::Update).actual_close_date,
            Some(None)
        );
        assert_eq!(
            patch(json!({"expected_close_date": "2026-03-31"}), Mode::Update).expected_close_date,
            IsoDate::parse("2026-03-31").map(Some)
        );
    }

    #[test]
    fn lists_and_objects_cleared_by_null_become_empty() {
        let cleared = patch(
            json!({"tags": null, "contact_ids": null, "custom_fields": null}),
            Mode::Update,
        );
        assert_eq!(cleared.tags, Some(Vec::new()));
        assert_eq!(cleared.contact_ids, Some(Vec::new()));
        assert_eq!(cleared.custom_fields, Some(Map::new()));
        let absent = patch(json!({}), Mode::Update);
        assert_eq!(absent.tags, None);
        assert_eq!(absent.custom_fields, None);
        let given = patch(json!({"tags": ["a", " a ", "b"]}), Mode::Update);
        assert_eq!(given.tags, Some(vec!["a".into(), "b".into()]));
    }

    #[test]
    fn fields_that_cannot_be_cleared_are_plain_options() {
        let created = patch(
            json!({"name": " Q1 ", "currency": " usd ", "value": 10, "stage": "lead",
                   "pipeline_id": "default", "source_type": "backend", "source": "crm",
                   "deal_number": "DEAL-2026-00001"}),
            Mode::Create,
        );
        assert_eq!(created.name.as_deref(), Some("Q1"));
        assert_eq!(created.currency, Currency::parse("USD"));
        assert_eq!(created.value, Some(10.into()));
        assert_eq!(created.stage, StageId::parse("lead"));
        assert_eq!(created.pipeline_id, PipelineId::parse("default"));
        assert_eq!(created.source_type, Some(SourceType::Backend));
        assert_eq!(created.source.as_deref(), Some("crm"));
        assert_eq!(created.deal_number.as_deref(), Some("DEAL-2026-00001"));
    }

    #[test]
    fn ids_become_their_types_in_their_one_spelling() {
        let uuid = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";
        let given = patch(
            json!({"account_id": format!("acc-{uuid}"), "owner_id": null,
                   "contact_ids": [format!("con-{uuid}")], "linked_task_ids": [],
                   "pipeline_id": "Sales-2", "rfp_record_id": format!("rfp-{uuid}")}),
            Mode::Update,
        );
        let lower = uuid.to_ascii_lowercase();
        assert_eq!(
            given.account_id,
            Some(AccountId::parse(&format!("acc-{lower}")))
        );
        assert_eq!(given.owner_id, Some(None));
        assert_eq!(
            given.contact_ids,
            ContactId::parse(&format!("con-{lower}")).map(|id| vec![id])
        );
        assert_eq!(given.linked_task_ids, Some(Vec::new()));
        assert_eq!(given.pipeline_id, PipelineId::parse("Sales-2"));
        assert_eq!(
            given.rfp_record_id.flatten().map(String::from),
            Some(format!("rfp-{lower}"))
        );
    }

    #[test]
    fn every_field_of_the_table_converts() {
        let sample = |name: &str| match name {
            "name" | "forecast_category" | "deal_type" | "deal_source" | "loss_reason"
            | "loss_category" | "closure_notes" | "source" => json!("x"),
            "account_id" => json!("acc-3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
            "owner_id" => json!("usr-3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
            "primary_contact_id" => json!("con-3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
            "rfp_record_id" => json!("rfp-3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
            "contact_ids" => json!(["con-3f2504e0-4f89-41d3-9a0c-0305e82c3301"]),
            "linked_task_ids" => json!(["tsk-3f2504e0-4f89-41d3-9a0c-0305e82c3301"]),
            "pipeline_id" | "stage" => json!("lead"),
            "value" | "probability" => json!(5),
            "currency" => json!("EUR"),
            "expected_close_date" | "actual_close_date" | "next_followup_date" => {
                json!("2026-03-31")
            }
            "competitors" | "quote_ids" | "proposal_ids" | "attachment_refs" | "tags" => {
                json!(["a"])
            }
            "custom_fields" => json!({"a": 1}),
            "deal_number" => json!("DEAL-2026-00001"),
            "source_type" => json!("api"),
            "stage_entered_at" => json!("2026-03-01T10:00:00Z"),
            other => panic!("no sample for {other}"),
        };
        for spec in DEAL_FIELDS {
            let mut body = Map::new();
            body.insert("name".into(), json!("n"));
            body.insert(spec.name.into(), sample(spec.name));
            let changes = validate_deal_fields(body, Mode::Create).expect(spec.name);
            let converted = DealPatch::from_changes(changes);
            assert!(converted.is_ok(), "{}: {converted:?}", spec.name);
            assert_ne!(
                converted.ok(),
                Some(DealPatch {
                    name: Some("n".into()),
                    ..DealPatch::default()
                }),
                "{} is dropped",
                spec.name
            );
            // Every clearable field converts its null too.
            let mut cleared = Map::new();
            cleared.insert(spec.name.into(), Value::Null);
            if let Ok(changes) = validate_deal_fields(cleared, Mode::Update) {
                assert!(DealPatch::from_changes(changes).is_ok(), "{}", spec.name);
            }
        }
    }

    #[test]
    fn a_stage_body_converts_to_a_stage_move() {
        let body = json!({"stage_id": "closed_lost", "loss_reason": "price"});
        let changes = validate_stage_body(body.as_object().cloned().unwrap_or_default());
        let patch = changes.map(DealPatch::from_changes);
        assert_eq!(
            patch.ok().and_then(Result::ok),
            Some(DealPatch {
                stage: StageId::parse("closed_lost"),
                loss_reason: Some(Some("price".into())),
                ..DealPatch::default()
            })
        );
        let won = StageId::parse("won").expect("a stage id");
        assert_eq!(DealPatch::stage_move(won.clone()).stage, Some(won));
    }

    #[test]
    fn the_documented_view_converts_under_the_deals_names() {
        let body = json!({"title": "Q1", "stage_id": "lead", "metadata": null,
                          "organization_id": null, "currency": "gbp"});
        let changes = crate::compat::deal_changes(
            body.as_object().cloned().unwrap_or_default(),
            Mode::Create,
        );
        assert_eq!(
            changes
                .map(DealPatch::from_changes)
                .ok()
                .and_then(Result::ok),
            Some(DealPatch {
                name: Some("Q1".into()),
                stage: StageId::parse("lead"),
                custom_fields: Some(Map::new()),
                account_id: Some(None),
                currency: Currency::parse("GBP"),
                ..DealPatch::default()
            })
        );
    }

    #[test]
    fn values_the_rules_did_not_produce_are_the_servers_bug() {
        for (name, value) in [
            ("colour", json!("red")),
            ("name", Value::Null),
            ("currency", json!("EURO")),
            ("expected_close_date", json!("2026-02-30")),
            ("tags", json!([1])),
            ("source_type", json!("robot")),
            ("account_id", json!("acc-1")),
            (
                "owner_id",
                json!("acc-3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
            ),
            ("contact_ids", json!(["con-x"])),
            ("stage", json!("a stage")),
        ] {
            let mut map = Map::new();
            map.insert(name.into(), value);
            assert!(
                matches!(
                    DealPatch::from_changes(Changes(map)),
                    Err(RuleError::Malformed(_))
                ),
                "{name}"
            );
        }
    }

    #[test]
    fn dates_are_exactly_yyyy_mm_dd() {
        assert_eq!(
            IsoDate::parse("2024-02-29").map(String::from).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            IsoDate::parse("0001-01-01")
                .map(|d| d.to_string())
                .as_deref(),
            Some("0001-01-01")
        );
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "0000-01-01",
            "+2026-03-31",
            "2026-3-31",
            "2026-03-31T00:00:00Z",
            " 2026-03-31",
            "",
        ] {
            assert_eq!(IsoDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn currencies_are_upper_case_iso_4217_codes() {
        assert_eq!(
            Currency::parse(" usd ").map(String::from).as_deref(),
            Some("USD")
        );
        assert_eq!(
            Currency::parse("EUR").map(|c| c.to_string()).as_deref(),
            Some("EUR")
        );
        assert_eq!(
            Currency::parse("Eur").as_ref().map(Currency::as_str),
            Some("EUR")
        );
        for bad in ["EURO", "XXX", "", "E U R", "€"] {
            assert_eq!(Currency::parse(bad), None, "{bad}");
        }
    }
}
