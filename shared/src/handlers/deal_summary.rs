//! `GET /deals/summary` (a pipeline's board totals, read from the kept aggregates, never the
//! deals) and `GET /deals/forecast` (open and won value by month of expected close date, read
//! through the close-date index).
//!
//! Sums stay per currency: there is no exchange-rate source, so no conversion is made.

use std::collections::BTreeMap;

use http::StatusCode;
use serde_json::{json, Map, Value};
use time::{Date, Month};

use super::Params;
use crate::auth::Caller;
use crate::clock::format_date;
use crate::context::AppContext;
use crate::decimal::Decimal;
use crate::error::ApiError;
use crate::http::{ApiRequest, ApiResponse};
use crate::ids::{entity_id, prefixed_id, UserId};
use crate::model::Deal;
use crate::pipeline::{Pipeline, Stage, StageKind};
use crate::store::StageTotals;

/// Months a forecast may span.
pub const MAX_FORECAST_MONTHS: u32 = 24;

/// The summary covers every deal of the tenant; an application sees only its own deals, and
/// the aggregates are not kept per application.
const TENANT_WIDE: &str =
    "The summary covers every deal of the tenant; application tokens may not read it";

pub async fn get_deal_summary(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let mut params = Params::parse(request, &["pipeline_id", "owner_id"]);
    let pipeline_id = params.take("pipeline_id", pipeline_param);
    let owner = params.take("owner_id", owner_param);
    params.finish()?;
    if caller.app_id.is_some() {
        return Err(ApiError::Forbidden(TENANT_WIDE.into()));
    }
    let tenant = &caller.tenant_id;
    let today = time::OffsetDateTime::now_utc().date();
    let pipeline = match &pipeline_id {
        Some(id) => ctx.store.get_pipeline(tenant, id).await?,
        None => Some(ctx.store.default_pipeline(tenant).await?),
    }
    .ok_or_else(|| ApiError::NotFound("Pipeline not found".into()))?;
    // The built-in default pipeline has no stage items, and no deal: nothing to read.
    let totals = if pipeline.is_stored() {
        let stages: Vec<(&str, Option<Date>)> = pipeline
            .stages
            .iter()
            .map(|stage| (stage.id.as_str(), stage.fresh_since(today)))
            .collect();
        ctx.store
            .stage_totals(tenant, &stages, owner.as_deref(), today)
            .await?
    } else {
        Default::default()
    };
    ApiResponse::data(
        StatusCode::OK,
        &summary(&pipeline, owner.as_deref(), &totals, today),
    )
}

fn pipeline_param(value: &str) -> Result<String, String> {
    entity_id(value).ok_or_else(|| "Must be a pipeline id".to_owned())
}

fn owner_param(value: &str) -> Result<String, String> {
    prefixed_id(value, UserId::PREFIX).ok_or_else(|| "Must be a user id (usr-<uuid>)".to_owned())
}

/// Count, value and weighted value of a group of stages, per currency.
#[derive(Default)]
struct Total {
    count: u64,
    value: BTreeMap<String, Decimal>,
    weighted: BTreeMap<String, Decimal>,
    rotten: u64,
}

impl Total {
    fn add(&mut self, stage: &StageTotals, rotten: u64) {
        self.count += stage.count;
        self.rotten += rotten;
        for (currency, sum) in &stage.value {
            *self.value.entry(currency.clone()).or_default() += *sum;
        }
        for (currency, sum) in &stage.weighted {
            *self.weighted.entry(currency.clone()).or_default() += *sum;
        }
    }

    fn to_json(&self, with_rotten: bool) -> Value {
        let mut total = json!({
            "count": self.count,
            "value": per_currency(&self.value),
            "weighted_value": per_currency(&self.weighted),
        });
        if let (true, Some(fields)) = (with_rotten, total.as_object_mut()) {
            fields.insert("rotten_count".into(), json!(self.rotten));
        }
        total
    }
}

fn per_currency(sums: &BTreeMap<String, Decimal>) -> Value {
    Value::Object(
        sums.iter()
            .filter(|(_, sum)| !sum.is_zero())
            .map(|(currency, sum)| (currency.clone(), sum.to_json()))
            .collect::<Map<String, Value>>(),
    )
}

fn summary(
    pipeline: &Pipeline,
    owner: Option<&str>,
    totals: &std::collections::HashMap<String, StageTotals>,
    today: Date,
) -> Value {
    let none = StageTotals::default();
    let (mut open, mut won, mut lost) = (Total::default(), Total::default(), Total::default());
    let stages: Vec<Value> = pipeline
        .stages
        .iter()
        .map(|stage| {
            let of_stage = totals.get(&stage.id).unwrap_or(&none);
            let rotten = rotten_count(stage, of_stage, today);
            match stage.kind {
                StageKind::Open => open.add(of_stage, rotten),
                StageKind::Won => won.add(of_stage, rotten),
                StageKind::Lost => lost.add(of_stage, rotten),
            }
            let mut group = Total::default();
            group.add(of_stage, rotten);
            json!({
                "stage_id": stage.id,
                "name": stage.name,
                "color": stage.color,
                "position": stage.position,
                "kind": stage.kind,
                "rotten_days": stage.rotten_days,
                "count": group.count,
                "value": per_currency(&group.value),
                "weighted_value": per_currency(&group.weighted),
                "rotten_count": rotten,
            })
        })
        .collect();
    json!({
        "pipeline_id": pipeline.id,
        "owner_id": owner,
        "stages": stages,
        "totals": {
            "open": open.to_json(true),
            "won": won.to_json(false),
            "lost": lost.to_json(false),
        },
    })
}

fn rotten_count(stage: &Stage, totals: &StageTotals, today: Date) -> u64 {
    match stage.fresh_since(today) {
        Some(_) => totals.entered_before(),
        None => 0,
    }
}

/// `GET /deals/forecast?from=2026-01&to=2026-12` (default: this month and the eleven after it;
/// at most [`MAX_FORECAST_MONTHS`]), optionally for one `pipeline_id` and `owner_id`: per month
/// of expected close date, the open deals' count, value and weighted value and the won deals'
/// value, per currency. Reads every deal that closes in the range (a Query of the close-date
/// index, page by page), nothing else but the pipelines.
pub async fn get_deal_forecast(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let mut params = Params::parse(request, &["from", "to", "pipeline_id", "owner_id"]);
    let from = params.take("from", month_param);
    let to = params.take("to", month_param);
    let pipeline_id = params.take("pipeline_id", pipeline_param);
    let owner = params.take("owner_id", owner_param);
    params.finish()?;
    let this_month = first_of_month(time::OffsetDateTime::now_utc().date());
    let from = from.unwrap_or(this_month);
    let to = to.unwrap_or_else(|| add_months(from, 11));
    let months = months_between(from, to);
    if months.is_empty() {
        return Err(ApiError::invalid_field("to", "Must not be before from"));
    }
    if months.len() > MAX_FORECAST_MONTHS as usize {
        return Err(ApiError::invalid_field(
            "to",
            format!("A forecast spans at most {MAX_FORECAST_MONTHS} months"),
        ));
    }
    let tenant = &caller.tenant_id;
    let pipelines = ctx.store.load_pipelines(tenant).await?;
    if let Some(id) = &pipeline_id {
        if pipelines.get(id).is_none() {
            return Err(ApiError::NotFound("Pipeline not found".into()));
        }
    }
    let first_day = format_date(from);
    let last_month = month_name(to);
    let deals = ctx
        .store
        .deals_closing_between(tenant, &first_day, &last_month)
        .await?;
    let wanted = |deal: &&Deal| {
        (caller.app_id.is_none() || deal.app_id == caller.app_id)
            && pipeline_id
                .as_ref()
                .is_none_or(|id| &deal.pipeline_id == id)
            && owner
                .as_ref()
                .is_none_or(|id| deal.owner_id.as_ref() == Some(id))
    };
    let mut by_month: BTreeMap<String, MonthTotals> = months
        .iter()
        .map(|month| (month_name(*month), MonthTotals::default()))
        .collect();
    for deal in deals.iter().filter(wanted) {
        let Some(month) = deal.expected_close_date.as_deref().and_then(|d| d.get(..7)) else {
            continue;
        };
        let Some(totals) = by_month.get_mut(month) else {
            continue;
        };
        let kind = pipelines
            .find_stage(&deal.stage)
            .map_or(StageKind::Open, |stage| stage.kind);
        totals.add(deal, kind);
    }
    let months: Vec<Value> = by_month
        .into_iter()
        .map(|(month, totals)| totals.to_json(&month))
        .collect();
    ApiResponse::data(
        StatusCode::OK,
        &json!({
            "from": month_name(from),
            "to": last_month,
            "pipeline_id": pipeline_id,
            "owner_id": owner,
            "months": months,
        }),
    )
}

#[derive(Default)]
struct MonthTotals {
    count: u64,
    value: BTreeMap<String, Decimal>,
    weighted: BTreeMap<String, Decimal>,
    won: BTreeMap<String, Decimal>,
}

impl MonthTotals {
    fn add(&mut self, deal: &Deal, kind: StageKind) {
        let value = Decimal::parse(&deal.value.to_string()).unwrap_or_default();
        let currency = deal.currency.clone();
        match kind {
            StageKind::Open => {
                let probability = deal
                    .probability
                    .as_ref()
                    .and_then(|p| Decimal::parse(&p.to_string()))
                    .unwrap_or_default();
                self.count += 1;
                *self.value.entry(currency.clone()).or_default() += value;
                *self.weighted.entry(currency).or_default() += value.percent_of(probability);
            }
            StageKind::Won => *self.won.entry(currency).or_default() += value,
            StageKind::Lost => {}
        }
    }

    fn to_json(&self, month: &str) -> Value {
        json!({
            "month": month,
            "count": self.count,
            "value": per_currency(&self.value),
            "weighted_value": per_currency(&self.weighted),
            "won_value": per_currency(&self.won),
        })
    }
}

/// `YYYY-MM` → the first day of that month.
fn month_param(value: &str) -> Result<Date, String> {
    let message = || "Must be a month, YYYY-MM".to_owned();
    if value.len() != 7 {
        return Err(message());
    }
    crate::clock::parse_date(&format!("{value}-01")).ok_or_else(message)
}

fn first_of_month(day: Date) -> Date {
    day.replace_day(1).unwrap_or(day)
}

fn add_months(month: Date, count: u32) -> Date {
    (0..count).fold(month, |month, _| next_month(month).unwrap_or(month))
}

fn next_month(month: Date) -> Option<Date> {
    let (year, next) = match month.month() {
        Month::December => (month.year() + 1, Month::January),
        other => (month.year(), other.next()),
    };
    Date::from_calendar_date(year, next, 1).ok()
}

/// Every month from `from` to `to`, both included (none when `to` is earlier), stopping one past
/// the most a forecast may span.
fn months_between(from: Date, to: Date) -> Vec<Date> {
    let mut months = Vec::new();
    let mut month = from;
    while month <= to && months.len() <= MAX_FORECAST_MONTHS as usize {
        months.push(month);
        match next_month(month) {
            Some(next) => month = next,
            None => break,
        }
    }
    months
}

fn month_name(month: Date) -> String {
    format_date(month).get(..7).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        crate::clock::parse_date(text).expect(text)
    }

    #[test]
    fn months_run_across_years_and_stop_past_the_limit() {
        let months = months_between(day("2026-11-01"), day("2027-02-01"));
        let names: Vec<String> = months.into_iter().map(month_name).collect();
        assert_eq!(names, ["2026-11", "2026-12", "2027-01", "2027-02"]);
        assert!(months_between(day("2026-05-01"), day("2026-04-01")).is_empty());
        assert_eq!(
            months_between(day("2020-01-01"), day("2030-01-01")).len(),
            MAX_FORECAST_MONTHS as usize + 1
        );
        assert_eq!(month_name(add_months(day("2026-01-01"), 11)), "2026-12");
    }

    #[test]
    fn a_month_parameter_is_exactly_a_year_and_month() {
        assert_eq!(month_param("2026-02"), Ok(day("2026-02-01")));
        for bad in ["2026-13", "2026-2", "2026-02-01", "26-02", "", "2026-00"] {
            assert!(month_param(bad).is_err(), "{bad}");
        }
    }
}
