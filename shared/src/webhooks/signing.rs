//! Signatures as Standard Webhooks defines them (<https://www.standardwebhooks.com/>).
//!
//! Every delivery carries three headers: `webhook-id` (the message id, the same on every
//! retry of one message, so a receiver can drop duplicates), `webhook-timestamp` (Unix
//! seconds at signing, so a receiver can refuse replays) and `webhook-signature`:
//! `v1,` followed by the standard base64 of HMAC-SHA256 over `{id}.{timestamp}.{body}`.
//! The HMAC key is the secret's bytes: a secret is spelled `whsec_` followed by their
//! standard base64, and is shown to the subscriber once so that any Standard Webhooks
//! library can verify what we send.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};

/// What every secret's text starts with.
pub const SECRET_PREFIX: &str = "whsec_";
/// How many random bytes a generated secret holds (256 bits, SHA-256's block of security).
pub const GENERATED_SECRET_BYTES: usize = 32;
/// The fewest key bytes a parsed secret may hold: the specification's lower bound.
pub const MIN_SECRET_BYTES: usize = 24;
/// The most key bytes a parsed secret may hold: the specification's upper bound.
pub const MAX_SECRET_BYTES: usize = 64;

pub const HEADER_ID: &str = "webhook-id";
pub const HEADER_TIMESTAMP: &str = "webhook-timestamp";
pub const HEADER_SIGNATURE: &str = "webhook-signature";

/// The only signature scheme: HMAC-SHA256 with a symmetric secret.
const SIGNATURE_VERSION: &str = "v1";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("a webhook secret starts with {SECRET_PREFIX}")]
    MissingPrefix,
    #[error("a webhook secret is {SECRET_PREFIX} followed by standard base64")]
    NotBase64,
    #[error("a webhook secret holds {MIN_SECRET_BYTES} to {MAX_SECRET_BYTES} bytes, not {0}")]
    WrongLength(usize),
    #[error("no secure random bytes for a webhook secret")]
    NoRandom,
}

/// A signing secret: its text (`whsec_…`, what the subscriber is shown and what is stored)
/// and the HMAC key it spells. `Debug` shows neither.
#[derive(Clone)]
pub struct WebhookSecret {
    text: String,
    key: hmac::Key,
}

impl WebhookSecret {
    /// A new secret of [`GENERATED_SECRET_BYTES`] from the system's secure random source.
    pub fn generate() -> Result<Self, SecretError> {
        let mut random = [0u8; GENERATED_SECRET_BYTES];
        SystemRandom::new()
            .fill(&mut random)
            .map_err(|_| SecretError::NoRandom)?;
        Ok(Self::from_key_bytes(&random))
    }

    /// A secret from its text: `whsec_` and the standard base64 (padded) of
    /// [`MIN_SECRET_BYTES`]..=[`MAX_SECRET_BYTES`] bytes. Nothing else is taken: not the bare
    /// base64 (which some libraries accept), not URL-safe base64, not surrounding spaces.
    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let encoded = text
            .strip_prefix(SECRET_PREFIX)
            .ok_or(SecretError::MissingPrefix)?;
        let bytes = STANDARD
            .decode(encoded)
            .map_err(|_| SecretError::NotBase64)?;
        if !(MIN_SECRET_BYTES..=MAX_SECRET_BYTES).contains(&bytes.len()) {
            return Err(SecretError::WrongLength(bytes.len()));
        }
        // The one spelling of these bytes (base64 may carry stray bits in its last character),
        // so the stored text is always the canonical one.
        Ok(Self::from_key_bytes(&bytes))
    }

    fn from_key_bytes(bytes: &[u8]) -> Self {
        WebhookSecret {
            text: format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes)),
            key: hmac::Key::new(hmac::HMAC_SHA256, bytes),
        }
    }

    /// The secret's text, `whsec_…`: to store and to show the subscriber once.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("WebhookSecret(whsec_…)")
    }
}

/// The value of `webhook-signature` for one message: `v1,<base64 HMAC-SHA256>` over
/// `{id}.{timestamp}.{body}`. The body is signed as the exact bytes sent.
pub fn sign(secret: &WebhookSecret, id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut context = hmac::Context::with_key(&secret.key);
    context.update(id.as_bytes());
    context.update(b".");
    context.update(timestamp.to_string().as_bytes());
    context.update(b".");
    context.update(body);
    let tag = context.sign();
    format!("{SIGNATURE_VERSION},{}", STANDARD.encode(tag.as_ref()))
}

/// The three headers of a signed delivery, in the order `webhook-id`, `webhook-timestamp`,
/// `webhook-signature`, ready for [`super::delivery::attempt`].
pub fn signature_headers(
    secret: &WebhookSecret,
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> [(&'static str, String); 3] {
    [
        (HEADER_ID, id.to_owned()),
        (HEADER_TIMESTAMP, timestamp.to_string()),
        (HEADER_SIGNATURE, sign(secret, id, timestamp, body)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp()
    }

    fn header_map(headers: &[(&'static str, String)]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn the_reference_implementation_verifies_our_signatures() {
        let secret = WebhookSecret::generate().unwrap();
        let body =
            br#"{"type":"deal.created","data":{"id":"deal-1","title":"caf\u00e9 \u2013 \u00fc"}}"#;
        let timestamp = now();
        let headers =
            signature_headers(&secret, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", timestamp, body);
        let reference = standardwebhooks::Webhook::new(secret.as_str()).unwrap();
        reference.verify(body, &header_map(&headers)).unwrap();
        // And it computes the same value for the same input.
        assert_eq!(
            reference
                .sign("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", timestamp, body)
                .unwrap(),
            headers[2].1
        );
    }

    #[test]
    fn the_reference_implementation_refuses_a_changed_message() {
        let secret = WebhookSecret::generate().unwrap();
        let reference = standardwebhooks::Webhook::new(secret.as_str()).unwrap();
        let timestamp = now();
        let headers = signature_headers(&secret, "msg_1", timestamp, b"{\"a\":1}");
        assert!(reference
            .verify(b"{\"a\":2}", &header_map(&headers))
            .is_err());
        let mut other_id = headers.clone();
        other_id[0].1 = "msg_2".to_owned();
        assert!(reference
            .verify(b"{\"a\":1}", &header_map(&other_id))
            .is_err());
        let other_secret = WebhookSecret::generate().unwrap();
        let other = standardwebhooks::Webhook::new(other_secret.as_str()).unwrap();
        assert!(other.verify(b"{\"a\":1}", &header_map(&headers)).is_err());
    }

    #[test]
    fn a_known_vector() {
        // The key is 32 bytes 0x00..=0x1f; the tag computed with ring's HMAC independently
        // of `sign` (the message assembled by hand), so a change in how `sign` assembles
        // `{id}.{timestamp}.{body}` is caught.
        let key: Vec<u8> = (0u8..32).collect();
        let secret = WebhookSecret::parse(&format!("whsec_{}", STANDARD.encode(&key))).unwrap();
        let expected = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, &key),
            b"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{\"test\": 2432232314}",
        );
        assert_eq!(
            sign(
                &secret,
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                b"{\"test\": 2432232314}"
            ),
            format!("v1,{}", STANDARD.encode(expected.as_ref()))
        );
    }

    #[test]
    fn the_specifications_example_secret_signs_its_example() {
        // The example of the Standard Webhooks reference libraries' tests.
        let secret = WebhookSecret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let reference =
            standardwebhooks::Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = b"{\"test\": 2432232314}";
        assert_eq!(
            sign(&secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            reference
                .sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
                .unwrap()
        );
    }

    #[test]
    fn generated_secrets_have_the_prefix_32_bytes_and_differ() {
        let first = WebhookSecret::generate().unwrap();
        let second = WebhookSecret::generate().unwrap();
        assert_ne!(first.as_str(), second.as_str());
        for secret in [&first, &second] {
            let encoded = secret.as_str().strip_prefix("whsec_").unwrap();
            assert_eq!(STANDARD.decode(encoded).unwrap().len(), 32);
            // What is shown parses back to a secret that signs the same.
            let parsed = WebhookSecret::parse(secret.as_str()).unwrap();
            assert_eq!(parsed.as_str(), secret.as_str());
            assert_eq!(sign(&parsed, "m", 1, b"x"), sign(secret, "m", 1, b"x"));
        }
    }

    #[test]
    fn other_forms_of_secret_are_refused() {
        let good = STANDARD.encode([7u8; 32]);
        assert!(WebhookSecret::parse(&format!("whsec_{good}")).is_ok());
        for (text, error) in [
            (good.clone(), SecretError::MissingPrefix),
            (format!("WHSEC_{good}"), SecretError::MissingPrefix),
            (format!(" whsec_{good}"), SecretError::MissingPrefix),
            (format!("whsec_{good} "), SecretError::NotBase64),
            ("whsec_".to_owned(), SecretError::WrongLength(0)),
            ("whsec_not base64!".to_owned(), SecretError::NotBase64),
            (
                format!(
                    "whsec_{}",
                    base64::engine::general_purpose::URL_SAFE.encode([0xfbu8; 32])
                ),
                SecretError::NotBase64,
            ),
            (
                format!("whsec_{}", STANDARD.encode([1u8; 23])),
                SecretError::WrongLength(23),
            ),
            (
                format!("whsec_{}", STANDARD.encode([1u8; 65])),
                SecretError::WrongLength(65),
            ),
        ] {
            match WebhookSecret::parse(&text) {
                Err(refused) => assert_eq!(refused, error, "{text:?}"),
                Ok(_) => panic!("{text:?} must be refused"),
            }
        }
        assert!(WebhookSecret::parse(&format!("whsec_{}", STANDARD.encode([1u8; 24]))).is_ok());
        assert!(WebhookSecret::parse(&format!("whsec_{}", STANDARD.encode([1u8; 64]))).is_ok());
    }

    #[test]
    fn debug_does_not_show_the_secret() {
        let secret = WebhookSecret::generate().unwrap();
        let shown = format!("{secret:?}");
        let encoded = secret.as_str().strip_prefix("whsec_").unwrap();
        assert!(!shown.contains(encoded), "{shown}");
    }

    #[test]
    fn headers_are_named_as_the_specification_names_them() {
        let secret = WebhookSecret::generate().unwrap();
        let headers = signature_headers(&secret, "msg_1", 1700000000, b"{}");
        assert_eq!(headers[0], ("webhook-id", "msg_1".to_owned()));
        assert_eq!(headers[1], ("webhook-timestamp", "1700000000".to_owned()));
        assert_eq!(headers[2].0, "webhook-signature");
        assert!(headers[2].1.starts_with("v1,"));
        assert_eq!(headers[2].1, sign(&secret, "msg_1", 1700000000, b"{}"));
    }
}
