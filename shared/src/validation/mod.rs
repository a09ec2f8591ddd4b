//! What a client may write, and how each field is checked and normalized.
//!
//! A request body is parsed ([`parse_object`]), then becomes [`Changes`] through a field table
//! ([`validate_fields`]) whose every field names the [`Rule`] its values must pass. The tables
//! stand beside what they describe: [`crate::deal_fields`], [`crate::records`],
//! [`crate::pipeline`] and [`crate::compat`].

mod body;
mod fields;
mod rule;

pub use body::{check_body_size, parse_object, MAX_BODY_BYTES};
#[cfg(test)]
pub(crate) use fields::details;
pub use fields::{create_only, field, validate_fields, Changes, FieldSpec, Mode, Writable};
pub use rule::{
    check_value, normalize_zero, required_message, Rule, DATE_MESSAGE, DATE_OR_DATE_TIME_MESSAGE,
    ENTITY_ID_MESSAGE, MAX_CUSTOM_FIELDS_BYTES, MAX_CUSTOM_FIELDS_DEPTH, MAX_DEAL_VALUE,
    MAX_LIST_ITEMS, MAX_LONG_TEXT, MAX_SHORT_TEXT, MAX_TAG_LENGTH,
};
