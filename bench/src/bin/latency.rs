//! `make bench`, latency and read cost: loads N deals into one tenant of DynamoDB Local (beside
//! other tenants' deals), then for every documented access pattern measures, in the same run,
//! the API through its handlers and the one raw DynamoDB call the pattern needs: p50/p99 latency,
//! read capacity per page, and the ideal (the items returned, at their size, in 4 KB units).
//! Writes results/bench.json, results/bench.md and results/latency.svg.
//!
//! Environment: DYNAMODB_ENDPOINT (set by scripts/with-dynamodb.sh), BENCH_SIZES (default
//! 1000,10000,100000), BENCH_ITERATIONS (default 200).

#[path = "../setup.rs"]
mod setup;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use http::{HeaderMap, HeaderValue, Method};
use serde_json::{json, Value};
use shared::context::AppContext;
use shared::dispatch::dispatch;
use shared::http::ApiRequest;
use shared::model::{Deal, SourceType};
use shared::pipeline::Pipeline;
use shared::records::RecordKind;
use shared::routes::find_route;
use shared::store::Store;

const TABLE: &str = "deals-bench";
const OTHER_TENANTS_DEALS: usize = 5_000;
const PAGE: usize = 50;
const WARM_UP: usize = 20;
/// Owners and accounts scale with the tenant (about 100 deals each), so that a filtered page is
/// as full at every size and the sizes compare like with like.
const DEALS_PER_OWNER: usize = 100;
const STAGES: [&str; 6] = [
    "lead",
    "qualified",
    "proposal",
    "negotiation",
    "closed_won",
    "closed_lost",
];

type Item = HashMap<String, AttributeValue>;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000,100000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let iterations: usize = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let config = setup::config(TABLE, "bench-latency")?;
    let ctx = Arc::new(AppContext::new(&config).await?);
    setup::ensure_tables(ctx.store.client(), &[TABLE]).await?;
    ctx.dynamodb.measure_capacity();

    let started = Instant::now();
    // Loading writes as fast as DynamoDB Local takes it; on a busy machine one call can wait
    // longer than the API's 6 s, which would end the run.
    let patient = ctx
        .store
        .client()
        .config()
        .to_builder()
        .timeout_config(
            aws_sdk_dynamodb::config::timeout::TimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(120))
                .build(),
        )
        .build();
    let loader = Store::new(Client::from_conf(patient), TABLE);
    load(&loader, "bench-other", OTHER_TENANTS_DEALS, 7).await?;
    eprintln!(
        "loaded {OTHER_TENANTS_DEALS} deals of another tenant in {:.1?}",
        started.elapsed()
    );

    let mut results: Vec<Measurement> = Vec::new();
    for &n in &sizes {
        let tenant = format!("bench-{n}");
        let started = Instant::now();
        let deals = load(&loader, &tenant, n, n as u64).await?;
        eprintln!(
            "loaded {n} deals into {tenant} in {:.1?}",
            started.elapsed()
        );
        let token = local::token::mint(
            &config.jwt,
            &local::token::TokenRequest::new(&tenant, "read:deals"),
        )?;
        for pattern in patterns(&tenant, &deals) {
            let measurement = measure(&ctx, &token, &pattern, n, iterations).await?;
            eprintln!(
                "{:>7} {:<26} api p50 {:>6.2} ms  raw p50 {:>6.2} ms  rcu {:>5.1} (raw {:>5.1}, ideal {:>5.1})",
                n, pattern.name, measurement.api.p50, measurement.raw.p50, measurement.api_rcu, measurement.raw_rcu, measurement.ideal_rcu
            );
            results.push(measurement);
        }
    }
    write_results(&sizes, &results)?;
    Ok(())
}

/// Creates `n` deals for `tenant` (deterministic from `seed`), spread over the last year.
async fn load(
    store: &Store,
    tenant: &str,
    n: usize,
    seed: u64,
) -> Result<Vec<Deal>, Box<dyn std::error::Error>> {
    let mut random = Lcg(seed
        .wrapping_mul(2_862_933_555_777_941_757)
        .wrapping_add(3_037_000_493));
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis() as u64;
    let year_ms = 365 * 24 * 3600 * 1000;
    let mut deals: Vec<Deal> = (0..n)
        .map(|i| {
            let created_ms = now_ms - year_ms + (i as u64 * year_ms / n as u64);
            deal(
                tenant,
                &mut random,
                created_ms,
                i,
                (n / DEALS_PER_OWNER).max(1),
            )
        })
        .collect();
    deals.sort_by(|a, b| a.id.cmp(&b.id));
    create_records(store, tenant, (n / DEALS_PER_OWNER).max(1)).await?;
    // The deals sit in the default pipeline's stages, which must be stored to take them.
    store
        .store_default_pipeline(tenant, &shared::clock::Now::current().timestamp)
        .await?;
    let mut tasks = Vec::new();
    for chunk in deals.chunks(1000) {
        let store = store.clone();
        let tenant = tenant.to_owned();
        let chunk = chunk.to_vec();
        tasks.push(tokio::spawn(async move {
            store.import_deals(&tenant, &chunk).await
        }));
        if tasks.len() >= 4 {
            tasks.remove(0).await??;
        }
    }
    for task in tasks {
        task.await??;
    }
    Ok(deals)
}

/// The owners and accounts the deals refer to.
async fn create_records(
    store: &Store,
    tenant: &str,
    count: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let records = (0..count)
        .map(|i| {
            (
                RecordKind::User,
                json!({"id": owner_id(i), "full_name": format!("Owner {i}")}),
            )
        })
        .chain((0..count).map(|i| {
            (
                RecordKind::Account,
                json!({"id": account_id(i), "name": format!("Account {i}"), "status": "active"}),
            )
        }));
    let stamp = json!({"created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z", "created_by": "bench", "updated_by": "bench", "version": 1});
    for (kind, fields) in records {
        let mut record = fields.as_object().cloned().unwrap_or_default();
        record.extend(stamp.as_object().cloned().unwrap_or_default());
        match store.save_record(tenant, kind, &record, None).await {
            Ok(()) | Err(shared::store::StoreError::AlreadyExists) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}

fn owner_id(i: usize) -> String {
    format!("usr-00000000-0000-4000-8000-{i:012}")
}

fn account_id(i: usize) -> String {
    format!("acc-00000000-0000-4000-8000-{i:012}")
}

fn deal(tenant: &str, random: &mut Lcg, created_ms: u64, index: usize, owners: usize) -> Deal {
    let stage = STAGES[random.below(STAGES.len())];
    let timestamp = shared::clock::format_timestamp(
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(created_ms) * 1_000_000)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
    );
    let words = [
        "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka",
    ];
    let kinds = ["renewal", "expansion", "pilot", "rollout", "upgrade"];
    let closed = stage.starts_with("closed");
    Deal {
        id: format!(
            "deal_{}",
            ulid::Ulid::from_parts(created_ms, u128::from(random.next()) << 16 | index as u128)
        ),
        tenant_id: tenant.into(),
        app_id: None,
        deal_number: format!("DEAL-2026-{:05}", index + 1),
        name: format!(
            "{} {} {}",
            words[random.below(words.len())],
            kinds[random.below(kinds.len())],
            index
        ),
        account_id: Some(format!(
            "acc-00000000-0000-4000-8000-{:012}",
            random.below(owners)
        )),
        owner_id: Some(format!(
            "usr-00000000-0000-4000-8000-{:012}",
            random.below(owners)
        )),
        pipeline_id: "default".into(),
        stage: stage.into(),
        value: serde_json::Number::from(random.below(500) as u64 * 1000),
        currency: "EUR".into(),
        probability: Some(serde_json::Number::from(random.below(101) as u64)),
        forecast_category: Some("pipeline".into()),
        expected_close_date: Some(format!(
            "2027-{:02}-{:02}",
            1 + random.below(12),
            1 + random.below(28)
        )),
        actual_close_date: closed.then(|| timestamp[..10].to_owned()),
        next_followup_date: None,
        deal_type: Some("new_business".into()),
        deal_source: Some("inbound".into()),
        competitors: vec!["Contoso".into()],
        loss_reason: (stage == "closed_lost").then(|| "Price".to_owned()),
        loss_category: (stage == "closed_lost").then(|| "pricing".to_owned()),
        closure_notes: None,
        primary_contact_id: None,
        contact_ids: Vec::new(),
        rfp_record_id: None,
        quote_ids: Vec::new(),
        proposal_ids: Vec::new(),
        attachment_refs: Vec::new(),
        linked_task_ids: Vec::new(),
        custom_fields: serde_json::Map::from_iter([(
            "risk_score".to_owned(),
            json!(random.below(10)),
        )]),
        tags: vec!["enterprise".into()],
        audit_log: Vec::new(),
        stage_entered_at: timestamp.clone(),
        source: "edm".into(),
        source_type: SourceType::Api,
        created_at: timestamp.clone(),
        updated_at: timestamp,
        created_by: "usr-00000000-0000-4000-8000-000000000001".into(),
        updated_by: "usr-00000000-0000-4000-8000-000000000001".into(),
        is_deleted: false,
        deleted_at: None,
        deleted_by: None,
        merged_into: None,
        schema_version: 1,
        version: 1,
        probability_is_manual: true,
        audit_offset: 0,
        merged_from: None,
    }
}

/// A small deterministic generator: the same data on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One documented access pattern: the API request, and the raw DynamoDB call it needs.
struct Pattern {
    name: &'static str,
    /// Method and path with query.
    uri: String,
    method: Method,
    raw: RawCall,
    /// Whether the raw call is a strongly consistent read (4 KB per unit) or eventual (8 KB).
    strong: bool,
}

enum RawCall {
    Get {
        tenant: String,
        id: String,
    },
    Query {
        index: Option<&'static str>,
        pk_name: &'static str,
        pk: String,
        forward: bool,
        start: Option<Item>,
    },
    /// Items of the tenant by sort key, in one eventually consistent BatchGetItem.
    BatchGet {
        tenant: String,
        sort_keys: Vec<String>,
    },
}

fn patterns(tenant: &str, deals: &[Deal]) -> Vec<Pattern> {
    let middle = &deals[deals.len() / 2];
    let owner = middle.owner_id.clone().unwrap_or_default();
    let account = middle.account_id.clone().unwrap_or_default();
    let t = format!("TENANT#{tenant}");
    let query = |index, pk_name, pk: String, forward| RawCall::Query {
        index,
        pk_name,
        pk,
        forward,
        start: None,
    };
    // The second page of the newest-first list starts after the 50th newest deal.
    let fiftieth = &deals[deals.len().saturating_sub(PAGE)];
    let second_page_start = Item::from([
        ("pk".to_owned(), AttributeValue::S(t.clone())),
        (
            "sk".to_owned(),
            AttributeValue::S(format!("DEAL#{}", fiftieth.id)),
        ),
    ]);
    vec![
        Pattern {
            name: "get by id",
            uri: format!("/api/v1/crm/deals/{}?include=", middle.id),
            method: Method::GET,
            raw: RawCall::Get {
                tenant: tenant.into(),
                id: middle.id.clone(),
            },
            strong: true,
        },
        Pattern {
            name: "list newest first",
            uri: format!("/api/v1/crm/deals?limit={PAGE}"),
            method: Method::GET,
            raw: query(None, "pk", t.clone(), false),
            strong: false,
        },
        Pattern {
            name: "list next page (cursor)",
            uri: String::new(),
            method: Method::GET,
            raw: RawCall::Query {
                index: None,
                pk_name: "pk",
                pk: t.clone(),
                forward: false,
                start: Some(second_page_start),
            },
            strong: false,
        },
        Pattern {
            name: "list by stage",
            uri: format!("/api/v1/crm/deals?stage=qualified&limit={PAGE}"),
            method: Method::GET,
            raw: query(
                Some("by_stage"),
                "stage_pk",
                format!("{t}#STAGE#qualified"),
                false,
            ),
            strong: false,
        },
        Pattern {
            name: "list by owner",
            uri: format!("/api/v1/crm/deals?owner_id={owner}&limit={PAGE}"),
            method: Method::GET,
            raw: query(
                Some("by_owner"),
                "owner_pk",
                format!("{t}#OWNER#{owner}"),
                false,
            ),
            strong: false,
        },
        Pattern {
            name: "list by account",
            uri: format!("/api/v1/crm/deals?account_id={account}&limit={PAGE}"),
            method: Method::GET,
            raw: query(
                Some("by_account"),
                "account_pk",
                format!("{t}#ACCOUNT#{account}"),
                false,
            ),
            strong: false,
        },
        Pattern {
            name: "sort by value desc",
            uri: format!("/api/v1/crm/deals?sort=-value&limit={PAGE}"),
            method: Method::GET,
            raw: query(Some("by_value"), "pk", t.clone(), false),
            strong: false,
        },
        Pattern {
            name: "sort by close date",
            uri: format!("/api/v1/crm/deals?sort=expected_close_date&limit={PAGE}"),
            method: Method::GET,
            raw: query(Some("by_close_date"), "pk", t.clone(), true),
            strong: false,
        },
        Pattern {
            name: "sort by name",
            uri: format!("/api/v1/crm/deals?sort=name&limit={PAGE}"),
            method: Method::GET,
            raw: query(Some("by_name"), "pk", t, true),
            strong: false,
        },
        // The raw read: the pipeline's stage items, the least a board's totals can cost.
        Pattern {
            name: "pipeline summary",
            uri: "/api/v1/crm/deals/summary?pipeline_id=default".into(),
            method: Method::GET,
            raw: RawCall::BatchGet {
                tenant: tenant.into(),
                sort_keys: Pipeline::built_in_default()
                    .stages
                    .iter()
                    .map(|stage| format!("STAGE#{}", stage.id))
                    .collect(),
            },
            strong: false,
        },
    ]
}

#[derive(Debug, Clone, Copy, Default)]
struct Percentiles {
    p50: f64,
    p99: f64,
}

fn percentiles(mut samples: Vec<Duration>) -> Percentiles {
    samples.sort();
    let at = |q: f64| {
        let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Percentiles {
        p50: at(0.5),
        p99: at(0.99),
    }
}

struct Measurement {
    pattern: &'static str,
    uri: String,
    n: usize,
    api: Percentiles,
    raw: Percentiles,
    api_rcu: f64,
    raw_rcu: f64,
    ideal_rcu: f64,
    items: usize,
}

async fn measure(
    ctx: &Arc<AppContext>,
    token: &str,
    pattern: &Pattern,
    n: usize,
    iterations: usize,
) -> Result<Measurement, Box<dyn std::error::Error>> {
    let client = ctx.store.client();
    // The cursor pattern uses the first page's cursor.
    let uri = if pattern.uri.is_empty() {
        let first = call(
            ctx,
            token,
            &pattern.method,
            &format!("/api/v1/crm/deals?limit={PAGE}"),
        )
        .await?;
        let cursor = first["pagination"]["next_cursor"]
            .as_str()
            .ok_or("no cursor")?
            .to_owned();
        format!("/api/v1/crm/deals?limit={PAGE}&cursor={cursor}")
    } else {
        pattern.uri.clone()
    };
    // Warm both paths (connections, and DynamoDB Local's JIT) before timing.
    for _ in 0..WARM_UP {
        call(ctx, token, &pattern.method, &uri).await?;
        raw(client, &pattern.raw).await?;
    }

    let mut api_times = Vec::with_capacity(iterations);
    let mut raw_times = Vec::with_capacity(iterations);
    let (mut api_units, mut raw_units) = (0.0, 0.0);
    let mut items = Vec::new();
    for _ in 0..iterations {
        let units = ctx.dynamodb.read_units();
        // The API's part ends with the response's bytes, as the raw call's ends with the SDK's
        // items: the client's parse of the JSON is not timed.
        let started = Instant::now();
        let response = respond(ctx, token, &pattern.method, &uri).await?;
        api_times.push(started.elapsed());
        api_units += ctx.dynamodb.read_units() - units;
        let body: Value = serde_json::from_slice(&response)?;
        if body.get("error").is_some() {
            return Err(format!("{uri}: {body}").into());
        }

        let units = ctx.dynamodb.read_units();
        let started = Instant::now();
        items = raw(client, &pattern.raw).await?;
        raw_times.push(started.elapsed());
        raw_units += ctx.dynamodb.read_units() - units;
    }
    let bytes: usize = items
        .iter()
        .take(if matches!(pattern.raw, RawCall::Get { .. }) {
            1
        } else {
            PAGE
        })
        .map(shared::store::item_size)
        .sum();
    let unit_bytes = if pattern.strong { 4096.0 } else { 8192.0 };
    Ok(Measurement {
        pattern: pattern.name,
        uri,
        n,
        api: percentiles(api_times),
        raw: percentiles(raw_times),
        api_rcu: api_units / iterations as f64,
        raw_rcu: raw_units / iterations as f64,
        ideal_rcu: (bytes as f64 / unit_bytes).ceil().max(0.5),
        items: items.len().min(PAGE),
    })
}

/// One request through the route table and the dispatcher, as the local server and Lambda do,
/// its answer parsed.
async fn call(
    ctx: &Arc<AppContext>,
    token: &str,
    method: &Method,
    uri: &str,
) -> Result<Value, Box<dyn std::error::Error>> {
    Ok(serde_json::from_slice(
        &respond(ctx, token, method, uri).await?,
    )?)
}

/// The body of one request through the route table and the dispatcher.
async fn respond(
    ctx: &Arc<AppContext>,
    token: &str,
    method: &Method,
    uri: &str,
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let (route, path_params) = find_route(method, path).ok_or("no route")?;
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {token}"))?,
    );
    let request = ApiRequest {
        method: method.clone(),
        path: path.into(),
        path_params,
        query: query.into(),
        headers,
        body: Vec::new(),
        request_id: "bench".into(),
    };
    Ok(dispatch(Arc::clone(ctx), route, request).await.body)
}

async fn raw(client: &Client, call: &RawCall) -> Result<Vec<Item>, Box<dyn std::error::Error>> {
    match call {
        RawCall::Get { tenant, id } => {
            let output = client
                .get_item()
                .table_name(TABLE)
                .key("pk", AttributeValue::S(format!("TENANT#{tenant}")))
                .key("sk", AttributeValue::S(format!("DEAL#{id}")))
                .consistent_read(true)
                .send()
                .await?;
            Ok(output.item.into_iter().collect())
        }
        RawCall::Query {
            index,
            pk_name,
            pk,
            forward,
            start,
        } => {
            let mut query = client
                .query()
                .table_name(TABLE)
                .set_index_name(index.map(String::from))
                .expression_attribute_names("#pk", *pk_name)
                .expression_attribute_values(":pk", AttributeValue::S(pk.clone()))
                .scan_index_forward(*forward)
                .limit(PAGE as i32)
                .set_exclusive_start_key(start.clone());
            // The tenant's partition holds other items too; the indexes hold only deals.
            query = match index {
                None => query
                    .key_condition_expression("#pk = :pk AND begins_with(sk, :deal)")
                    .expression_attribute_values(":deal", AttributeValue::S("DEAL#".into())),
                Some(_) => query.key_condition_expression("#pk = :pk"),
            };
            let output = query.send().await?;
            Ok(output.items.unwrap_or_default())
        }
        RawCall::BatchGet { tenant, sort_keys } => {
            let keys = sort_keys
                .iter()
                .map(|sort_key| {
                    Item::from([
                        (
                            "pk".to_owned(),
                            AttributeValue::S(format!("TENANT#{tenant}")),
                        ),
                        ("sk".to_owned(), AttributeValue::S(sort_key.clone())),
                    ])
                })
                .collect();
            let request = aws_sdk_dynamodb::types::KeysAndAttributes::builder()
                .set_keys(Some(keys))
                .build()?;
            let output = client
                .batch_get_item()
                .request_items(TABLE, request)
                .send()
                .await?;
            Ok(output
                .responses
                .and_then(|mut responses| responses.remove(TABLE))
                .unwrap_or_default())
        }
    }
}

fn write_results(
    sizes: &[usize],
    results: &[Measurement],
) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all("results")?;
    let smallest = sizes.iter().min().copied().unwrap_or(0);
    let largest = sizes.iter().max().copied().unwrap_or(0);
    let p50_at = |pattern: &str, n: usize| {
        results
            .iter()
            .find(|m| m.pattern == pattern && m.n == n)
            .map(|m| m.api.p50)
    };
    let mut names: Vec<&str> = Vec::new();
    for measurement in results {
        if !names.contains(&measurement.pattern) {
            names.push(measurement.pattern);
        }
    }
    let rcu_ok = results.iter().all(|m| m.api_rcu <= 2.0 * m.ideal_rcu);
    let growth: Vec<(&str, f64)> = names
        .iter()
        .filter_map(|name| Some((*name, p50_at(name, largest)? / p50_at(name, smallest)?)))
        .collect();
    let growth_ok = growth.iter().all(|(_, ratio)| *ratio <= 1.2);
    let get_ratios: Vec<f64> = results
        .iter()
        .filter(|m| m.pattern == "get by id")
        .map(|m| m.api.p50 / m.raw.p50)
        .collect();
    let get_ok = get_ratios.iter().all(|ratio| *ratio <= 1.2);

    let json = json!({
        "sizes": sizes,
        "page_size": PAGE,
        "other_tenants_deals": OTHER_TENANTS_DEALS,
        "results": results.iter().map(|m| json!({
            "pattern": m.pattern, "request": m.uri, "deals": m.n, "items_per_page": m.items,
            "api_p50_ms": m.api.p50, "api_p99_ms": m.api.p99, "raw_p50_ms": m.raw.p50, "raw_p99_ms": m.raw.p99,
            "api_over_raw_p50": m.api.p50 / m.raw.p50,
            "api_read_units_per_page": m.api_rcu, "raw_read_units_per_page": m.raw_rcu, "ideal_read_units": m.ideal_rcu,
            "api_over_ideal_read_units": m.api_rcu / m.ideal_rcu,
        })).collect::<Vec<_>>(),
        "targets": {
            "read_units_per_page_at_most_2x_ideal": rcu_ok,
            "p50_largest_over_smallest_at_most_1_2": {"met": growth_ok, "ratios": growth.iter().map(|(n, r)| json!({"pattern": n, "ratio": r})).collect::<Vec<_>>()},
            "get_by_id_api_p50_at_most_1_2x_raw": {"met": get_ok, "ratios": get_ratios},
        },
    });
    std::fs::write("results/bench.json", serde_json::to_string_pretty(&json)?)?;

    let mut md = String::from("| pattern | deals | API p50 ms | API p99 ms | raw p50 ms | API/raw p50 | read units/page (API) | raw | ideal | API/ideal |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for m in results {
        md.push_str(&format!(
            "| {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.1} | {:.1} | {:.1} | {:.2} |\n",
            m.pattern,
            m.n,
            m.api.p50,
            m.api.p99,
            m.raw.p50,
            m.api.p50 / m.raw.p50,
            m.api_rcu,
            m.raw_rcu,
            m.ideal_rcu,
            m.api_rcu / m.ideal_rcu
        ));
    }
    md.push_str(&format!(
        "\nTargets: read units per page ≤ 2× ideal: {}; p50 at {largest} ≤ 1.2× p50 at {smallest}: {} ({}); get by id API p50 ≤ 1.2× raw: {} ({}).\n",
        yes(rcu_ok),
        yes(growth_ok),
        growth.iter().map(|(n, r)| format!("{n} {r:.2}")).collect::<Vec<_>>().join(", "),
        yes(get_ok),
        get_ratios.iter().map(|r| format!("{r:.2}")).collect::<Vec<_>>().join(", "),
    ));
    std::fs::write("results/bench.md", &md)?;
    std::fs::write("results/latency.svg", chart(sizes, &names, results))?;
    println!("{md}");
    Ok(())
}

fn yes(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "MISSED"
    }
}

/// API p50 latency against the number of deals (log scale), one line per pattern.
fn chart(sizes: &[usize], names: &[&str], results: &[Measurement]) -> String {
    let (width, height, left, bottom, top, right) = (760.0, 420.0, 60.0, 40.0, 20.0, 220.0);
    let max_ms = results.iter().map(|m| m.api.p50).fold(0.1_f64, f64::max) * 1.1;
    let (min_n, max_n) = (
        sizes.iter().min().copied().unwrap_or(1).max(1) as f64,
        sizes.iter().max().copied().unwrap_or(10).max(2) as f64,
    );
    let x = |n: f64| {
        left + (n.log10() - min_n.log10()) / (max_n.log10() - min_n.log10()).max(1e-9)
            * (width - left - right)
    };
    let y = |ms: f64| height - bottom - ms / max_ms * (height - bottom - top);
    let colors = [
        "#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#db2777",
        "#65a30d",
    ];
    let mut svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\"><rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    svg.push_str(&format!("<line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"black\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{}\" stroke=\"black\"/>", height - bottom, width - right, height - bottom, height - bottom));
    for &n in sizes {
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{n}</text>",
            x(n as f64),
            height - bottom + 16.0
        ));
    }
    for step in 0..=4 {
        let ms = max_ms * f64::from(step) / 4.0;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{ms:.1}</text>",
            left - 6.0,
            y(ms) + 4.0
        ));
    }
    svg.push_str(&format!("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">deals in the tenant</text><text x=\"14\" y=\"{}\" transform=\"rotate(-90 14 {})\" text-anchor=\"middle\">API p50 (ms)</text>", (left + width - right) / 2.0, height - 6.0, height / 2.0, height / 2.0));
    for (i, name) in names.iter().enumerate() {
        let color = colors[i % colors.len()];
        let points: Vec<String> = results
            .iter()
            .filter(|m| m.pattern == *name)
            .map(|m| format!("{:.1},{:.1}", x(m.n as f64), y(m.api.p50)))
            .collect();
        svg.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>",
            points.join(" ")
        ));
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" fill=\"{color}\">{name}</text>",
            width - right + 10.0,
            top + 16.0 * (i as f64 + 1.0)
        ));
    }
    svg.push_str("</svg>\n");
    svg
}
