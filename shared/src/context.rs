//! What lives across invocations: configuration, the DynamoDB client and the verification keys.
//! Built once at cold start and shared by every request; the keys at `JWT_JWKS_URL` are fetched
//! in the background meanwhile.

use std::time::Duration;

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
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

/// The DynamoDB client's credentials and region, from the environment (`lookup`), and only from
/// there: in Lambda the function's role credentials are the environment's `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` (temporary credentials, which every request
/// must sign with the session token), and its region is `AWS_REGION`: that is how Lambda
/// provides them. The client is built from these directly rather than by `aws-config`'s default
/// chains, which would also set up profile files, web identity, container and instance-metadata
/// providers that a function never uses, at every cold start.
///
/// Against `DYNAMODB_ENDPOINT` (DynamoDB Local, which accepts any credentials) missing
/// credentials are dummy ones and a missing region is `us-east-1`; against AWS's own endpoint
/// they must be set. `AWS_DEFAULT_REGION` stands in for `AWS_REGION`, and `AWS_ACCOUNT_ID`, when
/// set, is given to the SDK (for DynamoDB's account-based endpoints), as the SDK's own
/// environment providers do.
fn aws_identity(
    lookup: impl Fn(&str) -> Option<String>,
    endpoint: Option<&str>,
) -> Result<(Credentials, Region), ConfigError> {
    let get = |name: &str| {
        lookup(name)
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let local = endpoint.is_some();
    let credentials = match (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
        (Some(access_key_id), Some(secret_access_key)) => {
            let mut credentials = Credentials::builder()
                .access_key_id(access_key_id)
                .secret_access_key(secret_access_key)
                .provider_name("environment");
            credentials.set_session_token(get("AWS_SESSION_TOKEN"));
            credentials.set_account_id(get("AWS_ACCOUNT_ID").map(Into::into));
            credentials.build()
        }
        (None, _) if local => Credentials::new("local", "local", None, None, "local"),
        (None, _) => return Err(ConfigError::Missing("AWS_ACCESS_KEY_ID")),
        (Some(_), None) => return Err(ConfigError::Missing("AWS_SECRET_ACCESS_KEY")),
    };
    let region = match get("AWS_REGION").or_else(|| get("AWS_DEFAULT_REGION")) {
        Some(region) => Region::new(region),
        None if local => Region::new("us-east-1"),
        None => return Err(ConfigError::Missing("AWS_REGION")),
    };
    Ok((credentials, region))
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
        let endpoint = config.dynamodb_endpoint.as_deref();
        let (credentials, region) = aws_identity(|name| std::env::var(name).ok(), endpoint)?;
        let dynamodb = DynamoStats::default();
        let mut client_config = aws_sdk_dynamodb::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .http_client(https)
            .timeout_config(timeouts)
            .retry_config(retries)
            .credentials_provider(credentials)
            .region(region)
            .interceptor(dynamodb.clone());
        if let Some(endpoint) = endpoint {
            client_config = client_config.endpoint_url(endpoint);
        }
        let client_config = client_config.build();
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

    #[test]
    fn the_dynamodb_credentials_and_region_are_the_environments() {
        let lambda = [
            ("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_SESSION_TOKEN", "session-token"),
            ("AWS_REGION", "eu-west-1"),
        ];
        for endpoint in [None, Some("http://127.0.0.1:8000")] {
            let (credentials, region) = aws_identity(lookup(&lambda), endpoint).expect("identity");
            assert_eq!(credentials.access_key_id(), "ASIAEXAMPLE");
            assert_eq!(credentials.secret_access_key(), "secret");
            assert_eq!(credentials.session_token(), Some("session-token"));
            assert_eq!(region.as_ref(), "eu-west-1");
        }
        let fallback = [
            ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_SESSION_TOKEN", " "),
            ("AWS_DEFAULT_REGION", "us-west-2"),
        ];
        let (credentials, region) = aws_identity(lookup(&fallback), None).expect("identity");
        assert_eq!(credentials.session_token(), None);
        assert_eq!(region.as_ref(), "us-west-2");
    }

    #[test]
    fn without_them_only_a_local_endpoint_has_defaults() {
        let (credentials, region) =
            aws_identity(lookup(&[]), Some("http://127.0.0.1:8000")).expect("identity");
        assert_eq!(credentials.access_key_id(), "local");
        assert_eq!(region.as_ref(), "us-east-1");
        let missing = |vars: &[(&str, &str)]| {
            aws_identity(lookup(vars), None)
                .err()
                .map(|error| error.to_string())
                .unwrap_or_default()
        };
        assert!(missing(&[("AWS_REGION", "eu-west-1")]).contains("AWS_ACCESS_KEY_ID"));
        assert!(missing(&[
            ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"),
            ("AWS_REGION", "eu-west-1")
        ])
        .contains("AWS_SECRET_ACCESS_KEY"));
        assert!(missing(&[
            ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "secret")
        ])
        .contains("AWS_REGION"));
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
