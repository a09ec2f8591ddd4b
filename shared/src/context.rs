//! What lives across invocations: configuration, the DynamoDB client and the verification keys.
//! Built once at cold start and shared by every request; the keys at `JWT_JWKS_URL` are fetched
//! in the background meanwhile.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::config::{Credentials, Region};
use aws_smithy_http_client::tls;

use crate::auth::api_keys::{ApiKeys, KeyUse, DEFAULT_CACHE};
use crate::auth::{
    bearer_credential, Authenticator, Caller, Credential, JwtConfig, KeyError, MonotonicClock,
    TokenIssuer,
};
use crate::cursor::CursorKey;
use crate::dispatch::PanicLog;
use crate::error::ApiError;
use crate::http::ApiRequest;
use crate::metrics::DynamoStats;
use crate::store::Store;
use crate::webhooks::runner::WebhookSettings;
use crate::webhooks::schedule::ScheduleError;

/// DynamoDB calls that take longer than this fail (and answer 503) rather than hang.
const DYNAMODB_CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const DYNAMODB_OPERATION_TIMEOUT: Duration = Duration::from_secs(6);
/// Attempts per DynamoDB call, the first included.
const DYNAMODB_ATTEMPTS: u32 = 3;

#[derive(Debug, Clone)]
pub struct Config {
    pub table_name: String,
    /// DynamoDB Local or another endpoint; AWS's own when absent.
    pub dynamodb_endpoint: Option<String>,
    pub jwt: JwtConfig,
    /// Signs list cursors; every instance of the API must share it.
    pub cursor_secret: String,
    /// How long an instance trusts what it looked up about an API key.
    pub api_key_cache: Duration,
    /// Which targets webhooks may reach and when failed deliveries are tried again.
    pub webhooks: WebhookSettings,
}

/// The roots of Amazon Trust Services, whose certificates DynamoDB's endpoints present (and the
/// Starfield root they are cross-signed by): trusting only these spares the cold start reading
/// the system's ~150 roots.
const AMAZON_TRUST_SERVICES_ROOTS: &[u8] = include_bytes!("../certs/amazon-trust-services.pem");

/// AWS's own endpoint trusts Amazon's roots only, and so does a plain-HTTP one (DynamoDB Local
/// uses no TLS, and the cold start does the work it does deployed); another HTTPS endpoint
/// trusts the system's roots.
fn tls_context(endpoint: Option<&str>) -> Result<tls::TlsContext, ConfigError> {
    let trust = match endpoint {
        Some(endpoint) if endpoint.starts_with("https://") => tls::TrustStore::default(),
        _ => tls::TrustStore::empty()
            .with_native_roots(false)
            .with_pem_certificate(AMAZON_TRUST_SERVICES_ROOTS),
    };
    tls::TlsContext::builder()
        .with_trust_store(trust)
        .build()
        .map_err(|error| ConfigError::Tls(error.to_string()))
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("TLS configuration: {0}")]
    Tls(String),
    #[error("environment variable {0} must be set")]
    Missing(&'static str),
    #[error("environment variable {0} must be a whole number of seconds")]
    NotSeconds(&'static str),
    #[error(transparent)]
    Keys(#[from] KeyError),
    #[error(transparent)]
    RetrySchedule(#[from] ScheduleError),
}

impl Config {
    /// Reads `TABLE_NAME`, `DYNAMODB_ENDPOINT`, `JWT_ISSUER`, `JWT_AUDIENCE`, `JWT_SECRET`,
    /// `JWT_PUBLIC_KEY`, `JWT_JWKS`, `JWT_JWKS_URL`, `TOKEN_SIGNING_SECRET`, `CURSOR_SECRET`
    /// (default: `JWT_SECRET`), `API_KEY_CACHE_SECONDS` (default 60), `WEBHOOK_ALLOW_LOOPBACK` and
    /// `WEBHOOK_RETRY_SCHEDULE` (see [`WebhookSettings`]) through `lookup` (the
    /// process environment in Lambda). The keys are checked by [`AppContext::new`].
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let required = |name: &'static str| get(name).ok_or(ConfigError::Missing(name));
        Ok(Config {
            table_name: required("TABLE_NAME")?,
            dynamodb_endpoint: get("DYNAMODB_ENDPOINT"),
            jwt: JwtConfig {
                issuer: required("JWT_ISSUER")?,
                audience: required("JWT_AUDIENCE")?,
                secret: get("JWT_SECRET"),
                public_key_pem: get("JWT_PUBLIC_KEY"),
                jwks_json: get("JWT_JWKS"),
                jwks_url: get("JWT_JWKS_URL"),
                token_secret: get("TOKEN_SIGNING_SECRET"),
                clock: MonotonicClock::system(),
            },
            cursor_secret: get("CURSOR_SECRET")
                .or_else(|| get("JWT_SECRET"))
                .ok_or(ConfigError::Missing("CURSOR_SECRET"))?,
            webhooks: WebhookSettings::from_lookup(get)?,
            api_key_cache: match get("API_KEY_CACHE_SECONDS") {
                None => DEFAULT_CACHE,
                Some(seconds) => seconds
                    .trim()
                    .parse()
                    .map(Duration::from_secs)
                    .map_err(|_| ConfigError::NotSeconds("API_KEY_CACHE_SECONDS"))?,
            },
        })
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }
}

pub struct AppContext {
    pub store: Store,
    pub auth: Authenticator,
    pub api_keys: ApiKeys,
    /// Signs the tokens `POST /oauth/token` answers; `None` without `TOKEN_SIGNING_SECRET`.
    pub token_issuer: Option<TokenIssuer>,
    pub cursors: CursorKey,
    /// What this context's DynamoDB calls did and cost.
    pub dynamodb: DynamoStats,
    /// The panics its requests had (each also a 500 and a log line).
    pub panics: PanicLog,
    pub webhooks: WebhookSettings,
}

impl AppContext {
    /// Checks the configuration, starts fetching the keys at `JWT_JWKS_URL` (if set) and
    /// builds the DynamoDB client meanwhile. A failed fetch is logged, not an error: tokens
    /// needing those keys are 401 until a refetch succeeds.
    pub async fn new(config: &Config) -> Result<Self, ConfigError> {
        let auth = Authenticator::new(&config.jwt)?;
        auth.prefetch();
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(DYNAMODB_CONNECT_TIMEOUT)
            .operation_timeout(DYNAMODB_OPERATION_TIMEOUT)
            .build();
        // Throttling and transient errors are retried with exponential backoff and jitter.
        let retries = RetryConfig::standard()
            .with_max_attempts(DYNAMODB_ATTEMPTS)
            .with_initial_backoff(Duration::from_millis(50));
        let https = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::Ring,
            ))
            .tls_context(tls_context(config.dynamodb_endpoint.as_deref())?)
            .build_https();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(https)
            .timeout_config(timeouts)
            .retry_config(retries);
        if let Some(endpoint) = &config.dynamodb_endpoint {
            loader = loader.endpoint_url(endpoint);
            // DynamoDB Local accepts any credentials; without these the SDK would go looking
            // for an instance metadata endpoint.
            if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
                loader = loader
                    .credentials_provider(Credentials::new("local", "local", None, None, "local"));
            }
            if std::env::var_os("AWS_REGION").is_none() {
                loader = loader.region(Region::new("us-east-1"));
            }
        }
        let sdk_config = loader.load().await;
        let dynamodb = DynamoStats::default();
        let client_config = aws_sdk_dynamodb::config::Builder::from(&sdk_config)
            .interceptor(dynamodb.clone())
            .build();
        let client = aws_sdk_dynamodb::Client::from_conf(client_config);
        Ok(AppContext {
            store: Store::new(client, &config.table_name),
            auth,
            api_keys: ApiKeys::new(config.api_key_cache, config.jwt.clock.clone()),
            token_issuer: TokenIssuer::new(&config.jwt),
            cursors: CursorKey::new(config.cursor_secret.as_bytes()),
            dynamodb,
            panics: PanicLog::default(),
            webhooks: config.webhooks.clone(),
        })
    }

    /// The verified caller holding `scope` (401 without a valid token or API key, 403 without
    /// the scope), and the use of an API key to note beside the request. Records the tenant on
    /// the request's log span.
    pub async fn authorize(
        &self,
        request: &ApiRequest,
        scope: &str,
    ) -> Result<(Caller, Option<KeyUse>), ApiError> {
        let (caller, key_use) = match bearer_credential(&request.headers)? {
            Credential::Jwt(token) => (self.auth.authenticate_jwt(token).await?, None),
            Credential::ApiKey(key) => self.api_keys.authenticate(&self.store, key).await?,
        };
        tracing::Span::current().record("tenant", caller.tenant_id.as_str());
        caller.require_scope(scope)?;
        Ok((caller, key_use))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    const BASE: [(&str, &str); 4] = [
        ("TABLE_NAME", "deals"),
        ("JWT_ISSUER", "iss"),
        ("JWT_AUDIENCE", "aud"),
        ("CURSOR_SECRET", "cursor-secret"),
    ];

    #[test]
    fn a_jwks_url_alone_is_a_key_source() {
        let mut vars = BASE.to_vec();
        vars.push((
            "JWT_JWKS_URL",
            "https://idp.example.com/.well-known/jwks.json",
        ));
        let config = Config::from_lookup(lookup(&vars)).expect("config");
        assert_eq!(
            config.jwt.jwks_url.as_deref(),
            Some("https://idp.example.com/.well-known/jwks.json")
        );
        assert!(Authenticator::new(&config.jwt).is_ok());
        let none = Config::from_lookup(lookup(&BASE)).expect("config");
        let error = Authenticator::new(&none.jwt).err().map(|e| e.to_string());
        assert!(error.is_some_and(|e| e.contains("JWT_JWKS_URL")));
    }

    #[tokio::test]
    async fn a_bad_jwks_url_is_a_configuration_error_naming_the_variable() {
        for url in [
            "http://idp.example.com/jwks.json",
            "ftp://x/jwks",
            "jwks.json",
        ] {
            let mut vars = BASE.to_vec();
            vars.push(("JWT_JWKS_URL", url));
            let config = Config::from_lookup(lookup(&vars)).expect("config");
            match AppContext::new(&config).await {
                Err(error) => assert!(error.to_string().contains("JWT_JWKS_URL"), "{error}"),
                Ok(_) => panic!("{url} must be refused"),
            }
        }
    }
}
