//! The transport-neutral request and response every handler sees, and the success envelope.
//! The Lambda adapter and the local server both translate to and from these.

/// Where the CRM view's endpoints live.
pub const BASE_PATH: &str = "/api/v1/crm";

use std::collections::HashMap;

use http::{HeaderMap, HeaderValue, Method, StatusCode};
use serde::Serialize;

use crate::error::ApiError;

#[derive(Debug, Clone, Default)]
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

    /// [`Self::query_pairs`] with each list-valued parameter (`is_list`) given once: its repeats
    /// are joined onto its first pair by commas, so `include=a&include=b` reads as
    /// `include=a,b`. Repeats of any other parameter are left for the caller to refuse.
    pub fn query_pairs_joining(&self, is_list: impl Fn(&str) -> bool) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in self.query_pairs() {
            let first = match is_list(&name) {
                true => pairs.iter_mut().find(|(seen, _)| *seen == name),
                false => None,
            };
            match first {
                Some((_, joined)) => {
                    joined.push(',');
                    joined.push_str(&value);
                }
                None => pairs.push((name, value)),
            }
        }
        pairs
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
        let body = serde_json::to_vec(body).map_err(|error| {
            ApiError::Internal(format!("cannot encode response: {error}").into())
        })?;
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

    /// `{"data":{"deleted":true}}`, as every delete answers.
    pub fn deleted() -> Result<Self, ApiError> {
        Self::data(StatusCode::OK, &serde_json::json!({ "deleted": true }))
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

    /// 201 with the new item, its version as ETag and its path as Location.
    pub fn created(data: &impl Serialize, version: u64, location: &str) -> Result<Self, ApiError> {
        Ok(Self::data(StatusCode::CREATED, data)?
            .with_version(version)
            .with_header(http::header::LOCATION, location))
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
    /// Reads `If-Match`: `"3"`, `W/"3"`, `3`, a comma-separated list of those, or `*`
    /// (RFC 9110 §13.1.1). Several `If-Match` field lines make one list (RFC 9110 §5.3).
    /// Anything else, a field that names no version included, is 400 naming `If-Match`.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, ApiError> {
        let mut lines = headers.get_all(http::header::IF_MATCH).iter().peekable();
        if lines.peek().is_none() {
            return Ok(Precondition::None);
        }
        let mut value = Vec::new();
        for (index, line) in lines.enumerate() {
            if index > 0 {
                value.push(b',');
            }
            value.extend_from_slice(line.as_bytes());
        }
        parse_if_match(&value).ok_or_else(|| ApiError::InvalidRequest {
            message: "If-Match must hold ETags from this API, such as \"3\"".into(),
            details: vec![crate::error::FieldError::new(
                "If-Match",
                "Must be * or a list of ETags such as \"3\" or W/\"3\"",
            )],
        })
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

/// An `If-Match` field value: `If-Match = "*" / #entity-tag`, `entity-tag = [ "W/" ] DQUOTE
/// *etagc DQUOTE` (RFC 9110 §13.1.1, §8.8.3), where this API's tags are versions: decimal digits
/// without a sign or a leading zero. A bare version (`3`, no quotes) is accepted too. As the
/// `#list` rule says (RFC 9110 §5.6.1), blanks (SP, HTAB) around commas and empty elements are
/// ignored; a list must still name at least one version. `None` when the value is malformed.
fn parse_if_match(value: &[u8]) -> Option<Precondition> {
    let value = trim_ows(value);
    if value == b"*" {
        return Some(Precondition::Any);
    }
    let mut versions = Vec::new();
    for element in value.split(|byte| *byte == b',') {
        let element = trim_ows(element);
        if element.is_empty() {
            continue;
        }
        let tag = element.strip_prefix(b"W/").unwrap_or(element);
        let version = match tag
            .strip_prefix(b"\"")
            .and_then(|rest| rest.strip_suffix(b"\""))
        {
            Some(quoted) => version_digits(quoted)?,
            // Only the strong form may go without quotes: `W/3` is no entity-tag.
            None if tag.len() == element.len() => version_digits(tag)?,
            None => return None,
        };
        versions.push(version);
    }
    (!versions.is_empty()).then_some(Precondition::Versions(versions))
}

/// `0` or a decimal integer without a leading zero that fits a version.
fn version_digits(digits: &[u8]) -> Option<u64> {
    let canonical = match digits {
        [b'0'] => true,
        [first, ..] => first.is_ascii_digit() && *first != b'0',
        [] => false,
    };
    if !canonical || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Without the optional whitespace (SP, HTAB) of RFC 9110 §5.6.3 at both ends.
fn trim_ows(mut text: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = text {
        text = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = text {
        text = rest;
    }
    text
}

/// A query string's `name=value` pairs, decoded, in order.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name, true), percent_decode(value, true))
        })
        .collect()
}

/// One name or value of `application/x-www-form-urlencoded` text decoded: `%XX` is a byte, `+`
/// a space.
pub fn decode_form_component(component: &str) -> String {
    percent_decode(component, true)
}

/// A path segment decoded: `%XX` is a byte, `+` stays `+`.
pub fn decode_path_segment(segment: &str) -> String {
    percent_decode(segment, false)
}

/// `%XX` is a byte, and in `application/x-www-form-urlencoded` text `+` is a space; invalid
/// UTF-8 becomes U+FFFD rather than an error, so validation sees (and names) the odd value.
fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let mut decoded = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        match (byte, tail) {
            (b'+', _) if plus_is_space => decoded.push(b' '),
            (b'%', &[high, low, ref after @ ..]) => match (hex(high), hex(low)) {
                (Some(high), Some(low)) => {
                    decoded.push(high * 16 + low);
                    rest = after;
                }
                _ => decoded.push(b'%'),
            },
            (other, _) => decoded.push(other),
        }
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
    fn repeats_of_a_list_parameter_join_onto_its_first_pair() {
        let request = ApiRequest {
            query:
                "include=account&limit=5&include=owner,stage&limit=6&stage%5Bin%5D=a&stage[in]=b"
                    .into(),
            ..ApiRequest::default()
        };
        assert_eq!(
            request.query_pairs_joining(|name| name == "include" || name.ends_with("[in]")),
            vec![
                ("include".into(), "account,owner,stage".into()),
                ("limit".into(), "5".into()),
                ("limit".into(), "6".into()),
                ("stage[in]".into(), "a,b".into()),
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

    fn versions(list: &[u64]) -> Option<Precondition> {
        Some(Precondition::Versions(list.to_vec()))
    }

    #[test]
    fn if_match_is_read_as_rfc_9110_says() {
        let parse = |value: &str| parse_if_match(value.as_bytes());
        assert_eq!(parse("*"), Some(Precondition::Any));
        assert_eq!(parse(" * "), Some(Precondition::Any));
        assert_eq!(parse("\"3\""), versions(&[3]));
        assert_eq!(parse("W/\"3\""), versions(&[3]));
        assert_eq!(parse("3"), versions(&[3]));
        assert_eq!(parse("\"0\""), versions(&[0]));
        assert_eq!(parse("\"1\",W/\"2\", 3"), versions(&[1, 2, 3]));
        // Empty elements and blanks around commas are part of the #list rule.
        assert_eq!(parse(", \"1\" ,,\t\"2\",\t"), versions(&[1, 2]));
        assert_eq!(parse("\"18446744073709551615\""), versions(&[u64::MAX]));
        for malformed in [
            "\"7",
            "8\"",
            "\"+9\"",
            "+9",
            "\"-1\"",
            "\"010\"",
            "010",
            "\"00\"",
            "\"\"",
            "\"",
            "",
            " ",
            ",,,",
            " , ",
            "W/",
            "W/3",
            "w/\"3\"",
            "W/ \"3\"",
            "W/\"3",
            "\"3\"\"",
            "\"3 \"",
            "\" 3\"",
            "\"3\" \"4\"",
            "\"abc\"",
            "\"3a\"",
            "\"1,2\"",
            "* , \"1\"",
            "\"1\", *",
            "**",
            "\"18446744073709551616\"",
            "\"\u{663}\"",
            "\"3\";",
        ] {
            assert_eq!(parse(malformed), None, "{malformed:?}");
        }
    }

    #[test]
    fn if_match_field_lines_make_one_list() {
        let mut headers = HeaderMap::new();
        assert_eq!(
            Precondition::from_headers(&headers).ok(),
            Some(Precondition::None)
        );
        headers.append(http::header::IF_MATCH, HeaderValue::from_static("\"1\""));
        headers.append(http::header::IF_MATCH, HeaderValue::from_static("W/\"2\""));
        assert_eq!(Precondition::from_headers(&headers).ok(), versions(&[1, 2]));
        headers.append(http::header::IF_MATCH, HeaderValue::from_static("*"));
        let error = Precondition::from_headers(&headers).expect_err("* in a list");
        assert_eq!(error.code(), "INVALID_REQUEST");
        assert_eq!(error.details()[0].field, "If-Match");
        let non_ascii = HeaderValue::from_bytes(b"\"3\xc3\xa9\"").expect("obs-text");
        let mut headers = HeaderMap::new();
        headers.insert(http::header::IF_MATCH, non_ascii);
        assert!(Precondition::from_headers(&headers).is_err());
    }

    mod if_match_properties {
        use super::super::parse_if_match;
        use super::super::Precondition;
        use proptest::prelude::*;

        /// How one version is spelled: `"3"`, `W/"3"` or `3`.
        fn spelling() -> impl Strategy<Value = u8> {
            0u8..3
        }

        fn spell(version: u64, spelling: u8) -> String {
            match spelling {
                0 => format!("\"{version}\""),
                1 => format!("W/\"{version}\""),
                _ => version.to_string(),
            }
        }

        /// Optional whitespace, as RFC 9110 allows around commas.
        fn ows() -> impl Strategy<Value = &'static str> {
            prop::sample::select(vec!["", " ", "\t", "  ", " \t "])
        }

        /// A well-formed list: each version with its spelling and the blanks and empty
        /// elements around it.
        fn list() -> impl Strategy<Value = (Vec<u64>, String)> {
            prop::collection::vec((any::<u64>(), spelling(), ows(), ows(), 0usize..3), 1..8)
                .prop_map(|elements| {
                    let mut text = String::new();
                    let mut versions = Vec::new();
                    for (index, (version, spelling, before, after, empties)) in
                        elements.into_iter().enumerate()
                    {
                        if index > 0 {
                            text.push(',');
                        }
                        for _ in 0..empties {
                            text.push_str(before);
                            text.push(',');
                        }
                        text.push_str(before);
                        text.push_str(&spell(version, spelling));
                        text.push_str(after);
                        versions.push(version);
                    }
                    (versions, text)
                })
        }

        proptest! {
            #[test]
            fn never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
                let _ = parse_if_match(&bytes);
            }

            #[test]
            fn never_panics_on_etag_like_text(text in "[ \t,*W/\"0-9+a-]{0,24}") {
                let _ = parse_if_match(text.as_bytes());
            }

            #[test]
            fn well_formed_lists_round_trip((versions, text) in list()) {
                prop_assert_eq!(
                    parse_if_match(text.as_bytes()),
                    Some(Precondition::Versions(versions)),
                    "{:?}", text
                );
            }

            #[test]
            fn a_leading_zero_a_sign_or_an_unbalanced_quote_is_refused(
                (versions, _) in list(),
                spellings in prop::collection::vec(spelling(), 8),
                broken in any::<prop::sample::Index>(),
                damage in 0u8..5,
            ) {
                let broken = broken.index(versions.len());
                let elements: Vec<String> = versions
                    .iter()
                    .zip(&spellings)
                    .enumerate()
                    .map(|(index, (version, spelling))| {
                        if index != broken {
                            return spell(*version, *spelling);
                        }
                        let quoted = |digits: String| match spelling {
                            0 => format!("\"{digits}\""),
                            1 => format!("W/\"{digits}\""),
                            _ => digits,
                        };
                        match damage {
                            0 => quoted(format!("0{version}")),
                            1 => quoted(format!("+{version}")),
                            2 => quoted(format!("-{version}")),
                            // Unbalanced quotes: only the opening one, or only the closing one.
                            3 => format!("\"{version}"),
                            _ => format!("{version}\""),
                        }
                    })
                    .collect();
                let text = elements.join(", ");
                prop_assert_eq!(parse_if_match(text.as_bytes()), None, "{:?}", text);
            }
        }
    }
}
