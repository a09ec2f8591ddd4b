//! The checks every write body shares before its fields are looked at: its size, then UTF-8
//! JSON (invalid UTF-8 is not JSON), then a JSON object.

use serde_json::{Map, Value};

use crate::error::ApiError;

/// Largest request body accepted (413 past it). Keeps every deal far below DynamoDB's 400 KB item limit.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Size limit, JSON syntax and "must be an object": the checks every write body shares.
pub fn parse_object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    check_body_size(body)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::invalid_request(
            "Request body must be a JSON object",
        ));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiError::invalid_request(
            "Request body must be a JSON object",
        )),
        Err(_) => Err(ApiError::invalid_request("Request body is not valid JSON")),
    }
}

/// 413 for a body over [`MAX_BODY_BYTES`], whatever it holds (blanks included) and whatever the
/// method: the dispatcher checks every request with it before any handler runs.
pub fn check_body_size(body: &[u8]) -> Result<(), ApiError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge {
            limit: MAX_BODY_BYTES,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_must_be_json_objects_within_the_limit() {
        assert!(matches!(
            parse_object(b"not json"),
            Err(ApiError::InvalidRequest { .. })
        ));
        assert!(matches!(
            parse_object(b"[1]"),
            Err(ApiError::InvalidRequest { .. })
        ));
        assert!(matches!(
            parse_object(b""),
            Err(ApiError::InvalidRequest { .. })
        ));
        let big = vec![b' '; MAX_BODY_BYTES + 1];
        assert!(matches!(
            parse_object(&big),
            Err(ApiError::PayloadTooLarge { .. })
        ));
        assert!(parse_object(br#"{"a":1}"#).is_ok());
    }

    #[test]
    fn a_body_that_is_not_utf_8_is_not_json() {
        assert!(matches!(
            parse_object(b"{\"name\":\"\xff\"}"),
            Err(ApiError::InvalidRequest { message, .. }) if message == "Request body is not valid JSON"
        ));
    }
}
