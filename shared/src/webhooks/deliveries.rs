//! A delivery: one event for one webhook, its attempts and what comes next. Pure; the store
//! keeps them, `runner` makes the attempts.

use ring::digest;
use serde::{Deserialize, Serialize};

use super::delivery::Attempt;
use super::schedule::RetrySchedule;

pub const DELIVERY_PREFIX: &str = "dlv_";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryStatus {
    Pending,
    Succeeded,
    Failed,
}

/// One attempt as a delivery lists it: the answer's status, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRecord {
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub duration_ms: u64,
}

/// A delivery as `GET /webhooks/{id}/deliveries` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: String,
    pub webhook_id: String,
    pub event_id: String,
    pub event_type: String,
    pub status: DeliveryStatus,
    #[serde(default)]
    pub attempts: Vec<AttemptRecord>,
    /// When the next attempt is due; `null` once it succeeded or failed.
    pub next_attempt_at: Option<String>,
    pub created_at: String,
}

/// A delivery's id: a ULID whose time is the event's (so a webhook's deliveries sort by
/// event time) and whose rest is derived from webhook and event, so that the same event for
/// the same webhook is always the same delivery, however often its stream record is processed.
pub fn delivery_id(webhook_id: &str, event_id: &str, event_millis: u64) -> String {
    let mut context = digest::Context::new(&digest::SHA256);
    for part in [webhook_id, event_id] {
        context.update(&(part.len() as u64).to_be_bytes());
        context.update(part.as_bytes());
    }
    let hash = context.finish();
    let random = hash
        .as_ref()
        .iter()
        .take(10)
        .fold(0u128, |value, byte| (value << 8) | u128::from(*byte));
    let ulid = ulid::Ulid::from_parts(event_millis, random);
    format!("{DELIVERY_PREFIX}{}", ulid.to_string().to_lowercase())
}

pub fn is_delivery_id(id: &str) -> bool {
    id.strip_prefix(DELIVERY_PREFIX).is_some_and(|rest| {
        rest.len() == 26
            && ulid::Ulid::from_string(&rest.to_uppercase())
                .is_ok_and(|u| u.to_string().to_lowercase() == rest)
    })
}

/// What an attempt leaves a delivery as: done, or due again after the schedule's wait (with
/// `jitter` in [0, 1)), or failed once the schedule is spent.
pub fn after_attempt(
    attempts_so_far: usize,
    attempt: &Attempt,
    schedule: &RetrySchedule,
    jitter: f64,
) -> (DeliveryStatus, Option<std::time::Duration>) {
    if attempt.succeeded() {
        return (DeliveryStatus::Succeeded, None);
    }
    match schedule.delay_after(attempts_so_far + 1, jitter) {
        Some(wait) => (DeliveryStatus::Pending, Some(wait)),
        None => (DeliveryStatus::Failed, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_event_for_the_same_webhook_is_the_same_delivery() {
        let a = delivery_id("wh_1", "evt_1", 1_000);
        assert_eq!(a, delivery_id("wh_1", "evt_1", 1_000));
        assert_ne!(a, delivery_id("wh_2", "evt_1", 1_000));
        assert_ne!(a, delivery_id("wh_1", "evt_2", 1_000));
        assert!(is_delivery_id(&a), "{a}");
        assert!(delivery_id("wh_1", "evt_1", 1_000) < delivery_id("wh_1", "evt_1", 2_000));
        assert!(!is_delivery_id("dlv_nope"));
    }

    #[test]
    fn failures_follow_the_schedule_then_fail() {
        let schedule = RetrySchedule::parse("5,60").expect("schedule");
        let failed = Attempt {
            status_code: Some(500),
            error: None,
            duration_ms: 3,
        };
        let ok = Attempt {
            status_code: Some(204),
            error: None,
            duration_ms: 3,
        };
        assert_eq!(
            after_attempt(0, &ok, &schedule, 0.5),
            (DeliveryStatus::Succeeded, None)
        );
        let (status, wait) = after_attempt(0, &failed, &schedule, 0.5);
        assert_eq!(status, DeliveryStatus::Pending);
        assert_eq!(wait.map(|w| w.as_secs()), Some(5));
        assert_eq!(
            after_attempt(1, &failed, &schedule, 0.5)
                .1
                .map(|w| w.as_secs()),
            Some(60)
        );
        assert_eq!(
            after_attempt(2, &failed, &schedule, 0.5),
            (DeliveryStatus::Failed, None)
        );
    }
}
