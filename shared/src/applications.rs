//! Applications (integrations) and their API keys: the records, their rules, and the keys'
//! form. A key is [`KEY_PREFIX`] and 43 base64url characters (256 random bits). It is shown
//! once, when made; the store keeps its SHA-256 only, which is also how a key is found.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::digest::{digest, SHA256};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::auth::{scopes, Caller};
use crate::clock::Now;
use crate::error::{ApiError, FieldError};
use crate::validation::{field, validate_fields, Changes, FieldSpec, Mode, Rule};

/// How every API key starts, so that a request's credential is told by its form.
pub const KEY_PREFIX: &str = "dk_";
const KEY_RANDOM_BYTES: usize = 32;
/// Base64url of 32 bytes, unpadded.
const KEY_RANDOM_CHARS: usize = 43;
/// What a key list shows of each key: enough to tell keys apart, far too little to guess one.
const SHOWN_KEY_CHARS: usize = KEY_PREFIX.len() + 8;
/// Keys an application holds at once; a scope change rewrites each in one transaction.
pub const MAX_KEYS_PER_APPLICATION: usize = 20;

pub const APPLICATION_PREFIX: &str = "app_";
pub const KEY_ID_PREFIX: &str = "key_";

/// What the API knows of an application, as its endpoints answer it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    pub version: u64,
}

/// One key of an application, as `GET …/keys` lists it: never the key itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyInfo {
    pub id: String,
    pub name: Option<String>,
    /// The key's first characters.
    pub prefix: String,
    pub created_at: String,
    pub created_by: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
}

/// The SHA-256 of a key: what is stored, and what a key is looked up by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyHash([u8; 32]);

impl KeyHash {
    pub fn of(key: &str) -> Self {
        let mut hash = [0u8; 32];
        hash.copy_from_slice(digest(&SHA256, key.as_bytes()).as_ref());
        KeyHash(hash)
    }

    /// Lower-case hex, as stored.
    pub fn to_hex(self) -> String {
        self.0.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// Whether `hex` spells this hash, compared in constant time.
    pub fn matches_hex(&self, hex: &str) -> bool {
        let expected = self.to_hex();
        expected.len() == hex.len()
            && expected
                .bytes()
                .zip(hex.bytes())
                .fold(0u8, |differs, (a, b)| differs | (a ^ b))
                == 0
    }
}

/// A key just made: the text shown once, its hash and what a list shows of it.
pub struct NewKey {
    pub secret: String,
    pub hash: KeyHash,
    pub prefix: String,
}

/// A new key from the system's secure random source.
pub fn generate_key() -> Result<NewKey, ApiError> {
    let mut random = [0u8; KEY_RANDOM_BYTES];
    SystemRandom::new()
        .fill(&mut random)
        .map_err(|_| ApiError::Internal("no secure random bytes for a key".into()))?;
    let secret = format!("{KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(random));
    Ok(NewKey {
        hash: KeyHash::of(&secret),
        prefix: secret.chars().take(SHOWN_KEY_CHARS).collect(),
        secret,
    })
}

/// Whether `key` has the form every key has; anything else is refused without a lookup.
pub fn is_well_formed_key(key: &str) -> bool {
    key.strip_prefix(KEY_PREFIX).is_some_and(|random| {
        random.len() == KEY_RANDOM_CHARS
            && random
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

pub fn new_application_id() -> String {
    format!("{APPLICATION_PREFIX}{}", ulid::Ulid::new())
}

pub fn new_key_id() -> String {
    format!("{KEY_ID_PREFIX}{}", ulid::Ulid::new())
}

/// Ids as [`new_application_id`] and [`new_key_id`] make them: the prefix and a ULID.
pub fn is_application_id(id: &str) -> bool {
    id.strip_prefix(APPLICATION_PREFIX).is_some_and(is_ulid)
}

pub fn is_key_id(id: &str) -> bool {
    id.strip_prefix(KEY_ID_PREFIX).is_some_and(is_ulid)
}

fn is_ulid(text: &str) -> bool {
    text.len() == 26 && ulid::Ulid::from_string(text).is_ok_and(|ulid| ulid.to_string() == text)
}

const APPLICATION_FIELDS: &[FieldSpec] = &[
    field("name", Rule::Required),
    field("scopes", Rule::ApplicationScopes),
];
const APPLICATION_SERVER_MANAGED: &[&str] = &[
    "id",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "version",
];
const KEY_FIELDS: &[FieldSpec] = &[
    field("name", Rule::ShortText),
    field("expires_at", Rule::DateOrDateTime),
];
const KEY_SERVER_MANAGED: &[&str] = &[
    "id",
    "key",
    "prefix",
    "created_at",
    "created_by",
    "last_used_at",
];

/// A `POST /applications` body (`name` and `scopes` both required) as a new application.
pub fn new_application(
    body: Map<String, Value>,
    caller: &Caller,
    now: &Now,
) -> Result<Application, ApiError> {
    let missing_scopes = !body.contains_key("scopes");
    let changes = validate_fields(
        body,
        APPLICATION_FIELDS,
        APPLICATION_SERVER_MANAGED,
        Mode::Create,
    )
    .map_err(|error| with_missing_scopes(error, missing_scopes))?;
    if missing_scopes {
        return Err(ApiError::validation(vec![scopes_required()]));
    }
    Ok(Application {
        id: new_application_id(),
        name: text(&changes, "name"),
        scopes: scope_list(&changes),
        created_at: now.timestamp.clone(),
        created_by: caller.subject.clone(),
        updated_at: now.timestamp.clone(),
        updated_by: caller.subject.clone(),
        version: 1,
    })
}

/// What a `PATCH /applications/{id}` body changes, checked.
pub fn application_changes(body: Map<String, Value>) -> Result<Changes, ApiError> {
    validate_fields(
        body,
        APPLICATION_FIELDS,
        APPLICATION_SERVER_MANAGED,
        Mode::Update,
    )
}

/// `current` with `changes` applied: a new version, stamped.
pub fn updated_application(
    current: &Application,
    changes: &Changes,
    caller: &Caller,
    now: &Now,
) -> Application {
    let mut updated = current.clone();
    if changes.contains("name") {
        updated.name = text(changes, "name");
    }
    if changes.contains("scopes") {
        updated.scopes = scope_list(changes);
    }
    updated.version = current.version + 1;
    updated.updated_at = now.timestamp.clone();
    updated.updated_by = caller.subject.clone();
    updated
}

/// A `POST …/keys` body (everything optional; `expires_at` in the future) as the new key's
/// listing, for `key`.
pub fn new_key_info(
    body: Map<String, Value>,
    key: &NewKey,
    caller: &Caller,
    now: &Now,
) -> Result<KeyInfo, ApiError> {
    let changes = validate_fields(body, KEY_FIELDS, KEY_SERVER_MANAGED, Mode::Create)?;
    let expires_at = changes.get_str("expires_at").map(expiry_timestamp);
    if expires_at
        .as_deref()
        .is_some_and(|expiry| *expiry <= *now.timestamp)
    {
        return Err(ApiError::validation(vec![FieldError::new(
            "expires_at",
            "Must be in the future",
        )]));
    }
    Ok(KeyInfo {
        id: new_key_id(),
        name: changes.get_str("name").map(String::from),
        prefix: key.prefix.clone(),
        created_at: now.timestamp.clone(),
        created_by: caller.subject.clone(),
        expires_at,
        last_used_at: None,
    })
}

/// A date alone expires at its first moment (UTC); a date-time is already a timestamp.
fn expiry_timestamp(value: &str) -> String {
    if value.len() == "2026-01-15".len() {
        format!("{value}T00:00:00.000Z")
    } else {
        value.to_owned()
    }
}

fn text(changes: &Changes, name: &str) -> String {
    changes.get_str(name).unwrap_or_default().to_owned()
}

fn scope_list(changes: &Changes) -> Vec<String> {
    changes
        .get("scopes")
        .and_then(Value::as_array)
        .map(|scopes| {
            scopes
                .iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

fn scopes_required() -> FieldError {
    FieldError::new("scopes", "Scopes is required")
}

/// A create body without `scopes` names it beside the other refusals.
fn with_missing_scopes(error: ApiError, missing: bool) -> ApiError {
    match error {
        ApiError::Validation { mut details, .. } if missing => {
            details.push(scopes_required());
            ApiError::validation(details)
        }
        other => other,
    }
}

/// The rule of an application's `scopes`: a non-empty list of scopes an application may hold.
pub fn check_scopes(value: &Value) -> Result<Value, String> {
    let Some(items) = value.as_array() else {
        return Err("Must be an array of scopes".into());
    };
    if items.is_empty() {
        return Err("Must name at least one scope".into());
    }
    let mut scopes: Vec<Value> = Vec::new();
    for item in items {
        let Some(scope) = item.as_str() else {
            return Err("Must be an array of scopes".into());
        };
        if scopes::PERSON_ONLY.contains(&scope) {
            return Err(format!(
                "{scope} is for people only: no application may hold it"
            ));
        }
        if !scopes::grantable_to_applications(scope) {
            return Err(format!("Unknown scope {scope}"));
        }
        if !scopes.iter().any(|known| known == item) {
            scopes.push(item.clone());
        }
    }
    Ok(Value::Array(scopes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn caller() -> Caller {
        Caller {
            tenant_id: "t1".into(),
            subject: "usr-1".into(),
            scopes: vec![],
            app_id: None,
        }
    }

    fn body(value: Value) -> Map<String, Value> {
        value.as_object().cloned().expect("an object")
    }

    fn fields(error: ApiError) -> Vec<String> {
        error.details().iter().map(|d| d.field.clone()).collect()
    }

    #[test]
    fn keys_are_256_random_bits_behind_the_prefix_and_only_their_hash_identifies_them() {
        let first = generate_key().expect("key");
        let second = generate_key().expect("key");
        assert!(is_well_formed_key(&first.secret), "{}", first.secret);
        assert_eq!(first.secret.len(), KEY_PREFIX.len() + 43);
        assert_ne!(first.secret, second.secret);
        assert_eq!(first.hash, KeyHash::of(&first.secret));
        assert_ne!(first.hash, second.hash);
        assert!(first.secret.starts_with(&first.prefix));
        assert_eq!(first.prefix.len(), 11);
        assert!(first.hash.matches_hex(&first.hash.to_hex()));
        assert!(!first.hash.matches_hex(&second.hash.to_hex()));
        assert!(!first.hash.matches_hex(""));
    }

    #[test]
    fn only_the_exact_key_form_is_a_key() {
        let key = generate_key().expect("key").secret;
        assert!(is_well_formed_key(&key));
        for bad in [
            "dk_".to_owned(),
            format!("{key}A"),
            key[..key.len() - 1].to_owned(),
            key.replace("dk_", "DK_"),
            format!("dk_{}", "+".repeat(43)),
            format!("dk_{}", "é".repeat(21)),
        ] {
            assert!(!is_well_formed_key(&bad), "{bad}");
        }
    }

    #[test]
    fn an_application_needs_a_name_and_scopes_it_may_hold() {
        let now = Now::current();
        let app = new_application(
            body(json!({"name": " Sync ", "scopes": ["read:deals", "write:deals", "read:deals"]})),
            &caller(),
            &now,
        )
        .expect("valid");
        assert_eq!(app.name, "Sync");
        assert_eq!(app.scopes, ["read:deals", "write:deals"]);
        assert!(is_application_id(&app.id), "{}", app.id);
        assert_eq!(app.version, 1);
        assert_eq!(app.created_by, "usr-1");

        let missing = new_application(body(json!({})), &caller(), &now).expect_err("refused");
        assert_eq!(fields(missing), ["name", "scopes"]);
        for scopes in [
            json!([]),
            json!("read:deals"),
            json!(["read:deals", 3]),
            json!(["write:applications"]),
            json!(["read:applications"]),
            json!(["admin"]),
        ] {
            let refused = new_application(
                body(json!({"name": "x", "scopes": scopes})),
                &caller(),
                &now,
            )
            .expect_err("refused");
            assert_eq!(fields(refused), ["scopes"], "{scopes}");
        }
        let unknown = new_application(
            body(json!({"name": "x", "scopes": ["read:deals"], "id": "app_x", "owner": 1})),
            &caller(),
            &now,
        )
        .expect_err("refused");
        assert_eq!(fields(unknown), ["id", "owner"]);
    }

    #[test]
    fn a_key_may_expire_only_in_the_future() {
        let now = Now::current();
        let key = generate_key().expect("key");
        let info = new_key_info(
            body(json!({"name": "ci", "expires_at": "9999-01-01"})),
            &key,
            &caller(),
            &now,
        )
        .expect("valid");
        assert_eq!(info.expires_at.as_deref(), Some("9999-01-01T00:00:00.000Z"));
        assert_eq!(info.name.as_deref(), Some("ci"));
        assert!(is_key_id(&info.id));
        let past = new_key_info(
            body(json!({"expires_at": "2001-01-01T00:00:00Z"})),
            &key,
            &caller(),
            &now,
        )
        .expect_err("refused");
        assert_eq!(fields(past), ["expires_at"]);
        let forged = new_key_info(
            body(json!({"key": "dk_x", "prefix": "dk_"})),
            &key,
            &caller(),
            &now,
        )
        .expect_err("refused");
        assert_eq!(fields(forged), ["key", "prefix"]);
    }

    #[test]
    fn ids_are_the_prefix_and_a_canonical_ulid() {
        assert!(is_application_id(&new_application_id()));
        assert!(is_key_id(&new_key_id()));
        for bad in [
            "app_",
            "app_x",
            "key_01J0000000000000000000000A",
            "app_01j0000000000000000000000a",
        ] {
            assert!(!is_application_id(bad), "{bad}");
        }
    }
}
