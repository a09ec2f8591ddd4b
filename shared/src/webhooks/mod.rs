//! Webhook deliveries, the parts that need no table: how a delivery is signed, which URLs it
//! may go to, when a failed one is tried again, and one attempt over HTTP.
//!
//! - [`signing`]: Standard Webhooks signatures (`webhook-id`, `webhook-timestamp`,
//!   `webhook-signature`) and the `whsec_` secrets they are made with.
//!
//! The records, their store, the endpoints and the stream consumer that calls these are
//! elsewhere.

pub mod signing;
