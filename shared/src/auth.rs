//! Bearer JWT verification, done inside each function.
//!
//! Keys are configured, never taken from the token: an HS256 secret (development), a PEM public
//! key (RS256 or ES256), a JWKS document and/or a JWKS URL the keys are fetched from
//! ([`jwks_url`]). A token is tried only against keys of the algorithm its header names, so
//! `alg: none` and algorithm confusion (an HS256 token "signed" with a public key) have no key
//! to verify against.
//!
//! jsonwebtoken only checks signatures here: the header and the claims are decoded as JSON by
//! this module and every rule is in [`Authenticator::authenticate`]'s two steps, each claim of
//! its exact JSON type (a string `nbf` or a list as `iss` is 401, not ignored or coerced).

use std::fmt;
use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use http::HeaderMap;
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use serde::de::{Deserializer, Error as _, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::ApiError;

pub mod api_keys;
mod jwks_url;

use jwks_url::{JwksUrl, RemoteKeys};
pub use jwks_url::{MonotonicClock, FETCH_TIMEOUT, REFETCH_INTERVAL};

/// Every OAuth 2 scope the API checks.
pub mod scopes {
    pub const READ_DEALS: &str = "read:deals";
    pub const WRITE_DEALS: &str = "write:deals";
    pub const WRITE_PIPELINES: &str = "write:pipelines";
    pub const READ_ACCOUNTS: &str = "read:accounts";
    pub const WRITE_ACCOUNTS: &str = "write:accounts";
    pub const READ_CONTACTS: &str = "read:contacts";
    pub const WRITE_CONTACTS: &str = "write:contacts";
    pub const READ_USERS: &str = "read:users";
    pub const WRITE_USERS: &str = "write:users";
    pub const READ_APPLICATIONS: &str = "read:applications";
    pub const WRITE_APPLICATIONS: &str = "write:applications";
    pub const READ_EVENTS: &str = "read:events";
    pub const READ_WEBHOOKS: &str = "read:webhooks";
    pub const WRITE_WEBHOOKS: &str = "write:webhooks";
    pub const ALL: [&str; 14] = [
        READ_DEALS,
        WRITE_DEALS,
        WRITE_PIPELINES,
        READ_ACCOUNTS,
        WRITE_ACCOUNTS,
        READ_CONTACTS,
        WRITE_CONTACTS,
        READ_USERS,
        WRITE_USERS,
        READ_APPLICATIONS,
        WRITE_APPLICATIONS,
        READ_EVENTS,
        READ_WEBHOOKS,
        WRITE_WEBHOOKS,
    ];
    /// Scopes only a person's token carries: an application (its keys, its tokens, a JWT
    /// naming an `app_id`) never manages applications, so a leaked key cannot mint more.
    pub const PERSON_ONLY: [&str; 2] = [READ_APPLICATIONS, WRITE_APPLICATIONS];

    /// Whether an application may be given `scope`.
    pub fn grantable_to_applications(scope: &str) -> bool {
        ALL.contains(&scope) && !PERSON_ONLY.contains(&scope)
    }
}

/// Authorization headers longer than this are refused before any parsing.
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;
/// Longest `sub` accepted.
pub const MAX_SUBJECT_CHARS: usize = 128;
/// Clock skew tolerated on `exp` and `nbf`.
pub const LEEWAY_SECONDS: u64 = 30;
/// The `iss` of the tokens the API issues itself (`POST /oauth/token`), signed with
/// `TOKEN_SIGNING_SECRET` and named in their header by [`OWN_KEY_ID`].
pub const OWN_ISSUER: &str = "deals-api/oauth";
pub const OWN_KEY_ID: &str = "deals-api-oauth";
/// What `Authorization: Bearer` carries, told by its form: an API key starts with
/// [`crate::applications::KEY_PREFIX`] (a JWT starts with `eyJ`, its header's `{"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential<'a> {
    ApiKey(&'a str),
    Jwt(&'a str),
}

/// The credential of `Authorization: Bearer …`, or 401 when there is none.
pub fn bearer_credential(headers: &HeaderMap) -> Result<Credential<'_>, ApiError> {
    let unauthorized = |message: &str| ApiError::Unauthorized(message.into());
    let header = headers
        .get(http::header::AUTHORIZATION)
        .ok_or_else(|| unauthorized("Missing bearer token"))?;
    if header.len() > MAX_TOKEN_BYTES {
        return Err(unauthorized("Invalid token"));
    }
    let token = header
        .to_str()
        .ok()
        .and_then(|value| {
            let (scheme, token) = value.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|token| !token.is_empty())
        .ok_or_else(|| unauthorized("Missing bearer token"))?;
    Ok(if token.starts_with(crate::applications::KEY_PREFIX) {
        Credential::ApiKey(token)
    } else {
        Credential::Jwt(token)
    })
}

/// Where verification keys come from; empty strings count as absent.
#[derive(Debug, Clone, Default)]
pub struct JwtConfig {
    pub issuer: String,
    pub audience: String,
    pub secret: Option<String>,
    pub public_key_pem: Option<String>,
    pub jwks_json: Option<String>,
    /// Where a JWKS document is fetched from (`https://`, or `http://` to a loopback address).
    pub jwks_url: Option<String>,
    /// The HS256 secret of the tokens the API issues itself (`TOKEN_SIGNING_SECRET`).
    pub token_secret: Option<String>,
    /// What measures the time between fetches of `jwks_url`: the system's, unless a test's.
    pub clock: MonotonicClock,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "no JWT verification key configured: set JWT_SECRET, JWT_PUBLIC_KEY, JWT_JWKS or JWT_JWKS_URL"
    )]
    NoKey,
    #[error("JWT_PUBLIC_KEY is neither an RSA nor an EC (P-256) public key in PEM form")]
    BadPublicKey,
    #[error("JWT_JWKS is not a usable JWKS document: {0}")]
    BadJwks(String),
    #[error("JWT_JWKS_URL must be {0}")]
    BadJwksUrl(String),
    #[error("JWT_ISSUER and JWT_AUDIENCE must be set")]
    NoIssuerOrAudience,
    #[error("TOKEN_SIGNING_SECRET must be at least {MIN_TOKEN_SECRET_CHARS} characters")]
    WeakTokenSecret,
}

/// The shortest `TOKEN_SIGNING_SECRET` accepted (the template asks for the same).
pub const MIN_TOKEN_SECRET_CHARS: usize = 32;
/// How long a token from `POST /oauth/token` is valid: a revoked key's tokens die within this.
pub const OWN_TOKEN_SECONDS: u64 = 15 * 60;

/// Signs the API's own tokens (`POST /oauth/token`): HS256 with `TOKEN_SIGNING_SECRET`, header
/// `kid` [`OWN_KEY_ID`], `iss` [`OWN_ISSUER`], `aud` the configured audience.
pub struct TokenIssuer {
    key: EncodingKey,
    audience: String,
}

impl TokenIssuer {
    pub fn new(config: &JwtConfig) -> Option<Self> {
        non_empty(&config.token_secret).map(|secret| TokenIssuer {
            key: EncodingKey::from_secret(secret.as_bytes()),
            audience: config.audience.clone(),
        })
    }

    /// A token for `caller` (an application), valid for [`OWN_TOKEN_SECONDS`] from `now`.
    pub fn issue(&self, caller: &Caller, now: u64) -> Result<String, ApiError> {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(OWN_KEY_ID.into());
        let mut claims = serde_json::json!({
            "iss": OWN_ISSUER,
            "aud": self.audience,
            "sub": caller.subject,
            "tenant_id": caller.tenant_id,
            "scope": caller.scopes.join(" "),
            "iat": now,
            "exp": now + OWN_TOKEN_SECONDS,
        });
        if let (Some(app_id), Some(object)) = (&caller.app_id, claims.as_object_mut()) {
            object.insert("app_id".into(), Value::String(app_id.clone()));
        }
        jsonwebtoken::encode(&header, &claims, &self.key)
            .map_err(|error| ApiError::Internal(Box::new(error)))
    }
}

/// Who is calling, as the verified token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub tenant_id: String,
    pub subject: String,
    pub scopes: Vec<String>,
    pub app_id: Option<String>,
}

impl Caller {
    pub fn require_scope(&self, scope: &str) -> Result<(), ApiError> {
        if self.app_id.is_some() && scopes::PERSON_ONLY.contains(&scope) {
            return Err(ApiError::Forbidden(format!(
                "An application cannot hold {scope}: use a person's token"
            )));
        }
        if self.scopes.iter().any(|granted| granted == scope) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "Token lacks the required scope {scope}"
            )))
        }
    }
}

struct VerificationKey {
    kid: Option<String>,
    algorithm: Algorithm,
    key: DecodingKey,
}

pub struct Authenticator {
    /// The secret, the PEM key and the pasted JWKS: fixed for the life of the instance.
    keys: Vec<VerificationKey>,
    /// The keys at `JWT_JWKS_URL`, fetched and refetched.
    remote: Option<Arc<RemoteKeys>>,
    /// The key of the API's own tokens ([`OWN_ISSUER`]).
    own_key: Option<DecodingKey>,
    issuer: String,
    audience: String,
}

impl Authenticator {
    pub fn new(config: &JwtConfig) -> Result<Self, KeyError> {
        if config.issuer.is_empty() || config.audience.is_empty() {
            return Err(KeyError::NoIssuerOrAudience);
        }
        let mut keys = Vec::new();
        if let Some(secret) = non_empty(&config.secret) {
            keys.push(VerificationKey {
                kid: None,
                algorithm: Algorithm::HS256,
                key: DecodingKey::from_secret(secret.as_bytes()),
            });
        }
        if let Some(pem) = non_empty(&config.public_key_pem) {
            keys.push(public_key_from_pem(&pem.replace("\\n", "\n"))?);
        }
        if let Some(jwks) = non_empty(&config.jwks_json) {
            keys.extend(keys_from_jwks(jwks)?);
        }
        let remote = non_empty(&config.jwks_url)
            .map(JwksUrl::parse)
            .transpose()?
            .map(|url| Arc::new(RemoteKeys::new(url, config.clock.clone())));
        if keys.is_empty() && remote.is_none() {
            return Err(KeyError::NoKey);
        }
        if non_empty(&config.token_secret)
            .is_some_and(|secret| secret.chars().count() < MIN_TOKEN_SECRET_CHARS)
        {
            return Err(KeyError::WeakTokenSecret);
        }
        let own_key = non_empty(&config.token_secret)
            .map(|secret| DecodingKey::from_secret(secret.as_bytes()));
        Ok(Authenticator {
            keys,
            remote,
            own_key,
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
        })
    }

    /// Starts fetching the keys at `JWT_JWKS_URL`, if configured, in the background (inside a
    /// Tokio runtime); requests that need them wait for that fetch rather than start another.
    pub fn prefetch(&self) {
        if let Some(remote) = &self.remote {
            remote.prefetch();
        }
    }

    /// Returns once no fetch of `JWT_JWKS_URL` is in flight, so that cold start ends with the
    /// keys fetched (or the failure logged), not with a fetch the instance may be frozen in.
    pub async fn fetch_settled(&self) {
        if let Some(remote) = &self.remote {
            remote.settled().await;
        }
    }

    /// The caller behind `Authorization: Bearer <jwt>`, or 401 (an API key too): what this
    /// module's tests check. Requests go through [`crate::context::AppContext::authorize`],
    /// which also looks API keys up.
    #[cfg(test)]
    pub async fn authenticate(&self, headers: &HeaderMap) -> Result<Caller, ApiError> {
        match bearer_credential(headers)? {
            Credential::Jwt(token) => self.authenticate_jwt(token).await,
            Credential::ApiKey(_) => Err(ApiError::Unauthorized("Invalid token".into())),
        }
    }

    /// The caller a JWT speaks for, or 401.
    pub async fn authenticate_jwt(&self, token: &str) -> Result<Caller, ApiError> {
        let (claims, issuer) = self.verify(token).await?;
        self.caller(&claims, issuer, jsonwebtoken::get_current_timestamp())
    }

    /// The claims of a token whose header this API understands and whose signature one of
    /// the configured keys verifies (RFC 7515 §5.2), and the issuer those keys belong to.
    /// Nothing of the payload is read before. A token naming [`OWN_KEY_ID`] is tried against the
    /// API's own key only.
    async fn verify(&self, token: &str) -> Result<(Map<String, Value>, &str), ApiError> {
        let invalid = || ApiError::Unauthorized("Invalid token".into());
        let mut segments = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) = (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
        ) else {
            return Err(invalid());
        };
        let header_json = decode_segment(header).ok_or_else(invalid)?;
        // We implement no JWS extension, so any `crit` names one we do not understand.
        if header_json.contains_key("crit") {
            return Err(ApiError::Unauthorized(
                "Token header has crit, naming extensions this API does not support".into(),
            ));
        }
        let header: Header =
            serde_json::from_value(Value::Object(header_json)).map_err(|_| invalid())?;
        // What the signature covers: `header.payload` (RFC 7515 §5.2).
        let (signed, _) = token.rsplit_once('.').ok_or_else(invalid)?;
        if header.kid.as_deref() == Some(OWN_KEY_ID) {
            let verified = self.own_key.as_ref().is_some_and(|key| {
                header.alg == Algorithm::HS256
                    && jsonwebtoken::crypto::verify(signature, signed.as_bytes(), key, header.alg)
                        .unwrap_or(false)
            });
            if !verified {
                return Err(invalid());
            }
            let claims = decode_segment(payload).ok_or_else(invalid)?;
            return Ok((claims, OWN_ISSUER));
        }
        let verifies = |keys: &[VerificationKey]| {
            keys.iter()
                .filter(|key| {
                    key.algorithm == header.alg
                        && match (&key.kid, &header.kid) {
                            (Some(expected), Some(given)) => expected == given,
                            _ => true,
                        }
                })
                .any(|key| {
                    jsonwebtoken::crypto::verify(signature, signed.as_bytes(), &key.key, header.alg)
                        .unwrap_or(false)
                })
        };
        let mut verified = verifies(&self.keys);
        if let (false, Some(remote)) = (verified, &self.remote) {
            let cached = remote.keys();
            verified = cached.as_deref().is_some_and(&verifies);
            if !verified && self.may_be_newer_key(&header, cached.as_deref()) {
                remote.refetch().await;
                verified = remote.keys().as_deref().is_some_and(&verifies);
            }
        }
        if !verified {
            return Err(invalid());
        }
        let claims = decode_segment(payload).ok_or_else(invalid)?;
        Ok((claims, &self.issuer))
    }

    /// Whether a token no key verified may be signed by a key `JWT_JWKS_URL` publishes now but
    /// did not at the last fetch: one of the algorithms a JWKS gives keys for, and a `kid` that
    /// no key has (or any token while no fetch has succeeded yet).
    fn may_be_newer_key(&self, header: &Header, cached: Option<&[VerificationKey]>) -> bool {
        JWKS_ALGORITHMS.contains(&header.alg)
            && match cached {
                None => true,
                Some(cached) => header.kid.as_ref().is_some_and(|kid| {
                    !self
                        .keys
                        .iter()
                        .chain(cached)
                        .any(|key| key.kid.as_ref() == Some(kid))
                }),
            }
    }

    /// The token rules, all of them: registered claims (RFC 7519 §4.1) and ours, each of its
    /// JSON type; anything else is 401.
    fn caller(
        &self,
        claims: &Map<String, Value>,
        issuer: &str,
        now: u64,
    ) -> Result<Caller, ApiError> {
        let unauthorized = |message: String| ApiError::Unauthorized(message);
        let invalid = || ApiError::Unauthorized("Invalid token".into());
        // NumericDate (RFC 7519 §2): a JSON number of seconds, fractions allowed.
        let mut dates = [None; 3];
        for (slot, name) in dates.iter_mut().zip(["exp", "nbf", "iat"]) {
            *slot = match claims.get(name) {
                None => None,
                Some(Value::Number(seconds)) => seconds.as_f64(),
                Some(_) => {
                    return Err(unauthorized(format!(
                        "Token claim {name} must be a NumericDate (a JSON number)"
                    )))
                }
            };
        }
        let [exp, nbf, _iat] = dates;
        let now = now as f64;
        let leeway = LEEWAY_SECONDS as f64;
        let exp = exp.ok_or_else(|| unauthorized("Token has no expiry (exp)".into()))?;
        if exp < now - leeway {
            return Err(unauthorized("Token has expired".into()));
        }
        if nbf.is_some_and(|nbf| nbf > now + leeway) {
            return Err(unauthorized("Token is not yet valid".into()));
        }
        // `iss` is one StringOrURI (RFC 7519 §4.1.1), never a list.
        match claims.get("iss") {
            None => return Err(invalid()),
            Some(Value::String(given)) if given == issuer => {}
            Some(Value::String(_)) => {
                return Err(unauthorized("Token has the wrong issuer".into()))
            }
            Some(_) => return Err(unauthorized("Token claim iss must be a string".into())),
        }
        // `aud` is one StringOrURI or an array of them (RFC 7519 §4.1.3).
        let audience_ok = match claims.get("aud") {
            None => return Err(invalid()),
            Some(Value::String(audience)) => *audience == self.audience,
            Some(Value::Array(audiences)) if audiences.iter().all(Value::is_string) => {
                audiences.iter().any(|audience| *audience == *self.audience)
            }
            Some(_) => {
                return Err(unauthorized(
                    "Token claim aud must be a string or an array of strings".into(),
                ))
            }
        };
        if !audience_ok {
            return Err(unauthorized("Token has the wrong audience".into()));
        }
        let string = |name: &str| match claims.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(unauthorized(format!("Token claim {name} must be a string"))),
        };
        // `sub` is stamped on every deal written (created_by, updated_by, audit entries), so it
        // is bounded like the ids it usually is.
        let subject = string("sub")?
            .filter(|sub| !sub.trim().is_empty() && sub.chars().count() <= MAX_SUBJECT_CHARS)
            .ok_or_else(invalid)?;
        let tenant_id = string("tenant_id")?
            .filter(|tenant| is_key_safe(tenant))
            .ok_or_else(invalid)?;
        let app_id = string("app_id")?;
        if app_id.as_deref().is_some_and(|app| !is_key_safe(app)) {
            return Err(invalid());
        }
        let scopes = match string("scope")? {
            None => Vec::new(),
            Some(scope) => parse_scope(&scope).ok_or_else(|| {
                unauthorized(
                    "Token claim scope must be scope tokens separated by single spaces \
                     (RFC 6749 §3.3)"
                        .into(),
                )
            })?,
        };
        Ok(Caller {
            tenant_id,
            subject,
            scopes,
            app_id,
        })
    }
}

/// `scope = scope-token *( SP scope-token )`, `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`
/// (RFC 6749 §3.3): one ASCII space between tokens, none around them, no other blank, no
/// quote, backslash or non-ASCII character.
fn parse_scope(scope: &str) -> Option<Vec<String>> {
    let is_scope_char = |byte: u8| matches!(byte, 0x21 | 0x23..=0x5B | 0x5D..=0x7E);
    scope
        .split(' ')
        .map(|token| {
            (!token.is_empty() && token.bytes().all(is_scope_char)).then(|| token.to_owned())
        })
        .collect()
}

/// A base64url segment (RFC 7515 §2: no padding) holding a JSON object.
fn decode_segment(segment: &str) -> Option<Map<String, Value>> {
    let bytes = URL_SAFE_NO_PAD.decode(segment).ok()?;
    serde_json::from_slice::<UniqueObject>(&bytes)
        .ok()
        .map(|object| object.0)
}

/// A JSON object whose member names are unique: RFC 7515 §4 and RFC 7519 §4 let a parser
/// either refuse duplicates or keep the last one; refusing leaves no doubt which one counts.
struct UniqueObject(Map<String, Value>);

impl<'de> Deserialize<'de> for UniqueObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = UniqueObject;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a JSON object with unique member names")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<UniqueObject, A::Error> {
                let mut members = Map::new();
                while let Some(name) = access.next_key::<String>()? {
                    let value: Value = access.next_value()?;
                    if members.contains_key(&name) {
                        return Err(A::Error::custom(format!("duplicate member {name}")));
                    }
                    members.insert(name, value);
                }
                Ok(UniqueObject(members))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// Tenant and application ids become parts of DynamoDB keys, where `#` separates segments.
fn is_key_safe(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn public_key_from_pem(pem: &str) -> Result<VerificationKey, KeyError> {
    let (algorithm, key) = if let Ok(key) = DecodingKey::from_rsa_pem(pem.as_bytes()) {
        (Algorithm::RS256, key)
    } else if let Ok(key) = DecodingKey::from_ec_pem(pem.as_bytes()) {
        (Algorithm::ES256, key)
    } else {
        return Err(KeyError::BadPublicKey);
    };
    Ok(VerificationKey {
        kid: None,
        algorithm,
        key,
    })
}

/// The algorithms [`keys_from_jwks`] gives keys for.
const JWKS_ALGORITHMS: [Algorithm; 2] = [Algorithm::RS256, Algorithm::ES256];

fn keys_from_jwks(json: &str) -> Result<Vec<VerificationKey>, KeyError> {
    let set: JwkSet =
        serde_json::from_str(json).map_err(|error| KeyError::BadJwks(error.to_string()))?;
    set.keys
        .iter()
        .map(|jwk| {
            let algorithm = match &jwk.algorithm {
                AlgorithmParameters::RSA(_) => Algorithm::RS256,
                AlgorithmParameters::EllipticCurve(_) => Algorithm::ES256,
                _ => {
                    return Err(KeyError::BadJwks(
                        "only RSA and EC keys are supported".into(),
                    ))
                }
            };
            let key = DecodingKey::from_jwk(jwk).map_err(|e| KeyError::BadJwks(e.to_string()))?;
            Ok(VerificationKey {
                kid: jwk.common.key_id.clone(),
                algorithm,
                key,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{encode, EncodingKey};
    use serde_json::json;

    const SECRET: &str = "test-secret";

    fn authenticator() -> Authenticator {
        Authenticator::new(&JwtConfig {
            issuer: "iss".into(),
            audience: "aud".into(),
            secret: Some(SECRET.into()),
            ..JwtConfig::default()
        })
        .expect("config")
    }

    fn now() -> u64 {
        jsonwebtoken::get_current_timestamp()
    }

    fn token(claims: serde_json::Value) -> String {
        encode(
            &Header::default(),
            &claims,
            &EncodingKey::from_secret(SECRET.as_bytes()),
        )
        .expect("encode")
    }

    fn headers(token: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::AUTHORIZATION,
            format!("Bearer {token}").parse().expect("header"),
        );
        headers
    }

    fn valid_claims() -> serde_json::Value {
        json!({"sub": "u1", "tenant_id": "t1", "scope": "read:deals write:deals", "iss": "iss", "aud": "aud", "exp": now() + 600})
    }

    fn message(result: Result<Caller, ApiError>) -> String {
        match result {
            Err(ApiError::Unauthorized(message)) => message,
            other => panic!("expected 401, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_valid_token_yields_the_caller() {
        let caller = authenticator()
            .authenticate(&headers(&token(valid_claims())))
            .await
            .expect("valid");
        assert_eq!(caller.tenant_id, "t1");
        assert_eq!(caller.subject, "u1");
        assert!(caller.require_scope("write:deals").is_ok());
        assert!(matches!(
            caller.require_scope("write:pipelines"),
            Err(ApiError::Forbidden(_))
        ));
    }

    #[tokio::test]
    async fn bad_tokens_are_refused() {
        let auth = authenticator();
        let mut expired = valid_claims();
        expired["exp"] = json!(now() - 600);
        assert_eq!(
            message(auth.authenticate(&headers(&token(expired))).await),
            "Token has expired"
        );
        let mut early = valid_claims();
        early["nbf"] = json!(now() + 600);
        assert_eq!(
            message(auth.authenticate(&headers(&token(early))).await),
            "Token is not yet valid"
        );
        let mut issuer = valid_claims();
        issuer["iss"] = json!("other");
        assert_eq!(
            message(auth.authenticate(&headers(&token(issuer))).await),
            "Token has the wrong issuer"
        );
        let mut no_tenant = valid_claims();
        no_tenant.as_object_mut().map(|c| c.remove("tenant_id"));
        assert_eq!(
            message(auth.authenticate(&headers(&token(no_tenant))).await),
            "Invalid token"
        );
        let mut hash_tenant = valid_claims();
        hash_tenant["tenant_id"] = json!("t1#DEAL#x");
        assert_eq!(
            message(auth.authenticate(&headers(&token(hash_tenant))).await),
            "Invalid token"
        );
        assert_eq!(
            message(auth.authenticate(&HeaderMap::new()).await),
            "Missing bearer token"
        );
        assert_eq!(
            message(auth.authenticate(&headers("not.a.jwt")).await),
            "Invalid token"
        );
    }

    #[tokio::test]
    async fn alg_none_is_refused() {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let header = b64.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let payload = b64.encode(valid_claims().to_string());
        let unsigned = format!("{header}.{payload}.");
        assert_eq!(
            message(authenticator().authenticate(&headers(&unsigned)).await),
            "Invalid token"
        );
    }

    /// A token with any header and any payload text, validly signed with the test secret.
    fn signed(header: &str, payload: &str) -> String {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let message = format!("{}.{}", b64.encode(header), b64.encode(payload));
        let signature = jsonwebtoken::crypto::sign(
            message.as_bytes(),
            &EncodingKey::from_secret(SECRET.as_bytes()),
            Algorithm::HS256,
        )
        .expect("sign");
        format!("{message}.{signature}")
    }

    fn with(changes: serde_json::Value) -> serde_json::Value {
        let mut claims = valid_claims();
        for (name, value) in changes.as_object().expect("changes") {
            claims[name] = value.clone();
        }
        claims
    }

    #[tokio::test]
    async fn a_crit_header_is_refused_whatever_it_names() {
        let auth = authenticator();
        let claims = valid_claims().to_string();
        let control = signed(r#"{"alg":"HS256","typ":"JWT"}"#, &claims);
        assert!(auth.authenticate(&headers(&control)).await.is_ok());
        for crit in [r#"["exp"]"#, r#"["b64"]"#, "[]", r#""x""#, "null"] {
            let header = format!(r#"{{"alg":"HS256","typ":"JWT","crit":{crit},"b64":true}}"#);
            let token = signed(&header, &claims);
            assert!(
                message(auth.authenticate(&headers(&token)).await).contains("crit"),
                "{crit}"
            );
        }
        let duplicate = signed(r#"{"alg":"HS256","alg":"HS256"}"#, &claims);
        assert_eq!(
            message(auth.authenticate(&headers(&duplicate)).await),
            "Invalid token"
        );
    }

    #[tokio::test]
    async fn numeric_dates_must_be_json_numbers() {
        let auth = authenticator();
        let now = now();
        for changes in [
            json!({"nbf": (now + 600).to_string()}),
            json!({"nbf": now.to_string()}),
            json!({"nbf": null}),
            json!({"nbf": [now]}),
            json!({"exp": (now + 600).to_string()}),
            json!({"exp": null}),
            json!({"exp": true}),
            json!({"iat": now.to_string()}),
            json!({"iat": {"seconds": now}}),
        ] {
            let result = auth
                .authenticate(&headers(&token(with(changes.clone()))))
                .await;
            assert!(
                message(result).contains("NumericDate"),
                "{changes} must be refused"
            );
        }
        // Fractions are NumericDates too; negative ones are long past.
        let fraction =
            with(json!({"exp": now as f64 + 600.5, "nbf": now as f64 - 0.5, "iat": now as f64}));
        assert!(auth.authenticate(&headers(&token(fraction))).await.is_ok());
        let negative = with(json!({"exp": -1}));
        assert_eq!(
            message(auth.authenticate(&headers(&token(negative))).await),
            "Token has expired"
        );
        let no_exp = valid_claims().as_object().map(|claims| {
            let mut claims = claims.clone();
            claims.remove("exp");
            serde_json::Value::Object(claims)
        });
        let no_exp = no_exp.expect("claims");
        assert!(message(auth.authenticate(&headers(&token(no_exp))).await).contains("exp"));
    }

    #[tokio::test]
    async fn claims_of_the_wrong_json_type_are_refused() {
        let auth = authenticator();
        for changes in [
            json!({"iss": ["iss"]}),
            json!({"iss": ["iss", "other"]}),
            json!({"iss": null}),
            json!({"iss": {"iss": "iss"}}),
            json!({"aud": ["aud", 1]}),
            json!({"aud": [["aud"]]}),
            json!({"aud": 7}),
            json!({"aud": null}),
            json!({"aud": []}),
            json!({"aud": ["other"]}),
            json!({"sub": 42}),
            json!({"sub": ["u1"]}),
            json!({"tenant_id": ["t1"]}),
            json!({"tenant_id": 1}),
            json!({"app_id": 3}),
            json!({"app_id": null}),
            json!({"app_id": ["app"]}),
            json!({"scope": ["read:deals", "write:deals"]}),
            json!({"scope": null}),
            json!({"scope": 1}),
        ] {
            assert!(
                auth.authenticate(&headers(&token(with(changes.clone()))))
                    .await
                    .is_err(),
                "{changes} must be refused"
            );
        }
        let array = with(json!({"aud": ["other", "aud"], "app_id": "app-1"}));
        let caller = auth
            .authenticate(&headers(&token(array)))
            .await
            .expect("aud list");
        assert_eq!(caller.app_id.as_deref(), Some("app-1"));
        let duplicate = format!(
            r#"{{"sub":"u1","tenant_id":"t1","tenant_id":"t2","iss":"iss","aud":"aud","exp":{}}}"#,
            now() + 600
        );
        assert_eq!(
            message(
                auth.authenticate(&headers(&signed(r#"{"alg":"HS256"}"#, &duplicate)))
                    .await
            ),
            "Invalid token"
        );
    }

    #[tokio::test]
    async fn scopes_are_split_on_single_spaces_only() {
        let auth = authenticator();
        let caller = |scope: &str| {
            let headers = headers(&token(with(json!({"scope": scope}))));
            let auth = &auth;
            async move { auth.authenticate(&headers).await }
        };
        let granted = caller("read:deals write:deals").await.expect("valid scope");
        assert_eq!(granted.scopes, ["read:deals", "write:deals"]);
        assert_eq!(
            caller("read:deals").await.expect("one").scopes,
            ["read:deals"]
        );
        for scope in [
            "read:deals\u{a0}write:deals",
            "read:deals\twrite:deals",
            "read:deals\nwrite:deals",
            "read:deals  write:deals",
            " read:deals",
            "read:deals ",
            "",
            " ",
            "read:deals \"write:deals\"",
            "read:deals\\ write:deals",
            "read:déals",
            "read:deals\u{3000}write:deals",
        ] {
            let error = message(caller(scope).await);
            assert!(error.contains("scope"), "{scope:?}: {error}");
        }
        assert_eq!(parse_scope("a b"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(parse_scope("!#[]~"), Some(vec!["!#[]~".into()]));
        assert_eq!(parse_scope("a  b"), None);
    }
}
