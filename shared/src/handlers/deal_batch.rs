//! `POST /deals/batch/{create,update,delete,read}`: 1 to 100 deals per request, each item
//! answered with the status and body its single request would have had, under
//! `data.results` in input order: 200 when every item succeeded, 207 when some did not.
//!
//! Updates and deletes are their single requests, run by the single handlers several at once
//! (items naming the same deal one after another). Creates are checked one by one as
//! `POST /deals` checks them, with every pipeline and referenced record read once for the
//! batch, then stored many to a transaction ([`crate::store::Store::insert_deals`]). Reads are
//! one BatchGetItem of the deals and one of what they embed.

use std::collections::HashMap;
use std::future::Future;

use futures_util::stream::{self, StreamExt};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use serde_json::{json, Map, Value};

use super::deal_writes::{pipelines_for_new, store_if_built_in_for_all, visible};
use super::deals::{
    self, create_refused, idempotency_claim, in_view, includes_named, new_deal, new_deal_patch,
    render,
};
use super::idempotency::{replayed, same_request};
use super::Params;
use crate::auth::Caller;
use crate::clock::Now;
use crate::compat::{self, View};
use crate::context::AppContext;
use crate::error::{error_chain, ApiError, FieldError};
use crate::http::{ApiRequest, ApiResponse, BASE_PATH};
use crate::ids::DealId;
use crate::include::embed_fetched;
use crate::model::Deal;
use crate::pipeline::Pipelines;
use crate::records::deal_refs;
use crate::store::{IdempotencyClaim, IdempotencyRecord, StoreError};
use crate::validation;

/// Items per batch, at most.
pub const MAX_BATCH_ITEMS: usize = 100;
/// Updates and deletes of one batch in flight at once.
const CONCURRENCY: usize = 8;

/// One item's answer: its single request's status and `data`, or its error.
type Answer = Result<(StatusCode, Value), ApiError>;

/// `POST /deals/batch/create` `{"inputs": [<deal>, …]}`: each input a `POST /deals` body,
/// answered 201 with the deal (everything embedded) or with the error the single create would
/// give. `Idempotency-Key` as on the single create, for the batch as a whole.
pub async fn create(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    let tenant = &caller.tenant_id;
    let now = Now::current();
    let claim = idempotency_claim(request, caller, view, &now)?;
    if let Some(claim) = &claim {
        if let Some(earlier) = ctx.store.idempotency_record(tenant, claim).await? {
            return replay(ctx, request, caller, view, &earlier, claim).await;
        }
    }
    let (inputs, _) = batch_body(request, "inputs", &[])?;
    let patches: Vec<_> = inputs
        .iter()
        .map(|input| new_deal_patch(view, input.to_string().as_bytes()))
        .collect();
    let valid: Vec<_> = patches
        .iter()
        .filter_map(|patch| patch.as_ref().ok())
        .collect();
    let (placed, mut all_pipelines) = pipelines_for_new(ctx, tenant, &valid).await?;
    let mut placed = placed.into_iter();
    // Per input: whether it made a deal (the next one of `deals`), or why not.
    let mut made: Vec<Result<(), ApiError>> = Vec::with_capacity(inputs.len());
    let mut deals = Vec::new();
    let mut deal_pipelines = Vec::new();
    for patch in patches {
        let made_deal = patch.and_then(|patch| {
            let pipelines = placed
                .next()
                .unwrap_or_else(|| Pipelines::subset(Vec::new()));
            let deal = new_deal(caller, view, &patch, &now, &pipelines)?;
            deal_pipelines.push(pipelines);
            Ok(deal)
        });
        made.push(made_deal.map(|deal| deals.push(deal)));
    }
    store_if_built_in_for_all(
        ctx,
        tenant,
        deal_pipelines.iter_mut().zip(&deals),
        &mut all_pipelines,
        &now,
    )
    .await?;
    let named: Vec<_> = deals.iter().flat_map(deal_refs).collect();
    let records = match named.is_empty() {
        true => HashMap::new(),
        false => ctx.store.get_records(tenant, &named).await?,
    };

    if let Some(claim) = &claim {
        if !ctx.store.claim_idempotency_key(tenant, claim).await? {
            let earlier = ctx
                .store
                .idempotency_record(tenant, claim)
                .await?
                .ok_or(StoreError::IdempotencyKeyTaken)?;
            return replay(ctx, request, caller, view, &earlier, claim).await;
        }
    }
    let stored = ctx
        .store
        .insert_deals(&mut deals, now.year, |record| records.contains_key(record))
        .await;
    let stored = match stored {
        Ok(stored) => stored,
        Err(error) => {
            if let Some(claim) = &claim {
                ctx.store.release_idempotency_key(tenant, claim).await;
            }
            return Err(error.into());
        }
    };

    let created: Vec<Deal> = deals
        .iter()
        .zip(&stored)
        .filter(|(_, stored)| stored.is_ok())
        .map(|(deal, _)| deal.clone())
        .collect();
    // A record the first read missed (written a moment before) and the deal's own write found.
    let unseen: Vec<_> = created
        .iter()
        .flat_map(deal_refs)
        .filter(|record| !records.contains_key(record))
        .collect();
    let mut records = records;
    if !unseen.is_empty() {
        records.extend(ctx.store.get_records(tenant, &unseen).await?);
    }
    let mut rendered = embed_fetched(&created, &view.all_includes(), &records, &all_pipelines)?
        .into_iter()
        .map(|data| in_view(view, data));
    let mut stored = stored.into_iter();
    let mut deals = deals.iter();
    let answers = made
        .into_iter()
        .map(|made| {
            made?;
            let deal = deals.next().ok_or_else(not_run)?;
            stored
                .next()
                .ok_or_else(not_run)?
                .map_err(|error| create_refused(view, deal, error))?;
            Ok((StatusCode::CREATED, rendered.next().ok_or_else(not_run)?))
        })
        .collect();
    let response = results(view, request, answers)?;
    if let Some(claim) = &claim {
        remember(ctx, tenant, claim, &response).await;
    }
    Ok(response)
}

/// `POST /deals/batch/update` `{"inputs": [{"id", "if_match"?, <fields>}, …]}`: each input a
/// `PATCH /deals/{id}` of its fields, `if_match` its `If-Match` (a version, or an ETag as the
/// header takes it).
pub async fn update(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    let (inputs, _) = batch_body(request, "inputs", &[])?;
    let items = inputs
        .into_iter()
        .map(|input| update_request(request, input))
        .collect();
    let answers = run_each(items, |item| async move {
        deals::update_deal(ctx, &item, caller, view).await
    })
    .await;
    results(view, request, answers)
}

/// `POST /deals/batch/delete` `{"ids": […]}`: each id a `DELETE /deals/{id}`.
pub async fn delete(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    let (ids, _) = batch_body(request, "ids", &[])?;
    let items = deal_ids(ids)?
        .into_iter()
        .map(|id| {
            Ok(item_request(
                request,
                Method::DELETE,
                id,
                HeaderMap::new(),
                Vec::new(),
            ))
        })
        .collect();
    let answers = run_each(items, |item| async move {
        deals::delete_deal(ctx, &item, caller).await
    })
    .await;
    results(view, request, answers)
}

/// `POST /deals/batch/read` `{"ids": […], "include"?}`: each id answered as `GET /deals/{id}`
/// (with `include` as its `include=`), 404 for one the caller cannot see.
pub async fn read(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
) -> Result<ApiResponse, ApiError> {
    let (ids, mut rest) = batch_body(request, "ids", &["include"])?;
    let ids = deal_ids(ids)?;
    let includes = match rest.remove("include") {
        None => view.all_includes(),
        Some(Value::String(names)) => includes_named(view, &names)
            .map_err(|message| view.error(ApiError::invalid_field("include", message)))?,
        Some(_) => {
            return Err(ApiError::invalid_field(
                "include",
                "Must be a comma-separated list of names, as include= takes",
            ))
        }
    };
    let wanted: Vec<DealId> = ids.iter().filter_map(|id| DealId::parse(id)).collect();
    let wanted: Vec<&str> = wanted.iter().map(DealId::as_str).collect();
    let mut found = match wanted.is_empty() {
        true => HashMap::new(),
        false => ctx.store.get_deals(&caller.tenant_id, &wanted).await?,
    };
    let mut shown = Vec::new();
    let mut position: HashMap<&str, usize> = HashMap::new();
    for id in &wanted {
        if let Ok(deal) = visible(caller, found.remove(*id)) {
            position.insert(*id, shown.len());
            shown.push(deal);
        }
    }
    let rendered = render(ctx, caller, view, &shown, &includes, None).await?;
    let answers = ids
        .iter()
        .map(|id| {
            DealId::parse(id)
                .and_then(|id| position.get(id.as_str()).copied())
                .and_then(|position| rendered.get(position))
                .map(|data| (StatusCode::OK, data.clone()))
                .ok_or_else(ApiError::deal_not_found)
        })
        .collect();
    results(view, request, answers)
}

/// A batch body: an object holding `list` (1 to [`MAX_BATCH_ITEMS`] items) and maybe the
/// `optional` fields, nothing else; no query parameters. Answers the list and the rest.
fn batch_body(
    request: &ApiRequest,
    list: &str,
    optional: &[&str],
) -> Result<(Vec<Value>, Map<String, Value>), ApiError> {
    Params::parse(request, &[]).finish()?;
    let mut body = validation::parse_object(&request.body)?;
    let mut errors: Vec<FieldError> = body
        .keys()
        .filter(|name| name.as_str() != list && !optional.contains(&name.as_str()))
        .map(|name| FieldError::new(name, "Unknown field"))
        .collect();
    let items = match body.remove(list) {
        Some(Value::Array(items)) if (1..=MAX_BATCH_ITEMS).contains(&items.len()) => items,
        Some(Value::Array(items)) if items.is_empty() => {
            errors.push(FieldError::new(list, "Must hold at least 1 item"));
            Vec::new()
        }
        Some(Value::Array(_)) => {
            errors.push(FieldError::new(
                list,
                format!("Must hold at most {MAX_BATCH_ITEMS} items"),
            ));
            Vec::new()
        }
        Some(_) => {
            errors.push(FieldError::new(
                list,
                format!("Must be a list of 1 to {MAX_BATCH_ITEMS} items"),
            ));
            Vec::new()
        }
        None => {
            errors.push(FieldError::new(
                list,
                format!("Required: a list of 1 to {MAX_BATCH_ITEMS} items"),
            ));
            Vec::new()
        }
    };
    if errors.is_empty() {
        Ok((items, body))
    } else {
        Err(ApiError::validation(errors))
    }
}

/// The ids of `{"ids": […]}`, each a string (what it names is each item's to find out).
fn deal_ids(ids: Vec<Value>) -> Result<Vec<String>, ApiError> {
    let mut strings = Vec::with_capacity(ids.len());
    let mut errors = Vec::new();
    for (index, id) in ids.into_iter().enumerate() {
        match id {
            Value::String(id) => strings.push(id),
            _ => errors.push(FieldError::new(format!("ids[{index}]"), "Must be a string")),
        }
    }
    if errors.is_empty() {
        Ok(strings)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// The `PATCH /deals/{id}` an update input stands for: its fields as the body, `if_match` as
/// `If-Match`.
fn update_request(batch: &ApiRequest, input: Value) -> Result<ApiRequest, ApiError> {
    let mut fields = validation::parse_object(input.to_string().as_bytes())?;
    let id = match fields.remove("id") {
        Some(Value::String(id)) => id,
        Some(_) => return Err(ApiError::invalid_field("id", "Must be a string")),
        None => {
            return Err(ApiError::invalid_field(
                "id",
                "Required: the id of the deal to update",
            ))
        }
    };
    let mut headers = HeaderMap::new();
    let if_match = match fields.remove("if_match") {
        None | Some(Value::Null) => None,
        Some(Value::Number(version)) if version.is_u64() => {
            HeaderValue::from_str(&format!("\"{version}\"")).ok()
        }
        Some(Value::String(tag)) => Some(HeaderValue::from_str(&tag).map_err(|_| bad_if_match())?),
        Some(_) => return Err(bad_if_match()),
    };
    if let Some(if_match) = if_match {
        headers.insert(http::header::IF_MATCH, if_match);
    }
    let body = Value::Object(fields).to_string().into_bytes();
    Ok(item_request(batch, Method::PATCH, id, headers, body))
}

fn bad_if_match() -> ApiError {
    ApiError::invalid_field(
        "if_match",
        "Must be a version number, or ETags as If-Match takes them",
    )
}

/// The single request one item of `batch` stands for.
fn item_request(
    batch: &ApiRequest,
    method: Method,
    id: String,
    headers: HeaderMap,
    body: Vec<u8>,
) -> ApiRequest {
    ApiRequest {
        method,
        path: format!("{BASE_PATH}/deals/{id}"),
        path_params: HashMap::from([("id".to_owned(), id)]),
        query: String::new(),
        headers,
        body,
        request_id: batch.request_id.clone(),
    }
}

/// Runs `work` on each item's request, [`CONCURRENCY`] at a time; items naming the same deal
/// run one after another, in input order, as separate requests would. Answers in input order.
async fn run_each<F, Fut>(items: Vec<Result<ApiRequest, ApiError>>, work: F) -> Vec<Answer>
where
    F: Fn(ApiRequest) -> Fut,
    Fut: Future<Output = Result<ApiResponse, ApiError>>,
{
    let mut answers: Vec<Option<Answer>> = Vec::with_capacity(items.len());
    // Wave n holds each deal's (n+1)-th item.
    let mut waves: Vec<Vec<(usize, ApiRequest)>> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, item) in items.into_iter().enumerate() {
        match item {
            Err(error) => answers.push(Some(Err(error))),
            Ok(request) => {
                answers.push(None);
                let earlier = seen.entry(request.path_param("id").to_owned()).or_default();
                if waves.len() <= *earlier {
                    waves.push(Vec::new());
                }
                if let Some(wave) = waves.get_mut(*earlier) {
                    wave.push((index, request));
                }
                *earlier += 1;
            }
        }
    }
    for wave in waves {
        let work = &work;
        let done: Vec<(usize, Result<ApiResponse, ApiError>)> = stream::iter(wave)
            .map(|(index, request)| async move { (index, work(request).await) })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;
        for (index, result) in done {
            if let Some(answer) = answers.get_mut(index) {
                *answer = Some(answer_of(result));
            }
        }
    }
    answers
        .into_iter()
        .map(|answer| answer.unwrap_or_else(|| Err(not_run())))
        .collect()
}

/// A single handler's answer as an item's: its status and its body's `data`.
fn answer_of(result: Result<ApiResponse, ApiError>) -> Answer {
    let response = result?;
    let body: Value = serde_json::from_slice(&response.body)
        .map_err(|error| ApiError::Internal(format!("an item's answer: {error}").into()))?;
    let data = match body {
        Value::Object(mut body) => body.remove("data"),
        _ => None,
    };
    Ok((response.status, data.unwrap_or(Value::Null)))
}

fn not_run() -> ApiError {
    ApiError::Internal("a batch item got no answer".into())
}

/// `{"data": {"results": [{"index", "status", "data" | "error"}, …]}}`: 200 when every item
/// succeeded, else 207. An item's error is the object its single request's error envelope
/// holds under `error`.
fn results(
    view: View,
    request: &ApiRequest,
    answers: Vec<Answer>,
) -> Result<ApiResponse, ApiError> {
    let mut all_succeeded = true;
    let results: Vec<Value> = answers
        .into_iter()
        .enumerate()
        .map(|(index, answer)| match answer {
            Ok((status, data)) => {
                all_succeeded &= status.is_success();
                json!({"index": index, "status": status.as_u16(), "data": data})
            }
            Err(error) => {
                all_succeeded = false;
                error_entry(index, &error, view, &request.request_id)
            }
        })
        .collect();
    let status = match all_succeeded {
        true => StatusCode::OK,
        false => StatusCode::MULTI_STATUS,
    };
    ApiResponse::data(status, &json!({ "results": results }))
}

fn error_entry(index: usize, error: &ApiError, view: View, request_id: &str) -> Value {
    if error.status().is_server_error() {
        tracing::error!(index, error = %error_chain(error), "batch item failed");
    }
    let envelope = match view {
        View::Crm => error.to_body(request_id),
        View::Documented => compat::error_body(error),
    };
    let error_object = match envelope {
        Value::Object(mut envelope) => envelope.remove("error"),
        _ => None,
    };
    json!({
        "index": index,
        "status": error.status().as_u16(),
        "error": error_object.unwrap_or(Value::Null),
    })
}

/// Keeps a batch create's answer for the repeats of its key: the whole response, or when that
/// is too large to keep, its results in short (each created deal's id, each error).
async fn remember(
    ctx: &AppContext,
    tenant: &str,
    claim: &IdempotencyClaim,
    response: &ApiResponse,
) {
    let body = String::from_utf8_lossy(&response.body);
    let outcomes = || {
        let parsed: Value = serde_json::from_str(&body).unwrap_or_default();
        let short: Vec<Value> = parsed
            .pointer("/data/results")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|entry| match entry.pointer("/data/id") {
                Some(id) => json!({
                    "index": entry.get("index"),
                    "status": entry.get("status"),
                    "deal_id": id,
                }),
                None => entry.clone(),
            })
            .collect();
        Value::Array(short).to_string()
    };
    ctx.store
        .remember_batch_response(tenant, claim, response.status.as_u16(), &body, outcomes)
        .await;
}

/// A repeat of a batch create's key: its first answer again (the deals it created rendered
/// anew when the answer was too large to keep), 409 for another body or while the first is
/// still being answered.
async fn replay(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
    earlier: &IdempotencyRecord,
    claim: &IdempotencyClaim,
) -> Result<ApiResponse, ApiError> {
    same_request(earlier, claim)?;
    let status = earlier
        .status
        .and_then(|status| StatusCode::from_u16(status).ok())
        .unwrap_or(StatusCode::OK);
    let response = match (&earlier.response, &earlier.outcomes) {
        (Some(body), _) => {
            let body: Value = serde_json::from_str(body).map_err(|error| {
                ApiError::Internal(format!("stored response is not JSON: {error}").into())
            })?;
            ApiResponse::json(status, &body)?
        }
        (None, Some(outcomes)) => {
            rendered_again(ctx, request, caller, view, outcomes, status).await?
        }
        (None, None) => return Err(StoreError::IdempotencyKeyTaken.into()),
    };
    Ok(replayed(response))
}

/// A batch create's results from their short form: each created deal read and embedded again
/// (404 if it has been deleted since), each error as it was.
async fn rendered_again(
    ctx: &AppContext,
    request: &ApiRequest,
    caller: &Caller,
    view: View,
    outcomes: &str,
    status: StatusCode,
) -> Result<ApiResponse, ApiError> {
    let outcomes: Vec<Value> = serde_json::from_str(outcomes).map_err(|error| {
        ApiError::Internal(format!("stored outcomes are not JSON: {error}").into())
    })?;
    let ids: Vec<&str> = outcomes
        .iter()
        .filter_map(|entry| entry.get("deal_id").and_then(Value::as_str))
        .collect();
    let mut found = match ids.is_empty() {
        true => HashMap::new(),
        false => ctx.store.get_deals(&caller.tenant_id, &ids).await?,
    };
    let deals: Vec<Deal> = ids.iter().filter_map(|id| found.remove(*id)).collect();
    let rendered = render(ctx, caller, view, &deals, &view.all_includes(), None).await?;
    let by_id: HashMap<&str, &Value> = deals
        .iter()
        .map(|deal| deal.id.as_str())
        .zip(&rendered)
        .collect();
    let results: Vec<Value> = outcomes
        .iter()
        .map(|entry| {
            let index = entry
                .get("index")
                .and_then(Value::as_u64)
                .unwrap_or_default();
            let Some(id) = entry.get("deal_id").and_then(Value::as_str) else {
                return entry.clone();
            };
            match by_id.get(id) {
                Some(data) => json!({"index": index, "status": 201, "data": data}),
                None => error_entry(
                    usize::try_from(index).unwrap_or_default(),
                    &ApiError::deal_not_found(),
                    view,
                    &request.request_id,
                ),
            }
        })
        .collect();
    ApiResponse::data(status, &json!({ "results": results }))
}
