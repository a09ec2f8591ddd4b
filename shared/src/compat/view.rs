//! What the handlers ask of a view: how it checks a deal body, what it embeds, how it names
//! fields in errors.

use serde_json::Value;

use super::View;
use crate::compat;
use crate::deal_fields;
use crate::error::ApiError;
use crate::include::Include;
use crate::validation::{Changes, Mode};

impl View {
    pub(crate) fn deal_changes(
        self,
        body: serde_json::Map<String, Value>,
        mode: Mode,
    ) -> Result<Changes, ApiError> {
        match self {
            View::Crm => deal_fields::validate_deal_fields(body, mode),
            View::Documented => compat::deal_changes(body, mode),
        }
    }

    /// What GET of one deal and every write embed.
    pub(crate) fn all_includes(self) -> Vec<Include> {
        match self {
            View::Crm => Include::ALL.to_vec(),
            View::Documented => compat::ALL_INCLUDES.to_vec(),
        }
    }

    /// An error with its fields named as this view names them.
    pub(crate) fn error(self, error: ApiError) -> ApiError {
        match self {
            View::Crm => error,
            View::Documented => compat::document_error(error),
        }
    }
}
