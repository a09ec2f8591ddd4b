//! `make bench-batch`: 100 deals created by 100 `POST /deals` against the same 100 in one
//! `POST /deals/batch/create`, both through the route table and the dispatcher (JWT check,
//! handlers, JSON) on DynamoDB Local: deals per second, write units per deal, and the latency
//! of a batch. Writes results/batch.json and results/batch.md.
//!
//! Write units: DynamoDB Local reports a TransactWriteItems' consumed capacity as that of its
//! first item alone, however many it holds. So each transaction's items are written again, one
//! call each and without their conditions, into a shadow table of the same schema (indexes
//! included), and counted twice (as DynamoDB bills a transaction's writes); the other writes
//! count what DynamoDB Local reports for them. What DynamoDB Local reports is kept beside.
//!
//! Environment: DYNAMODB_ENDPOINT (set by scripts/with-dynamodb.sh), BATCH_ROUNDS (default 10:
//! each round 100 single creates, then one batch of 100).

#[path = "../setup.rs"]
mod setup;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::config::interceptors::{
    AfterDeserializationInterceptorContextRef, BeforeSerializationInterceptorContextRef,
};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use aws_sdk_dynamodb::operation::delete_item::DeleteItemOutput;
use aws_sdk_dynamodb::operation::put_item::PutItemOutput;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsInput;
use aws_sdk_dynamodb::operation::update_item::UpdateItemOutput;
use aws_sdk_dynamodb::types::{
    AttributeValue, ConsumedCapacity, ReturnConsumedCapacity, TransactWriteItem,
};
use aws_sdk_dynamodb::Client;
use http::{HeaderMap, HeaderValue, Method};
use serde_json::{json, Value};
use shared::context::AppContext;
use shared::dispatch::dispatch;
use shared::http::ApiRequest;
use shared::routes::find_route;
use shared::store::Store;

type Error = Box<dyn std::error::Error>;

const TABLE: &str = "deals-bench-batch";
const SHADOW_TABLE: &str = "deals-bench-batch-shadow";
const BATCH: usize = 100;
const WARM_UP_ROUNDS: usize = 2;
/// The deals name some of these records and stages, as a CRM's do.
const USERS: usize = 5;
const ACCOUNTS: usize = 10;
const STAGES: [&str; 3] = ["lead", "qualified", "proposal"];
/// The target: a batch creates deals this many times as fast as single creates do.
const TARGET_RATIO: f64 = 5.0;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let rounds: usize = std::env::var("BATCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let config = setup::config(TABLE, "bench-batch")?;
    let mut ctx = AppContext::new(&config).await?;
    let plain = ctx.store.client().clone();
    setup::ensure_tables(&plain, &[TABLE, SHADOW_TABLE]).await?;
    let meter = WriteMeter::default();
    let metered = plain
        .config()
        .to_builder()
        .interceptor(meter.clone())
        .build();
    ctx.store = Store::new(Client::from_conf(metered), TABLE);
    ctx.dynamodb.measure_capacity();
    let ctx = Arc::new(ctx);
    let tenant = format!(
        "bench-batch-{}",
        ulid::Ulid::new().to_string().to_lowercase()
    );
    let token = local::token::mint(
        &config.jwt,
        &local::token::TokenRequest::new(
            &tenant,
            "read:deals write:deals write:users write:accounts",
        ),
    )?;
    let api = Api {
        ctx,
        token,
        meter,
        shadow: plain,
    };
    let records = api.records().await?;

    let mut single = Side::default();
    let mut batched = Side::default();
    for round in 0..WARM_UP_ROUNDS + rounds {
        let measured = round >= WARM_UP_ROUNDS;
        let bodies: Vec<Value> = (0..BATCH).map(|i| deal_body(round, i, &records)).collect();
        let (singles_took, units) = api
            .measure(async {
                for body in &bodies {
                    api.call_expecting(Method::POST, "/api/v1/crm/deals", body, 201)
                        .await?;
                }
                Ok(())
            })
            .await?;
        if measured {
            single.add(singles_took, units);
        }
        let bodies: Vec<Value> = (0..BATCH)
            .map(|i| deal_body(round + 1000, i, &records))
            .collect();
        let body = json!({ "inputs": bodies });
        let (batch_took, units) = api
            .measure(async {
                let answer = api
                    .call_expecting(Method::POST, "/api/v1/crm/deals/batch/create", &body, 200)
                    .await?;
                let created = answer
                    .pointer("/data/results")
                    .and_then(Value::as_array)
                    .map_or(0, |results| {
                        results
                            .iter()
                            .filter(|entry| entry["status"] == 201)
                            .count()
                    });
                match created {
                    BATCH => Ok(()),
                    other => Err(format!("the batch created {other} deals").into()),
                }
            })
            .await?;
        if measured {
            batched.add(batch_took, units);
        }
        eprintln!(
            "round {round:>2}{}: 100 singles {:>7.1} ms, one batch {:>6.1} ms",
            if measured { "" } else { " (warm-up)" },
            singles_took.as_secs_f64() * 1000.0,
            batch_took.as_secs_f64() * 1000.0,
        );
    }
    write_results(rounds, &single, &batched)
}

struct Api {
    ctx: Arc<AppContext>,
    token: String,
    meter: WriteMeter,
    /// A client without the meter, for the shadow table.
    shadow: Client,
}

impl Api {
    /// One request through the route table and the dispatcher; its body, if its status is
    /// `status`.
    async fn call_expecting(
        &self,
        method: Method,
        path: &str,
        body: &Value,
        status: u16,
    ) -> Result<Value, Error> {
        let (route, path_params) = find_route(&method, path).ok_or("no route")?;
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {}", self.token))?,
        );
        let request = ApiRequest {
            method,
            path: path.into(),
            path_params,
            query: String::new(),
            headers,
            body: body.to_string().into_bytes(),
            request_id: "bench".into(),
        };
        let response = dispatch(Arc::clone(&self.ctx), route, request).await;
        let answer: Value = serde_json::from_slice(&response.body)?;
        if response.status.as_u16() != status {
            return Err(format!("{path}: {} {answer}", response.status).into());
        }
        Ok(answer)
    }

    /// How long `work` took and the write units its calls consumed.
    async fn measure(
        &self,
        work: impl std::future::Future<Output = Result<(), Error>>,
    ) -> Result<(Duration, Units), Error> {
        self.meter.take();
        let reported = self.ctx.dynamodb.write_units();
        let started = Instant::now();
        work.await?;
        let elapsed = started.elapsed();
        let reported = self.ctx.dynamodb.write_units() - reported;
        let metered = self.meter.take();
        if metered.failed > 0 {
            return Err(format!("{} DynamoDB calls failed", metered.failed).into());
        }
        let mut transactional = 0.0;
        for items in &metered.transactions {
            for item in items {
                transactional += 2.0 * self.write_alone(item).await?;
            }
        }
        Ok((
            elapsed,
            Units {
                billed: metered.standalone + transactional,
                reported,
            },
        ))
    }

    /// Writes one item of a transaction by itself into the shadow table, without its
    /// condition: the capacity DynamoDB Local reports for it.
    async fn write_alone(&self, item: &TransactWriteItem) -> Result<f64, Error> {
        let total = Some(ReturnConsumedCapacity::Total);
        let consumed = if let Some(put) = &item.put {
            self.shadow
                .put_item()
                .table_name(SHADOW_TABLE)
                .set_item(Some(put.item.clone()))
                .set_return_consumed_capacity(total)
                .send()
                .await?
                .consumed_capacity
        } else if let Some(update) = &item.update {
            let expression = update.update_expression.as_str();
            let used = |name: &String| expression.contains(name.as_str());
            let names: HashMap<String, String> = update
                .expression_attribute_names
                .iter()
                .flatten()
                .filter(|(name, _)| used(name))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect();
            let values: HashMap<String, AttributeValue> = update
                .expression_attribute_values
                .iter()
                .flatten()
                .filter(|(name, _)| used(name))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect();
            self.shadow
                .update_item()
                .table_name(SHADOW_TABLE)
                .set_key(Some(update.key.clone()))
                .update_expression(expression)
                .set_expression_attribute_names((!names.is_empty()).then_some(names))
                .set_expression_attribute_values((!values.is_empty()).then_some(values))
                .set_return_consumed_capacity(total)
                .send()
                .await?
                .consumed_capacity
        } else if let Some(delete) = &item.delete {
            self.shadow
                .delete_item()
                .table_name(SHADOW_TABLE)
                .set_key(Some(delete.key.clone()))
                .set_return_consumed_capacity(total)
                .send()
                .await?
                .consumed_capacity
        } else {
            None
        };
        Ok(units(consumed.as_ref()))
    }

    /// The users and accounts the deals name (the first create also stores the tenant's
    /// default pipeline).
    async fn records(&self) -> Result<Records, Error> {
        let mut records = Records::default();
        for i in 0..USERS {
            let user = self
                .call_expecting(
                    Method::POST,
                    "/api/v1/crm/users",
                    &json!({"full_name": format!("Owner {i}")}),
                    201,
                )
                .await?;
            records.users.push(id_of(&user)?);
        }
        for i in 0..ACCOUNTS {
            let account = self
                .call_expecting(
                    Method::POST,
                    "/api/v1/crm/accounts",
                    &json!({"name": format!("Account {i}")}),
                    201,
                )
                .await?;
            records.accounts.push(id_of(&account)?);
        }
        self.call_expecting(
            Method::POST,
            "/api/v1/crm/deals",
            &json!({"name": "First"}),
            201,
        )
        .await?;
        Ok(records)
    }
}

#[derive(Default)]
struct Records {
    users: Vec<String>,
    accounts: Vec<String>,
}

fn id_of(answer: &Value) -> Result<String, Error> {
    Ok(answer
        .pointer("/data/id")
        .and_then(Value::as_str)
        .ok_or("an answer without an id")?
        .to_owned())
}

/// Deal `i` of round `round`: a stage, an owner and an account among a few, a value.
fn deal_body(round: usize, i: usize, records: &Records) -> Value {
    let pick = |list: &[String], n: usize| list.get(n % list.len().max(1)).cloned();
    json!({
        "name": format!("Deal {round}-{i}"),
        "stage": STAGES.get(i % STAGES.len()),
        "value": 1000 + i * 10,
        "owner_id": pick(&records.users, i),
        "account_id": pick(&records.accounts, i / 3),
        "tags": ["bench"],
    })
}

/// Write units: as DynamoDB bills them (see the module's comment), and as DynamoDB Local
/// reports them.
#[derive(Debug, Clone, Copy, Default)]
struct Units {
    billed: f64,
    reported: f64,
}

fn units(consumed: Option<&ConsumedCapacity>) -> f64 {
    consumed
        .and_then(|c| c.write_capacity_units.or(c.capacity_units))
        .unwrap_or(0.0)
}

/// Counts the writes of a client: the capacity of each PutItem, UpdateItem and DeleteItem as
/// reported, and every TransactWriteItems' items, to be counted apart.
#[derive(Debug, Clone, Default)]
struct WriteMeter(Arc<Mutex<Metered>>);

#[derive(Debug, Default)]
struct Metered {
    standalone: f64,
    transactions: Vec<Vec<TransactWriteItem>>,
    failed: usize,
}

impl WriteMeter {
    fn take(&self) -> Metered {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn with(&self, change: impl FnOnce(&mut Metered)) {
        change(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner));
    }
}

impl Intercept for WriteMeter {
    fn name(&self) -> &'static str {
        "WriteMeter"
    }

    fn read_before_execution(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        _config: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(input) = context.input().downcast_ref::<TransactWriteItemsInput>() {
            let items = input.transact_items.clone().unwrap_or_default();
            self.with(|metered| metered.transactions.push(items));
        }
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _config: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Ok(output) = context.output_or_error() else {
            self.with(|metered| metered.failed += 1);
            return Ok(());
        };
        let consumed = if let Some(o) = output.downcast_ref::<PutItemOutput>() {
            units(o.consumed_capacity.as_ref())
        } else if let Some(o) = output.downcast_ref::<UpdateItemOutput>() {
            units(o.consumed_capacity.as_ref())
        } else if let Some(o) = output.downcast_ref::<DeleteItemOutput>() {
            units(o.consumed_capacity.as_ref())
        } else {
            0.0
        };
        self.with(|metered| metered.standalone += consumed);
        Ok(())
    }
}

/// One way of creating the deals: each round's time and write units.
#[derive(Default)]
struct Side {
    times: Vec<Duration>,
    units: f64,
    reported: f64,
}

impl Side {
    fn add(&mut self, elapsed: Duration, units: Units) {
        self.times.push(elapsed);
        self.units += units.billed;
        self.reported += units.reported;
    }

    fn reported_per_deal(&self) -> f64 {
        self.reported / self.deals().max(1.0)
    }

    fn deals(&self) -> f64 {
        (self.times.len() * BATCH) as f64
    }

    fn deals_per_second(&self) -> f64 {
        let seconds: f64 = self.times.iter().map(Duration::as_secs_f64).sum();
        if seconds > 0.0 {
            self.deals() / seconds
        } else {
            0.0
        }
    }

    fn units_per_deal(&self) -> f64 {
        self.units / self.deals().max(1.0)
    }

    /// The median round, in milliseconds.
    fn p50_ms(&self) -> f64 {
        let mut times = self.times.clone();
        times.sort();
        times
            .get(times.len() / 2)
            .map_or(0.0, |t| t.as_secs_f64() * 1000.0)
    }
}

fn write_results(rounds: usize, single: &Side, batched: &Side) -> Result<(), Error> {
    std::fs::create_dir_all("results")?;
    let ratio = batched.deals_per_second() / single.deals_per_second().max(f64::MIN_POSITIVE);
    let fast_enough = ratio >= TARGET_RATIO;
    let no_more_writes = batched.units_per_deal() <= single.units_per_deal();
    let report = json!({
        "rounds": rounds,
        "deals_per_round": BATCH,
        "single": {
            "deals_per_second": single.deals_per_second(),
            "write_units_per_deal": single.units_per_deal(),
            "write_units_per_deal_as_dynamodb_local_reports": single.reported_per_deal(),
            "p50_ms_per_100": single.p50_ms(),
        },
        "batch": {
            "deals_per_second": batched.deals_per_second(),
            "write_units_per_deal": batched.units_per_deal(),
            "write_units_per_deal_as_dynamodb_local_reports": batched.reported_per_deal(),
            "p50_ms": batched.p50_ms(),
        },
        "throughput_ratio": ratio,
        "targets": {
            "throughput_ratio_at_least": TARGET_RATIO,
            "throughput_met": fast_enough,
            "write_units_per_deal_no_more_than_single": no_more_writes,
        },
    });
    std::fs::write(
        "results/batch.json",
        serde_json::to_string_pretty(&report)? + "\n",
    )?;
    let yes = |met: bool| if met { "met" } else { "NOT met" };
    let markdown = format!(
        "# Batch creates against single creates\n\n\
         {rounds} rounds, each 100 `POST /deals` one after another, then one \
         `POST /deals/batch/create` of 100, through the route table and the dispatcher on \
         DynamoDB Local (release build); deals name one of {USERS} owners, {ACCOUNTS} accounts \
         and {} stages.\n\n\
         | | deals/s | write units per deal | p50 |\n\
         |---|---:|---:|---:|\n\
         | 100 single creates | {:.0} | {:.2} | {:.1} ms per 100 |\n\
         | one batch of 100 | {:.0} | {:.2} | {:.1} ms per batch |\n\n\
         Batch throughput {ratio:.1}x the single creates' (target at least {TARGET_RATIO}x: {}); \
         write units per deal {:.2} against {:.2} ({}: no more than single). Write units as \
         DynamoDB bills them: each transaction's items written again one by one into a shadow \
         table and counted twice, since DynamoDB Local reports a transaction's capacity as that \
         of its first item alone (as it reports them: {:.2} single, {:.2} batched).\n",
        STAGES.len(),
        single.deals_per_second(),
        single.units_per_deal(),
        single.p50_ms(),
        batched.deals_per_second(),
        batched.units_per_deal(),
        batched.p50_ms(),
        yes(fast_enough),
        batched.units_per_deal(),
        single.units_per_deal(),
        yes(no_more_writes),
        single.reported_per_deal(),
        batched.reported_per_deal(),
    );
    std::fs::write("results/batch.md", &markdown)?;
    print!("{markdown}");
    Ok(())
}
