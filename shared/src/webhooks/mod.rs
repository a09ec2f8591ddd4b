//! Webhook deliveries, the parts that need no table: how a delivery is signed, which URLs it
//! may go to, when a failed one is tried again, and one attempt over HTTP.
//!
//! - [`signing`]: Standard Webhooks signatures (`webhook-id`, `webhook-timestamp`,
//!   `webhook-signature`) and the `whsec_` secrets they are made with.
//! - [`ssrf`]: which URLs are webhook targets ([`ssrf::check_url`], at registration and before
//!   each attempt) and which addresses a delivery must never connect to
//!   ([`ssrf::is_forbidden`]); the policy, deployed or `WEBHOOK_ALLOW_LOOPBACK=1`.
//! - [`schedule`]: `WEBHOOK_RETRY_SCHEDULE`, the waits between attempts, with jitter.
//! - [`delivery`]: one attempt: check, resolve, judge every address, connect to a judged one,
//!   TLS, `POST`, and the outcome as a delivery's record keeps it.
//!
//! The records, their store, the endpoints and the stream consumer that calls these are
//! elsewhere.

pub mod deliveries;
pub mod delivery;
pub mod runner;
pub mod schedule;
pub mod signing;
pub mod ssrf;
pub mod subscription;
