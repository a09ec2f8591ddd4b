//! Bearer JWT verification, done inside each function.
//!
//! Keys are configured, never taken from the token: an HS256 secret (development), a PEM public
//! key (RS256 or ES256) and/or a JWKS document. A token is tried only against keys of the
//! algorithm its header names, so `alg: none` and algorithm confusion (an HS256 token "signed"
//! with a public key) have no key to verify against.

use http::HeaderMap;
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use crate::error::ApiError;

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
    pub const ALL: [&str; 9] = [
        READ_DEALS,
        WRITE_DEALS,
        WRITE_PIPELINES,
        READ_ACCOUNTS,
        WRITE_ACCOUNTS,
        READ_CONTACTS,
        WRITE_CONTACTS,
        READ_USERS,
        WRITE_USERS,
    ];
}

/// Authorization headers longer than this are refused before any parsing.
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;
/// Longest `sub` accepted.
pub const MAX_SUBJECT_CHARS: usize = 128;
/// Clock skew tolerated on `exp` and `nbf`.
pub const LEEWAY_SECONDS: u64 = 30;

/// Where verification keys come from; empty strings count as absent.
#[derive(Debug, Clone, Default)]
pub struct JwtConfig {
    pub issuer: String,
    pub audience: String,
    pub secret: Option<String>,
    pub public_key_pem: Option<String>,
    pub jwks_json: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("no JWT verification key configured: set JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS")]
    NoKey,
    #[error("JWT_PUBLIC_KEY is neither an RSA nor an EC (P-256) public key in PEM form")]
    BadPublicKey,
    #[error("JWT_JWKS is not a usable JWKS document: {0}")]
    BadJwks(String),
    #[error("JWT_ISSUER and JWT_AUDIENCE must be set")]
    NoIssuerOrAudience,
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
        if self.scopes.iter().any(|granted| granted == scope) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "Token lacks the required scope {scope}"
            )))
        }
    }
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
    tenant_id: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    app_id: Option<String>,
}

struct VerificationKey {
    kid: Option<String>,
    algorithm: Algorithm,
    key: DecodingKey,
}

pub struct Authenticator {
    keys: Vec<VerificationKey>,
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
        if keys.is_empty() {
            return Err(KeyError::NoKey);
        }
        Ok(Authenticator {
            keys,
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
        })
    }

    /// The caller behind `Authorization: Bearer <jwt>`, or 401.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Caller, ApiError> {
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
        let claims = self.verify(token)?;
        // `sub` is stamped on every deal written (created_by, updated_by, audit entries), so it
        // is bounded like the ids it usually is.
        let subject_ok =
            !claims.sub.trim().is_empty() && claims.sub.chars().count() <= MAX_SUBJECT_CHARS;
        if !is_key_safe(&claims.tenant_id) || !subject_ok {
            return Err(unauthorized("Invalid token"));
        }
        if claims
            .app_id
            .as_deref()
            .is_some_and(|app| !is_key_safe(app))
        {
            return Err(unauthorized("Invalid token"));
        }
        Ok(Caller {
            tenant_id: claims.tenant_id,
            subject: claims.sub,
            scopes: claims.scope.split_whitespace().map(String::from).collect(),
            app_id: claims.app_id,
        })
    }

    fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| ApiError::Unauthorized("Invalid token".into()))?;
        let mut last_error = ApiError::Unauthorized("Invalid token".into());
        let candidates = self.keys.iter().filter(|key| {
            key.algorithm == header.alg
                && match (&key.kid, &header.kid) {
                    (Some(expected), Some(given)) => expected == given,
                    _ => true,
                }
        });
        for candidate in candidates {
            match jsonwebtoken::decode::<Claims>(
                token,
                &candidate.key,
                &self.validation(header.alg),
            ) {
                Ok(data) => return Ok(data.claims),
                Err(error) => last_error = describe(error),
            }
        }
        Err(last_error)
    }

    fn validation(&self, algorithm: Algorithm) -> Validation {
        let mut validation = Validation::new(algorithm);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECONDS;
        validation
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

fn describe(error: jsonwebtoken::errors::Error) -> ApiError {
    use jsonwebtoken::errors::ErrorKind;
    let message = match error.kind() {
        ErrorKind::ExpiredSignature => "Token has expired",
        ErrorKind::ImmatureSignature => "Token is not yet valid",
        ErrorKind::InvalidIssuer => "Token has the wrong issuer",
        ErrorKind::InvalidAudience => "Token has the wrong audience",
        _ => "Invalid token",
    };
    ApiError::Unauthorized(message.into())
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
    use jsonwebtoken::{encode, EncodingKey, Header};
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

    #[test]
    fn a_valid_token_yields_the_caller() {
        let caller = authenticator()
            .authenticate(&headers(&token(valid_claims())))
            .expect("valid");
        assert_eq!(caller.tenant_id, "t1");
        assert_eq!(caller.subject, "u1");
        assert!(caller.require_scope("write:deals").is_ok());
        assert!(matches!(
            caller.require_scope("write:pipelines"),
            Err(ApiError::Forbidden(_))
        ));
    }

    #[test]
    fn bad_tokens_are_refused() {
        let auth = authenticator();
        let mut expired = valid_claims();
        expired["exp"] = json!(now() - 600);
        assert_eq!(
            message(auth.authenticate(&headers(&token(expired)))),
            "Token has expired"
        );
        let mut early = valid_claims();
        early["nbf"] = json!(now() + 600);
        assert_eq!(
            message(auth.authenticate(&headers(&token(early)))),
            "Token is not yet valid"
        );
        let mut issuer = valid_claims();
        issuer["iss"] = json!("other");
        assert_eq!(
            message(auth.authenticate(&headers(&token(issuer)))),
            "Token has the wrong issuer"
        );
        let mut no_tenant = valid_claims();
        no_tenant.as_object_mut().map(|c| c.remove("tenant_id"));
        assert_eq!(
            message(auth.authenticate(&headers(&token(no_tenant)))),
            "Invalid token"
        );
        let mut hash_tenant = valid_claims();
        hash_tenant["tenant_id"] = json!("t1#DEAL#x");
        assert_eq!(
            message(auth.authenticate(&headers(&token(hash_tenant)))),
            "Invalid token"
        );
        assert_eq!(
            message(auth.authenticate(&HeaderMap::new())),
            "Missing bearer token"
        );
        assert_eq!(
            message(auth.authenticate(&headers("not.a.jwt"))),
            "Invalid token"
        );
    }

    #[test]
    fn alg_none_is_refused() {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let header = b64.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let payload = b64.encode(valid_claims().to_string());
        let unsigned = format!("{header}.{payload}.");
        assert_eq!(
            message(authenticator().authenticate(&headers(&unsigned))),
            "Invalid token"
        );
    }
}
