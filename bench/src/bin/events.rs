//! `make bench-events`: change events and webhooks against DynamoDB Local, through the same
//! handlers, stream consumer and delivery code the functions run.
//!
//! - write → event in the feed: a deal created, then the stream read and processed at once
//!   (as a deployed event source mapping does within its polling delay, which is AWS's and not
//!   measured here), then the event read back from `GET /events`;
//! - write → webhook received: the same write until a receiver on this machine has the
//!   signed delivery;
//! - events per second that `process-changes` sustains over a burst of concurrent writes.
//!
//! Writes results/events.json. Environment: DYNAMODB_ENDPOINT (scripts/with-dynamodb.sh),
//! BENCH_ITERATIONS (default 100), BENCH_BURST (default 1000).

#[path = "../setup.rs"]
mod setup;

use std::sync::Arc;
use std::time::{Duration, Instant};

use http::{HeaderMap, HeaderValue, Method};
use http_body_util::Full;
use hyper::body::Bytes;
use local::streams::{Consumer, StreamPoller};
use serde_json::{json, Value};
use shared::context::{AppContext, Config};
use shared::dispatch::dispatch;
use shared::http::ApiRequest;
use shared::routes::find_route;
use shared::webhooks::runner::WebhookSettings;
use shared::webhooks::ssrf::TargetPolicy;
use tokio::sync::mpsc;

const TABLE: &str = "deals-bench-events";

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let iterations = env_number("BENCH_ITERATIONS", 100);
    let burst = env_number("BENCH_BURST", 1000);
    let config = Config {
        webhooks: WebhookSettings {
            policy: TargetPolicy::from_allow_loopback(true),
            ..WebhookSettings::default()
        },
        ..setup::config(TABLE, "bench-events")?
    };
    let endpoint = config.dynamodb_endpoint.clone().unwrap_or_default();
    let ctx = Arc::new(AppContext::new(&config).await?);
    setup::ensure_tables(ctx.store.client(), &[TABLE]).await?;
    let poller = StreamPoller::new(&ctx, &endpoint, TABLE).await?;
    let consumer = Consumer::InProcess(Arc::clone(&ctx));
    let api = Api::new(&ctx, &config, "bench-events")?;

    let (received, mut arrivals) = mpsc::unbounded_channel();
    let receiver = receiver(received).await?;
    api.call(
        Method::POST,
        "/api/v1/crm/webhooks",
        Some(json!({"url": format!("http://{receiver}/hook"), "events": ["deal.created"]})),
    )
    .await?;
    // Whatever the table's stream holds from before is not this run's.
    poller.drain(&consumer).await?;

    let mut to_feed = Vec::new();
    let mut to_webhook = Vec::new();
    let mut cursor = feed_all_after(&api, "").await?.1;
    for n in 0..iterations {
        api.call(
            Method::POST,
            "/api/v1/crm/deals",
            Some(json!({"name": format!("Evented {n}")})),
        )
        .await?;
        let answered = Instant::now();
        poller.drain(&consumer).await?;
        let (events, next) = feed_after(&api, &cursor).await?;
        if events.is_empty() {
            return Err("the write's event is not in the feed after the stream was read".into());
        }
        to_feed.push(answered.elapsed());
        cursor = next;
        let arrived = tokio::time::timeout(Duration::from_secs(10), arrivals.recv())
            .await
            .map_err(|_| "no delivery within 10 s")?
            .ok_or("the receiver stopped")?;
        to_webhook.push(arrived.saturating_duration_since(answered));
    }

    let started = Instant::now();
    let mut writes = tokio::task::JoinSet::new();
    for n in 0..burst {
        let api = api.clone();
        writes.spawn(async move {
            api.call(
                Method::POST,
                "/api/v1/crm/deals",
                Some(json!({"name": format!("Burst {n}")})),
            )
            .await
        });
        if writes.len() >= 32 {
            if let Some(done) = writes.join_next().await {
                done??;
            }
        }
    }
    while let Some(done) = writes.join_next().await {
        done??;
    }
    let wrote = started.elapsed();
    let processing = Instant::now();
    let records = poller.drain(&consumer).await?;
    let processed = processing.elapsed();
    let (burst_events, _) = feed_all_after(&api, &cursor).await?;
    while arrivals.try_recv().is_ok() {}

    let feed = percentiles(to_feed);
    let webhook = percentiles(to_webhook);
    let events_per_second = burst_events as f64 / processed.as_secs_f64();
    let report = json!({
        "iterations": iterations,
        "write_to_feed_ms": feed,
        "write_to_webhook_ms": webhook,
        "burst": {
            "writes": burst,
            "written_in_s": wrote.as_secs_f64(),
            "stream_records": records,
            "events": burst_events,
            "processed_in_s": processed.as_secs_f64(),
            "events_per_second": events_per_second,
        },
    });
    std::fs::create_dir_all("results")?;
    std::fs::write(
        "results/events.json",
        serde_json::to_string_pretty(&report)?,
    )?;
    println!(
        "write -> event in the feed: p50 {:.1} ms, p99 {:.1} ms ({iterations} writes)",
        feed["p50"].as_f64().unwrap_or_default(),
        feed["p99"].as_f64().unwrap_or_default()
    );
    println!(
        "write -> webhook received: p50 {:.1} ms, p99 {:.1} ms",
        webhook["p50"].as_f64().unwrap_or_default(),
        webhook["p99"].as_f64().unwrap_or_default()
    );
    println!(
        "burst of {burst} writes: {burst_events} events from {records} stream records in {:.2} s: {events_per_second:.0} events/s sustained by process-changes (one consumer, as one shard's)",
        processed.as_secs_f64()
    );
    Ok(())
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Milliseconds at the 50th and 99th percentile.
fn percentiles(mut samples: Vec<Duration>) -> Value {
    samples.sort();
    let at = |q: f64| {
        let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    json!({"p50": at(0.5), "p99": at(0.99), "n": samples.len()})
}

/// A receiver on 127.0.0.1 that answers 204 and tells when each delivery arrived.
async fn receiver(
    arrived: mpsc::UnboundedSender<Instant>,
) -> Result<std::net::SocketAddr, BoxError> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(local::plain_http::serve(listener, move |_, _| {
        let arrived = arrived.clone();
        async move {
            let _ = arrived.send(Instant::now());
            let mut response = http::Response::new(Full::new(Bytes::new()));
            *response.status_mut() = http::StatusCode::NO_CONTENT;
            response
        }
    }));
    Ok(address)
}

async fn feed_after(api: &Api, cursor: &str) -> Result<(Vec<Value>, String), BoxError> {
    let query = if cursor.is_empty() {
        "limit=100".to_owned()
    } else {
        format!("limit=100&after={cursor}")
    };
    let page = api
        .call_query(Method::GET, "/api/v1/crm/events", &query)
        .await?;
    let events = page["data"].as_array().cloned().unwrap_or_default();
    let next = page["pagination"]["next_cursor"]
        .as_str()
        .ok_or("a page without next_cursor")?
        .to_owned();
    Ok((events, next))
}

/// How many events follow `cursor`, and the cursor after them.
async fn feed_all_after(api: &Api, cursor: &str) -> Result<(usize, String), BoxError> {
    let mut count = 0;
    let mut cursor = cursor.to_owned();
    loop {
        let (events, next) = feed_after(api, &cursor).await?;
        count += events.len();
        cursor = next;
        if events.is_empty() {
            return Ok((count, cursor));
        }
    }
}

/// Requests through the route table and the dispatcher, with a token of one tenant.
#[derive(Clone)]
struct Api {
    ctx: Arc<AppContext>,
    token: String,
}

impl Api {
    fn new(ctx: &Arc<AppContext>, config: &Config, tenant_prefix: &str) -> Result<Self, String> {
        let tenant = format!(
            "{tenant_prefix}-{}",
            ulid::Ulid::new().to_string().to_lowercase()
        );
        let token = local::token::mint(
            &config.jwt,
            &local::token::TokenRequest::with_all_scopes(&tenant),
        )?;
        Ok(Api {
            ctx: Arc::clone(ctx),
            token,
        })
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, BoxError> {
        self.send(method, path, "", body).await
    }

    async fn call_query(&self, method: Method, path: &str, query: &str) -> Result<Value, BoxError> {
        self.send(method, path, query, None).await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &str,
        body: Option<Value>,
    ) -> Result<Value, BoxError> {
        let (route, path_params) =
            find_route(&method, path).ok_or_else(|| format!("no route for {method} {path}"))?;
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {}", self.token))?,
        );
        let request = ApiRequest {
            method,
            path: path.to_owned(),
            path_params,
            query: query.to_owned(),
            headers,
            body: body.map(|b| b.to_string().into_bytes()).unwrap_or_default(),
            request_id: ulid::Ulid::new().to_string(),
        };
        let response = dispatch(Arc::clone(&self.ctx), route, request).await;
        let value: Value = serde_json::from_slice(&response.body)?;
        if !response.status.is_success() {
            return Err(format!("{path}: {} {value}", response.status).into());
        }
        Ok(value)
    }
}
