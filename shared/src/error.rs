//! The one error type every handler returns, and its rendering as the documented envelope:
//! `{"error":{"code","message","details":[{"field","message"}],"request_id"}}`.

use http::StatusCode;
use serde::Serialize;

/// One problem with one field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// One or more fields are wrong; `details` names each of them.
    #[error("{message}")]
    Validation {
        message: String,
        details: Vec<FieldError>,
    },
    /// The request as a whole cannot be understood (not JSON, nothing to do, bad header).
    #[error("{message}")]
    InvalidRequest {
        message: String,
        details: Vec<FieldError>,
    },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Conflict {
        message: String,
        details: Vec<FieldError>,
    },
    #[error("Request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// Something broke on our side. The text is logged, never sent to the client.
    #[error("internal error: {0}")]
    Internal(String),
    /// A dependency (DynamoDB) is unreachable or throttling. The text is logged, never sent.
    #[error("service unavailable: {0}")]
    Unavailable(String),
}

impl ApiError {
    /// A validation error whose headline is the only problem's message, or a count when several.
    pub fn validation(details: Vec<FieldError>) -> Self {
        let message = match details.as_slice() {
            [only] => only.message.clone(),
            _ => format!("{} fields are invalid", details.len()),
        };
        ApiError::Validation { message, details }
    }

    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, message)])
    }

    pub fn invalid_request(message: impl Into<String>) -> Self {
        ApiError::InvalidRequest {
            message: message.into(),
            details: Vec::new(),
        }
    }

    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        ApiError::Conflict {
            details: vec![FieldError::new(field, message.clone())],
            message,
        }
    }

    pub fn deal_not_found() -> Self {
        ApiError::NotFound("Deal not found".into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Validation { .. } | ApiError::InvalidRequest { .. } => {
                StatusCode::BAD_REQUEST
            }
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Validation { .. } => "VALIDATION_ERROR",
            ApiError::InvalidRequest { .. } => "INVALID_REQUEST",
            ApiError::Unauthorized(_) => "UNAUTHORIZED",
            ApiError::Forbidden(_) => "FORBIDDEN",
            ApiError::NotFound(_) => "NOT_FOUND",
            ApiError::Conflict { .. } => "CONFLICT",
            ApiError::PayloadTooLarge { .. } => "PAYLOAD_TOO_LARGE",
            ApiError::Internal(_) => "INTERNAL_ERROR",
            ApiError::Unavailable(_) => "SERVICE_UNAVAILABLE",
        }
    }

    /// The message a client may see: internals are replaced by a fixed sentence.
    pub fn public_message(&self) -> String {
        match self {
            ApiError::Internal(_) => "An unexpected error occurred".into(),
            ApiError::Unavailable(_) => {
                "The service is temporarily unavailable, please retry".into()
            }
            other => other.to_string(),
        }
    }

    pub fn details(&self) -> &[FieldError] {
        match self {
            ApiError::Validation { details, .. }
            | ApiError::InvalidRequest { details, .. }
            | ApiError::Conflict { details, .. } => details,
            _ => &[],
        }
    }

    /// The same error with detail fields renamed, for requests that used a synonym (`stage_id`
    /// for `stage`).
    pub fn renaming_fields(mut self, rename: impl Fn(&str) -> Option<String>) -> Self {
        if let ApiError::Validation { details, .. }
        | ApiError::InvalidRequest { details, .. }
        | ApiError::Conflict { details, .. } = &mut self
        {
            for detail in details.iter_mut() {
                if let Some(name) = rename(&detail.field) {
                    detail.field = name;
                }
            }
        }
        self
    }

    /// The JSON body of the envelope.
    pub fn to_body(&self, request_id: &str) -> serde_json::Value {
        serde_json::json!({
            "error": {
                "code": self.code(),
                "message": self.public_message(),
                "details": self.details(),
                "request_id": request_id,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_never_leak_their_text() {
        let error = ApiError::Internal("table deals-prod: ValidationException at key pk".into());
        let body = error.to_body("req-1").to_string();
        assert!(!body.contains("deals-prod"));
        assert!(body.contains("INTERNAL_ERROR"));
        assert!(body.contains("req-1"));
    }

    #[test]
    fn a_single_detail_becomes_the_headline() {
        let error = ApiError::invalid_field("name", "Name is required");
        assert_eq!(error.public_message(), "Name is required");
        let two = ApiError::validation(vec![FieldError::new("a", "x"), FieldError::new("b", "y")]);
        assert_eq!(two.public_message(), "2 fields are invalid");
        assert_eq!(two.status(), StatusCode::BAD_REQUEST);
    }
}
