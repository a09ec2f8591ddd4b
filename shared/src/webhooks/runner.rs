//! Deliveries' attempts: the first as soon as its delivery is written (the delivery's stream
//! record, `deliver-webhooks`), the later ones when due (the same function, every minute, reads
//! the `by_due` index), and any a person asks for (retry, test). Each attempt leases its
//! delivery first, so however these overlap a delivery is never sent twice at once; the
//! delivery item is the durable queue, so a process that dies loses nothing but its lease
//! (which runs out after [`LEASE`]).

use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};
use serde_json::{json, Value};
use time::OffsetDateTime;

use super::deliveries::{after_attempt, delivery_id, AttemptRecord, Delivery, DeliveryStatus};
use super::delivery::{attempt, Attempt, ATTEMPT_TIMEOUT};
use super::schedule::{RetrySchedule, ScheduleError};
use super::signing::signature_headers;
use super::ssrf::TargetPolicy;
use super::subscription::{Webhook, DISABLE_AFTER_SECONDS};
use crate::clock::{format_timestamp, parse_date_time, unix_millis, Now};
use crate::error::error_chain;
use crate::events::Event;
use crate::store::{DeliveryKey, LeasedDelivery, NewDelivery, Store, StoreError, StoredWebhook};
use crate::stream::records_of_event;

/// How long an attempt holds its delivery: beyond the attempt's own timeout.
pub const LEASE: Duration = Duration::from_secs(60);
/// Deliveries one sweep takes per index partition, and attempts it runs at once.
const SWEEP_LIMIT: usize = 100;
const SWEEP_CONCURRENCY: usize = 10;

/// How deliveries are made: which targets they may reach, when failed ones are tried again.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookSettings {
    pub policy: TargetPolicy,
    pub schedule: RetrySchedule,
    pub timeout: Duration,
}

/// As deployed: `https://` to public addresses, the default schedule.
impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            policy: TargetPolicy::from_allow_loopback(false),
            schedule: RetrySchedule::default(),
            timeout: ATTEMPT_TIMEOUT,
        }
    }
}

impl WebhookSettings {
    /// `WEBHOOK_ALLOW_LOOPBACK=1` (local only: loopback targets and `http://`) and
    /// `WEBHOOK_RETRY_SCHEDULE` (default `5,300,1800,7200,18000,36000,36000`).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ScheduleError> {
        let allow_loopback = lookup("WEBHOOK_ALLOW_LOOPBACK")
            .is_some_and(|value| matches!(value.trim(), "1" | "true"));
        let schedule = match lookup("WEBHOOK_RETRY_SCHEDULE").filter(|v| !v.trim().is_empty()) {
            Some(text) => RetrySchedule::parse(&text)?,
            None => RetrySchedule::default(),
        };
        Ok(WebhookSettings {
            policy: TargetPolicy::from_allow_loopback(allow_loopback),
            schedule,
            timeout: ATTEMPT_TIMEOUT,
        })
    }
}

/// A new delivery of `event` for a webhook, pending and due at once.
pub fn new_delivery(
    tenant: &str,
    webhook_id: &str,
    event: &Event,
    payload: &str,
    now: &Now,
) -> NewDelivery {
    let event_millis = parse_date_time(&event.occurred_at)
        .map(|at| u64::try_from(unix_millis(at)).unwrap_or(0))
        .unwrap_or(now.unix_millis);
    NewDelivery {
        tenant: tenant.to_owned(),
        delivery: Delivery {
            id: delivery_id(webhook_id, &event.id, event_millis),
            webhook_id: webhook_id.to_owned(),
            event_id: event.id.clone(),
            event_type: event.event_type.clone(),
            status: DeliveryStatus::Pending,
            attempts: Vec::new(),
            next_attempt_at: Some(now.timestamp.clone()),
            created_at: now.timestamp.clone(),
        },
        payload: payload.to_owned(),
        now_unix: now.unix,
    }
}

/// One attempt of the delivery at `key` if it is due at `now` and free: the delivery as it is
/// after, or `None` when it was not to be attempted (not pending, not due, or being attempted).
pub async fn deliver(
    store: &Store,
    settings: &WebhookSettings,
    key: &DeliveryKey,
    now: OffsetDateTime,
) -> Result<Option<Delivery>, StoreError> {
    let due = format_timestamp(now);
    let Some(leased) = store.lease_delivery(key, &due, &lease_until(now)).await? else {
        return Ok(None);
    };
    attempt_leased(store, settings, leased, now).await
}

/// Until when an attempt starting at `now` holds its delivery.
pub fn lease_until(now: OffsetDateTime) -> String {
    format_timestamp(now + LEASE)
}

/// The attempt of a delivery this caller holds the lease of: the delivery as it is after, or
/// `None` when the lease was lost meanwhile.
pub async fn attempt_leased(
    store: &Store,
    settings: &WebhookSettings,
    leased: LeasedDelivery,
    now: OffsetDateTime,
) -> Result<Option<Delivery>, StoreError> {
    let tenant = leased.tenant.clone();
    let webhook = store
        .get_webhook(&tenant, &leased.delivery.webhook_id)
        .await?;
    let started = OffsetDateTime::now_utc();
    let (outcome, status, wait) = match &webhook {
        Some(stored) if stored.webhook.enabled => {
            let headers = signature_headers(
                &stored.secret,
                &leased.delivery.event_id,
                started.unix_timestamp(),
                leased.payload.as_bytes(),
            );
            let outcome = attempt(
                &stored.webhook.url,
                settings.policy,
                &headers,
                leased.payload.clone(),
                settings.timeout,
            )
            .await;
            let (status, wait) = after_attempt(
                leased.delivery.attempts.len(),
                &outcome,
                &settings.schedule,
                jitter(),
            );
            (outcome, status, wait)
        }
        Some(_) => (
            refusal("the webhook is disabled"),
            DeliveryStatus::Failed,
            None,
        ),
        None => (
            refusal("the webhook was deleted"),
            DeliveryStatus::Failed,
            None,
        ),
    };
    let record = AttemptRecord {
        at: format_timestamp(started),
        status_code: outcome.status_code,
        error: outcome.error.clone(),
        duration_ms: outcome.duration_ms,
    };
    let next = wait.map(|wait| format_timestamp(now + wait));
    if !store
        .record_attempt(&leased, &record, status, next.as_deref())
        .await?
    {
        return Ok(None);
    }
    if let Some(stored) = webhook.filter(|stored| stored.webhook.enabled) {
        note_outcome(store, &tenant, &stored, outcome.succeeded(), now).await?;
    }
    let mut delivery = leased.delivery;
    delivery.attempts.push(record);
    delivery.status = status;
    delivery.next_attempt_at = next;
    Ok(Some(delivery))
}

fn refusal(error: &str) -> Attempt {
    Attempt {
        status_code: None,
        error: Some(error.to_owned()),
        duration_ms: 0,
    }
}

/// A webhook's failing streak: started by a failure, ended by a success, and after
/// [`DISABLE_AFTER_SECONDS`] of nothing but failures, the webhook turned off.
async fn note_outcome(
    store: &Store,
    tenant: &str,
    stored: &StoredWebhook,
    succeeded: bool,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let current = &stored.webhook;
    let since = current.failing_since.as_deref().and_then(parse_date_time);
    let updated = match (succeeded, since) {
        (true, None) | (false, Some(_)) if !streak_ends_it(since, now) => return Ok(()),
        (true, _) => Webhook {
            failing_since: None,
            ..current.clone()
        },
        (false, None) => Webhook {
            failing_since: Some(format_timestamp(now)),
            ..current.clone()
        },
        (false, Some(since)) => Webhook {
            enabled: false,
            disabled_reason: Some(format!(
                "Every delivery failed for 5 days (since {}); PATCH enabled: true turns it on again",
                format_timestamp(since)
            )),
            ..current.clone()
        },
    };
    let updated = Webhook {
        version: current.version + 1,
        updated_at: format_timestamp(now),
        ..updated
    };
    store.note_webhook_outcome(tenant, stored, &updated).await
}

fn streak_ends_it(since: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
    since.is_some_and(|since| (now - since).whole_seconds() >= DISABLE_AFTER_SECONDS)
}

/// A draw from `[0, 1)` for the retry jitter.
fn jitter() -> f64 {
    let mut bytes = [0u8; 8];
    match SystemRandom::new().fill(&mut bytes) {
        Ok(()) => (u64::from_be_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64,
        Err(_) => 0.5,
    }
}

/// Attempts every delivery due at `now` (at most [`SWEEP_LIMIT`] per index partition), or only
/// those of `tenant`, several at once: answers how many were attempted.
pub async fn sweep(
    store: &Store,
    settings: &WebhookSettings,
    now: OffsetDateTime,
    tenant: Option<&str>,
) -> Result<usize, StoreError> {
    let due = store
        .due_deliveries(&format_timestamp(now), SWEEP_LIMIT)
        .await?
        .into_iter()
        .filter(|key| tenant.is_none_or(|tenant| key.tenant == tenant))
        .collect();
    deliver_all(store, settings, due, now).await
}

/// Attempts each of `keys` that is due, [`SWEEP_CONCURRENCY`] at a time.
pub async fn deliver_all(
    store: &Store,
    settings: &WebhookSettings,
    keys: Vec<DeliveryKey>,
    now: OffsetDateTime,
) -> Result<usize, StoreError> {
    let mut attempted = 0;
    for chunk in keys.chunks(SWEEP_CONCURRENCY) {
        let mut running = tokio::task::JoinSet::new();
        for key in chunk {
            let (store, settings, key) = (store.clone(), settings.clone(), key.clone());
            running.spawn(async move { deliver(&store, &settings, &key, now).await });
        }
        while let Some(joined) = running.join_next().await {
            match joined {
                Ok(Ok(Some(_))) => attempted += 1,
                Ok(Ok(None)) => {}
                Ok(Err(error)) => {
                    tracing::error!(error = %error_chain(&error), "a delivery attempt failed to record");
                }
                Err(error) => tracing::error!(error = %error, "a delivery attempt panicked"),
            }
        }
    }
    Ok(attempted)
}

/// What `deliver-webhooks` was invoked with.
enum Invocation {
    /// New deliveries from the table's stream: their first attempt.
    Written(Vec<DeliveryKey>),
    /// EventBridge's schedule: the due ones, as of the schedule's time (or a later one given),
    /// of every tenant or only of the one given.
    Scheduled(OffsetDateTime, Option<String>),
}

fn invocation(event: Value) -> Result<Invocation, String> {
    if event.get("Records").is_some() {
        let keys = records_of_event(event)?
            .into_iter()
            .filter(|record| record.change == crate::events::ItemChange::Insert)
            .filter_map(|record| DeliveryKey::of_item_keys(&record.keys))
            .collect();
        return Ok(Invocation::Written(keys));
    }
    let at = event
        .get("time")
        .and_then(Value::as_str)
        .and_then(parse_date_time)
        .unwrap_or_else(OffsetDateTime::now_utc);
    let tenant = event
        .get("tenant")
        .and_then(Value::as_str)
        .map(String::from);
    Ok(Invocation::Scheduled(
        at.max(OffsetDateTime::now_utc()),
        tenant,
    ))
}

/// Handles one invocation of `deliver-webhooks`; answers how many attempts were made. A
/// scheduled invocation may name a `tenant` (EventBridge's never does): the local tooling's
/// sweep of one tenant, so that tests moving the clock for their tenant move no other's. Failed
/// attempts are recorded on their deliveries, not reported to Lambda, which has nothing to
/// retry: the deliveries wait for their next turn in the index.
pub async fn handle(
    store: &Store,
    settings: &WebhookSettings,
    event: Value,
) -> Result<Value, String> {
    let attempted = match invocation(event)? {
        Invocation::Written(keys) => {
            deliver_all(store, settings, keys, OffsetDateTime::now_utc()).await
        }
        Invocation::Scheduled(at, tenant) => sweep(store, settings, at, tenant.as_deref()).await,
    }
    .map_err(|error| error_chain(&error))?;
    if attempted > 0 {
        tracing::info!(attempted, "deliveries attempted");
    } else {
        tracing::debug!("no delivery was due");
    }
    Ok(json!({ "attempted": attempted, "batchItemFailures": [] }))
}
