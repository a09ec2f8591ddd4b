//! JWT builders for the token tests: claims, HS256 and RS256 signing with the test keys, ES256
//! keys made on the spot, the keys as JWKs, and tokens assembled by hand (any header, any claims,
//! any signature text).

use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use ring::signature::{EcdsaKeyPair, KeyPair, RsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use serde_json::{json, Value};

use crate::{test_config, TestApi, ALL_SCOPES};

/// Signs RS256 tokens that a context from [`rsa_api`] accepts.
pub const TRUSTED_PRIVATE_KEY: &str = include_str!("../fixtures/rsa-private.pem");
/// The public key [`rsa_api`] trusts.
pub const TRUSTED_PUBLIC_KEY: &str = include_str!("../fixtures/rsa-public.pem");
/// Signs RS256 tokens that no context trusts.
pub const UNTRUSTED_PRIVATE_KEY: &str = include_str!("../fixtures/rsa-untrusted-private.pem");

/// The `sub` of [`claims`].
pub const SUBJECT: &str = "usr-5e0c1c8a-35a4-4f3c-9d2e-1b7c6f0a9d11";

/// Now, in seconds since the epoch, as JWT dates are written.
pub fn now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

/// Unpadded base64url, as JWT segments are written.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let bits = chunk.iter().enumerate().fold(0u32, |acc, (i, byte)| {
            acc | (u32::from(*byte) << (16 - 8 * i))
        });
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((bits >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Valid claims for `api`'s tenant with every scope, with `changes` merged in.
pub fn claims(api: &TestApi, changes: Value) -> Value {
    let now = now();
    let mut claims = json!({
        "sub": SUBJECT,
        "tenant_id": api.tenant,
        "scope": ALL_SCOPES,
        "iss": api.config.jwt.issuer,
        "aud": api.config.jwt.audience,
        "iat": now,
        "exp": now + 600,
    });
    for (name, value) in changes.as_object().expect("changes are an object") {
        claims[name] = value.clone();
    }
    claims
}

/// `claims` without the claim `name`.
pub fn without(mut claims: Value, name: &str) -> Value {
    claims
        .as_object_mut()
        .expect("claims are an object")
        .remove(name);
    claims
}

/// `claims` signed HS256 with `secret`.
pub fn hs256(claims: &Value, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret),
    )
    .expect("HS256 token")
}

/// `claims` signed RS256 with the private key `private_pem`.
pub fn rs256(claims: &Value, private_pem: &str) -> String {
    let key = EncodingKey::from_rsa_pem(private_pem.as_bytes()).expect("RSA private key");
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), claims, &key).expect("RS256 token")
}

/// `claims` signed with `key` by `algorithm`, the header naming `kid`.
pub fn signed_with_kid(
    claims: &Value,
    algorithm: Algorithm,
    key: &EncodingKey,
    kid: &str,
) -> String {
    let header = Header {
        kid: Some(kid.into()),
        ..Header::new(algorithm)
    };
    jsonwebtoken::encode(&header, claims, key).expect("token with a kid")
}

/// The public key of the RSA private key `private_pem` (PKCS #8, as the fixtures) as a JWK
/// named `kid`.
pub fn rsa_jwk(private_pem: &str, kid: &str) -> Value {
    let base64: String = private_pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(base64)
        .expect("PEM base64");
    let pair = RsaKeyPair::from_pkcs8(&der).expect("an RSA PKCS #8 key");
    let public = ring::rsa::PublicKeyComponents::<Vec<u8>>::from(pair.public());
    json!({
        "kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
        "n": base64url(&public.n), "e": base64url(&public.e),
    })
}

/// A new P-256 key: what signs ES256 tokens with it, and its public key as a JWK named `kid`.
pub fn es256_key(kid: &str) -> (EncodingKey, Value) {
    let random = ring::rand::SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &random)
        .expect("a P-256 key");
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &random)
        .expect("the P-256 key");
    // An uncompressed point: 0x04, then x and y, 32 bytes each.
    let (x, y) = pair.public_key().as_ref()[1..].split_at(32);
    let jwk = json!({
        "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": kid,
        "x": base64url(x), "y": base64url(y),
    });
    (EncodingKey::from_ec_der(pkcs8.as_ref()), jwk)
}

/// A token assembled by hand: any header, any claims, any signature text.
pub fn hand_built(header: &Value, claims: &Value, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        base64url(header.to_string().as_bytes()),
        base64url(claims.to_string().as_bytes())
    )
}

/// The test secret, signing HS256 tokens the default test configuration accepts.
pub fn secret(api: &TestApi) -> Vec<u8> {
    api.config
        .jwt
        .secret
        .clone()
        .expect("the test configuration has an HS256 secret")
        .into_bytes()
}

/// A context that trusts [`TRUSTED_PUBLIC_KEY`] besides the HS256 test secret.
pub async fn rsa_api() -> TestApi {
    let mut config = test_config();
    config.jwt.public_key_pem = Some(TRUSTED_PUBLIC_KEY.into());
    TestApi::with_config(config).await
}
