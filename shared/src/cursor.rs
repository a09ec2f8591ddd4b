//! Opaque, signed list cursors. A cursor carries where the next page starts, which page it is
//! and the total already counted; an HMAC over it, the tenant, the application and the query's
//! fingerprint means it cannot be forged, nor replayed by another tenant or for another query.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::hmac;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CursorState {
    /// The deal the next page starts after.
    #[serde(rename = "a")]
    pub after: String,
    /// Its key in the sort index, for orders other than created_at.
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<String>,
    /// The number of the page the cursor leads to.
    #[serde(rename = "p")]
    pub page: u64,
    #[serde(rename = "t")]
    pub total: u64,
    #[serde(rename = "e", default)]
    pub total_estimated: bool,
}

pub struct CursorKey(hmac::Key);

impl CursorKey {
    pub fn new(secret: &[u8]) -> Self {
        CursorKey(hmac::Key::new(hmac::HMAC_SHA256, secret))
    }

    /// `state` as a cursor valid only for this tenant, application and query.
    pub fn seal(&self, scope: &CursorScope<'_>, state: &CursorState) -> String {
        let payload = serde_json::to_vec(state).unwrap_or_default();
        let tag = hmac::sign(&self.0, &scope.message(&payload));
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(tag.as_ref())
        )
    }

    /// The state of a cursor sealed for the same scope; `None` for anything else.
    pub fn open(&self, scope: &CursorScope<'_>, cursor: &str) -> Option<CursorState> {
        let (payload, tag) = cursor.split_once('.')?;
        let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        hmac::verify(&self.0, &scope.message(&payload), &tag).ok()?;
        serde_json::from_slice(&payload).ok()
    }
}

/// What a cursor is bound to.
pub struct CursorScope<'a> {
    pub tenant: &'a str,
    pub app: Option<&'a str>,
    /// The query's filters and sort, canonically spelled.
    pub query: &'a str,
}

impl CursorScope<'_> {
    fn message(&self, payload: &[u8]) -> Vec<u8> {
        let mut message = Vec::with_capacity(payload.len() + 128);
        for part in [self.tenant, self.app.unwrap_or(""), self.query] {
            message.extend_from_slice(part.as_bytes());
            message.push(0);
        }
        message.extend_from_slice(payload);
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> CursorState {
        CursorState {
            after: "deal_01J".into(),
            sort_key: None,
            page: 2,
            total: 10,
            total_estimated: false,
        }
    }

    #[test]
    fn cursors_open_only_in_their_own_scope() {
        let key = CursorKey::new(b"secret");
        let scope = CursorScope {
            tenant: "a",
            app: None,
            query: "stage=lead",
        };
        let cursor = key.seal(&scope, &state());
        assert_eq!(key.open(&scope, &cursor), Some(state()));
        let other_tenant = CursorScope {
            tenant: "b",
            ..scope
        };
        assert_eq!(key.open(&other_tenant, &cursor), None);
        let other_query = CursorScope {
            tenant: "a",
            app: None,
            query: "stage=won",
        };
        assert_eq!(key.open(&other_query, &cursor), None);
        let other_app = CursorScope {
            tenant: "a",
            app: Some("x"),
            query: "stage=lead",
        };
        assert_eq!(key.open(&other_app, &cursor), None);
        assert_eq!(
            CursorKey::new(b"other").open(
                &CursorScope {
                    tenant: "a",
                    app: None,
                    query: "stage=lead"
                },
                &cursor
            ),
            None
        );
        let forged = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(br#"{"a":"deal_x","p":9,"t":1}"#),
            cursor.split_once('.').map(|(_, t)| t).unwrap_or("")
        );
        assert_eq!(
            key.open(
                &CursorScope {
                    tenant: "a",
                    app: None,
                    query: "stage=lead"
                },
                &forged
            ),
            None
        );
    }
}
