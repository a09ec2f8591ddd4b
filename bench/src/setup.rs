//! What the benches start from: the API's configuration for one table on the DynamoDB that
//! `scripts/with-dynamodb.sh` started (HS256 tokens the bench mints itself), and tables made as
//! template.yaml describes the deployed one.

use aws_sdk_dynamodb::Client;
use shared::auth::JwtConfig;
use shared::context::Config;

/// The configuration for `table`, failing with a hint to run `make <make_target>` when no
/// DynamoDB endpoint is set. (Errors as text, which every bench's error type takes.)
pub fn config(table: &str, make_target: &str) -> Result<Config, String> {
    let endpoint = std::env::var("DYNAMODB_ENDPOINT")
        .map_err(|_| format!("DYNAMODB_ENDPOINT is not set: run `make {make_target}`"))?;
    Ok(Config {
        table_name: table.into(),
        dynamodb_endpoint: Some(endpoint),
        jwt: JwtConfig {
            issuer: "bench".into(),
            audience: "deals-api".into(),
            secret: Some("bench-secret".into()),
            ..JwtConfig::default()
        },
        cursor_secret: "bench-cursor-secret".into(),
        api_key_cache: shared::auth::api_keys::DEFAULT_CACHE,
        webhooks: shared::webhooks::runner::WebhookSettings::default(),
    })
}

/// Creates each table with template.yaml's key schema and indexes, unless it exists.
pub async fn ensure_tables(client: &Client, tables: &[&str]) -> Result<(), String> {
    let template = local::template::Template::bundled().map_err(|e| e.to_string())?;
    for table in tables {
        local::table::ensure_table(client, table, &template.table)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
