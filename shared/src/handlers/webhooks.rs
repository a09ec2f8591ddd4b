//! `/webhooks`: where events are delivered, and what became of each delivery. A person's token
//! manages every webhook of the tenant; an application's, only its own (and those get only the
//! application's deal events).

use http::StatusCode;
use serde::Serialize;
use serde_json::{json, Map};
use time::OffsetDateTime;

use super::{patch_body, Page, Pagination, Params, WRITE_ATTEMPTS};
use crate::auth::Caller;
use crate::clock::format_timestamp;
use crate::clock::Now;
use crate::context::AppContext;
use crate::error::ApiError;
use crate::events::Event;
use crate::http::{ApiRequest, ApiResponse, Precondition, BASE_PATH};
use crate::store::{DeliveryKey, StoreError, StoredWebhook};
use crate::validation;
use crate::webhooks::deliveries::is_delivery_id;
use crate::webhooks::runner::{attempt_leased, lease_until, new_delivery};
use crate::webhooks::signing::WebhookSecret;
use crate::webhooks::subscription::{
    is_webhook_id, new_webhook, updated_webhook, webhook_changes, Webhook,
};

/// A webhook with its secret: the answer of its creation and of a rotation, and only those.
#[derive(Serialize)]
struct WithSecret<'a> {
    #[serde(flatten)]
    webhook: &'a Webhook,
    secret: &'a str,
}

fn not_found() -> ApiError {
    ApiError::NotFound("Webhook not found".into())
}

fn new_secret() -> Result<WebhookSecret, ApiError> {
    WebhookSecret::generate().map_err(|error| ApiError::Internal(Box::new(error)))
}

async fn load(ctx: &AppContext, caller: &Caller, id: &str) -> Result<StoredWebhook, ApiError> {
    if !is_webhook_id(id) {
        return Err(not_found());
    }
    ctx.store
        .get_webhook(&caller.tenant_id, id)
        .await?
        .filter(|stored| stored.webhook.belongs_to(caller))
        .ok_or_else(not_found)
}

/// Every webhook the caller may see (a tenant has at most 20: one page).
pub async fn list(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    Params::parse(request, &[]).finish()?;
    let webhooks: Vec<Webhook> = ctx
        .store
        .webhooks(&caller.tenant_id)
        .await?
        .into_iter()
        .map(|stored| stored.webhook)
        .filter(|webhook| webhook.belongs_to(caller))
        .collect();
    ApiResponse::data(StatusCode::OK, &webhooks)
}

pub async fn get(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let stored = load(ctx, caller, request.path_param("id")).await?;
    Ok(ApiResponse::data(StatusCode::OK, &stored.webhook)?.with_version(stored.webhook.version))
}

/// `{url, events, description?}` → 201 with the `secret`, shown this once.
pub async fn create(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let body = validation::parse_object(&request.body)?;
    let webhook = new_webhook(body, caller, &Now::current(), ctx.webhooks.policy)?;
    let secret = new_secret()?;
    ctx.store
        .create_webhook(&caller.tenant_id, &webhook, &secret)
        .await?;
    let location = format!("{BASE_PATH}/webhooks/{}", webhook.id);
    ApiResponse::created(
        &WithSecret {
            webhook: &webhook,
            secret: secret.as_str(),
        },
        webhook.version,
        &location,
    )
}

/// `url`, `events`, `description`, `enabled`; `rotate_secret: true` answers the new secret,
/// once (deliveries from then on are signed with it).
pub async fn update(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let changes = webhook_changes(patch_body(request)?, ctx.webhooks.policy)?;
    let precondition = Precondition::from_headers(&request.headers)?;
    for _ in 0..WRITE_ATTEMPTS {
        let stored = load(ctx, caller, request.path_param("id")).await?;
        precondition.check(stored.webhook.version)?;
        let updated = updated_webhook(&stored.webhook, &changes, caller, &Now::current());
        let secret = if changes.rotate_secret {
            new_secret()?
        } else {
            stored.secret.clone()
        };
        match ctx
            .store
            .save_webhook(&caller.tenant_id, &updated, &secret, stored.webhook.version)
            .await
        {
            Ok(()) if changes.rotate_secret => {
                let shown = WithSecret {
                    webhook: &updated,
                    secret: secret.as_str(),
                };
                return Ok(ApiResponse::data(StatusCode::OK, &shown)?.with_version(updated.version));
            }
            Ok(()) => {
                return Ok(
                    ApiResponse::data(StatusCode::OK, &updated)?.with_version(updated.version)
                )
            }
            Err(StoreError::VersionConflict) if !precondition.pins_version() => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// Deletes the webhook; its pending deliveries fail at their next turn ("the webhook was
/// deleted") and stay listed until they expire.
pub async fn delete(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let precondition = Precondition::from_headers(&request.headers)?;
    for _ in 0..WRITE_ATTEMPTS {
        let stored = load(ctx, caller, request.path_param("id")).await?;
        precondition.check(stored.webhook.version)?;
        match ctx
            .store
            .delete_webhook(
                &caller.tenant_id,
                &stored.webhook.id,
                stored.webhook.version,
            )
            .await
        {
            Ok(()) => return ApiResponse::deleted(),
            Err(StoreError::VersionConflict) if !precondition.pins_version() => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(StoreError::VersionConflict.into())
}

/// The webhook's deliveries, newest first, with every attempt.
pub async fn list_deliveries(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    let mut params = Params::parse(request, &["limit", "cursor"]);
    let (limit, after) = params.page(is_delivery_id);
    params.finish()?;
    let stored = load(ctx, caller, request.path_param("id")).await?;
    let mut deliveries = ctx
        .store
        .deliveries(
            &caller.tenant_id,
            &stored.webhook.id,
            after.as_deref(),
            limit,
        )
        .await?;
    let more = deliveries.len() > limit;
    deliveries.truncate(limit);
    let next = more
        .then(|| deliveries.last().map(|delivery| delivery.id.clone()))
        .flatten();
    ApiResponse::json(
        StatusCode::OK,
        &Page {
            data: &deliveries,
            pagination: Pagination::new(limit, next.as_deref()),
        },
    )
}

/// Sends the delivery again now, whatever became of it, and answers it with that attempt (or as
/// it stands, when another attempt holds it at this moment).
pub async fn retry_delivery(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    Params::parse(request, &[]).finish()?;
    let stored = load(ctx, caller, request.path_param("id")).await?;
    let delivery_id = request.path_param("delivery_id");
    let missing = || ApiError::NotFound("Delivery not found".into());
    if !is_delivery_id(delivery_id) {
        return Err(missing());
    }
    let key = DeliveryKey {
        tenant: caller.tenant_id.clone(),
        sort_key: crate::store::keys::delivery(&stored.webhook.id, delivery_id),
    };
    let now = OffsetDateTime::now_utc();
    let leased = ctx
        .store
        .reschedule_delivery(&key, &format_timestamp(now), &lease_until(now))
        .await?;
    let attempted = match leased {
        Some(leased) => attempt_leased(&ctx.store, &ctx.webhooks, leased, now).await?,
        None => None,
    };
    let delivery = match attempted {
        Some(delivery) => delivery,
        None => ctx
            .store
            .get_delivery(&caller.tenant_id, &stored.webhook.id, delivery_id)
            .await?
            .ok_or_else(missing)?,
    };
    ApiResponse::data(StatusCode::OK, &delivery)
}

/// Sends a `webhook.test` event to the webhook now (a delivery like any other, listed with
/// them), and answers the delivery with that attempt.
pub async fn test(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
) -> Result<ApiResponse, ApiError> {
    Params::parse(request, &[]).finish()?;
    let stored = load(ctx, caller, request.path_param("id")).await?;
    let at = OffsetDateTime::now_utc();
    let now = Now::at(at);
    let event = Event {
        id: format!("evt_test_{}", ulid::Ulid::new().to_string().to_lowercase()),
        event_type: "webhook.test".into(),
        occurred_at: now.timestamp.clone(),
        tenant_id: caller.tenant_id.clone(),
        app_id: caller.app_id.clone(),
        actor: Some(caller.subject.clone()),
        object: "webhook",
        object_id: stored.webhook.id.clone(),
        version: stored.webhook.version,
        data: json!({"message": "A test delivery of this webhook"}),
        previous: Map::new(),
    };
    let payload = crate::store::event_json(&event)?;
    let new = new_delivery(
        &caller.tenant_id,
        &stored.webhook.id,
        &event,
        &payload,
        &now,
    );
    let leased = ctx
        .store
        .insert_leased_delivery(&new, &lease_until(at))
        .await?;
    let delivery = attempt_leased(&ctx.store, &ctx.webhooks, leased, at)
        .await?
        .unwrap_or(new.delivery);
    ApiResponse::data(StatusCode::OK, &delivery)
}
