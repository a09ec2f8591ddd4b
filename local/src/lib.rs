//! Local development: serve the API on one machine against DynamoDB Local (through the same
//! dispatcher, or through the real function binaries behind an emulated API Gateway), create
//! its table from template.yaml, mint dev tokens, import deals from a CSV file, serve the board.

pub mod config;
pub mod cors;
pub mod emulator;
pub mod gateway;
pub mod iam;
pub mod import;
pub mod plain_http;
pub mod server;
pub mod site;
pub mod streams;
pub mod table;
pub mod template;
pub mod token;
