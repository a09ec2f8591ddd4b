//! Local development: serve the API on one machine against DynamoDB Local, create its table
//! from template.yaml, mint dev tokens.

pub mod config;
pub mod cors;
pub mod server;
pub mod table;
pub mod template;
pub mod token;
