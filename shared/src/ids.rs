//! Ids as types: each can hold only a well-formed id of its kind, in its one spelling. The
//! checks live here once; the validation rules (`Rule::PrefixedId`, `Rule::EntityId`) call
//! [`prefixed_id`] and [`entity_id`] and word the refusal a client sees.

use crate::model::DEAL_ID_PREFIX;

/// What a checked text value offers besides its `parse`: its text, back as a `String`, and
/// `Display`.
macro_rules! checked_text {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub(crate) use checked_text;

/// An id type whose `parse` is `check`; with `prefix`, a `<prefix><uuid>` record id.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, prefix $prefix:literal) => {
        id_type!($(#[$doc])* $name, |text| prefixed_id(text, $name::PREFIX));

        impl $name {
            pub const PREFIX: &'static str = $prefix;
        }
    };
    ($(#[$doc:meta])* $name:ident, $check:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            pub fn parse(text: &str) -> Option<$name> {
                $check(text).map($name)
            }
        }

        checked_text!($name);
    };
}

id_type!(
    /// `deal_` and a ULID, kept as written: the store's keys hold the id as the server made it.
    DealId,
    deal_id
);
id_type!(
    /// A pipeline's id (see [`entity_id`]).
    PipelineId,
    entity_id
);
id_type!(
    /// A stage's id (see [`entity_id`]).
    StageId,
    entity_id
);
id_type!(AccountId, prefix "acc-");
id_type!(UserId, prefix "usr-");
id_type!(ContactId, prefix "con-");
id_type!(RfpId, prefix "rfp-");
id_type!(TaskId, prefix "tsk-");

fn deal_id(text: &str) -> Option<String> {
    let ulid = text.strip_prefix(DEAL_ID_PREFIX)?;
    (ulid.len() == 26 && ulid::Ulid::from_string(ulid).is_ok()).then(|| text.to_owned())
}

/// `text` if it can be a pipeline's or stage's id: 1 to 64 of `A-Z a-z 0-9 _ -`, as every id
/// the server makes. Case is kept: pipeline ids are chosen by clients.
pub fn entity_id(text: &str) -> Option<String> {
    let valid = (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    valid.then(|| text.to_owned())
}

/// `text` as a `<prefix><uuid>` record id, lower-cased, if it is one. The prefix is matched
/// exactly and the UUID must be hyphenated, so one record has one spelling.
pub fn prefixed_id(text: &str, prefix: &str) -> Option<String> {
    let uuid = text.strip_prefix(prefix)?;
    (uuid.len() == 36 && uuid::Uuid::try_parse(uuid).is_ok()).then(|| text.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    const UUID: &str = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    #[test]
    fn deal_ids_are_deal_and_a_ulid_kept_as_written() {
        let made = crate::model::new_deal_id();
        let parsed = DealId::parse(&made);
        assert_eq!(parsed.as_ref().map(DealId::as_str), Some(made.as_str()));
        assert_eq!(parsed.map(String::from), Some(made.clone()));
        let lower = made.to_ascii_lowercase();
        assert_eq!(
            DealId::parse(&lower).map(|id| id.to_string()),
            Some(lower),
            "a ULID's case is not changed"
        );
        for bad in [
            "deal_123",
            "deal-01HZZZZZZZZZZZZZZZZZZZZZZZ",
            "DEAL_01HZZZZZZZZZZZZZZZZZZZZZZZ",
            "per_01HZZZZZZZZZZZZZZZZZZZZZZZ",
            "deal_01HZZZZZZZZZZZZZZZZZZZZZZZZ",
            "deal_",
            "",
        ] {
            assert_eq!(DealId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn pipeline_and_stage_ids_are_1_to_64_letters_digits_underscores_and_hyphens() {
        let longest = "a".repeat(64);
        for good in ["lead", "closed_won", "Pipe-2", "7", longest.as_str()] {
            assert_eq!(
                PipelineId::parse(good).as_ref().map(PipelineId::as_str),
                Some(good)
            );
            assert_eq!(
                StageId::parse(good).map(String::from).as_deref(),
                Some(good)
            );
        }
        assert_eq!(
            StageId::parse("Closed_Won")
                .map(|id| id.to_string())
                .as_deref(),
            Some("Closed_Won"),
            "case is kept"
        );
        let too_long = "a".repeat(65);
        for bad in [
            "",
            too_long.as_str(),
            "lead stage",
            "lead#1",
            "stage/2",
            "étape",
            " lead",
        ] {
            assert_eq!(PipelineId::parse(bad), None, "{bad}");
            assert_eq!(StageId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn record_ids_are_their_prefix_and_a_hyphenated_uuid_lower_cased() {
        let id = |prefix: &str| format!("{prefix}{UUID}");
        assert_eq!(
            AccountId::parse(&id("acc-")).map(String::from),
            Some(id("acc-"))
        );
        assert_eq!(
            UserId::parse(&id("usr-")).as_ref().map(UserId::as_str),
            Some(id("usr-").as_str())
        );
        assert_eq!(
            ContactId::parse(&format!("con-{}", UUID.to_ascii_uppercase()))
                .map(|id| id.to_string()),
            Some(id("con-")),
            "the UUID is lower-cased"
        );
        assert!(RfpId::parse(&id("rfp-")).is_some());
        assert!(TaskId::parse(&id("tsk-")).is_some());
        for bad in [
            id("con-"),
            id("ACC-"),
            id("acc_"),
            format!("acc-{}", UUID.replace('-', "")),
            format!("acc-{{{UUID}}}"),
            format!("acc-{UUID}0"),
            "acc-".to_owned(),
            String::new(),
        ] {
            assert_eq!(AccountId::parse(&bad), None, "{bad}");
        }
        assert_eq!(
            [
                AccountId::PREFIX,
                UserId::PREFIX,
                ContactId::PREFIX,
                RfpId::PREFIX,
                TaskId::PREFIX
            ],
            ["acc-", "usr-", "con-", "rfp-", "tsk-"]
        );
    }
}
