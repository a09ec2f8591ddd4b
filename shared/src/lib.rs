//! Everything the deal functions share: the Deal model and its rules, auth, validation,
//! storage, the HTTP envelope, the handlers, the route table and the dispatcher.

pub mod applications;
pub mod auth;
pub mod clock;
pub mod compat;
pub mod context;
pub mod cursor;
pub mod deal_fields;
pub mod deal_patch;
pub mod decimal;
pub mod dispatch;
pub mod domain;
pub mod error;
pub mod events;
pub mod handlers;
pub mod http;
pub mod ids;
pub mod include;
pub mod lambda;
pub mod lifecycle;
pub mod list_request;
pub mod logging;
pub mod metrics;
pub mod model;
pub mod pipeline;
pub mod query;
pub mod reconcile;
pub mod records;
pub mod routes;
pub mod store;
pub mod stream;
pub mod validation;
pub mod webhooks;
