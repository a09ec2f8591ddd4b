//! The transport-neutral request and response every handler sees, and the success envelope.
//! The Lambda adapter and the local server both translate to and from these.

use std::collections::HashMap;

use http::{HeaderMap, HeaderValue, Method, StatusCode};
use serde::Serialize;

use crate::error::ApiError;

#[derive(Debug, Clone)]
pub struct ApiRequest {
    pub method: Method,
    pub path: String,
    /// Values of the route's `{name}` segments.
    pub path_params: HashMap<String, String>,
    /// The raw query string, without `?`.
    pub query: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub request_id: String,
}

impl ApiRequest {
    pub fn path_param(&self, name: &str) -> &str {
        self.path_params.get(name).map_or("", String::as_str)
    }

    /// Decoded `name=value` pairs of the query string, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        parse_query(&self.query)
    }
}

#[derive(Debug, Clone)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl ApiResponse {
    pub fn json(status: StatusCode, body: &impl Serialize) -> Result<Self, ApiError> {
        let body = serde_json::to_vec(body)
            .map_err(|error| ApiError::Internal(format!("cannot encode response: {error}")))?;
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        Ok(ApiResponse {
            status,
            headers,
            body,
        })
    }

    /// `{"data": ...}`
    pub fn data(status: StatusCode, data: &impl Serialize) -> Result<Self, ApiError> {
        #[derive(Serialize)]
        struct Envelope<'a, T> {
            data: &'a T,
        }
        Self::json(status, &Envelope { data })
    }

    pub fn error(error: &ApiError, request_id: &str) -> Self {
        let body = error.to_body(request_id).to_string().into_bytes();
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if error.status() == StatusCode::UNAUTHORIZED {
            headers.insert(
                http::header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer"),
            );
        }
        ApiResponse {
            status: error.status(),
            headers,
            body,
        }
    }

    /// The same response with another JSON body.
    pub fn with_body(mut self, body: serde_json::Value) -> Self {
        self.body = body.to_string().into_bytes();
        self
    }

    /// Sets the `ETag` to a deal's version.
    pub fn with_version(mut self, version: u64) -> Self {
        if let Ok(value) = HeaderValue::from_str(&format!("\"{version}\"")) {
            self.headers.insert(http::header::ETAG, value);
        }
        self
    }

    pub fn with_header(mut self, name: http::HeaderName, value: &str) -> Self {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.insert(name, value);
        }
        self
    }
}

/// What `If-Match` demands of the current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Precondition {
    None,
    /// `If-Match: *`: the deal must exist.
    Any,
    /// One of these versions.
    Versions(Vec<u64>),
}

impl Precondition {
    /// Reads `If-Match`: `"3"`, `W/"3"`, `3`, a comma-separated list, or `*`.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, ApiError> {
        let Some(header) = headers.get(http::header::IF_MATCH) else {
            return Ok(Precondition::None);
        };
        let invalid = || ApiError::InvalidRequest {
            message: "If-Match must hold ETags from this API, such as \"3\"".into(),
            details: vec![crate::error::FieldError::new(
                "If-Match",
                "Must be an ETag such as \"3\" or *",
            )],
        };
        let text = header.to_str().map_err(|_| invalid())?.trim();
        if text == "*" {
            return Ok(Precondition::Any);
        }
        text.split(',')
            .map(|tag| {
                let tag = tag.trim();
                let tag = tag.strip_prefix("W/").unwrap_or(tag);
                tag.trim_matches('"').parse::<u64>().map_err(|_| invalid())
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Precondition::Versions)
    }

    pub fn allows(&self, version: u64) -> bool {
        match self {
            Precondition::None | Precondition::Any => true,
            Precondition::Versions(versions) => versions.contains(&version),
        }
    }

    /// True when the client named the version(s) it based its change on.
    pub fn pins_version(&self) -> bool {
        matches!(self, Precondition::Versions(_))
    }

    /// 409 when the current version is not the one the client based its change on.
    pub fn check(&self, version: u64) -> Result<(), ApiError> {
        if self.allows(version) {
            Ok(())
        } else {
            Err(ApiError::conflict(
                "If-Match",
                format!("The deal is at version {version}, not the one given in If-Match"),
            ))
        }
    }
}

fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte; invalid UTF-8
/// becomes U+FFFD rather than an error, so validation sees (and names) the odd value.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => decoded.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    decoded.push(high * 16 + low);
                    i += 2;
                }
                _ => decoded.push(b'%'),
            },
            other => decoded.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_are_decoded() {
        assert_eq!(
            parse_query("stage=closed_won&name%5Blike%5D=a+b%20c&x&bad=%zz%4"),
            vec![
                ("stage".into(), "closed_won".into()),
                ("name[like]".into(), "a b c".into()),
                ("x".into(), "".into()),
                ("bad".into(), "%zz%4".into()),
            ]
        );
    }

    #[test]
    fn if_match_accepts_the_usual_spellings() {
        let parse = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                http::header::IF_MATCH,
                HeaderValue::from_str(value).expect("header"),
            );
            Precondition::from_headers(&headers)
        };
        assert_eq!(parse("\"3\"").ok(), Some(Precondition::Versions(vec![3])));
        assert_eq!(
            parse("W/\"3\", 4").ok(),
            Some(Precondition::Versions(vec![3, 4]))
        );
        assert_eq!(parse("*").ok(), Some(Precondition::Any));
        assert!(parse("\"abc\"").is_err());
        assert!(Precondition::Versions(vec![2]).check(3).is_err());
        assert!(Precondition::None.check(3).is_ok());
    }
}
