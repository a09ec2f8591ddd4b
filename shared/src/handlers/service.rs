//! What the API answers about itself, without a token: its OpenAPI document, and the 404 of a
//! route it does not have.

use std::sync::OnceLock;

use http::{HeaderMap, HeaderValue, StatusCode};

use crate::error::ApiError;
use crate::http::{ApiRequest, ApiResponse};

/// The API's OpenAPI document, answered as is at `GET /openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../../../openapi.json");

/// Caches may keep the document this long; a deployment changes it rarely, and `ETag` lets a
/// client revalidate it for nothing after.
const CACHE_CONTROL: &str = "public, max-age=300";

/// `GET /openapi.json`: the document with a strong `ETag` (a hash of its text), or 304 when
/// `If-None-Match` names it.
pub fn openapi(request: &ApiRequest) -> ApiResponse {
    let etag = openapi_etag();
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(http::header::ETAG, value);
    }
    if none_match(&request.headers, etag) {
        return ApiResponse {
            status: StatusCode::NOT_MODIFIED,
            headers,
            body: Vec::new(),
        };
    }
    headers.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    ApiResponse {
        status: StatusCode::OK,
        headers,
        body: OPENAPI_JSON.as_bytes().to_vec(),
    }
}

/// The 404 of a request no route takes, naming its method and path.
pub fn not_found(request: &ApiRequest) -> ApiError {
    ApiError::NotFound(format!("No route for {} {}", request.method, request.path))
}

/// `"<first 16 bytes of the SHA-256 of the document, hex>"`, computed once per process.
fn openapi_etag() -> &'static str {
    static ETAG: OnceLock<String> = OnceLock::new();
    ETAG.get_or_init(|| {
        let digest = ring::digest::digest(&ring::digest::SHA256, OPENAPI_JSON.as_bytes());
        let hex: String = digest
            .as_ref()
            .iter()
            .take(16)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        format!("\"{hex}\"")
    })
}

/// Whether `If-None-Match` (RFC 9110 §13.1.2) names `etag` or is `*`: entity tags compared
/// weakly, every field line one list. Anything unreadable matches nothing, so the document is
/// sent.
fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(http::header::IF_NONE_MATCH)
        .iter()
        .filter_map(|line| line.to_str().ok())
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn request(if_none_match: &[&str]) -> ApiRequest {
        let mut headers = HeaderMap::new();
        for value in if_none_match {
            headers.append(
                http::header::IF_NONE_MATCH,
                HeaderValue::from_str(value).expect("a header value"),
            );
        }
        ApiRequest {
            method: http::Method::GET,
            path: "/openapi.json".into(),
            path_params: HashMap::new(),
            query: String::new(),
            headers,
            body: Vec::new(),
            request_id: "r".into(),
        }
    }

    fn header<'a>(response: &'a ApiResponse, name: &str) -> Option<&'a str> {
        response.headers.get(name).and_then(|v| v.to_str().ok())
    }

    #[test]
    fn the_document_is_served_with_its_etag_and_caching() {
        let response = openapi(&request(&[]));
        assert_eq!(response.status, 200);
        assert_eq!(response.body, OPENAPI_JSON.as_bytes());
        assert_eq!(header(&response, "content-type"), Some("application/json"));
        assert_eq!(header(&response, "cache-control"), Some(CACHE_CONTROL));
        let etag = header(&response, "etag").expect("an ETag");
        assert_eq!(etag.len(), 34, "{etag}");
        assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
        let value: serde_json::Value =
            serde_json::from_str(OPENAPI_JSON).expect("openapi.json is JSON");
        assert_eq!(value["openapi"], "3.1.0");
    }

    #[test]
    fn if_none_match_naming_the_etag_is_304_without_a_body() {
        let etag = openapi_etag();
        let weak = format!("W/{etag}");
        let listed = format!("\"other\", {etag}");
        for given in [
            vec![etag],
            vec![weak.as_str()],
            vec![&listed],
            vec!["\"x\"", etag],
            vec!["*"],
        ] {
            let response = openapi(&request(&given));
            assert_eq!(response.status, 304, "{given:?}");
            assert!(response.body.is_empty());
            assert_eq!(header(&response, "etag"), Some(etag));
            assert_eq!(header(&response, "cache-control"), Some(CACHE_CONTROL));
            assert_eq!(header(&response, "content-type"), None);
        }
        for given in [vec!["\"other\""], vec![""], vec!["W/\"x\", \"y\""]] {
            assert_eq!(openapi(&request(&given)).status, 200, "{given:?}");
        }
    }

    #[test]
    fn an_unknown_route_names_its_method_and_path() {
        let error = not_found(&request(&[]));
        assert_eq!(error.status(), 404);
        assert_eq!(error.to_string(), "No route for GET /openapi.json");
    }
}
