//! `Idempotency-Key` on `POST /deals` (and its batch): the header's rules, what a repeat must
//! match, and the answer to a repeat.

use http::StatusCode;
use serde_json::Value;

use super::deals::{location_of, respond};
use crate::auth::Caller;
use crate::compat::View;
use crate::context::AppContext;
use crate::error::{ApiError, FieldError};
use crate::http::{ApiRequest, ApiResponse};
use crate::store::{IdempotencyClaim, IdempotencyRecord};

/// Longest `Idempotency-Key` accepted.
const MAX_IDEMPOTENCY_KEY: usize = 255;

pub(super) fn idempotency_key(request: &ApiRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = request.headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or_default().trim();
    let valid =
        (1..=MAX_IDEMPOTENCY_KEY).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic());
    if valid {
        Ok(Some(key.to_owned()))
    } else {
        Err(ApiError::InvalidRequest {
            message: "Idempotency-Key must be 1 to 255 printable ASCII characters".into(),
            details: vec![FieldError::new(
                "Idempotency-Key",
                "Must be 1 to 255 printable ASCII characters",
            )],
        })
    }
}

/// What the request asks for: its path (which view) and its exact body.
pub(super) fn request_hash(request: &ApiRequest) -> String {
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    context.update(request.path.as_bytes());
    context.update(&[0]);
    context.update(&request.body);
    context
        .finish()
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The answer to a repeated key: the first response again, or 409 for another body.
pub(super) async fn replay(
    ctx: &AppContext,
    caller: &Caller,
    view: View,
    earlier: &IdempotencyRecord,
    claim: &IdempotencyClaim,
) -> Result<ApiResponse, ApiError> {
    same_request(earlier, claim)?;
    let response = match &earlier.response {
        Some(body) => {
            let body: Value = serde_json::from_str(body).map_err(|error| {
                ApiError::Internal(format!("stored response is not JSON: {error}").into())
            })?;
            ApiResponse::json(StatusCode::CREATED, &body)?.with_version(1)
        }
        None => {
            let deal = ctx
                .store
                .get_deal(&caller.tenant_id, &earlier.deal_id)
                .await?
                .ok_or_else(ApiError::deal_not_found)?;
            let includes = view.all_includes();
            respond(
                ctx,
                caller,
                view,
                StatusCode::CREATED,
                &deal,
                &includes,
                None,
            )
            .await?
        }
    };
    Ok(replayed(response.with_header(
        http::header::LOCATION,
        &location_of(view, &earlier.deal_id),
    )))
}

/// 409 unless the key's earlier request asked what this one asks.
pub(super) fn same_request(
    earlier: &IdempotencyRecord,
    claim: &IdempotencyClaim,
) -> Result<(), ApiError> {
    if earlier.request_hash == claim.request_hash {
        Ok(())
    } else {
        Err(ApiError::conflict(
            "Idempotency-Key",
            "This Idempotency-Key was used with a different request",
        ))
    }
}

/// The header a repeat's answer carries.
pub(super) fn replayed(response: ApiResponse) -> ApiResponse {
    response.with_header(http::HeaderName::from_static("idempotent-replayed"), "true")
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn request(path: &str, body: &str) -> ApiRequest {
        ApiRequest {
            method: http::Method::POST,
            path: path.into(),
            path_params: HashMap::new(),
            query: String::new(),
            headers: http::HeaderMap::new(),
            body: body.as_bytes().to_vec(),
            request_id: "req-1".into(),
        }
    }

    fn key_of(header: &[u8]) -> Result<Option<String>, ApiError> {
        let mut request = request("/api/v1/crm/deals", "{}");
        let value = http::HeaderValue::from_bytes(header).expect("a header value");
        request.headers.insert("idempotency-key", value);
        idempotency_key(&request)
    }

    #[test]
    fn without_the_header_there_is_no_key() {
        let request = request("/api/v1/crm/deals", "{}");
        assert_eq!(idempotency_key(&request).ok(), Some(None));
    }

    #[test]
    fn a_key_is_one_to_255_printable_ascii_characters_trimmed() {
        assert_eq!(key_of(b"order-42").ok(), Some(Some("order-42".into())));
        assert_eq!(key_of(b"  order-42\t").ok(), Some(Some("order-42".into())));
        assert_eq!(
            key_of(b"~!@#$%^&*()").ok(),
            Some(Some("~!@#$%^&*()".into()))
        );
        let longest = "k".repeat(MAX_IDEMPOTENCY_KEY);
        assert_eq!(key_of(longest.as_bytes()).ok(), Some(Some(longest.clone())));
    }

    #[test]
    fn other_keys_are_refused_naming_the_header() {
        let too_long = "k".repeat(MAX_IDEMPOTENCY_KEY + 1);
        let refused: [&[u8]; 5] = [
            b"",
            b"   ",
            b"two words",
            "caf\u{e9}".as_bytes(),
            too_long.as_bytes(),
        ];
        for header in refused {
            match key_of(header) {
                Err(error) => {
                    assert_eq!(error.code(), "INVALID_REQUEST", "{header:?}");
                    assert_eq!(
                        error.public_message(),
                        "Idempotency-Key must be 1 to 255 printable ASCII characters"
                    );
                    assert_eq!(error.details()[0].field, "Idempotency-Key");
                }
                Ok(key) => panic!("{header:?} accepted as {key:?}"),
            }
        }
    }

    #[test]
    fn the_hash_is_of_the_path_and_the_exact_body() {
        let hash = |path: &str, body: &str| request_hash(&request(path, body));
        let first = hash("/api/v1/crm/deals", r#"{"name":"Q1"}"#);
        assert_eq!(first, hash("/api/v1/crm/deals", r#"{"name":"Q1"}"#));
        assert_eq!(first.len(), 64);
        assert!(first.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(
            first,
            hash("/api-v1-deals", r#"{"name":"Q1"}"#),
            "another path"
        );
        assert_ne!(
            first,
            hash("/api/v1/crm/deals", r#"{"name":"Q2"}"#),
            "another body"
        );
        assert_ne!(
            first,
            hash("/api/v1/crm/deals", r#"{"name": "Q1"}"#),
            "the body as sent, not as parsed"
        );
        assert_ne!(
            hash("/a", "bc"),
            hash("/ab", "c"),
            "path and body are kept apart"
        );
    }
}
