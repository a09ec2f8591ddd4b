//! Development tokens, signed with the local HS256 secret.

use jsonwebtoken::{encode, EncodingKey, Header};
use serde_json::json;
use shared::auth::JwtConfig;

/// The person a dev token speaks for unless told otherwise.
pub const DEV_SUBJECT: &str = "usr-00000000-0000-4000-8000-000000000001";
pub const DEV_TTL_SECONDS: u64 = 24 * 60 * 60;

#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub tenant: String,
    pub scopes: String,
    pub subject: String,
    pub app_id: Option<String>,
    pub ttl_seconds: u64,
}

impl TokenRequest {
    /// A token for `tenant` with every scope the API knows.
    pub fn with_all_scopes(tenant: &str) -> Self {
        Self::new(tenant, &shared::auth::scopes::ALL.join(" "))
    }

    pub fn new(tenant: &str, scopes: &str) -> Self {
        TokenRequest {
            tenant: tenant.into(),
            scopes: scopes.into(),
            subject: DEV_SUBJECT.into(),
            app_id: None,
            ttl_seconds: DEV_TTL_SECONDS,
        }
    }
}

pub fn mint(config: &JwtConfig, request: &TokenRequest) -> Result<String, String> {
    let secret = config
        .secret
        .as_deref()
        .filter(|secret| !secret.is_empty())
        .ok_or("minting a token needs JWT_SECRET (HS256)")?;
    let now = jsonwebtoken::get_current_timestamp();
    let mut claims = json!({
        "sub": request.subject,
        "tenant_id": request.tenant,
        "scope": request.scopes,
        "iss": config.issuer,
        "aud": config.audience,
        "iat": now,
        "exp": now + request.ttl_seconds,
    });
    if let (Some(app_id), Some(claims)) = (&request.app_id, claims.as_object_mut()) {
        claims.insert("app_id".into(), json!(app_id));
    }
    encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .map_err(|error| error.to_string())
}
