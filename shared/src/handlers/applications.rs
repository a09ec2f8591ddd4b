//! `/applications` and `/applications/{id}/keys`: the integrations of a tenant and their API
//! keys. Only a person's token reaches these (their scopes are `scopes::PERSON_ONLY`).

use http::StatusCode;
use serde::Serialize;

use super::{patch_body, Page, Pagination, Params, WRITE_ATTEMPTS};
use crate::applications::{
    application_changes, generate_key, is_application_id, is_key_id, new_application, new_key_info,
    updated_application, Application, KeyInfo, MAX_KEYS_PER_APPLICATION,
};
use crate::auth::Caller;
use crate::clock::{parse_date_time, Now};
use crate::context::AppContext;
use crate::error::ApiError;
use crate::http::{ApiRequest, ApiResponse, Precondition, BASE_PATH};
use crate::store::{StoreError, StoredApplication, StoredKey};
use crate::validation;

pub async fn list(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let mut params = Params::parse(request, &["limit", "cursor"]);
    let (limit, after) = params.page(is_application_id);
    params.finish()?;
    let (applications, next_after) = ctx
        .store
        .list_applications(&caller.tenant_id, limit, after.as_deref())
        .await?;
    ApiResponse::json(
        StatusCode::OK,
        &Page {
            data: &applications,
            pagination: Pagination::new(limit, next_after.as_deref()),
        },
    )
}

pub async fn get(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let stored = load(ctx, caller, request.path_param("id")).await?;
    respond(StatusCode::OK, &stored.application)
}

pub async fn create(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let body = validation::parse_object(&request.body)?;
    let application = new_application(body, caller, &Now::current())?;
    ctx.store
        .create_application(&caller.tenant_id, &application)
        .await?;
    let location = format!("{BASE_PATH}/applications/{}", application.id);
    ApiResponse::created(&application, application.version, &location)
}

/// Name and scopes; a scope change reaches every key of the application in the same
/// transaction (and this instance's key cache at once, the others' within its period).
pub async fn update(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let changes = application_changes(patch_body(request)?)?;
    let precondition = Precondition::from_headers(&request.headers)?;
    for _ in 0..WRITE_ATTEMPTS {
        let stored = load(ctx, caller, request.path_param("id")).await?;
        precondition.check(stored.application.version)?;
        let now = Now::current();
        let updated = updated_application(&stored.application, &changes, caller, &now);
        match ctx
            .store
            .update_application(&caller.tenant_id, &stored, &updated, &now.timestamp)
            .await
        {
            Ok(()) => {
                forget_keys(ctx, &stored.keys);
                return respond(StatusCode::OK, &updated);
            }
            Err(StoreError::VersionConflict) if !precondition.pins_version() => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// Deletes the application and revokes all its keys.
pub async fn delete(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let precondition = Precondition::from_headers(&request.headers)?;
    for _ in 0..WRITE_ATTEMPTS {
        let stored = load(ctx, caller, request.path_param("id")).await?;
        precondition.check(stored.application.version)?;
        match ctx
            .store
            .delete_application(&caller.tenant_id, &stored)
            .await
        {
            Ok(()) => {
                forget_keys(ctx, &stored.keys);
                return ApiResponse::deleted();
            }
            Err(StoreError::VersionConflict) if !precondition.pins_version() => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// Every key of the application (at most [`MAX_KEYS_PER_APPLICATION`], so one page), in
/// creation order, never the key itself.
pub async fn list_keys(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    Params::parse(request, &[]).finish()?;
    let stored = load(ctx, caller, request.path_param("id")).await?;
    let last_used = ctx.store.keys_last_used(&stored.keys).await?;
    let keys: Vec<KeyInfo> = stored
        .keys
        .into_iter()
        .map(|key| KeyInfo {
            last_used_at: last_used.get(&key.hash).cloned(),
            ..key.info
        })
        .collect();
    ApiResponse::data(StatusCode::OK, &keys)
}

/// A new key, shown in this answer only.
pub async fn create_key(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    validation::check_body_size(&request.body)?;
    let body = if request.body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Map::new()
    } else {
        validation::parse_object(&request.body)?
    };
    let key = generate_key()?;
    let info = new_key_info(body, &key, caller, &Now::current())?;
    let expires_at_unix = info
        .expires_at
        .as_deref()
        .and_then(parse_date_time)
        .map(|moment| moment.unix_timestamp());
    let stored_key = StoredKey {
        info,
        hash: key.hash.to_hex(),
    };
    for _ in 0..WRITE_ATTEMPTS {
        let stored = load(ctx, caller, request.path_param("id")).await?;
        if stored.keys.len() >= MAX_KEYS_PER_APPLICATION {
            return Err(too_many_keys());
        }
        match ctx
            .store
            .add_key(
                &caller.tenant_id,
                &stored,
                &stored_key,
                expires_at_unix,
                MAX_KEYS_PER_APPLICATION,
            )
            .await
        {
            Ok(()) => {
                let location = format!(
                    "{BASE_PATH}/applications/{}/keys/{}",
                    stored.application.id, stored_key.info.id
                );
                let created = CreatedKey {
                    info: &stored_key.info,
                    key: &key.secret,
                };
                return Ok(ApiResponse::data(StatusCode::CREATED, &created)?
                    .with_header(http::header::LOCATION, &location)
                    .with_header(http::header::CACHE_CONTROL, "no-store"));
            }
            Err(StoreError::VersionConflict) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// Revokes one key: it stops working at once here, within the cache period elsewhere.
pub async fn delete_key(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let stored = load(ctx, caller, request.path_param("id")).await?;
    let key_id = request.path_param("key_id");
    let key_not_found = || ApiError::NotFound("Key not found".into());
    if !is_key_id(key_id) {
        return Err(key_not_found());
    }
    let key = stored
        .keys
        .iter()
        .find(|key| key.info.id == key_id)
        .ok_or_else(key_not_found)?;
    if !ctx
        .store
        .revoke_key(&caller.tenant_id, &stored.application.id, key)
        .await?
    {
        return Err(key_not_found());
    }
    ctx.api_keys.forget(&key.hash);
    ApiResponse::deleted()
}

/// A new key's answer: its listing and, this once, the key.
#[derive(Serialize)]
struct CreatedKey<'a> {
    #[serde(flatten)]
    info: &'a KeyInfo,
    key: &'a str,
}

async fn load(ctx: &AppContext, caller: &Caller, id: &str) -> Result<StoredApplication, ApiError> {
    let not_found = || ApiError::NotFound("Application not found".into());
    if !is_application_id(id) {
        return Err(not_found());
    }
    ctx.store
        .get_application(&caller.tenant_id, id)
        .await?
        .ok_or_else(not_found)
}

fn respond(status: StatusCode, application: &Application) -> Result<ApiResponse, ApiError> {
    Ok(ApiResponse::data(status, application)?.with_version(application.version))
}

fn forget_keys(ctx: &AppContext, keys: &[StoredKey]) {
    for key in keys {
        ctx.api_keys.forget(&key.hash);
    }
}

fn too_many_keys() -> ApiError {
    ApiError::conflict(
        "keys",
        format!("An application holds at most {MAX_KEYS_PER_APPLICATION} keys: revoke one first"),
    )
}
