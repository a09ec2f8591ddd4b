//! What the handlers ask of a view: how it checks a deal body, what it embeds, how it names
//! fields in errors.

use serde_json::Value;

use super::View;
use crate::compat;
use crate::deal_fields;
use crate::deal_patch::DealPatch;
use crate::error::ApiError;
use crate::include::Include;
use crate::validation::Mode;

impl View {
    /// A deal's create or update body, checked by this view's field table, as typed values.
    pub(crate) fn deal_patch(
        self,
        body: serde_json::Map<String, Value>,
        mode: Mode,
    ) -> Result<DealPatch, ApiError> {
        let changes = match self {
            View::Crm => deal_fields::validate_deal_fields(body, mode),
            View::Documented => compat::deal_changes(body, mode),
        }?;
        Ok(DealPatch::from_changes(changes)?)
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
