//! `local import <file.csv>`: deals from a spreadsheet into the API through its batch create
//! endpoint (`POST {url}/api/v1/crm/deals/batch/create`, at most [`MAX_BATCH_SIZE`] deals a
//! request), for people as much as for programs. See [`USAGE`] for what a person is told.
//!
//! The run is [`import`]: the whole file is read, its header mapped and every row converted before
//! anything is sent, so a file that cannot be read as deals sends nothing. Each batch carries the
//! `Idempotency-Key` [`idempotency_key`] derives from the file's bytes and the batch's number, so
//! running the same file again answers the batches already imported from the API's idempotency
//! records instead of creating them twice.
//!
//! The client is hyper-util's over hyper-rustls with rustls and ring: the stack the DynamoDB
//! client and shared's JWKS client (shared/src/auth/jwks_url.rs) already build on, so https://
//! adds no crate to Cargo.lock, and one connector speaks both http:// (`make dev`) and https:// (a
//! deployed API Gateway URL). [`crate::plain_http`] speaks no TLS; reqwest or ureq would bring a
//! second HTTP stack and TLS setup.

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use csv::StringRecord;
use http::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use http::{StatusCode, Uri};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_rustls::{ConfigBuilderExt, HttpsConnector};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Map, Number, Value};
use shared::compat::document_name;
use shared::deal_fields::DEAL_FIELDS;
use shared::validation::{FieldSpec, Rule};

use crate::config::{local_config, port};
use crate::token::{mint, TokenRequest};

/// The most deals one batch request may carry, and the default batch size.
pub const MAX_BATCH_SIZE: usize = 100;
pub const BATCH_PATH: &str = "/api/v1/crm/deals/batch/create";
/// The column a rejected-rows file adds; ignored when importing, so that file can be fixed and
/// imported in turn.
pub const ERROR_COLUMN: &str = "error";
/// Separates the items of a list cell (`tags`, `contact_ids`, `competitors`, ...).
pub const LIST_SEPARATOR: char = ';';
/// A batch of 100 creates is a few seconds of DynamoDB writes; past this the API is not answering.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
const BAR_WIDTH: usize = 20;
/// The dev token's tenant, as `local serve` prints it.
const DEV_TENANT: &str = "tenant-dev";

pub const USAGE: &str = "\
usage: local import <file.csv> [--url URL] [--token JWT] [--batch-size N]
       make import FILE=<file.csv> [URL=...] [TOKEN=...]

Creates a deal for each row of the CSV file through the API's batch endpoint.
  --url URL         the API (default http://127.0.0.1:$PORT, PORT default 3000: make dev's)
  --token JWT       the bearer token (default: a dev token for tenant tenant-dev, every scope,
                    signed with the local JWT_SECRET, as make dev accepts)
  --batch-size N    deals per request, 1 to 100 (default 100)

The header row names deal fields, in the CRM's names (name, value, currency, stage, account_id,
owner_id, tags, custom_fields, ...) or the documented API's (title, stage_id, organization_id,
contact_id, assigned_to, metadata); custom_fields.<key> columns set one key each (as text). A
column named error is ignored. An unknown column stops the import before anything is sent.
Empty cells are left out; lists are separated by ';'; custom_fields is a JSON object; value and
probability are numbers such as 1234.50, kept exactly. Blank rows are skipped.

Running the same command again is safe: each batch carries an Idempotency-Key derived from the
file's bytes and its number, so batches imported in the last 24 hours are answered again, not
created twice (use the same --batch-size). Editing the file changes its keys: import the rows
left to do from a file of their own.

Rows that cannot be converted, or that the API refuses, are written to <name>.rejected.csv beside
the file: the file's columns and an error column saying why. Fix them there and import that file.
A run that rejects nothing removes a <name>.rejected.csv an earlier run left.

Exit status: 0 when every batch was answered, even if rows were rejected; 1 when the import stopped
(the file cannot be read, the API cannot be reached or refused a whole batch).";

/// What an imported column fills in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A deal field, by its CRM name.
    Field { name: &'static str, kind: Kind },
    /// One key of an object field: `custom_fields.region` (or `metadata.region`).
    ObjectKey { field: &'static str, key: String },
    /// The `error` column of a rejected-rows file.
    Ignored,
}

/// How a cell becomes JSON, from its field's [`Rule`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A JSON number with the cell's decimal value exactly.
    Number,
    /// Items separated by [`LIST_SEPARATOR`].
    List,
    /// JSON text of an object.
    Object,
}

impl Kind {
    pub fn of(rule: Rule) -> Kind {
        match rule {
            Rule::Amount | Rule::Percent | Rule::Position | Rule::Days => Kind::Number,
            Rule::PrefixedIdList(..) | Rule::TextList | Rule::Tags | Rule::ApplicationScopes => {
                Kind::List
            }
            Rule::Object => Kind::Object,
            Rule::Required
            | Rule::ShortText
            | Rule::LongText
            | Rule::PrefixedId(_)
            | Rule::Date
            | Rule::DateOrDateTime
            | Rule::Currency
            | Rule::EntityId
            | Rule::DealNumber
            | Rule::SourceTag
            | Rule::OneOf(_)
            | Rule::Email
            | Rule::Domain
            | Rule::Color => Kind::Text,
        }
    }
}

/// One column of the file: its header as written and what it fills in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error(
        "the file has no header row: its first row must name deal fields, e.g. name,value,currency"
    )]
    Empty,
    #[error("column {position} ({header:?}) is not a deal field; the columns may be {known}, custom_fields.<key>, or error (ignored)")]
    Unknown {
        header: String,
        /// 1-based, as a spreadsheet counts.
        position: usize,
        known: String,
    },
    #[error("columns {first:?} and {second:?} both give the deal's {field}")]
    Duplicate {
        first: String,
        second: String,
        field: String,
    },
}

/// The deal field a column header names, in the CRM's or the documented view's names.
fn deal_field(name: &str) -> Option<&'static FieldSpec> {
    DEAL_FIELDS
        .iter()
        .find(|spec| spec.name == name || document_name(spec.name).as_deref() == Some(name))
}

fn known_columns() -> String {
    let mut names: Vec<String> = DEAL_FIELDS.iter().map(|spec| spec.name.into()).collect();
    names.extend(
        DEAL_FIELDS
            .iter()
            .filter_map(|spec| document_name(spec.name)),
    );
    names.join(", ")
}

/// The header row's columns. Field names are matched trimmed and in any case; a key after
/// `custom_fields.` is kept as written.
pub fn map_header(header: &StringRecord) -> Result<Vec<Column>, HeaderError> {
    if header.iter().all(|cell| cell.trim().is_empty()) {
        return Err(HeaderError::Empty);
    }
    let mut columns = Vec::with_capacity(header.len());
    let mut seen: HashMap<String, String> = HashMap::new();
    for (index, cell) in header.iter().enumerate() {
        let written = cell.trim();
        let name = written.to_ascii_lowercase();
        let target = if name == ERROR_COLUMN {
            Target::Ignored
        } else if let Some(spec) = deal_field(&name) {
            Target::Field {
                name: spec.name,
                kind: Kind::of(spec.rule),
            }
        } else {
            let object_key = written.split_once('.').and_then(|(field, key)| {
                let spec = deal_field(&field.trim().to_ascii_lowercase())?;
                let key = key.trim();
                (Kind::of(spec.rule) == Kind::Object && !key.is_empty()).then(|| {
                    Target::ObjectKey {
                        field: spec.name,
                        key: key.to_owned(),
                    }
                })
            });
            object_key.ok_or_else(|| HeaderError::Unknown {
                header: cell.to_owned(),
                position: index + 1,
                known: known_columns(),
            })?
        };
        let filled = match &target {
            Target::Field { name, .. } => Some((*name).to_owned()),
            Target::ObjectKey { field, key } => Some(format!("{field}.{key}")),
            Target::Ignored => None,
        };
        if let Some(filled) = filled {
            if let Some(first) = seen.insert(filled.clone(), cell.to_owned()) {
                return Err(HeaderError::Duplicate {
                    first,
                    second: cell.to_owned(),
                    field: filled,
                });
            }
        }
        columns.push(Column {
            header: cell.to_owned(),
            target,
        });
    }
    Ok(columns)
}

/// A row with nothing in any column but `error`: skipped, as spreadsheets leave them at the end.
pub fn is_blank(columns: &[Column], record: &StringRecord) -> bool {
    record.iter().enumerate().all(|(index, cell)| {
        cell.trim().is_empty()
            || matches!(
                columns.get(index).map(|column| &column.target),
                Some(Target::Ignored)
            )
    })
}

/// One cell as JSON by its kind, trimmed; `None` when there is nothing in it.
pub fn convert_cell(kind: Kind, cell: &str) -> Result<Option<Value>, String> {
    let text = cell.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match kind {
        Kind::Text => Ok(Some(Value::String(text.to_owned()))),
        Kind::Number => exact_number(text).map(|number| Some(Value::Number(number))),
        Kind::List => {
            let items: Vec<Value> = text
                .split(LIST_SEPARATOR)
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| Value::String(item.to_owned()))
                .collect();
            Ok((!items.is_empty()).then_some(Value::Array(items)))
        }
        Kind::Object => match serde_json::from_str::<Value>(text) {
            Ok(object @ Value::Object(_)) => Ok(Some(object)),
            _ => Err(r#"Must be a JSON object, e.g. {"region": "EMEA"}"#.into()),
        },
    }
}

/// A JSON number of exactly the text's decimal value. This workspace's serde_json has no
/// `arbitrary_precision` (enabling it would change the server's numbers too: features unify), so
/// a fraction is an f64 here as on the server; text with more digits than an f64 keeps is refused
/// rather than rounded behind the person's back. serde_json checks the text is a JSON number, but
/// its f64 comes from std's parser: serde_json's own is not correctly rounded (without its
/// `float_roundtrip` feature it reads `999999999999999.9` as `1e15`).
fn exact_number(text: &str) -> Result<Number, String> {
    let not_a_number = || {
        format!("{text:?} is not a number: write digits and an optional decimal point, e.g. 1234.50 (no thousands separators, currency signs or %)")
    };
    let number: Number = serde_json::from_str(text).map_err(|_| not_a_number())?;
    let number = if number.is_f64() {
        text.parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .ok_or_else(not_a_number)?
    } else {
        number
    };
    let written = number.to_string();
    if decimal_value(text).is_some() && decimal_value(text) == decimal_value(&written) {
        Ok(number)
    } else {
        Err(format!(
            "{text} has more digits than the API keeps exactly (it would store {written}): round it"
        ))
    }
}

/// A JSON number's decimal value as (negative, significant digits, exponent): `1234.50`,
/// `1.2345e3` and `12345e-1` are all (false, "12345", -1); every zero is (false, "", 0).
fn decimal_value(text: &str) -> Option<(bool, String, i64)> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    let leading = digits.trim_start_matches('0');
    let significant = leading.trim_end_matches('0');
    if significant.is_empty() {
        return Some((false, String::new(), 0));
    }
    let exponent: i64 = exponent.map_or(Ok(0), str::parse).ok()?;
    let shift = i64::try_from(leading.len() - significant.len()).ok()?
        - i64::try_from(fraction.len()).ok()?;
    Some((
        negative,
        significant.to_owned(),
        exponent.checked_add(shift)?,
    ))
}

/// A row as the body `POST /api/v1/crm/deals` takes, or why it cannot be (every bad cell, by
/// its column).
pub fn convert_row(
    columns: &[Column],
    record: &StringRecord,
) -> Result<Map<String, Value>, String> {
    if record.len() != columns.len() {
        return Err(format!(
            "The row has {} cells where the header has {} columns",
            record.len(),
            columns.len()
        ));
    }
    let mut body = Map::new();
    let mut keys: Vec<(&'static str, &str, String, Value)> = Vec::new();
    let mut errors = Vec::new();
    for (column, cell) in columns.iter().zip(record.iter()) {
        match &column.target {
            Target::Ignored => {}
            Target::Field { name, kind } => match convert_cell(*kind, cell) {
                Ok(Some(value)) => {
                    body.insert((*name).to_owned(), value);
                }
                Ok(None) => {}
                Err(message) => errors.push(format!("{}: {message}", column.header)),
            },
            Target::ObjectKey { field, key } => {
                if let Ok(Some(value)) = convert_cell(Kind::Text, cell) {
                    keys.push((field, &column.header, key.clone(), value));
                }
            }
        }
    }
    for (field, header, key, value) in keys {
        let object = body
            .entry(field)
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(object) = object {
            if object.contains_key(&key) {
                errors.push(format!("{header}: {field} already has the key {key:?}"));
            } else {
                object.insert(key, value);
            }
        }
    }
    if errors.is_empty() {
        Ok(body)
    } else {
        Err(errors.join("; "))
    }
}

/// The first 32 hex digits of the SHA-256 of the file's bytes: names the file in its batches'
/// idempotency keys.
pub fn file_digest(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// `import-<file digest>-<batch number>`: the same file's same batch has the same key on every
/// run.
pub fn idempotency_key(file_digest: &str, batch_number: usize) -> String {
    format!("import-{file_digest}-{batch_number}")
}

/// The deals sent in one request, numbered from 1 in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub number: usize,
    /// The index in the file's rows (0 is the first after the header) of each input.
    pub rows: Vec<usize>,
    pub inputs: Vec<Value>,
}

/// The rows to send, `(row index, body)` in file order, in batches of `batch_size` (at least 1).
pub fn batches(rows: Vec<(usize, Map<String, Value>)>, batch_size: usize) -> Vec<Batch> {
    let mut batches: Vec<Batch> = Vec::new();
    for (row, body) in rows {
        match batches.last_mut() {
            Some(batch) if batch.inputs.len() < batch_size.max(1) => {
                batch.rows.push(row);
                batch.inputs.push(Value::Object(body));
            }
            _ => batches.push(Batch {
                number: batches.len() + 1,
                rows: vec![row],
                inputs: vec![Value::Object(body)],
            }),
        }
    }
    batches
}

/// A row that was not imported, as it was read, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedRow {
    pub row: usize,
    pub cells: StringRecord,
    pub error: String,
}

/// `deals.csv` → `deals.rejected.csv`, beside it.
pub fn rejected_path(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map_or_else(|| "import".into(), |stem| stem.to_string_lossy());
    file.with_file_name(format!("{stem}.rejected.csv"))
}

/// Writes the header and each rejected row with its error: in the file's `error` column when it
/// has one (a rejected file imported again keeps its shape), else in one added at the end.
pub fn write_rejected(
    path: &Path,
    header: &StringRecord,
    rows: &[RejectedRow],
) -> Result<(), csv::Error> {
    let error_column = header
        .iter()
        .position(|cell| cell.trim().eq_ignore_ascii_case(ERROR_COLUMN));
    let width = header.len();
    let mut writer = csv::WriterBuilder::new().flexible(true).from_path(path)?;
    let mut out_header: Vec<&str> = header.iter().collect();
    if error_column.is_none() {
        out_header.push(ERROR_COLUMN);
    }
    writer.write_record(&out_header)?;
    for rejected in rows {
        let mut cells: Vec<&str> = rejected.cells.iter().collect();
        cells.resize(width, "");
        match error_column.and_then(|index| cells.get_mut(index)) {
            Some(cell) => *cell = &rejected.error,
            None => cells.push(&rejected.error),
        }
        writer.write_record(&cells)?;
    }
    writer.flush()?;
    Ok(())
}

/// The error a batch item (or a whole request) was answered with, for a person: its message and
/// each field it names with that field's message, fields named as the file's columns name them.
pub fn error_text(error: &Value, columns: &[Column]) -> String {
    let message = error
        .get("message")
        .and_then(Value::as_str)
        .or_else(|| error.get("code").and_then(Value::as_str))
        .unwrap_or("refused")
        .to_owned();
    let details: Vec<(String, String)> = match error.get("details") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| {
                let field = item.get("field").and_then(Value::as_str)?;
                let message = item.get("message").and_then(Value::as_str).unwrap_or("");
                Some((field.to_owned(), message.to_owned()))
            })
            .collect(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(field, message)| {
                let message = message
                    .as_str()
                    .map_or_else(|| message.to_string(), Into::into);
                (field.clone(), message)
            })
            .collect(),
        _ => Vec::new(),
    };
    if details.is_empty() {
        return message;
    }
    let named: Vec<String> = details
        .iter()
        .map(|(field, detail)| format!("{}: {detail}", column_for(field, columns)))
        .collect();
    if details.iter().any(|(_, detail)| *detail == message) {
        named.join("; ")
    } else {
        format!("{message}: {}", named.join("; "))
    }
}

/// The header of the column that gave a deal field, else the field's own name.
fn column_for<'a>(field: &'a str, columns: &'a [Column]) -> &'a str {
    columns
        .iter()
        .find(|column| matches!(&column.target, Target::Field { name, .. } if *name == field))
        .map_or(field, |column| column.header.trim())
}

/// Everything [`import`] needs.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub file: PathBuf,
    /// The API's base URL: `http://127.0.0.1:3000`, or a deployed stage's
    /// `https://<id>.execute-api.<region>.amazonaws.com/<stage>`.
    pub url: String,
    /// The bearer token (a leading `Bearer ` is accepted and dropped).
    pub token: String,
    pub batch_size: usize,
    /// Redraw one progress line with `\r` (stderr is a terminal) rather than print a line per
    /// batch.
    pub redraw_progress: bool,
}

impl ImportOptions {
    pub fn new(file: impl Into<PathBuf>, url: impl Into<String>, token: impl Into<String>) -> Self {
        ImportOptions {
            file: file.into(),
            url: url.into(),
            token: token.into(),
            batch_size: MAX_BATCH_SIZE,
            redraw_progress: false,
        }
    }

    /// The options `local import` was given, the defaults filled in: `make dev`'s URL and a dev
    /// token it accepts.
    pub fn from_args(args: &[String]) -> Result<Self, String> {
        let args = ImportArgs::parse(args)?;
        let url = match args.url {
            Some(url) => url,
            None => format!("http://127.0.0.1:{}", port()?),
        };
        let token = match args.token {
            Some(token) => token,
            None => {
                let config = local_config().map_err(|error| error.to_string())?;
                mint(&config.jwt, &TokenRequest::with_all_scopes(DEV_TENANT))?
            }
        };
        Ok(ImportOptions {
            batch_size: args.batch_size,
            ..ImportOptions::new(args.file, url, token)
        })
    }
}

/// `local import`'s arguments as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportArgs {
    pub file: PathBuf,
    pub url: Option<String>,
    pub token: Option<String>,
    pub batch_size: usize,
}

impl ImportArgs {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut file = None;
        let mut url = None;
        let mut token = None;
        let mut batch_size = MAX_BATCH_SIZE;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |flag: &str| {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            match arg.as_str() {
                "--url" => url = Some(value("--url")?),
                "--token" => token = Some(value("--token")?),
                "--batch-size" => {
                    let text = value("--batch-size")?;
                    batch_size = text
                        .parse()
                        .ok()
                        .filter(|size| (1..=MAX_BATCH_SIZE).contains(size))
                        .ok_or_else(|| {
                            format!("--batch-size must be 1 to {MAX_BATCH_SIZE}, not {text:?}")
                        })?;
                }
                flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
                path if file.is_none() => file = Some(PathBuf::from(path)),
                extra => return Err(format!("one file at a time, not also {extra:?}")),
            }
        }
        Ok(ImportArgs {
            file: file.ok_or("which CSV file? e.g. local import deals.csv")?,
            url,
            token,
            batch_size,
        })
    }
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// Rows after the header: each was created, rejected or blank (skipped).
    pub rows: usize,
    pub blank_rows: usize,
    /// Rows the API answered with a created deal, replayed batches' included.
    pub created: usize,
    /// The ids of those deals, in file order.
    pub deal_ids: Vec<String>,
    pub rejected: usize,
    /// Where the rejected rows were written (none when no row was rejected).
    pub rejected_file: Option<PathBuf>,
    /// A rejected-rows file of an earlier run, removed because this one rejected nothing.
    pub removed_rejected_file: Option<PathBuf>,
    pub batches: usize,
    /// The batches the API answered from an earlier run's import of the same file.
    pub replayed_batches: Vec<usize>,
    /// How many of `created` those replayed answers hold.
    pub replayed_created: usize,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} rows read", self.rows)?;
        if self.blank_rows > 0 {
            write!(f, " ({} blank, skipped)", self.blank_rows)?;
        }
        write!(f, " · {} created", self.created)?;
        if self.replayed_created > 0 {
            write!(f, " ({} of them by an earlier run)", self.replayed_created)?;
        }
        write!(f, " · {} rejected", self.rejected)?;
        if let Some(path) = &self.rejected_file {
            write!(f, " (see {}: fix them there and import it)", path.display())?;
        }
        if let Some(path) = &self.removed_rejected_file {
            write!(f, " (removed the earlier run's {})", path.display())?;
        }
        write!(
            f,
            " · {} of {} batches replayed",
            self.replayed_batches.len(),
            self.batches
        )?;
        if !self.replayed_batches.is_empty() {
            f.write_str(" (already imported, answered again)")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("--batch-size must be 1 to {MAX_BATCH_SIZE}, not {0}")]
    BatchSize(usize),
    #[error("the URL {url:?} must be http(s)://host[:port][/stage]")]
    Url { url: String },
    #[error("the token cannot be sent in a header (it has characters a JWT never has)")]
    Token,
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a CSV file the importer can read: {source}", path.display())]
    Csv { path: PathBuf, source: csv::Error },
    #[error("{}: {source} (nothing was sent)", path.display())]
    Header { path: PathBuf, source: HeaderError },
    #[error("cannot set up TLS: {0}")]
    Tls(String),
    #[error("batch {number} of {batches} (rows {first_row} to {last_row} after the header) failed: {failure}\n{imported} rows imported so far ({rejected} rejected). Running the same command again resumes safely: the batches already imported are answered again, not created twice.")]
    Batch {
        number: usize,
        batches: usize,
        /// 1-based, the header not counted.
        first_row: usize,
        last_row: usize,
        /// Deals created before the failure, earlier runs' replayed ones included.
        imported: usize,
        rejected: usize,
        failure: BatchFailure,
    },
    #[error("cannot write the rejected rows to {}: {source}", path.display())]
    WriteRejected { path: PathBuf, source: csv::Error },
    #[error("cannot remove the earlier run's {}: {source}", path.display())]
    RemoveRejected {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Why a whole batch request failed.
#[derive(Debug, thiserror::Error)]
pub enum BatchFailure {
    #[error("cannot reach {url}: {reason}{hint}")]
    Unreachable {
        url: String,
        reason: String,
        hint: &'static str,
    },
    #[error("no answer within {} s", REQUEST_TIMEOUT.as_secs())]
    TimedOut,
    /// A 4xx or 5xx for the whole request, with the API's error envelope.
    #[error("the API answered {status}: {message}{}", hint(*status, message))]
    Refused { status: StatusCode, message: String },
    /// An answer that is not the batch endpoint's (a proxy's page, another version of the API).
    #[error("the API answered {status} with a body the batch endpoint does not send: {reason}")]
    Unexpected { status: StatusCode, reason: String },
}

fn hint(status: StatusCode, message: &str) -> &'static str {
    match status {
        StatusCode::UNAUTHORIZED => " (pass --token with a token this API accepts; without --token a dev token is signed with the local JWT_SECRET, which only make dev accepts)",
        StatusCode::FORBIDDEN => " (the token needs the write:deals scope)",
        StatusCode::NOT_FOUND => " (is --url the API's base URL, and does it have the batch endpoint?)",
        StatusCode::CONFLICT if message.contains("different request") => " (this file was imported before with another --batch-size: use the same one)",
        _ => "",
    }
}

/// One item of a batch's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemResult {
    Created { id: Option<String> },
    Failed { status: u16, error: Value },
}

/// A batch's answer: each input's result in input order, and whether it was an earlier run's.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchAnswer {
    pub replayed: bool,
    pub results: Vec<ItemResult>,
}

/// Reads the batch endpoint's answer to `sent` inputs: 200 or 207 with a result for each input,
/// or the whole request's failure.
pub fn read_answer(
    status: StatusCode,
    replayed: bool,
    body: &[u8],
    sent: usize,
) -> Result<BatchAnswer, BatchFailure> {
    let unexpected = |reason: String| BatchFailure::Unexpected { status, reason };
    let json: Option<Value> = serde_json::from_slice(body).ok();
    if status != StatusCode::OK && status != StatusCode::MULTI_STATUS {
        let message = json
            .as_ref()
            .and_then(|json| json.get("error"))
            .map(|error| error_text(error, &[]));
        return Err(match message {
            Some(message) => BatchFailure::Refused { status, message },
            None => unexpected(format!("{:?}", excerpt(body))),
        });
    }
    let items = json
        .as_ref()
        .and_then(|json| json.pointer("/data/results"))
        .and_then(Value::as_array)
        .ok_or_else(|| unexpected("no data.results".into()))?;
    let mut results: Vec<Option<ItemResult>> = vec![None; sent];
    for item in items {
        let index = item.get("index").and_then(Value::as_u64);
        let slot = index
            .and_then(|index| usize::try_from(index).ok())
            .and_then(|index| results.get_mut(index))
            .ok_or_else(|| unexpected(format!("a result for no input sent: {item}")))?;
        let item_status = item
            .get("status")
            .and_then(Value::as_u64)
            .and_then(|status| u16::try_from(status).ok())
            .ok_or_else(|| unexpected(format!("a result without a status: {item}")))?;
        let result = if (200..300).contains(&item_status) {
            ItemResult::Created {
                id: item
                    .pointer("/data/id")
                    .and_then(Value::as_str)
                    .map(String::from),
            }
        } else {
            ItemResult::Failed {
                status: item_status,
                error: item.get("error").cloned().unwrap_or(Value::Null),
            }
        };
        if slot.replace(result).is_some() {
            return Err(unexpected(format!("two results for input {item}")));
        }
    }
    let results: Option<Vec<ItemResult>> = results.into_iter().collect();
    let results = results.ok_or_else(|| unexpected(format!("fewer than {sent} results")))?;
    Ok(BatchAnswer { replayed, results })
}

fn excerpt(body: &[u8]) -> String {
    String::from_utf8_lossy(body).chars().take(200).collect()
}

/// Imports `options.file`: reads and converts every row, sends the batches in order (drawing
/// progress on `progress`), writes the rejected rows beside the file, and says what happened.
pub async fn import(
    options: &ImportOptions,
    progress: &mut impl Write,
) -> Result<ImportSummary, ImportError> {
    if !(1..=MAX_BATCH_SIZE).contains(&options.batch_size) {
        return Err(ImportError::BatchSize(options.batch_size));
    }
    let api = Api::new(&options.url, &options.token)?;
    let path = &options.file;
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.clone(),
        source,
    })?;
    let (header, records) = read_csv(&bytes).map_err(|source| ImportError::Csv {
        path: path.clone(),
        source,
    })?;
    let columns = map_header(&header).map_err(|source| ImportError::Header {
        path: path.clone(),
        source,
    })?;

    let mut blank_rows = 0;
    let mut rejected: Vec<RejectedRow> = Vec::new();
    let mut sendable = Vec::new();
    for (row, record) in records.iter().enumerate() {
        if is_blank(&columns, record) {
            blank_rows += 1;
            continue;
        }
        match convert_row(&columns, record) {
            Ok(body) => sendable.push((row, body)),
            Err(error) => rejected.push(RejectedRow {
                row,
                cells: record.clone(),
                error,
            }),
        }
    }
    let rows = records;
    let batches = batches(sendable, options.batch_size);
    let digest = file_digest(&bytes);

    let mut summary = ImportSummary {
        rows: rows.len(),
        blank_rows,
        created: 0,
        deal_ids: Vec::new(),
        rejected: 0,
        rejected_file: None,
        removed_rejected_file: None,
        batches: batches.len(),
        replayed_batches: Vec::new(),
        replayed_created: 0,
    };
    let mut bar = Progress::new(progress, options.redraw_progress, rows.len());
    bar.start();
    for batch in &batches {
        let key = idempotency_key(&digest, batch.number);
        let first_row = batch.rows.first().copied().unwrap_or_default();
        let last_row = batch.rows.last().copied().unwrap_or_default();
        let answer = match api.send(&key, &batch.inputs).await {
            Ok(answer) => answer,
            Err(failure) => {
                bar.finish();
                return Err(ImportError::Batch {
                    number: batch.number,
                    batches: batches.len(),
                    first_row: first_row + 1,
                    last_row: last_row + 1,
                    imported: summary.created,
                    rejected: rejected.iter().filter(|r| r.row < first_row).count(),
                    failure,
                });
            }
        };
        for (row, result) in batch.rows.iter().zip(answer.results) {
            match result {
                ItemResult::Created { id } => {
                    summary.created += 1;
                    summary.replayed_created += usize::from(answer.replayed);
                    summary.deal_ids.extend(id);
                }
                ItemResult::Failed { status, error } => {
                    let text = error_text(&error, &columns);
                    let error = if status >= 500 {
                        format!("{text} (status {status}: import this row again later)")
                    } else {
                        text
                    };
                    rejected.push(RejectedRow {
                        row: *row,
                        cells: rows.get(*row).cloned().unwrap_or_default(),
                        error,
                    });
                }
            }
        }
        if answer.replayed {
            summary.replayed_batches.push(batch.number);
            bar.note(&format!(
                "batch {} already imported: answered again",
                batch.number
            ));
        }
        let done = batches
            .get(batch.number)
            .and_then(|next| next.rows.first().copied())
            .unwrap_or(rows.len());
        let rejected_so_far = rejected.iter().filter(|r| r.row < done).count();
        bar.update(done, summary.created, rejected_so_far);
    }
    bar.update(rows.len(), summary.created, rejected.len());
    bar.finish();

    rejected.sort_by_key(|r| r.row);
    summary.rejected = rejected.len();
    let rejected_file = rejected_path(path);
    if rejected.is_empty() {
        if rejected_file.exists() {
            std::fs::remove_file(&rejected_file).map_err(|source| ImportError::RemoveRejected {
                path: rejected_file.clone(),
                source,
            })?;
            summary.removed_rejected_file = Some(rejected_file);
        }
    } else {
        write_rejected(&rejected_file, &header, &rejected).map_err(|source| {
            ImportError::WriteRejected {
                path: rejected_file.clone(),
                source,
            }
        })?;
        summary.rejected_file = Some(rejected_file);
    }
    Ok(summary)
}

/// The header and every record; rows may differ in length (the row is rejected, not the file).
fn read_csv(bytes: &[u8]) -> Result<(StringRecord, Vec<StringRecord>), csv::Error> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = reader.headers()?.clone();
    let records = reader.records().collect::<Result<Vec<_>, _>>()?;
    Ok((header, records))
}

type HttpsClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// The batch endpoint at one base URL, with one token.
struct Api {
    client: HttpsClient,
    base: String,
    endpoint: Uri,
    authorization: HeaderValue,
}

impl Api {
    fn new(url: &str, token: &str) -> Result<Self, ImportError> {
        let base = url.trim().trim_end_matches('/').to_owned();
        let bad_url = || ImportError::Url { url: url.into() };
        let endpoint: Uri = format!("{base}{BATCH_PATH}")
            .parse()
            .map_err(|_| bad_url())?;
        let https = match endpoint.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(bad_url()),
        };
        if endpoint.host().is_none_or(str::is_empty) {
            return Err(bad_url());
        }
        let token = token.trim();
        let token = token.strip_prefix("Bearer ").unwrap_or(token).trim();
        let authorization =
            HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| ImportError::Token)?;
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|error| ImportError::Tls(error.to_string()))?;
        // An http:// URL needs no roots, and may be used where there are none.
        let tls = if https {
            tls.with_native_roots()
                .map_err(|error| ImportError::Tls(format!("no root certificates: {error}")))?
        } else {
            tls.with_root_certificates(rustls::RootCertStore::empty())
        }
        .with_no_client_auth();
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .build();
        Ok(Api {
            client: Client::builder(TokioExecutor::new()).build(connector),
            base,
            endpoint,
            authorization,
        })
    }

    async fn send(&self, key: &str, inputs: &[Value]) -> Result<BatchAnswer, BatchFailure> {
        let body = serde_json::json!({ "inputs": inputs }).to_string();
        let request = http::Request::post(self.endpoint.clone())
            .header(AUTHORIZATION, self.authorization.clone())
            .header(CONTENT_TYPE, "application/json")
            .header("idempotency-key", key)
            .body(Full::new(Bytes::from(body)))
            .map_err(|error| self.unreachable(&error))?;
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|error| self.unreachable(&error))?;
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .map_err(|error| self.unreachable(&error))?
                .to_bytes();
            Ok::<_, BatchFailure>((parts, body))
        };
        let (parts, body) = tokio::time::timeout(REQUEST_TIMEOUT, exchange)
            .await
            .map_err(|_| BatchFailure::TimedOut)??;
        let replayed = parts
            .headers
            .get("idempotent-replayed")
            .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"true"));
        read_answer(parts.status, replayed, &body, inputs.len())
    }

    fn unreachable(&self, error: &(dyn std::error::Error + 'static)) -> BatchFailure {
        let reason = shared::error::error_chain(error);
        let hint = if reason.contains("Connection refused") {
            " (is the API running there? make dev starts it on this machine)"
        } else {
            ""
        };
        BatchFailure::Unreachable {
            url: self.base.clone(),
            reason,
            hint,
        }
    }
}

/// The progress line: `[#####-----] 300/1000 rows · 290 created · 10 rejected`.
pub fn bar_line(done: usize, total: usize, created: usize, rejected: usize) -> String {
    let filled = match total {
        0 => BAR_WIDTH,
        _ => done.min(total) * BAR_WIDTH / total,
    };
    format!(
        "[{}{}] {done}/{total} rows · {created} created · {rejected} rejected",
        "#".repeat(filled),
        "-".repeat(BAR_WIDTH - filled)
    )
}

/// Progress on a terminal (one line redrawn) or in a log (a line per batch). A progress stream
/// that cannot be written to must not stop an import halfway, so its write errors are dropped.
struct Progress<'a, W: Write> {
    out: &'a mut W,
    redraw: bool,
    total: usize,
    /// The length of the line on screen, so a shorter one overwrites all of it.
    shown: usize,
    last: String,
}

impl<'a, W: Write> Progress<'a, W> {
    fn new(out: &'a mut W, redraw: bool, total: usize) -> Self {
        Progress {
            out,
            redraw,
            total,
            shown: 0,
            last: String::new(),
        }
    }

    fn start(&mut self) {
        if self.redraw {
            self.update(0, 0, 0);
        }
    }

    fn update(&mut self, done: usize, created: usize, rejected: usize) {
        let line = bar_line(done, self.total, created, rejected);
        if line == self.last {
            return;
        }
        self.last.clone_from(&line);
        if self.redraw {
            self.draw(&line);
        } else {
            let _ = writeln!(self.out, "{line}");
        }
    }

    fn note(&mut self, note: &str) {
        if self.redraw {
            let _ = writeln!(self.out, "\r{note:<width$}", width = self.shown);
            self.shown = 0;
        } else {
            let _ = writeln!(self.out, "{note}");
        }
        let _ = self.out.flush();
    }

    fn draw(&mut self, line: &str) {
        let _ = write!(self.out, "\r{line:<width$}", width = self.shown);
        self.shown = line.chars().count();
        let _ = self.out.flush();
    }

    fn finish(&mut self) {
        if self.redraw && self.shown > 0 {
            let _ = writeln!(self.out);
            self.shown = 0;
        }
        let _ = self.out.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(cells: &[&str]) -> StringRecord {
        StringRecord::from(cells.to_vec())
    }

    fn targets(header: &[&str]) -> Vec<Target> {
        map_header(&record(header))
            .unwrap()
            .into_iter()
            .map(|column| column.target)
            .collect()
    }

    fn row(header: &[&str], cells: &[&str]) -> Result<Value, String> {
        let columns = map_header(&record(header)).unwrap();
        convert_row(&columns, &record(cells)).map(Value::Object)
    }

    #[test]
    fn headers_take_crm_and_documented_names() {
        let crm = targets(&["name", "account_id", "owner_id", "custom_fields", "stage"]);
        let documented = targets(&[
            "title",
            "organization_id",
            "assigned_to",
            "metadata",
            "stage_id",
        ]);
        assert_eq!(crm, documented);
        assert_eq!(
            crm[0],
            Target::Field {
                name: "name",
                kind: Kind::Text
            }
        );
        assert_eq!(
            targets(&["contact_id"]),
            [Target::Field {
                name: "primary_contact_id",
                kind: Kind::Text
            }]
        );
        assert_eq!(
            targets(&[" Value ", "TAGS", "probability", "contact_ids"]),
            [
                Target::Field {
                    name: "value",
                    kind: Kind::Number
                },
                Target::Field {
                    name: "tags",
                    kind: Kind::List
                },
                Target::Field {
                    name: "probability",
                    kind: Kind::Number
                },
                Target::Field {
                    name: "contact_ids",
                    kind: Kind::List
                },
            ]
        );
        let columns = map_header(&record(&["title", " value"])).unwrap();
        assert_eq!(columns[1].header, " value", "kept as written");
    }

    #[test]
    fn an_unknown_header_is_named() {
        let error = map_header(&record(&["name", "colour"])).unwrap_err();
        match &error {
            HeaderError::Unknown {
                header, position, ..
            } => {
                assert_eq!((header.as_str(), *position), ("colour", 2));
            }
            other => panic!("{other:?}"),
        }
        let text = error.to_string();
        assert!(text.contains("\"colour\""), "{text}");
        assert!(text.contains("expected_close_date") && text.contains("organization_id"));
        for bad in [
            vec!["name", ""],
            vec!["name", "custom_fields."],
            vec!["name", "tags.x"],
            vec!["id"],
        ] {
            assert!(
                matches!(map_header(&record(&bad)), Err(HeaderError::Unknown { .. })),
                "{bad:?}"
            );
        }
        assert_eq!(map_header(&record(&[""])), Err(HeaderError::Empty));
    }

    #[test]
    fn a_field_given_twice_is_refused() {
        let error = map_header(&record(&["title", "value", "name"])).unwrap_err();
        assert_eq!(
            error,
            HeaderError::Duplicate {
                first: "title".into(),
                second: "name".into(),
                field: "name".into()
            }
        );
        assert!(map_header(&record(&["custom_fields.a", "metadata.a"])).is_err());
        assert!(map_header(&record(&["error", "name", "Error"])).is_ok());
    }

    #[test]
    fn the_error_column_is_ignored() {
        assert_eq!(targets(&["name", "error"])[1], Target::Ignored);
        assert_eq!(
            row(&["name", "Error"], &["Big", "value: Must be a number"]),
            Ok(json!({"name": "Big"}))
        );
    }

    #[test]
    fn custom_fields_columns_are_collected() {
        assert_eq!(
            targets(&["custom_fields.Region", "metadata. tier "]),
            [
                Target::ObjectKey {
                    field: "custom_fields",
                    key: "Region".into()
                },
                Target::ObjectKey {
                    field: "custom_fields",
                    key: "tier".into()
                },
            ]
        );
        let header = [
            "name",
            "custom_fields",
            "custom_fields.region",
            "custom_fields.tier",
        ];
        assert_eq!(
            row(&header, &["A", r#"{"score": 3}"#, "EMEA", ""]),
            Ok(json!({"name": "A", "custom_fields": {"score": 3, "region": "EMEA"}}))
        );
        assert_eq!(
            row(&header, &["A", "", " EMEA ", "gold"]),
            Ok(json!({"name": "A", "custom_fields": {"region": "EMEA", "tier": "gold"}}))
        );
        let clash = row(&header, &["A", r#"{"region": "US"}"#, "EMEA", ""]).unwrap_err();
        assert!(clash.contains("custom_fields.region"), "{clash}");
    }

    #[test]
    fn numbers_keep_their_decimal_value_exactly() {
        for (cell, json) in [
            ("1234.50", "1234.5"),
            ("0.1", "0.1"),
            (" 42 ", "42"),
            ("1e3", "1000.0"),
            ("999999999999999.9", "999999999999999.9"),
            ("0.000001", "1e-6"),
            ("-0", "-0.0"),
            ("100", "100"),
        ] {
            let value = convert_cell(Kind::Number, cell).unwrap().unwrap();
            assert_eq!(value.to_string(), json, "{cell}");
            assert_eq!(
                decimal_value(&value.to_string()),
                decimal_value(cell.trim()),
                "{cell}"
            );
        }
        for cell in [
            "abc", "1,234.50", "$5", "50%", "0x10", "1.", ".5", "NaN", "1e400",
        ] {
            let error = convert_cell(Kind::Number, cell).unwrap_err();
            assert!(error.contains("not a number"), "{cell}: {error}");
        }
        for cell in ["0.12345678901234567891", "123456789012345678901"] {
            let error = convert_cell(Kind::Number, cell).unwrap_err();
            assert!(error.contains("more digits"), "{cell}: {error}");
        }
    }

    #[test]
    fn decimal_values_compare_by_value_not_spelling() {
        assert_eq!(decimal_value("1234.50"), decimal_value("1.2345e3"));
        assert_eq!(decimal_value("12345e-1"), Some((false, "12345".into(), -1)));
        assert_eq!(decimal_value("-0.0e7"), Some((false, String::new(), 0)));
        assert_ne!(decimal_value("0.1"), decimal_value("0.10000000000000001"));
    }

    #[test]
    fn cells_become_json_by_their_fields_rule() {
        assert_eq!(
            convert_cell(Kind::List, " a ; b;;c ; "),
            Ok(Some(json!(["a", "b", "c"])))
        );
        assert_eq!(convert_cell(Kind::List, " ; ;"), Ok(None));
        assert_eq!(
            convert_cell(Kind::Object, r#" {"a": {"b": [1, 2.5]}} "#),
            Ok(Some(json!({"a": {"b": [1, 2.5]}})))
        );
        for bad in ["[1]", "\"x\"", "{a: 1}", "region=EMEA"] {
            assert!(convert_cell(Kind::Object, bad).is_err(), "{bad}");
        }
        assert_eq!(
            convert_cell(Kind::Text, "  Big deal "),
            Ok(Some(json!("Big deal")))
        );
        for kind in [Kind::Text, Kind::Number, Kind::List, Kind::Object] {
            assert_eq!(convert_cell(kind, "   "), Ok(None), "{kind:?}");
        }
    }

    #[test]
    fn rows_omit_empty_cells_and_report_every_bad_one() {
        let header = [
            "title",
            "value",
            "currency",
            "tags",
            "competitors",
            "quote_ids",
            "expected_close_date",
            "probability",
        ];
        assert_eq!(
            row(
                &header,
                &[
                    "Big",
                    "1000.00",
                    "EUR",
                    "hot;q3",
                    "Acme",
                    "",
                    "2026-06-30",
                    ""
                ]
            ),
            Ok(json!({
                "name": "Big", "value": 1000.0, "currency": "EUR", "tags": ["hot", "q3"],
                "competitors": ["Acme"], "expected_close_date": "2026-06-30",
            }))
        );
        let error = row(&header, &["Big", "abc", "", "", "", "", "", "ten"]).unwrap_err();
        assert!(
            error.starts_with("value: ") && error.contains("; probability: "),
            "{error}"
        );
        let short = row(&header, &["Big", "1"]).unwrap_err();
        assert!(
            short.contains("2 cells") && short.contains("8 columns"),
            "{short}"
        );
    }

    #[test]
    fn blank_rows_are_told_apart() {
        let columns = map_header(&record(&["name", "value", "error"])).unwrap();
        assert!(is_blank(&columns, &record(&["", " ", "an old error"])));
        assert!(!is_blank(&columns, &record(&["", "5", ""])));
    }

    #[test]
    fn batches_keep_file_order_and_size() {
        let rows: Vec<(usize, Map<String, Value>)> = [0, 1, 3, 4, 5, 7, 8]
            .into_iter()
            .map(|row| {
                let mut body = Map::new();
                body.insert("name".into(), json!(format!("deal {row}")));
                (row, body)
            })
            .collect();
        let batched = batches(rows.clone(), 3);
        let shape: Vec<(usize, Vec<usize>)> = batched
            .iter()
            .map(|batch| (batch.number, batch.rows.clone()))
            .collect();
        assert_eq!(
            shape,
            [(1, vec![0, 1, 3]), (2, vec![4, 5, 7]), (3, vec![8])]
        );
        assert_eq!(batched[2].inputs, [json!({"name": "deal 8"})]);
        assert_eq!(batches(rows.clone(), MAX_BATCH_SIZE).len(), 1);
        assert_eq!(batches(rows, 0).len(), 7, "at least one a batch");
        assert!(batches(Vec::new(), 10).is_empty());
    }

    #[test]
    fn idempotency_keys_name_the_file_and_the_batch() {
        let file = file_digest(b"name\nBig\n");
        assert_eq!(file, file_digest(b"name\nBig\n"));
        assert_eq!(file.len(), 32);
        assert!(file.bytes().all(|b| b.is_ascii_hexdigit()));
        // The first 16 bytes of SHA-256("abc").
        assert_eq!(file_digest(b"abc"), "ba7816bf8f01cfea414140de5dae2223");
        assert_ne!(file, file_digest(b"name\nBig \n"));
        let key = idempotency_key(&file, 3);
        assert_eq!(key, format!("import-{file}-3"));
        assert_ne!(key, idempotency_key(&file, 4));
        assert_ne!(key, idempotency_key(&file_digest(b"other"), 3));
        assert!(key.len() <= 255 && key.bytes().all(|b| b.is_ascii_graphic()));
    }

    fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("deals-import-{}", ulid::Ulid::new()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn rejected_files_sit_beside_the_input() {
        assert_eq!(
            rejected_path(Path::new("/data/deals.csv")),
            Path::new("/data/deals.rejected.csv")
        );
        assert_eq!(
            rejected_path(Path::new("deals")),
            Path::new("deals.rejected.csv")
        );
        assert_eq!(
            rejected_path(Path::new("q3.deals.csv")),
            Path::new("q3.deals.rejected.csv")
        );
    }

    #[test]
    fn rejected_rows_read_back_as_they_were_with_their_error() {
        let dir = temp_dir();
        let path = dir.join("deals.rejected.csv");
        let header = record(&["title", "value", "notes"]);
        let rows = [
            RejectedRow {
                row: 2,
                cells: record(&["Big, \"quoted\"", "abc", "line one\nline two"]),
                error: "value: \"abc\" is not a number".into(),
            },
            RejectedRow {
                row: 5,
                cells: record(&["Short"]),
                error: "The row has 1 cells where the header has 3 columns".into(),
            },
        ];
        write_rejected(&path, &header, &rows).unwrap();
        let (read_header, records) = read_csv(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(read_header, record(&["title", "value", "notes", "error"]));
        assert_eq!(
            records,
            [
                record(&[
                    "Big, \"quoted\"",
                    "abc",
                    "line one\nline two",
                    "value: \"abc\" is not a number"
                ]),
                record(&[
                    "Short",
                    "",
                    "",
                    "The row has 1 cells where the header has 3 columns"
                ]),
            ]
        );
        // Imported again, a rejected file keeps its one error column.
        let again = dir.join("again.csv");
        let header = record(&["title", "error", "value"]);
        let rows = [RejectedRow {
            row: 0,
            cells: record(&["Big", "old error", "abc"]),
            error: "new error".into(),
        }];
        write_rejected(&again, &header, &rows).unwrap();
        let (read_header, records) = read_csv(&std::fs::read(&again).unwrap()).unwrap();
        assert_eq!(read_header, header);
        assert_eq!(records, [record(&["Big", "new error", "abc"])]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn csv_files_as_spreadsheets_write_them() {
        let (header, records) =
            read_csv(b"\xEF\xBB\xBFtitle,value\r\nBig,1\r\n\r\n\"Two\nlines\",2\r\nshort\r\n")
                .unwrap();
        assert_eq!(header, record(&["title", "value"]));
        assert_eq!(
            records,
            [
                record(&["Big", "1"]),
                record(&["Two\nlines", "2"]),
                record(&["short"])
            ]
        );
    }

    #[test]
    fn api_errors_name_the_files_columns() {
        let columns = map_header(&record(&["title", "value", "stage_id"])).unwrap();
        let one = json!({"code": "VALIDATION_ERROR", "message": "Name is required",
            "details": [{"field": "name", "message": "Name is required"}]});
        assert_eq!(error_text(&one, &columns), "title: Name is required");
        let several = json!({"code": "VALIDATION_ERROR", "message": "2 fields are invalid",
            "details": [{"field": "value", "message": "Must be a number between 0 and 1000000000000000"},
                        {"field": "currency", "message": "Must be an ISO 4217 currency code, e.g. EUR"}]});
        assert_eq!(
            error_text(&several, &columns),
            "2 fields are invalid: value: Must be a number between 0 and 1000000000000000; currency: Must be an ISO 4217 currency code, e.g. EUR"
        );
        let stage = json!({"code": "VALIDATION_ERROR", "message": "Invalid stage",
            "details": [{"field": "stage", "message": "Stage not found"}]});
        assert_eq!(
            error_text(&stage, &columns),
            "Invalid stage: stage_id: Stage not found"
        );
        let as_object = json!({"message": "Invalid", "details": {"value": "Too big"}});
        assert_eq!(error_text(&as_object, &columns), "Invalid: value: Too big");
        let bare =
            json!({"code": "CONFLICT", "message": "Deal number is already in use", "details": []});
        assert_eq!(error_text(&bare, &columns), "Deal number is already in use");
    }

    #[test]
    fn answers_are_read_by_index() {
        let body = json!({"data": {"results": [
            {"index": 1, "status": 400, "error": {"code": "VALIDATION_ERROR", "message": "Name is required"}},
            {"index": 0, "status": 201, "data": {"id": "deal_1"}},
        ]}});
        let answer = read_answer(
            StatusCode::MULTI_STATUS,
            true,
            body.to_string().as_bytes(),
            2,
        )
        .unwrap();
        assert!(answer.replayed);
        assert_eq!(
            answer.results[0],
            ItemResult::Created {
                id: Some("deal_1".into())
            }
        );
        assert!(
            matches!(&answer.results[1], ItemResult::Failed { status: 400, error } if error["message"] == "Name is required")
        );
        for bad in [
            json!({"data": {"results": [{"index": 0, "status": 201}]}}),
            json!({"data": {"results": [{"index": 0, "status": 201}, {"index": 0, "status": 201}]}}),
            json!({"data": {"results": [{"index": 0, "status": 201}, {"index": 2, "status": 201}]}}),
            json!({"data": {}}),
        ] {
            let failure = read_answer(StatusCode::OK, false, bad.to_string().as_bytes(), 2);
            assert!(
                matches!(failure, Err(BatchFailure::Unexpected { .. })),
                "{bad}"
            );
        }
        let refused =
            json!({"error": {"code": "UNAUTHORIZED", "message": "Invalid token", "details": []}});
        let failure = read_answer(
            StatusCode::UNAUTHORIZED,
            false,
            refused.to_string().as_bytes(),
            1,
        )
        .unwrap_err();
        assert!(
            failure
                .to_string()
                .contains("401 Unauthorized: Invalid token"),
            "{failure}"
        );
        let page = read_answer(StatusCode::BAD_GATEWAY, false, b"<html>oops</html>", 1);
        assert!(matches!(page, Err(BatchFailure::Unexpected { .. })));
    }

    #[test]
    fn the_bar_fills_with_the_rows_done() {
        assert_eq!(
            bar_line(300, 1000, 290, 10),
            "[######--------------] 300/1000 rows · 290 created · 10 rejected"
        );
        assert!(bar_line(0, 0, 0, 0).starts_with(&format!("[{}]", "#".repeat(BAR_WIDTH))));
    }

    #[test]
    fn arguments_are_a_file_and_options() {
        let args = |list: &[&str]| -> Vec<String> { list.iter().map(|a| a.to_string()).collect() };
        assert_eq!(
            ImportArgs::parse(&args(&["deals.csv"])),
            Ok(ImportArgs {
                file: "deals.csv".into(),
                url: None,
                token: None,
                batch_size: MAX_BATCH_SIZE
            })
        );
        assert_eq!(
            ImportArgs::parse(&args(&[
                "--batch-size",
                "10",
                "deals.csv",
                "--url",
                "https://api.example",
                "--token",
                "t"
            ])),
            Ok(ImportArgs {
                file: "deals.csv".into(),
                url: Some("https://api.example".into()),
                token: Some("t".into()),
                batch_size: 10
            })
        );
        for bad in [
            &[][..],
            &["a.csv", "b.csv"],
            &["a.csv", "--batch-size", "101"],
            &["a.csv", "--batch-size", "0"],
            &["a.csv", "--url"],
            &["a.csv", "--verbose"],
        ] {
            assert!(ImportArgs::parse(&args(bad)).is_err(), "{bad:?}");
        }
    }

    /// The batch endpoint as its contract says, in memory: `bad` names are refused (400), a batch
    /// naming `boom` fails whole (503), a repeated key with the same body is answered again.
    #[derive(Default)]
    struct FakeApi {
        requests: usize,
        created: usize,
        answers: HashMap<String, (Bytes, StatusCode, String)>,
    }

    type Shared = Arc<std::sync::Mutex<FakeApi>>;

    fn envelope(status: StatusCode, code: &str, message: &str) -> (StatusCode, String) {
        let body =
            json!({"error": {"code": code, "message": message, "details": [], "request_id": "r"}});
        (status, body.to_string())
    }

    fn answer(api: &mut FakeApi, key: &str, auth: &str, body: Bytes) -> (StatusCode, String, bool) {
        api.requests += 1;
        if auth != "Bearer good" {
            let (status, body) =
                envelope(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "Invalid token");
            return (status, body, false);
        }
        if let Some((earlier, status, response)) = api.answers.get(key) {
            if *earlier == body {
                return (*status, response.clone(), true);
            }
            let (status, body) = envelope(
                StatusCode::CONFLICT,
                "CONFLICT",
                "This Idempotency-Key was used with a different request",
            );
            return (status, body, false);
        }
        let request: Value = serde_json::from_slice(&body).unwrap();
        let inputs = request["inputs"].as_array().unwrap();
        assert!((1..=MAX_BATCH_SIZE).contains(&inputs.len()));
        if inputs.iter().any(|input| input["name"] == "boom") {
            let (status, body) = envelope(
                StatusCode::SERVICE_UNAVAILABLE,
                "SERVICE_UNAVAILABLE",
                "The service is temporarily unavailable, please retry",
            );
            return (status, body, false);
        }
        let mut all_created = true;
        let results: Vec<Value> = inputs
            .iter()
            .enumerate()
            .map(|(index, input)| {
                if input["name"] == "bad" {
                    all_created = false;
                    json!({"index": index, "status": 400, "error": {"code": "VALIDATION_ERROR",
                        "message": "Name is reserved", "details": [{"field": "name", "message": "Name is reserved"}]}})
                } else {
                    api.created += 1;
                    let mut deal = input.clone();
                    deal["id"] = json!(format!("deal_{}", api.created));
                    json!({"index": index, "status": 201, "data": deal})
                }
            })
            .collect();
        let status = if all_created {
            StatusCode::OK
        } else {
            StatusCode::MULTI_STATUS
        };
        let response = json!({"data": {"results": results}}).to_string();
        api.answers
            .insert(key.into(), (body, status, response.clone()));
        (status, response, false)
    }

    async fn fake_api() -> (String, Shared, tokio::task::JoinHandle<std::io::Result<()>>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Shared::default();
        let served = Arc::clone(&state);
        let server = tokio::spawn(crate::plain_http::serve(listener, move |request, _| {
            let state = Arc::clone(&served);
            async move {
                assert_eq!(request.uri().path(), BATCH_PATH);
                assert_eq!(request.headers()[CONTENT_TYPE], "application/json");
                let header = |name: &str| {
                    request
                        .headers()
                        .get(name)
                        .map(|v| v.to_str().unwrap().to_owned())
                        .unwrap_or_default()
                };
                let (key, auth) = (header("idempotency-key"), header("authorization"));
                let body = request.into_body().collect().await.unwrap().to_bytes();
                let (status, body, replayed) =
                    answer(&mut state.lock().unwrap(), &key, &auth, body);
                let mut response = http::Response::builder().status(status);
                if replayed {
                    response = response.header("idempotent-replayed", "true");
                }
                response.body(Full::new(Bytes::from(body))).unwrap()
            }
        }));
        (url, state, server)
    }

    fn options(file: &Path, url: &str, token: &str, batch_size: usize) -> ImportOptions {
        ImportOptions {
            batch_size,
            ..ImportOptions::new(file, url, token)
        }
    }

    #[tokio::test]
    async fn a_run_imports_rejects_and_runs_again_without_creating_twice() {
        let (url, api, server) = fake_api().await;
        let dir = temp_dir();
        let file = dir.join("deals.csv");
        std::fs::write(
            &file,
            "title,value,tags,custom_fields.region\nA,100.50,x;y,EMEA\nB,abc,,\nbad,5,,\nC,,,\n,,,\nD,1,,US\n",
        )
        .unwrap();
        let mut progress = Vec::new();
        let first = import(&options(&file, &url, "good", 2), &mut progress)
            .await
            .unwrap();
        let rejected_file = dir.join("deals.rejected.csv");
        assert_eq!(
            first,
            ImportSummary {
                rows: 6,
                blank_rows: 1,
                created: 3,
                deal_ids: vec!["deal_1".into(), "deal_2".into(), "deal_3".into()],
                rejected: 2,
                rejected_file: Some(rejected_file.clone()),
                removed_rejected_file: None,
                batches: 2,
                replayed_batches: vec![],
                replayed_created: 0,
            }
        );
        let progress = String::from_utf8(progress).unwrap();
        assert_eq!(
            progress.lines().collect::<Vec<_>>(),
            [
                "[##########----------] 3/6 rows · 1 created · 2 rejected",
                "[####################] 6/6 rows · 3 created · 2 rejected",
            ]
        );
        let (header, rows) = read_csv(&std::fs::read(&rejected_file).unwrap()).unwrap();
        assert_eq!(
            header,
            record(&["title", "value", "tags", "custom_fields.region", "error"])
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(
            &rows[0].iter().take(4).collect::<Vec<_>>(),
            &["B", "abc", "", ""]
        );
        assert!(
            rows[0][4].starts_with("value: \"abc\" is not a number"),
            "{:?}",
            &rows[0][4]
        );
        assert_eq!(
            rows[1],
            record(&["bad", "5", "", "", "title: Name is reserved"])
        );
        {
            let api = api.lock().unwrap();
            assert_eq!((api.requests, api.created), (2, 3));
            let sent = &api
                .answers
                .values()
                .map(|(body, ..)| body.clone())
                .collect::<Vec<_>>();
            let first_batch: Value = sent
                .iter()
                .map(|body| serde_json::from_slice::<Value>(body).unwrap())
                .find(|body| body["inputs"][0]["name"] == "A")
                .unwrap();
            assert_eq!(
                first_batch["inputs"][0],
                json!({"name": "A", "value": 100.5, "tags": ["x", "y"], "custom_fields": {"region": "EMEA"}})
            );
        }

        let mut progress = Vec::new();
        let again = import(&options(&file, &url, "Bearer good", 2), &mut progress)
            .await
            .unwrap();
        assert_eq!(again.replayed_batches, [1, 2]);
        assert_eq!(
            (again.created, again.replayed_created, again.rejected),
            (3, 3, 2)
        );
        assert_eq!(again.deal_ids, first.deal_ids);
        let progress = String::from_utf8(progress).unwrap();
        assert!(
            progress.contains("batch 1 already imported: answered again\n"),
            "{progress}"
        );
        assert!(
            progress.contains("batch 2 already imported: answered again\n"),
            "{progress}"
        );
        assert_eq!(api.lock().unwrap().created, 3, "nothing created twice");
        let shown = again.to_string();
        assert!(
            shown.contains("3 created (3 of them by an earlier run)"),
            "{shown}"
        );
        assert!(shown.contains("2 of 2 batches replayed"), "{shown}");
        assert!(shown.contains("deals.rejected.csv"), "{shown}");

        // Fixed, the rows import; the earlier run's rejected file goes.
        std::fs::write(&file, "title,value\nB,7\n").unwrap();
        let fixed = import(&options(&file, &url, "good", 2), &mut Vec::new())
            .await
            .unwrap();
        assert_eq!((fixed.created, fixed.rejected), (1, 0));
        assert_eq!(fixed.removed_rejected_file, Some(rejected_file.clone()));
        assert!(!rejected_file.exists());
        server.abort();
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn a_failed_batch_stops_the_run_and_says_how_far_it_got() {
        let (url, api, server) = fake_api().await;
        let dir = temp_dir();
        let file = dir.join("deals.csv");
        std::fs::write(&file, "name,value\nA,1\nB,x\nC,3\nboom,4\nD,5\n").unwrap();
        let error = import(&options(&file, &url, "good", 2), &mut Vec::new())
            .await
            .unwrap_err();
        let text = error.to_string();
        match error {
            ImportError::Batch {
                number,
                batches,
                first_row,
                last_row,
                imported,
                rejected,
                failure,
            } => {
                assert_eq!((number, batches, first_row, last_row), (2, 2, 4, 5));
                assert_eq!((imported, rejected), (2, 1));
                assert!(matches!(
                    failure,
                    BatchFailure::Refused {
                        status: StatusCode::SERVICE_UNAVAILABLE,
                        ..
                    }
                ));
            }
            other => panic!("{other:?}"),
        }
        assert!(text.contains("2 rows imported so far"), "{text}");
        assert!(
            text.contains("Running the same command again resumes safely"),
            "{text}"
        );
        assert!(
            !dir.join("deals.rejected.csv").exists(),
            "written when a run completes"
        );

        let refused = import(&options(&file, &url, "wrong", 2), &mut Vec::new())
            .await
            .unwrap_err();
        let text = refused.to_string();
        assert!(
            text.contains("401 Unauthorized: Invalid token (pass --token"),
            "{text}"
        );
        assert!(text.contains("0 rows imported so far"), "{text}");

        let requests = api.lock().unwrap().requests;
        std::fs::write(&file, "name,colour\nA,red\n").unwrap();
        let unknown = import(&options(&file, &url, "good", 2), &mut Vec::new())
            .await
            .unwrap_err();
        assert!(
            matches!(&unknown, ImportError::Header { source: HeaderError::Unknown { header, .. }, .. } if header == "colour"),
            "{unknown}"
        );
        assert_eq!(api.lock().unwrap().requests, requests, "nothing sent");
        server.abort();

        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let closed_url = format!("http://{}", closed.local_addr().unwrap());
        drop(closed);
        std::fs::write(&file, "name\nA\n").unwrap();
        let unreachable = import(&options(&file, &closed_url, "good", 2), &mut Vec::new())
            .await
            .unwrap_err();
        assert!(
            matches!(
                &unreachable,
                ImportError::Batch {
                    failure: BatchFailure::Unreachable { .. },
                    ..
                }
            ),
            "{unreachable}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn options_are_checked_before_anything_is_read_or_sent() {
        let missing = Path::new("/nonexistent/deals.csv");
        for url in ["ftp://host", "127.0.0.1:3000", "http://", "not a url"] {
            let error = import(&options(missing, url, "t", 10), &mut Vec::new())
                .await
                .unwrap_err();
            assert!(matches!(error, ImportError::Url { .. }), "{url}: {error}");
        }
        let error = import(
            &options(missing, "http://127.0.0.1:1", "t", 101),
            &mut Vec::new(),
        )
        .await
        .unwrap_err();
        assert!(matches!(error, ImportError::BatchSize(101)), "{error}");
        let error = import(
            &options(missing, "http://127.0.0.1:1", "a\nb", 10),
            &mut Vec::new(),
        )
        .await
        .unwrap_err();
        assert!(matches!(error, ImportError::Token), "{error}");
        let error = import(
            &options(missing, "https://api.example/prod/", "t", 10),
            &mut Vec::new(),
        )
        .await
        .unwrap_err();
        assert!(matches!(error, ImportError::Read { .. }), "{error}");
    }
}
