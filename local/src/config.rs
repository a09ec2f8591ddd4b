//! Local defaults, so `make dev` and `make token` work with no environment at all.

use shared::context::{Config, ConfigError};

pub const DEFAULT_PORT: u16 = 3000;

/// Used for every variable the environment leaves unset or empty.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("TABLE_NAME", "deals"),
    ("JWT_SECRET", "local-dev-secret-not-for-production"),
    (
        "TOKEN_SIGNING_SECRET",
        "local-dev-token-signing-secret-not-for-production",
    ),
    ("JWT_ISSUER", "deals-local"),
    ("JWT_AUDIENCE", "deals-api"),
    ("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000"),
    // A developer receives webhooks on the laptop (loopback, plain http); every other private
    // target stays refused. Never set by the template.
    ("WEBHOOK_ALLOW_LOOPBACK", "1"),
];

pub fn env_or_default(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
        .or_else(|| {
            DEFAULTS
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
}

pub fn local_config() -> Result<Config, ConfigError> {
    Config::from_lookup(env_or_default)
}

pub fn port() -> Result<u16, String> {
    match std::env::var("PORT") {
        Ok(port) if !port.trim().is_empty() => port
            .trim()
            .parse()
            .map_err(|_| format!("PORT must be a port number, not {port:?}")),
        _ => Ok(DEFAULT_PORT),
    }
}
