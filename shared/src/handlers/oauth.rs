//! `POST /oauth/token`: the client credentials grant (RFC 6749 §4.4). The client is an
//! application, `client_id` its id and `client_secret` one of its API keys, sent with HTTP Basic
//! (§2.3.1) or in the form body, not both. The answer is a JWT of [`OWN_TOKEN_SECONDS`] for the
//! application (its tenant, `app_id` and scopes, or the subset `scope` asks for), signed with
//! `TOKEN_SIGNING_SECRET`. Refusals take RFC 6749's own form (§5.2), which OAuth client
//! libraries read: `{"error", "error_description"}`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use http::{HeaderValue, StatusCode};
use serde_json::json;

use crate::auth::api_keys::KeyUse;
use crate::auth::{Caller, OWN_TOKEN_SECONDS};
use crate::context::AppContext;
use crate::http::{decode_form_component, parse_query, ApiRequest, ApiResponse};

const FORM: &str = "application/x-www-form-urlencoded";

/// An RFC 6749 §5.2 refusal.
#[derive(Debug)]
struct Refusal {
    status: StatusCode,
    error: &'static str,
    description: String,
    /// The client tried HTTP Basic: a 401 then names the scheme (§5.2).
    basic: bool,
}

fn refuse(error: &'static str, description: impl Into<String>) -> Refusal {
    Refusal {
        status: StatusCode::BAD_REQUEST,
        error,
        description: description.into(),
        basic: false,
    }
}

/// The token, or the refusal; and the key's use to note when the key was good.
pub async fn issue_token(ctx: &AppContext, request: &ApiRequest) -> (ApiResponse, Option<KeyUse>) {
    match grant(ctx, request).await {
        Ok((body, key_use)) => {
            let response = ApiResponse::json(StatusCode::OK, &body)
                .unwrap_or_else(|error| ApiResponse::error(&error, &request.request_id));
            (no_store(response), key_use)
        }
        Err(refusal) => (refusal_response(&refusal, &request.request_id), None),
    }
}

async fn grant(
    ctx: &AppContext,
    request: &ApiRequest,
) -> Result<(serde_json::Value, Option<KeyUse>), Refusal> {
    let form = form_of(request)?;
    let param = |name: &str| -> Result<Option<&str>, Refusal> {
        let mut values = form
            .iter()
            .filter(|(key, value)| key == name && !value.is_empty())
            .map(|(_, value)| value.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(refuse(
                "invalid_request",
                format!("{name} is given more than once"),
            ));
        }
        Ok(first)
    };
    match param("grant_type")? {
        None => return Err(refuse("invalid_request", "grant_type is required")),
        Some("client_credentials") => {}
        Some(_) => {
            return Err(refuse(
                "unsupported_grant_type",
                "grant_type must be client_credentials",
            ))
        }
    }
    let basic = basic_credentials(request)?;
    let in_body = (param("client_id")?, param("client_secret")?);
    let used_basic = basic.is_some();
    let (client_id, secret) = match (basic, in_body) {
        (Some(_), (Some(_), _) | (_, Some(_))) => {
            return Err(refuse(
                "invalid_request",
                "Send the client credentials either with HTTP Basic or in the body, not both",
            ))
        }
        (Some((id, secret)), _) => (id, secret),
        (None, (Some(id), Some(secret))) => (id.to_owned(), secret.to_owned()),
        (None, _) => {
            return Err(Refusal {
                status: StatusCode::UNAUTHORIZED,
                error: "invalid_client",
                description: "client_id and client_secret are required".into(),
                basic: false,
            })
        }
    };
    let Some(issuer) = &ctx.token_issuer else {
        return Err(refuse(
            "unsupported_grant_type",
            "This deployment issues no tokens: TOKEN_SIGNING_SECRET is not set",
        ));
    };
    let invalid_client = || Refusal {
        status: StatusCode::UNAUTHORIZED,
        error: "invalid_client",
        description: "Unknown client, or a client_secret that is not one of its valid keys".into(),
        basic: used_basic,
    };
    let (caller, key_use) = match ctx.api_keys.authenticate(&ctx.store, &secret).await {
        Ok(authenticated) => authenticated,
        Err(crate::error::ApiError::Unauthorized(_)) => return Err(invalid_client()),
        Err(_) => {
            return Err(Refusal {
                status: StatusCode::SERVICE_UNAVAILABLE,
                error: "temporarily_unavailable",
                description: "The key could not be checked; try again".into(),
                basic: false,
            })
        }
    };
    if caller.app_id.as_deref() != Some(client_id.as_str()) {
        return Err(invalid_client());
    }
    let caller = narrowed(caller, param("scope")?)?;
    let token = issuer
        .issue(&caller, jsonwebtoken::get_current_timestamp())
        .map_err(|_| Refusal {
            status: StatusCode::SERVICE_UNAVAILABLE,
            error: "temporarily_unavailable",
            description: "The token could not be signed; try again".into(),
            basic: false,
        })?;
    let body = json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": OWN_TOKEN_SECONDS,
        "scope": caller.scopes.join(" "),
    });
    Ok((body, key_use))
}

/// The caller with only the scopes `scope` asks for (§3.3), each one the application holds.
fn narrowed(mut caller: Caller, scope: Option<&str>) -> Result<Caller, Refusal> {
    let Some(scope) = scope else {
        return Ok(caller);
    };
    let mut asked: Vec<String> = Vec::new();
    for token in scope.split(' ') {
        if token.is_empty() || !caller.scopes.iter().any(|held| held == token) {
            return Err(refuse(
                "invalid_scope",
                format!("scope must be scopes the application holds, separated by single spaces; {token:?} is not"),
            ));
        }
        if !asked.iter().any(|known| known == token) {
            asked.push(token.to_owned());
        }
    }
    caller.scopes = asked;
    Ok(caller)
}

/// The form body's parameters; the body must be `application/x-www-form-urlencoded` UTF-8.
fn form_of(request: &ApiRequest) -> Result<Vec<(String, String)>, Refusal> {
    let content_type = request
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    if content_type.as_deref() != Some(FORM) {
        return Err(refuse(
            "invalid_request",
            format!("The request body must be {FORM}"),
        ));
    }
    let body = std::str::from_utf8(&request.body)
        .map_err(|_| refuse("invalid_request", "The request body must be UTF-8"))?;
    Ok(parse_query(body))
}

/// `Authorization: Basic base64(client_id:client_secret)`, each part form-urlencoded (§2.3.1);
/// `None` without an Authorization header.
fn basic_credentials(request: &ApiRequest) -> Result<Option<(String, String)>, Refusal> {
    let Some(header) = request.headers.get(http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let malformed = || Refusal {
        status: StatusCode::UNAUTHORIZED,
        error: "invalid_client",
        description: "Authorization must be Basic base64(client_id:client_secret)".into(),
        basic: true,
    };
    let encoded = header
        .to_str()
        .ok()
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .map(|(_, encoded)| encoded.trim())
        .ok_or_else(malformed)?;
    let decoded = STANDARD.decode(encoded).map_err(|_| malformed())?;
    let text = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (id, secret) = text.split_once(':').ok_or_else(malformed)?;
    Ok(Some((
        decode_form_component(id),
        decode_form_component(secret),
    )))
}

fn refusal_response(refusal: &Refusal, request_id: &str) -> ApiResponse {
    let body = json!({
        "error": refusal.error,
        "error_description": refusal.description,
        "request_id": request_id,
    });
    let mut response = ApiResponse::json(refusal.status, &body)
        .unwrap_or_else(|error| ApiResponse::error(&error, request_id));
    if refusal.status == StatusCode::UNAUTHORIZED {
        let scheme = if refusal.basic {
            "Basic realm=\"deals-api\""
        } else {
            "Basic realm=\"deals-api\", error=\"invalid_client\""
        };
        response.headers.insert(
            http::header::WWW_AUTHENTICATE,
            HeaderValue::from_static(scheme),
        );
    }
    no_store(response)
}

/// RFC 6749 §5.1: tokens (and the answers about them) are never cached.
fn no_store(response: ApiResponse) -> ApiResponse {
    response
        .with_header(http::header::CACHE_CONTROL, "no-store")
        .with_header(http::header::PRAGMA, "no-cache")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(scopes: &[&str]) -> Caller {
        Caller {
            tenant_id: "t".into(),
            subject: "app_1".into(),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            app_id: Some("app_1".into()),
        }
    }

    #[test]
    fn a_scope_parameter_narrows_to_scopes_the_application_holds() {
        let held = caller(&["read:deals", "write:deals"]);
        let narrowed_to = |scope| narrowed(held.clone(), scope).map(|c| c.scopes);
        assert_eq!(
            narrowed_to(None).expect("all"),
            ["read:deals", "write:deals"]
        );
        assert_eq!(
            narrowed_to(Some("read:deals")).expect("one"),
            ["read:deals"]
        );
        for bad in [
            "read:users",
            "read:deals  write:deals",
            " read:deals",
            "read:deals ",
        ] {
            let refusal = narrowed_to(Some(bad)).expect_err(bad);
            assert_eq!(refusal.error, "invalid_scope", "{bad}");
        }
    }

    #[test]
    fn basic_credentials_are_form_decoded_parts() {
        let mut request = ApiRequest::default();
        let encoded = STANDARD.encode("app_1:dk_a%2Bb&c");
        request.headers.insert(
            http::header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Basic {encoded}")).expect("header"),
        );
        let credentials = basic_credentials(&request).expect("parsed");
        assert_eq!(credentials, Some(("app_1".into(), "dk_a+b&c".into())));
        request.headers.insert(
            http::header::AUTHORIZATION,
            HeaderValue::from_static("Basic !!!"),
        );
        assert_eq!(
            basic_credentials(&request).expect_err("bad").error,
            "invalid_client"
        );
    }
}
