//! `/accounts`, `/contacts`, `/users`: one set of handlers for the three kinds of record.

use http::StatusCode;
use serde_json::Value;

use super::deal_writes::{pipelines_for, rewrite_by_server};
use super::{patch_body, Page, Pagination, Params, WRITE_ATTEMPTS};
use crate::auth::Caller;
use crate::clock::Now;
use crate::context::AppContext;
use crate::deal_patch::DealPatch;
use crate::domain;
use crate::error::ApiError;
use crate::http::BASE_PATH;
use crate::http::{ApiRequest, ApiResponse, Precondition};
use crate::ids::{ContactId, UserId};
use crate::model::Deal;
use crate::pipeline::RuleError;
use crate::records::{
    new_record, record_version, update_record, with_all_fields, Record, RecordKind, RecordRef,
    RECORD_SERVER_MANAGED,
};
use crate::store::{StoreError, StoredRecord};
use crate::validation::{self, Changes, Mode};

/// A record deletion that detaches or reassigns deals rewrites at most this many of them.
const MAX_DEALS_REWRITTEN: usize = 1000;

pub async fn list(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    kind: RecordKind,
) -> Result<ApiResponse, ApiError> {
    let mut params = Params::parse(request, &["limit", "cursor"]);
    let (limit, after) = params.page(|id| kind.is_id(id));
    params.finish()?;
    let (records, next_after) = ctx
        .store
        .list_records(&caller.tenant_id, kind, limit, after.as_deref())
        .await?;
    let records: Vec<Record> = records
        .into_iter()
        .map(|r| with_all_fields(kind, r))
        .collect();
    ApiResponse::json(
        StatusCode::OK,
        &Page {
            data: &records,
            pagination: Pagination::new(limit, next_after.as_deref()),
        },
    )
}

pub async fn get(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    kind: RecordKind,
) -> Result<ApiResponse, ApiError> {
    let stored = load(ctx, caller, kind, request.path_param("id")).await?;
    respond(StatusCode::OK, kind, stored.record)
}

pub async fn create(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    kind: RecordKind,
) -> Result<ApiResponse, ApiError> {
    let body = validation::parse_object(&request.body)?;
    let changes =
        validation::validate_fields(body, kind.fields(), RECORD_SERVER_MANAGED, Mode::Create)?;
    let record = new_record(kind, &changes, caller, &Now::current());
    save(ctx, caller, kind, &record, None)
        .await
        .map_err(|refusal| record_refused(kind, refusal))?;
    let id = record
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let location = format!("{BASE_PATH}/{}/{id}", path_segment(kind));
    Ok(respond(StatusCode::CREATED, kind, record)?.with_header(http::header::LOCATION, &location))
}

pub async fn update(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    kind: RecordKind,
) -> Result<ApiResponse, ApiError> {
    let changes = validation::validate_fields(
        patch_body(request)?,
        kind.fields(),
        RECORD_SERVER_MANAGED,
        Mode::Update,
    )?;
    let precondition = Precondition::from_headers(&request.headers)?;
    for _ in 0..WRITE_ATTEMPTS {
        let stored = load(ctx, caller, kind, request.path_param("id")).await?;
        precondition.check(record_version(&stored.record))?;
        let record = update_record(&stored.record, &changes, caller, &Now::current());
        match save(ctx, caller, kind, &record, Some(&stored)).await {
            Ok(()) => return respond(StatusCode::OK, kind, record),
            Err(StoreError::VersionConflict) if !precondition.pins_version() => continue,
            Err(refusal) => return Err(record_refused(kind, refusal)),
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// Refused (409) while live deals refer to the record, unless the request says what happens to
/// them: `?deals=detach` (accounts, contacts: the reference is removed from each deal),
/// `?deals=unassign` or `?reassign_to=usr-…` (users: each deal loses or changes its owner). An
/// account is also refused while contacts name it, unless `?contacts=detach` removes it from
/// each of them.
pub async fn delete(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    kind: RecordKind,
) -> Result<ApiResponse, ApiError> {
    let known: &[&str] = match kind {
        RecordKind::User => &["deals", "reassign_to"],
        RecordKind::Account => &["deals", "contacts"],
        RecordKind::Contact => &["deals"],
    };
    let mut params = Params::parse(request, known);
    let expected_deals = match kind {
        RecordKind::User => "unassign",
        _ => "detach",
    };
    let deals_option = params.take("deals", |value| {
        (value == expected_deals)
            .then_some(())
            .ok_or_else(|| format!("Must be {expected_deals}"))
    });
    let contacts_option = params.take("contacts", |value| {
        (value == "detach")
            .then_some(())
            .ok_or_else(|| "Must be detach".to_owned())
    });
    let reassign_to = params.take("reassign_to", |value| {
        RecordKind::User
            .is_id(value)
            .then(|| value.to_owned())
            .ok_or_else(|| "Must be an id of the form usr-<uuid>".to_owned())
    });
    params.finish()?;
    let id = request.path_param("id");
    let record = RecordRef::new(kind, id);
    if let Some(owner) = &reassign_to {
        if owner == id {
            return Err(ApiError::invalid_field(
                "reassign_to",
                "Must name another user",
            ));
        }
        load(ctx, caller, RecordKind::User, owner)
            .await
            .map_err(|_| ApiError::invalid_field("reassign_to", RecordKind::User.not_found()))?;
    }
    // Found as written, so it is already in the one spelling a `UserId` holds.
    let reassign_to = reassign_to.as_deref().and_then(UserId::parse);
    for _ in 0..WRITE_ATTEMPTS {
        let stored = load(ctx, caller, kind, id).await?;
        if stored.deal_refs > 0 && (deals_option.is_some() || reassign_to.is_some()) {
            release_deals(ctx, caller, &record, reassign_to.as_ref()).await?;
        }
        if stored.contact_refs > 0 && contacts_option.is_some() {
            detach_contacts(ctx, caller, id).await?;
        }
        // Releasing moves the counts, not the version: the delete's own condition checks both.
        match ctx
            .store
            .delete_record(&caller.tenant_id, kind, &stored)
            .await
        {
            Ok(()) => return ApiResponse::deleted(),
            Err(StoreError::VersionConflict) => continue,
            Err(StoreError::Referenced { deals, contacts }) => {
                return Err(still_referenced(kind, deals, contacts))
            }
            Err(StoreError::MissingRecords(_)) => {
                return Err(ApiError::NotFound(kind.not_found().into()))
            }
            Err(other) => return Err(other.into()),
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// The 409 for a record still in use, saying what the request can pass.
fn still_referenced(kind: RecordKind, deals: u64, contacts: u64) -> ApiError {
    let deals_option = match kind {
        RecordKind::User => "deals=unassign or reassign_to=<usr-id>",
        _ => "deals=detach",
    };
    let message = match (deals, contacts) {
        (0, contacts) => format!(
            "{} is named by {contacts} contacts: pass contacts=detach to remove it from them",
            kind_label(kind)
        ),
        (deals, 0) => format!(
            "{} is referenced by {deals} live deals: pass {deals_option} to say what happens to them",
            kind_label(kind)
        ),
        (deals, contacts) => format!(
            "{} is referenced by {deals} live deals and named by {contacts} contacts: pass {deals_option} and contacts=detach",
            kind_label(kind)
        ),
    };
    ApiError::conflict("id", message)
}

/// Removes the account from every contact that names it (each an ordinary versioned write).
async fn detach_contacts(
    ctx: &AppContext,
    caller: &Caller,
    account_id: &str,
) -> Result<(), ApiError> {
    let contacts = ctx
        .store
        .contacts_of_account(&caller.tenant_id, account_id, MAX_DEALS_REWRITTEN)
        .await?;
    let mut changes = Changes::default();
    changes.0.insert("account_id".into(), Value::Null);
    for contact in contacts {
        let id = crate::records::record_id(&contact.record).to_owned();
        for _ in 0..WRITE_ATTEMPTS {
            let Some(current) = ctx
                .store
                .get_record(&caller.tenant_id, &RecordRef::new(RecordKind::Contact, &id))
                .await?
            else {
                break;
            };
            if current.record.get("account_id").and_then(Value::as_str) != Some(account_id) {
                break;
            }
            let record = update_record(&current.record, &changes, caller, &Now::current());
            match save(ctx, caller, RecordKind::Contact, &record, Some(&current)).await {
                Ok(()) => break,
                Err(StoreError::VersionConflict) => continue,
                Err(refusal) => return Err(record_refused(RecordKind::Contact, refusal)),
            }
        }
    }
    Ok(())
}

/// Removes (or, for an owner, replaces) the record in every live deal that refers to it.
async fn release_deals(
    ctx: &AppContext,
    caller: &Caller,
    record: &RecordRef,
    reassign_to: Option<&UserId>,
) -> Result<(), ApiError> {
    let deals = ctx
        .store
        .deals_referring_to(&caller.tenant_id, record, MAX_DEALS_REWRITTEN)
        .await?;
    let tenant = &caller.tenant_id;
    for deal in deals {
        rewrite_by_server(ctx, tenant, &deal.id, |current| async move {
            let patch = release_patch(&current, record, reassign_to)?;
            if patch == DealPatch::default() {
                return Ok(None);
            }
            let pipelines = pipelines_for(ctx, tenant, &patch, Some(&current)).await?;
            Ok(Some(domain::update_deal(
                &current,
                &patch,
                caller,
                &Now::current(),
                &pipelines,
            )?))
        })
        .await?;
    }
    Ok(())
}

fn release_patch(
    deal: &Deal,
    record: &RecordRef,
    reassign_to: Option<&UserId>,
) -> Result<DealPatch, RuleError> {
    let mut patch = DealPatch::default();
    let id = record.id.as_str();
    match record.kind {
        RecordKind::Account if deal.account_id.as_deref() == Some(id) => {
            patch.account_id = Some(None);
        }
        RecordKind::User if deal.owner_id.as_deref() == Some(id) => {
            patch.owner_id = Some(reassign_to.cloned());
        }
        RecordKind::Contact => {
            if deal.primary_contact_id.as_deref() == Some(id) {
                patch.primary_contact_id = Some(None);
            }
            if deal.contact_ids.iter().any(|contact| contact == id) {
                let rest = deal
                    .contact_ids
                    .iter()
                    .filter(|contact| *contact != id)
                    .map(|contact| {
                        ContactId::parse(contact).ok_or_else(|| {
                            RuleError::Malformed(format!("stored contact id {contact} is not one"))
                        })
                    })
                    .collect::<Result<_, _>>()?;
                patch.contact_ids = Some(rest);
            }
        }
        _ => {}
    }
    Ok(patch)
}

async fn load(
    ctx: &AppContext,
    caller: &Caller,
    kind: RecordKind,
    id: &str,
) -> Result<StoredRecord, ApiError> {
    if !kind.is_id(id) {
        return Err(ApiError::NotFound(kind.not_found().into()));
    }
    ctx.store
        .get_record(&caller.tenant_id, &RecordRef::new(kind, id))
        .await?
        .ok_or_else(|| ApiError::NotFound(kind.not_found().into()))
}

async fn save(
    ctx: &AppContext,
    caller: &Caller,
    kind: RecordKind,
    record: &Record,
    previous: Option<&StoredRecord>,
) -> Result<(), StoreError> {
    ctx.store
        .save_record(&caller.tenant_id, kind, record, previous)
        .await
}

/// The answer to a record write the store refused.
fn record_refused(kind: RecordKind, refusal: StoreError) -> ApiError {
    match refusal {
        StoreError::MissingRecords(_) => {
            ApiError::invalid_field("account_id", RecordKind::Account.not_found())
        }
        StoreError::AlreadyExists => {
            ApiError::conflict("id", format!("{} with this id exists", kind_label(kind)))
        }
        other => other.into(),
    }
}

fn respond(status: StatusCode, kind: RecordKind, record: Record) -> Result<ApiResponse, ApiError> {
    let version = record_version(&record);
    Ok(ApiResponse::data(status, &with_all_fields(kind, record))?.with_version(version))
}

pub fn path_segment(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Account => "accounts",
        RecordKind::Contact => "contacts",
        RecordKind::User => "users",
    }
}

fn kind_label(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Account => "Organization",
        RecordKind::Contact => "Contact",
        RecordKind::User => "User",
    }
}
