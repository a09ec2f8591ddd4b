//! The one error type every handler returns, and its rendering as the documented envelope:
//! `{"error":{"code","message","details":[{"field","message"}],"request_id"}}`.

use http::StatusCode;
use serde::Serialize;

use crate::pipeline::RuleError;
use crate::store::{StoreError, MAX_ITEM_BYTES};

/// The cause an internal error carries, kept whole (with its own sources) for the log.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An error and its sources, outermost first, joined by ": ": how a failure is logged.
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    std::iter::successors(Some(error), |error| error.source())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}

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
    /// A stage that does not exist, or not in the pipeline named: a validation error the
    /// documented view words its own way, so it is told apart by its type.
    #[error("Invalid stage")]
    UnknownStage { details: Vec<FieldError> },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// Not found, with details: where a deal went (`merged_into`), or which field of the body
    /// named what does not exist.
    #[error("{message}")]
    NotFoundWithDetails {
        message: String,
        details: Vec<FieldError>,
    },
    #[error("{message}")]
    Conflict {
        message: String,
        details: Vec<FieldError>,
    },
    #[error("Request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// Something broke on our side. The source is logged (see [`error_chain`]), never sent to
    /// the client.
    #[error("internal error")]
    Internal(#[source] BoxError),
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

    /// The refusal of a stage that does not exist (or not in the pipeline named), naming `field`.
    pub fn unknown_stage(field: &str) -> Self {
        ApiError::UnknownStage {
            details: vec![FieldError::new(
                field,
                "Stage not found or does not belong to your company",
            )],
        }
    }

    pub fn deal_not_found() -> Self {
        ApiError::NotFound("Deal not found".into())
    }

    /// A deal that was merged into `survivor`, as a write to it is refused.
    pub fn merged_into(survivor: &str) -> Self {
        ApiError::NotFoundWithDetails {
            message: "Deal not found".into(),
            details: vec![FieldError::new("merged_into", survivor)],
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Validation { .. }
            | ApiError::UnknownStage { .. }
            | ApiError::InvalidRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) | ApiError::NotFoundWithDetails { .. } => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Validation { .. } | ApiError::UnknownStage { .. } => "VALIDATION_ERROR",
            ApiError::InvalidRequest { .. } => "INVALID_REQUEST",
            ApiError::Unauthorized(_) => "UNAUTHORIZED",
            ApiError::Forbidden(_) => "FORBIDDEN",
            ApiError::NotFound(_) | ApiError::NotFoundWithDetails { .. } => "NOT_FOUND",
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
            | ApiError::UnknownStage { details }
            | ApiError::InvalidRequest { details, .. }
            | ApiError::NotFoundWithDetails { details, .. }
            | ApiError::Conflict { details, .. } => details,
            _ => &[],
        }
    }

    /// The same error with detail fields renamed, for requests that used a synonym (`stage_id`
    /// for `stage`).
    pub fn renaming_fields(mut self, rename: impl Fn(&str) -> Option<String>) -> Self {
        if let ApiError::Validation { details, .. }
        | ApiError::UnknownStage { details }
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

/// What the API answers for each refusal of the deal and pipeline rules.
impl From<RuleError> for ApiError {
    fn from(error: RuleError) -> Self {
        match error {
            RuleError::UnknownStage { field } => ApiError::unknown_stage(&field),
            RuleError::UnknownPipeline => ApiError::Validation {
                message: "Invalid pipeline".into(),
                details: vec![FieldError::new(
                    "pipeline_id",
                    "Pipeline not found or does not belong to your company",
                )],
            },
            RuleError::LossFieldsMissing(missing) => ApiError::validation(
                missing
                    .into_iter()
                    .map(|field| {
                        let what = if field == "loss_reason" {
                            "Loss reason"
                        } else {
                            "Loss category"
                        };
                        FieldError::new(field, format!("{what} is required when the deal is lost"))
                    })
                    .collect(),
            ),
            RuleError::TooManyStages => {
                ApiError::conflict("stages", RuleError::TooManyStages.to_string())
            }
            RuleError::LastStage => {
                ApiError::conflict("stage_id", RuleError::LastStage.to_string())
            }
            RuleError::StageNotFound => ApiError::NotFound(RuleError::StageNotFound.to_string()),
            RuleError::InFuture(field) => {
                ApiError::invalid_field(field, "Must not be in the future")
            }
            malformed @ RuleError::Malformed(_) => ApiError::Internal(Box::new(malformed)),
        }
    }
}

/// What the API answers for each way the store can refuse or fail (the store itself knows
/// nothing of HTTP).
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::VersionConflict => ApiError::conflict(
                "version",
                "The item was changed by another request; reload it and retry",
            ),
            StoreError::DealNumberTaken => {
                ApiError::conflict("deal_number", "Deal number is already in use")
            }
            StoreError::AlreadyExists => ApiError::conflict("id", "An item with this id exists"),
            StoreError::IdempotencyKeyTaken => ApiError::conflict(
                "Idempotency-Key",
                "A request with this Idempotency-Key is being processed; retry",
            ),
            StoreError::MissingRecords(missing) => ApiError::validation(
                missing
                    .iter()
                    .map(|r| FieldError::new(r.id.clone(), r.kind.not_found()))
                    .collect(),
            ),
            StoreError::ItemTooLarge(size) => ApiError::invalid_field(
                "body",
                format!(
                    "The deal would take {size} bytes of storage, past the {MAX_ITEM_BYTES} a deal may; shorten some fields"
                ),
            ),
            StoreError::MissingStage => ApiError::unknown_stage("stage"),
            StoreError::StageClosing => ApiError::conflict(
                "stage",
                "The stage is being deleted; its deals are moving to another stage",
            ),
            StoreError::StageInUse(stage) => ApiError::conflict(
                "stage_id",
                format!("Deals are in stage {stage}: move them first (DELETE with move_to=<stage_id> does)"),
            ),
            StoreError::TooManyPipelines => ApiError::conflict(
                "pipelines",
                format!(
                    "A tenant has at most {} pipelines",
                    crate::pipeline::MAX_PIPELINES
                ),
            ),
            StoreError::TooManyWebhooks => ApiError::conflict(
                "webhooks",
                format!(
                    "A tenant has at most {} webhooks",
                    crate::webhooks::subscription::MAX_WEBHOOKS_PER_TENANT
                ),
            ),
            StoreError::LastPipeline => {
                ApiError::conflict("id", "A tenant keeps at least one pipeline")
            }
            StoreError::Referenced { deals, contacts } => ApiError::conflict(
                "id",
                format!("The record is referenced by {deals} live deals and {contacts} contacts"),
            ),
            StoreError::Unavailable(detail) => ApiError::Unavailable(detail),
            internal @ StoreError::Internal(_) => ApiError::Internal(Box::new(internal)),
        }
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
    fn an_internal_error_keeps_its_source_for_the_log() {
        let store = StoreError::Internal("table deals-prod: ValidationException at key pk".into());
        let error = ApiError::from(store);
        assert_eq!(
            error_chain(&error),
            "internal error: DynamoDB error: table deals-prod: ValidationException at key pk"
        );
        let source = std::error::Error::source(&error);
        assert!(
            source.is_some_and(|source| source.is::<StoreError>()),
            "{source:?}"
        );
        let body = error.to_body("req-1").to_string();
        assert!(!body.contains("deals-prod"), "{body}");
        assert!(!body.contains("DynamoDB"), "{body}");
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
