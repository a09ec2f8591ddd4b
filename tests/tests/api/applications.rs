//! Applications and their API keys: a person's token makes them; `Authorization: Bearer dk_…`
//! then works on every endpoint of both views as the application (its tenant, its scopes, its
//! `app_id` stamped and filtered by); unknown, revoked and expired keys are all one 401;
//! revocation reaches the instance that revoked at once and the others within the cache period;
//! and `POST /oauth/token` trades a key for a short-lived JWT.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use http::Method;
use integration_tests::{data_ids, id_of, test_config, TestApi, DEALS};
use serde_json::{json, Value};
use shared::applications::{generate_key, KeyInfo};
use shared::auth::scopes::{self, PERSON_ONLY};
use shared::auth::MonotonicClock;
use shared::routes::routes;
use shared::store::StoredKey;

const APPLICATIONS: &str = "/api/v1/crm/applications";
const DOCUMENTED: &str = "/api-v1-deals";

/// Every scope an application may hold.
fn grantable() -> Vec<&'static str> {
    scopes::ALL
        .into_iter()
        .filter(|scope| !PERSON_ONLY.contains(scope))
        .collect()
}

async fn application(api: &TestApi, name: &str, scopes: &[&str]) -> Value {
    api.create_in("applications", json!({"name": name, "scopes": scopes}))
        .await
}

/// A new key of the application, as its creation answered it (with the key, this once).
async fn key_of(api: &TestApi, app: &Value, body: Value) -> Value {
    let uri = format!("{APPLICATIONS}/{}/keys", id_of(app));
    let response = api.call(Method::POST, &uri).json(&body).send().await;
    assert_eq!(response.status, 201, "{}", response.body);
    assert_eq!(response.header("cache-control"), Some("no-store"));
    response.body["data"].clone()
}

/// A request authenticated by `key` alone.
fn with_key(api: &TestApi, method: Method, uri: &str, key: &str) -> integration_tests::Call {
    api.anonymous(method, uri).token(key)
}

fn secret(key: &Value) -> String {
    key["key"].as_str().expect("the key, shown once").to_owned()
}

#[tokio::test]
async fn a_person_makes_an_application_and_its_key_works_as_the_documented_api_shows() {
    let api = TestApi::new().await;
    let app = application(&api, " Order sync ", &["read:deals", "write:deals"]).await;
    let app_id = id_of(&app);
    assert!(app_id.starts_with("app_"), "{app}");
    assert_eq!(app["name"], "Order sync");
    assert_eq!(app["scopes"], json!(["read:deals", "write:deals"]));
    assert_eq!(app["version"], 1);
    assert!(app["created_by"]
        .as_str()
        .is_some_and(|by| by.starts_with("usr-")));

    let key = key_of(&api, &app, json!({"name": "production"})).await;
    let dk = secret(&key);
    assert!(dk.starts_with("dk_") && dk.len() == 46, "{dk}");
    assert_eq!(key["name"], "production");
    assert!(dk.starts_with(key["prefix"].as_str().expect("prefix")));
    assert_eq!(key["last_used_at"], Value::Null);

    // The documented API, with only the host and the key changed.
    let created = with_key(&api, Method::POST, DOCUMENTED, &dk)
        .json(&json!({"title": "Q1 Bulk Order", "value": 25000}))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let deal_id = id_of(&created.body["data"]);
    let listed = with_key(&api, Method::GET, DOCUMENTED, &dk).send().await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(data_ids(&listed.body), std::slice::from_ref(&deal_id));

    // Stamped with the application, as a person's token sees it.
    let deal = api.get(&format!("{DEALS}/{deal_id}")).await.body["data"].clone();
    assert_eq!(deal["app_id"], app_id.as_str());
    assert_eq!(deal["created_by"], app_id.as_str());

    // Listed without the key, and with its use noted.
    let keys = api.get(&format!("{APPLICATIONS}/{app_id}/keys")).await;
    assert_eq!(keys.status, 200, "{}", keys.body);
    let listed_key = &keys.body["data"][0];
    assert_eq!(listed_key["id"], key["id"]);
    assert_eq!(listed_key.get("key"), None, "{listed_key}");
    assert!(!keys.body.to_string().contains(&dk));
    assert!(
        listed_key["last_used_at"].as_str().is_some(),
        "{listed_key}"
    );

    // And the application itself: one, listed, read back.
    let apps = api.get(APPLICATIONS).await;
    assert_eq!(data_ids(&apps.body), std::slice::from_ref(&app_id));
    let read = api.get(&format!("{APPLICATIONS}/{app_id}")).await;
    assert_eq!(read.body["data"], app);
    assert_eq!(read.header("etag"), Some("\"1\""));
}

#[tokio::test]
async fn every_endpoint_of_both_views_takes_a_key_except_those_about_applications() {
    let api = TestApi::new().await;
    let app = application(&api, "Everything", &grantable()).await;
    let dk = secret(&key_of(&api, &app, json!({})).await);
    for route in routes().iter().filter(|route| route.scope.is_some()) {
        let method = Method::from_bytes(route.method.as_str().as_bytes()).expect("a method");
        let path = route
            .path
            .replace("{id}", "x")
            .replace("{key_id}", "x")
            .replace("{stage_id}", "x");
        let mut call = api.anonymous(method.clone(), &path).token(&dk);
        if matches!(method, Method::POST | Method::PATCH) {
            call = call.json(&json!({}));
        }
        let response = call.send().await;
        let what = format!("{} {}", route.method, route.path);
        response.no_server_error(&what, &path);
        // The summary adds up every deal of the tenant, not only the application's.
        let tenant_wide = route.function == shared::routes::Function::GetDealSummary;
        if tenant_wide
            || route
                .scope
                .is_some_and(|scope| PERSON_ONLY.contains(&scope))
        {
            assert_eq!(response.status, 403, "{what}: {}", response.body);
        } else {
            assert!(
                ![401, 403].contains(&response.status),
                "{what} refused the key: {} {}",
                response.status,
                response.body
            );
        }
    }
}

#[tokio::test]
async fn unknown_revoked_expired_and_malformed_keys_are_one_and_the_same_401() {
    let api = TestApi::new().await;
    let app = application(&api, "Sync", &["read:deals"]).await;
    let revoked = key_of(&api, &app, json!({})).await;
    let revoke = api
        .call(
            Method::DELETE,
            &format!("{APPLICATIONS}/{}/keys/{}", id_of(&app), id_of(&revoked)),
        )
        .send()
        .await;
    assert_eq!(revoke.status, 200, "{}", revoke.body);
    // An expired key: stored as one would be once its time has passed.
    let expired = generate_key().expect("key");
    let stored = api
        .ctx
        .store
        .get_application(&api.tenant, &id_of(&app))
        .await
        .expect("read")
        .expect("stored");
    let key = StoredKey {
        info: KeyInfo {
            id: shared::applications::new_key_id(),
            name: None,
            prefix: expired.prefix.clone(),
            created_at: "2026-01-01T00:00:00.000Z".into(),
            created_by: "usr-1".into(),
            expires_at: Some("2026-01-02T00:00:00.000Z".into()),
            last_used_at: None,
        },
        hash: expired.hash.to_hex(),
    };
    api.ctx
        .store
        .add_key(&api.tenant, &stored, &key, None, 20)
        .await
        .expect("stored");
    let unknown = generate_key().expect("key").secret;
    let mut answers = Vec::new();
    for (what, credential) in [
        ("revoked", secret(&revoked)),
        ("expired", expired.secret.clone()),
        ("unknown", unknown.clone()),
        ("too short", unknown[..unknown.len() - 1].to_owned()),
        ("not base64url", format!("dk_{}", "!".repeat(43))),
        ("bare prefix", "dk_".to_owned()),
    ] {
        let response = with_key(&api, Method::GET, DEALS, &credential).send().await;
        assert_eq!(response.status, 401, "{what}: {}", response.body);
        let (code, message, _) = response.error();
        answers.push((code, message));
    }
    assert!(
        answers.windows(2).all(|pair| pair[0] == pair[1]),
        "{answers:?}"
    );
    assert_eq!(answers[0].1, "Invalid API key");
}

#[tokio::test]
async fn an_application_never_manages_applications() {
    let api = TestApi::new().await;
    let app = application(&api, "Sync", &grantable()).await;
    let dk = secret(&key_of(&api, &app, json!({})).await);
    let refused = with_key(&api, Method::GET, APPLICATIONS, &dk).send().await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    // Not even a JWT minted for an application with the scopes.
    let token = api.app_token("app-crm", integration_tests::ALL_SCOPES);
    for (method, uri) in [
        (Method::GET, APPLICATIONS.to_owned()),
        (Method::POST, APPLICATIONS.to_owned()),
        (Method::POST, format!("{APPLICATIONS}/{}/keys", id_of(&app))),
    ] {
        let response = api
            .anonymous(method.clone(), &uri)
            .token(&token)
            .json(&json!({"name": "more", "scopes": ["read:deals"]}))
            .send()
            .await;
        assert_eq!(response.status, 403, "{method} {uri}: {}", response.body);
    }
    // And no application may be given those scopes.
    for scope in PERSON_ONLY {
        api.assert_field_refused(
            Method::POST,
            APPLICATIONS,
            &json!({"name": "x", "scopes": ["read:deals", scope]}),
            "scopes",
        )
        .await;
    }
}

#[tokio::test]
async fn a_key_holds_its_applications_scopes_and_a_change_reaches_it() {
    // In-process: the scope change and the requests after it run on one instance.
    let api = TestApi::in_process().await;
    let app = application(&api, "Reader", &["read:deals"]).await;
    let dk = secret(&key_of(&api, &app, json!({})).await);
    let deal = json!({"name": "By the reader"});
    let refused = with_key(&api, Method::POST, DEALS, &dk)
        .json(&deal)
        .send()
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let patched = api
        .call(Method::PATCH, &format!("{APPLICATIONS}/{}", id_of(&app)))
        .header("if-match", "\"1\"")
        .json(&json!({"scopes": ["read:deals", "write:deals"]}))
        .send()
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["data"]["version"], 2);
    let allowed = with_key(&api, Method::POST, DEALS, &dk)
        .json(&deal)
        .send()
        .await;
    assert_eq!(allowed.status, 201, "{}", allowed.body);
    let stale = api
        .call(Method::PATCH, &format!("{APPLICATIONS}/{}", id_of(&app)))
        .header("if-match", "\"1\"")
        .json(&json!({"name": "Writer"}))
        .send()
        .await;
    assert_eq!(stale.status, 409, "{}", stale.body);
}

#[tokio::test]
async fn applications_see_only_their_own_deals_and_other_tenants_see_no_applications() {
    let api = TestApi::new().await;
    let first = application(&api, "First", &["read:deals", "write:deals"]).await;
    let second = application(&api, "Second", &["read:deals", "write:deals"]).await;
    let first_key = secret(&key_of(&api, &first, json!({})).await);
    let second_key = secret(&key_of(&api, &second, json!({})).await);
    let created = with_key(&api, Method::POST, DEALS, &first_key)
        .json(&json!({"name": "First's"}))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let deal_id = id_of(&created.body["data"]);
    let theirs = with_key(&api, Method::GET, DEALS, &second_key).send().await;
    assert_eq!(data_ids(&theirs.body), Vec::<String>::new());
    let read = with_key(
        &api,
        Method::GET,
        &format!("{DEALS}/{deal_id}"),
        &second_key,
    )
    .send()
    .await;
    assert_eq!(read.status, 404, "{}", read.body);

    let other = api.other_tenant();
    let uri = format!("{APPLICATIONS}/{}", id_of(&first));
    assert_eq!(other.get(&uri).await.status, 404);
    assert_eq!(
        data_ids(&other.get(APPLICATIONS).await.body),
        Vec::<String>::new()
    );
    let keys = other
        .call(Method::POST, &format!("{uri}/keys"))
        .json(&json!({}))
        .send()
        .await;
    assert_eq!(keys.status, 404, "{}", keys.body);
}

#[tokio::test]
async fn a_revoked_key_stops_at_once_here_and_within_the_cache_period_elsewhere() {
    let here = TestApi::in_process().await;
    // Another instance of the API on the same table, whose clock the test moves.
    let mut config = test_config();
    config.jwt.clock = MonotonicClock::manual();
    let clock = config.jwt.clock.clone();
    let elsewhere = TestApi::with_config(config).await;
    let app = application(&here, "Sync", &["read:deals"]).await;
    let key = key_of(&here, &app, json!({})).await;
    let dk = secret(&key);
    let list = |api: &TestApi| with_key(api, Method::GET, DEALS, &dk).send();
    assert_eq!(list(&here).await.status, 200);
    assert_eq!(list(&elsewhere).await.status, 200);

    let revoke = here
        .call(
            Method::DELETE,
            &format!("{APPLICATIONS}/{}/keys/{}", id_of(&app), id_of(&key)),
        )
        .send()
        .await;
    assert_eq!(revoke.status, 200, "{}", revoke.body);
    assert_eq!(
        list(&here).await.status,
        401,
        "the revoking instance forgets at once"
    );
    assert_eq!(list(&elsewhere).await.status, 200, "cached for the period");
    clock.advance(Duration::from_secs(59));
    assert_eq!(
        list(&elsewhere).await.status,
        200,
        "still within the period"
    );
    clock.advance(Duration::from_secs(1));
    assert_eq!(list(&elsewhere).await.status, 401, "looked up again");
    let listed = here
        .get(&format!("{APPLICATIONS}/{}/keys", id_of(&app)))
        .await;
    assert_eq!(listed.body["data"], json!([]));
}

#[tokio::test]
async fn deleting_an_application_revokes_its_keys() {
    let api = TestApi::in_process().await;
    let app = application(&api, "Doomed", &["read:deals"]).await;
    let keys = [
        secret(&key_of(&api, &app, json!({})).await),
        secret(&key_of(&api, &app, json!({"name": "second"})).await),
    ];
    for key in &keys {
        assert_eq!(
            with_key(&api, Method::GET, DEALS, key).send().await.status,
            200
        );
    }
    let uri = format!("{APPLICATIONS}/{}", id_of(&app));
    let deleted = api.call(Method::DELETE, &uri).send().await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(api.get(&uri).await.status, 404);
    for key in &keys {
        assert_eq!(
            with_key(&api, Method::GET, DEALS, key).send().await.status,
            401
        );
    }
}

#[tokio::test]
async fn key_bodies_and_limits_are_checked() {
    let api = TestApi::new().await;
    let app = application(&api, "Sync", &["read:deals"]).await;
    let uri = format!("{APPLICATIONS}/{}/keys", id_of(&app));
    for (body, field) in [
        (json!({"expires_at": "2020-01-01T00:00:00Z"}), "expires_at"),
        (json!({"expires_at": "soon"}), "expires_at"),
        (json!({"key": "dk_mine"}), "key"),
        (json!({"name": 7}), "name"),
    ] {
        api.assert_field_refused(Method::POST, &uri, &body, field)
            .await;
    }
    let expiring = key_of(
        &api,
        &app,
        json!({"expires_at": "2999-12-31T23:00:00+01:00"}),
    )
    .await;
    assert_eq!(expiring["expires_at"], "2999-12-31T22:00:00.000Z");
    for _ in 1..20 {
        key_of(&api, &app, json!({})).await;
    }
    let over = api.call(Method::POST, &uri).json(&json!({})).send().await;
    let (_, fields) = over.expect_error(409, "CONFLICT", "a 21st key", &uri);
    assert_eq!(fields, ["keys"]);
    for missing in [
        format!("{APPLICATIONS}/app_01J0000000000000000000000A/keys"),
        format!("{APPLICATIONS}/nope/keys"),
        format!("{uri}/key_01J0000000000000000000000A"),
    ] {
        let method = if missing.ends_with("/keys") {
            Method::POST
        } else {
            Method::DELETE
        };
        let response = api.call(method, &missing).json(&json!({})).send().await;
        assert_eq!(response.status, 404, "{missing}: {}", response.body);
    }
}

/// `POST /oauth/token` with a form body and, optionally, an Authorization header.
async fn token_request(api: &TestApi, form: &str, authorization: Option<&str>) -> (u16, Value) {
    let mut call = api
        .anonymous(Method::POST, "/oauth/token")
        .header("content-type", "application/x-www-form-urlencoded")
        .raw_body(form.as_bytes().to_vec());
    if let Some(authorization) = authorization {
        call = call.header("authorization", authorization);
    }
    let response = call.send().await;
    assert_eq!(
        response.header("cache-control"),
        Some("no-store"),
        "{}",
        response.body
    );
    (response.status, response.body)
}

#[tokio::test]
async fn the_token_endpoint_trades_a_key_for_a_short_lived_token_of_the_application() {
    let api = TestApi::new().await;
    let app = application(&api, "Sync", &["read:deals", "write:deals"]).await;
    let app_id = id_of(&app);
    let dk = secret(&key_of(&api, &app, json!({})).await);
    let form = format!("grant_type=client_credentials&client_id={app_id}&client_secret={dk}");
    let (status, body) = token_request(&api, &form, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["scope"], "read:deals write:deals");
    let token = body["access_token"].as_str().expect("a token").to_owned();
    let created = with_key(&api, Method::POST, DEALS, &token)
        .json(&json!({"name": "By token"}))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["data"]["app_id"], app_id.as_str());

    // HTTP Basic, and a narrower scope.
    let basic = format!("Basic {}", STANDARD.encode(format!("{app_id}:{dk}")));
    let (status, body) = token_request(
        &api,
        "grant_type=client_credentials&scope=read:deals",
        Some(&basic),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["scope"], "read:deals");
    let narrow = body["access_token"].as_str().expect("a token").to_owned();
    let refused = with_key(&api, Method::POST, DEALS, &narrow)
        .json(&json!({"name": "By token"}))
        .send()
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);

    let other = application(&api, "Other", &["read:deals"]).await;
    for (what, form, authorization, status, error) in [
        ("no grant type", format!("client_id={app_id}&client_secret={dk}"), None, 400, "invalid_request"),
        ("another grant", format!("grant_type=password&client_id={app_id}&client_secret={dk}"), None, 400, "unsupported_grant_type"),
        ("another client's id", format!("grant_type=client_credentials&client_id={}&client_secret={dk}", id_of(&other)), None, 401, "invalid_client"),
        ("no secret", format!("grant_type=client_credentials&client_id={app_id}"), None, 401, "invalid_client"),
        ("a bad secret", format!("grant_type=client_credentials&client_id={app_id}&client_secret=dk_x"), None, 401, "invalid_client"),
        ("both methods", format!("grant_type=client_credentials&client_id={app_id}&client_secret={dk}"), Some(basic.as_str()), 400, "invalid_request"),
        ("twice", format!("grant_type=client_credentials&grant_type=client_credentials&client_id={app_id}&client_secret={dk}"), None, 400, "invalid_request"),
        ("a scope it lacks", format!("grant_type=client_credentials&client_id={app_id}&client_secret={dk}&scope=read:users"), None, 400, "invalid_scope"),
        ("a bearer token", "grant_type=client_credentials".to_owned(), Some("Bearer abc"), 401, "invalid_client"),
    ] {
        let (actual, body) = token_request(&api, &form, authorization).await;
        assert_eq!(actual, status, "{what}: {body}");
        assert_eq!(body["error"], error, "{what}: {body}");
        assert!(body["error_description"].as_str().is_some(), "{what}: {body}");
    }
    let json_body = api
        .anonymous(Method::POST, "/oauth/token")
        .json(&json!({"grant_type": "client_credentials"}))
        .send()
        .await;
    assert_eq!(json_body.status, 400, "{}", json_body.body);
    assert_eq!(json_body.body["error"], "invalid_request");
}

#[tokio::test]
async fn tokens_naming_the_apis_own_key_must_be_signed_with_it() {
    let api = TestApi::new().await;
    // Signed with the identity provider's secret, but claiming the API's own key and issuer.
    let now = jsonwebtoken::get_current_timestamp();
    let claims = json!({
        "iss": shared::auth::OWN_ISSUER, "aud": "deals-api", "sub": "app_x",
        "tenant_id": api.tenant, "app_id": "app_x", "scope": "read:deals",
        "iat": now, "exp": now + 600,
    });
    let secret = api.config.jwt.secret.as_deref().expect("a secret");
    let forged = integration_tests::jwt::signed_with_kid(
        &claims,
        jsonwebtoken::Algorithm::HS256,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
        shared::auth::OWN_KEY_ID,
    );
    let response = with_key(&api, Method::GET, DEALS, &forged).send().await;
    assert_eq!(response.status, 401, "{}", response.body);
}

#[tokio::test]
async fn changes_to_an_application_reach_keys_no_instance_has_seen_yet() {
    // Through whichever path the suite runs: no instance has cached these keys, so each change
    // shows at once.
    let api = TestApi::new().await;
    let app = application(&api, "Grows", &["read:deals"]).await;
    let uri = format!("{APPLICATIONS}/{}", id_of(&app));
    let writer = secret(&key_of(&api, &app, json!({})).await);
    let patched = api
        .call(Method::PATCH, &uri)
        .json(&json!({"scopes": ["read:deals", "write:deals"]}))
        .send()
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    let created = with_key(&api, Method::POST, DEALS, &writer)
        .json(&json!({"name": "By the grown application"}))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let unseen = secret(&key_of(&api, &app, json!({})).await);
    let deleted = api.call(Method::DELETE, &uri).send().await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    let refused = with_key(&api, Method::GET, DEALS, &unseen).send().await;
    assert_eq!(refused.status, 401, "{}", refused.body);
}
