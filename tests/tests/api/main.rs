//! Integration tests of every endpoint against DynamoDB Local, through the same handlers that
//! AWS Lambda and the local server run. Started by `make test`.

mod applications;
mod auth;
mod batch;
mod create;
mod cursors;
mod dates_numbers;
mod delete;
mod documented;
mod events;
mod faults;
mod hardening;
mod import;
mod includes;
mod integrity;
mod jwks_url;
mod lifecycle;
mod list;
mod openapi;
mod pipelines;
mod platform;
mod query;
mod records;
mod security_apps;
mod security_bodies;
mod security_limits;
mod security_request_heads;
mod security_tenants;
mod security_tokens;
mod stage;
mod strict_parsing;
mod summary;
mod update;
mod webhooks;
