//! Webhooks: subscriptions, signed deliveries to a receiver on this machine, retries on the
//! schedule (the tests move the clock rather than wait), the deliveries' record, SSRF refusals.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use http::Method;
use http_body_util::Full;
use hyper::body::Bytes;
use integration_tests::{deliver_due_webhooks, TestApi, DEALS};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

const WEBHOOKS: &str = "/api/v1/crm/webhooks";

/// One request a receiver got.
#[derive(Clone)]
struct Received {
    headers: http::HeaderMap,
    body: Vec<u8>,
}

/// A webhook receiver on 127.0.0.1 answering each request with the next of `statuses` (the
/// last one again once they run out), keeping what it got.
struct Receiver {
    address: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Receiver {
    async fn start(statuses: Vec<u16>) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        Self::on(listener, statuses)
    }

    fn on(listener: tokio::net::TcpListener, statuses: Vec<u16>) -> Self {
        let address = listener.local_addr().expect("address");
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let kept = Arc::clone(&received);
        let server = tokio::spawn(local::plain_http::serve(listener, move |request, _| {
            let kept = Arc::clone(&kept);
            let statuses = statuses.clone();
            async move {
                let (parts, body) = request.into_parts();
                let body = http_body_util::BodyExt::collect(body)
                    .await
                    .map(|collected| collected.to_bytes().to_vec())
                    .unwrap_or_default();
                let count = {
                    let mut kept = kept.lock().expect("kept");
                    kept.push(Received {
                        headers: parts.headers,
                        body,
                    });
                    kept.len()
                };
                let status = statuses
                    .get(count - 1)
                    .or(statuses.last())
                    .copied()
                    .unwrap_or(200);
                let mut response = http::Response::new(Full::new(Bytes::new()));
                *response.status_mut() = http::StatusCode::from_u16(status).expect("a status");
                response
            }
        }));
        Receiver {
            address,
            received,
            server,
        }
    }

    fn url(&self) -> String {
        format!("http://{}/hooks", self.address)
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().expect("received").clone()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn subscribe(api: &TestApi, url: &str, events: Value) -> (String, String) {
    let made = api
        .call(Method::POST, WEBHOOKS)
        .json(&json!({"url": url, "events": events, "description": "test"}))
        .send()
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let id = made.body["data"]["id"].as_str().expect("id").to_owned();
    let secret = made.body["data"]["secret"]
        .as_str()
        .expect("secret")
        .to_owned();
    (id, secret)
}

async fn deliveries(api: &TestApi, webhook: &str) -> Vec<Value> {
    let listed = api.get(&format!("{WEBHOOKS}/{webhook}/deliveries")).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    listed.body["data"].as_array().expect("data").clone()
}

fn verified_event(received: &Received, secret: &str) -> Value {
    standardwebhooks::Webhook::new(secret)
        .expect("the secret")
        .verify(&received.body, &received.headers)
        .expect("a valid Standard Webhooks signature");
    serde_json::from_slice(&received.body).expect("a JSON event")
}

#[tokio::test]
async fn a_webhook_is_made_read_changed_and_deleted_and_its_secret_shown_only_when_made() {
    let api = TestApi::new().await;
    let (id, secret) = subscribe(&api, "https://hooks.example.com/deals", json!(["deal.*"])).await;
    assert!(id.starts_with("wh_") && secret.starts_with("whsec_"));
    let got = api.get(&format!("{WEBHOOKS}/{id}")).await;
    assert_eq!(got.status, 200);
    assert!(got.body["data"].get("secret").is_none(), "{}", got.body);
    assert_eq!(got.body["data"]["events"], json!(["deal.*"]));
    assert_eq!(got.body["data"]["enabled"], true);
    let listed = api.get(WEBHOOKS).await;
    assert_eq!(listed.body["data"].as_array().map(Vec::len), Some(1));
    assert!(listed.body["data"][0].get("secret").is_none());

    let patched = api
        .send_with(
            Method::PATCH,
            &format!("{WEBHOOKS}/{id}"),
            Some(&json!({"events": ["deal.stage_changed", "account.*"], "enabled": false})),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["data"]["enabled"], false);
    assert!(patched.body["data"].get("secret").is_none());
    let rotated = api
        .send_with(
            Method::PATCH,
            &format!("{WEBHOOKS}/{id}"),
            Some(&json!({"rotate_secret": true})),
        )
        .await;
    let new_secret = rotated.body["data"]["secret"]
        .as_str()
        .expect("the new secret");
    assert!(new_secret.starts_with("whsec_") && new_secret != secret);

    for (body, field) in [
        (json!({"events": ["deal.*"]}), "url"),
        (json!({"url": "https://x.example.com"}), "events"),
        (
            json!({"url": "https://x.example.com", "events": ["deal.moved"]}),
            "events",
        ),
        (
            json!({"url": "https://x.example.com", "events": []}),
            "events",
        ),
        (
            json!({"url": "https://x.example.com", "events": ["deal.*"], "secret": "mine"}),
            "secret",
        ),
    ] {
        api.assert_field_refused(Method::POST, WEBHOOKS, &body, field)
            .await;
    }
    let deleted = api
        .send_with(Method::DELETE, &format!("{WEBHOOKS}/{id}"), None)
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    let gone = api.get(&format!("{WEBHOOKS}/{id}")).await;
    gone.expect_error(404, "NOT_FOUND", "a deleted webhook", WEBHOOKS);
}

#[tokio::test]
async fn no_webhook_may_target_a_private_address_even_locally() {
    let api = TestApi::new().await;
    for url in [
        "http://10.0.0.1/hook",
        "http://172.16.5.4/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
        "http://255.255.255.255/hook",
        "http://240.0.0.1/hook",
        "http://[fe80::1]/hook",
        "http://[fc00::1]/hook",
        "http://[fd12:3456::1]/hook",
        "http://[::ffff:10.0.0.1]/hook",
        "http://[::ffff:169.254.169.254]/hook",
        "http://[ff02::1]/hook",
        "http://[::]/hook",
        "http://2130706433/hook",
        "http://0x7f.1/hook",
        "http://017700000001/hook",
        "ftp://files.example.com/hook",
        "http://user:secret@example.com/hook",
        "https://example.com/hook#part",
        "not a url",
    ] {
        let body = json!({"url": url, "events": ["deal.*"]});
        api.assert_field_refused(Method::POST, WEBHOOKS, &body, "url")
            .await;
    }
    // `make dev` (WEBHOOK_ALLOW_LOOPBACK=1) lets a developer receive on the laptop.
    for url in [
        "http://127.0.0.1:9/hook",
        "http://localhost:9/hook",
        "http://[::1]:9/hook",
    ] {
        subscribe(&api, url, json!(["deal.*"])).await;
    }
}

#[tokio::test]
async fn a_receiver_that_fails_twice_gets_the_event_three_times_under_one_id() {
    let api = TestApi::new().await;
    let receiver = Receiver::start(vec![500, 500, 200]).await;
    let (webhook, secret) = subscribe(&api, &receiver.url(), json!(["deal.created"])).await;
    let deal = api.create(json!({"name": "Hooked"})).await;
    api.settle_events().await;
    assert_eq!(
        receiver.received().len(),
        1,
        "the first attempt comes at once"
    );

    let start = OffsetDateTime::now_utc();
    assert_eq!(
        deliver_due_webhooks(&api.ctx, &api.tenant, start + Duration::minutes(11)).await,
        1
    );
    assert_eq!(
        deliver_due_webhooks(&api.ctx, &api.tenant, start + Duration::minutes(30)).await,
        1
    );
    assert_eq!(
        deliver_due_webhooks(&api.ctx, &api.tenant, start + Duration::minutes(60)).await,
        0,
        "nothing is due once it succeeded"
    );

    let received = receiver.received();
    assert_eq!(received.len(), 3);
    let ids: Vec<&str> = received
        .iter()
        .map(|r| r.headers["webhook-id"].to_str().expect("id"))
        .collect();
    assert!(
        ids.iter().all(|id| *id == ids[0] && id.starts_with("evt_")),
        "{ids:?}"
    );
    for one in &received {
        let event = verified_event(one, &secret);
        assert_eq!(event["type"], "deal.created");
        assert_eq!(event["object_id"], deal["id"]);
        assert_eq!(event["id"], json!(ids[0]));
    }
    let listed = deliveries(&api, &webhook).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    let delivery = &listed[0];
    assert_eq!(delivery["status"], "succeeded");
    assert_eq!(delivery["event_id"], json!(ids[0]));
    assert_eq!(delivery["event_type"], "deal.created");
    assert_eq!(delivery["next_attempt_at"], Value::Null);
    let codes: Vec<u64> = delivery["attempts"]
        .as_array()
        .expect("attempts")
        .iter()
        .map(|a| a["status_code"].as_u64().expect("a status code"))
        .collect();
    assert_eq!(codes, [500, 500, 200]);
    assert!(delivery["attempts"][0]["duration_ms"].is_u64());
}

#[tokio::test]
async fn pending_deliveries_survive_a_restart_of_the_server() {
    let api = TestApi::new().await;
    // A receiver that is down: its port refuses connections.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let url = format!("http://{address}/hooks");
    let (webhook, secret) = subscribe(&api, &url, json!(["deal.*"])).await;
    api.create(json!({"name": "Waiting"})).await;
    api.settle_events().await;
    let pending = deliveries(&api, &webhook).await;
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["status"], "pending");
    assert!(
        pending[0]["attempts"][0]["error"].is_string(),
        "{pending:?}"
    );
    assert!(pending[0]["next_attempt_at"].is_string());

    // Everything this process held is gone; what is due is in the table.
    let restarted = TestApi::with_config(integration_tests::test_config()).await;
    let receiver = Receiver::on(
        tokio::net::TcpListener::bind(address)
            .await
            .expect("the same port"),
        vec![204],
    );
    let later = OffsetDateTime::now_utc() + Duration::minutes(11);
    assert_eq!(
        deliver_due_webhooks(&restarted.ctx, &api.tenant, later).await,
        1
    );
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        verified_event(&received[0], &secret)["type"],
        "deal.created"
    );
    let done = deliveries(&api, &webhook).await;
    assert_eq!(done[0]["status"], "succeeded");
    assert_eq!(done[0]["attempts"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn test_and_retry_send_at_once_and_show_the_attempt() {
    let api = TestApi::new().await;
    let receiver = Receiver::start(vec![200, 500]).await;
    let (webhook, secret) = subscribe(&api, &receiver.url(), json!(["deal.*"])).await;
    let tested = api
        .send_with(Method::POST, &format!("{WEBHOOKS}/{webhook}/test"), None)
        .await;
    assert_eq!(tested.status, 200, "{}", tested.body);
    assert_eq!(tested.body["data"]["status"], "succeeded");
    assert_eq!(tested.body["data"]["event_type"], "webhook.test");
    let delivery = tested.body["data"]["id"].as_str().expect("id").to_owned();
    let first = receiver.received();
    assert_eq!(first.len(), 1);
    assert_eq!(verified_event(&first[0], &secret)["type"], "webhook.test");

    let retried = api
        .send_with(
            Method::POST,
            &format!("{WEBHOOKS}/{webhook}/deliveries/{delivery}/retry"),
            None,
        )
        .await;
    assert_eq!(retried.status, 200, "{}", retried.body);
    assert_eq!(
        retried.body["data"]["attempts"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(retried.body["data"]["attempts"][1]["status_code"], 500);
    assert_eq!(
        retried.body["data"]["status"], "pending",
        "the schedule starts again"
    );
    assert!(retried.body["data"]["next_attempt_at"].is_string());
    assert_eq!(receiver.received().len(), 2);
    let failing = api.get(&format!("{WEBHOOKS}/{webhook}")).await;
    assert!(
        failing.body["data"]["failing_since"].is_string(),
        "{}",
        failing.body
    );
    let unknown = api
        .send_with(
            Method::POST,
            &format!("{WEBHOOKS}/{webhook}/deliveries/dlv_01m8sc02ywrynq2dqp94j39g1b/retry"),
            None,
        )
        .await;
    unknown.expect_error(404, "NOT_FOUND", "no such delivery", WEBHOOKS);
}

#[tokio::test]
async fn an_application_s_webhook_gets_only_its_deal_events_and_tenants_see_only_theirs() {
    let api = TestApi::new().await;
    let app_token = api.app_token(
        "app_hooks",
        "read:deals write:deals read:webhooks write:webhooks",
    );
    let for_app = Receiver::start(vec![200]).await;
    let for_tenant = Receiver::start(vec![200]).await;
    let made = api
        .anonymous(Method::POST, WEBHOOKS)
        .token(&app_token)
        .json(&json!({"url": for_app.url(), "events": ["deal.*", "account.*"]}))
        .send()
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let app_webhook = made.body["data"]["id"].as_str().expect("id").to_owned();
    let (tenant_webhook, _) = subscribe(&api, &for_tenant.url(), json!(["deal.created"])).await;
    api.create(json!({"name": "The tenant's"})).await;
    let by_app = api
        .anonymous(Method::POST, DEALS)
        .token(&app_token)
        .json(&json!({"name": "The app's"}))
        .send()
        .await;
    assert_eq!(by_app.status, 201);
    api.create_in("accounts", json!({"name": "Acme"})).await;
    api.settle_events().await;

    let names = |receiver: &Receiver| -> Vec<String> {
        receiver
            .received()
            .iter()
            .map(|r| {
                serde_json::from_slice::<Value>(&r.body).expect("json")["data"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(names(&for_app), ["The app's"]);
    let mut everything = names(&for_tenant);
    everything.sort();
    assert_eq!(everything, ["The app's", "The tenant's"]);

    let seen_by_app = api
        .anonymous(Method::GET, WEBHOOKS)
        .token(&app_token)
        .send()
        .await;
    let ids: Vec<&str> = seen_by_app.body["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|w| w["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, [app_webhook.as_str()]);
    let hidden = api
        .anonymous(Method::GET, &format!("{WEBHOOKS}/{tenant_webhook}"))
        .token(&app_token)
        .send()
        .await;
    hidden.expect_error(404, "NOT_FOUND", "another's webhook", WEBHOOKS);
    let other = api.other_tenant();
    let elsewhere = other.get(&format!("{WEBHOOKS}/{tenant_webhook}")).await;
    elsewhere.expect_error(404, "NOT_FOUND", "another tenant's webhook", WEBHOOKS);
}

#[tokio::test]
async fn a_disabled_webhook_gets_nothing() {
    let api = TestApi::new().await;
    let receiver = Receiver::start(vec![200]).await;
    let (webhook, _) = subscribe(&api, &receiver.url(), json!(["deal.*"])).await;
    let off = api
        .send_with(
            Method::PATCH,
            &format!("{WEBHOOKS}/{webhook}"),
            Some(&json!({"enabled": false})),
        )
        .await;
    assert_eq!(off.status, 200);
    api.create(json!({"name": "Unheard"})).await;
    api.settle_events().await;
    assert!(receiver.received().is_empty());
    assert!(deliveries(&api, &webhook).await.is_empty());
}

#[tokio::test]
async fn a_webhook_that_only_failed_for_five_days_is_turned_off_until_turned_on() {
    let api = TestApi::new().await;
    let receiver = Receiver::start(vec![503]).await;
    let (webhook, _) = subscribe(&api, &receiver.url(), json!(["deal.*"])).await;
    api.create(json!({"name": "Unlucky"})).await;
    api.settle_events().await;
    let uri = format!("{WEBHOOKS}/{webhook}");
    assert!(api.get(&uri).await.body["data"]["failing_since"].is_string());

    let six_days_on = OffsetDateTime::now_utc() + Duration::days(6);
    assert_eq!(
        deliver_due_webhooks(&api.ctx, &api.tenant, six_days_on).await,
        1
    );
    let off = api.get(&uri).await;
    assert_eq!(off.body["data"]["enabled"], false, "{}", off.body);
    assert!(off.body["data"]["disabled_reason"]
        .as_str()
        .is_some_and(|reason| reason.contains("5 days")));

    let on = api
        .send_with(Method::PATCH, &uri, Some(&json!({"enabled": true})))
        .await;
    assert_eq!(on.status, 200, "{}", on.body);
    assert_eq!(on.body["data"]["disabled_reason"], Value::Null);
    assert_eq!(on.body["data"]["failing_since"], Value::Null);
}

#[tokio::test]
async fn deliveries_are_listed_newest_first_page_by_page() {
    let api = TestApi::new().await;
    let receiver = Receiver::start(vec![200]).await;
    let (webhook, _) = subscribe(&api, &receiver.url(), json!(["deal.created"])).await;
    for name in ["first", "second", "third"] {
        api.create(json!({ "name": name })).await;
    }
    api.settle_events().await;
    let uri = format!("{WEBHOOKS}/{webhook}/deliveries");
    let first = api.get(&format!("{uri}?limit=2")).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let page = first.body["data"].as_array().expect("data").clone();
    assert_eq!(page.len(), 2);
    let cursor = first.body["pagination"]["next_cursor"]
        .as_str()
        .expect("a next page");
    let rest = api.get(&format!("{uri}?limit=2&cursor={cursor}")).await;
    let rest = rest.body["data"].as_array().expect("data").clone();
    assert_eq!(rest.len(), 1);
    let mut names: Vec<String> = receiver
        .received()
        .iter()
        .map(|r| {
            serde_json::from_slice::<Value>(&r.body).expect("json")["data"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    names.sort();
    assert_eq!(names, ["first", "second", "third"], "each event once");
    let ids: Vec<&Value> = page.iter().chain(&rest).map(|d| &d["id"]).collect();
    let mut sorted = ids.clone();
    sorted.sort_by(|a, b| b.as_str().cmp(&a.as_str()));
    assert_eq!(ids, sorted, "newest first");
    assert_eq!(
        api.get(&format!("{uri}?cursor=nope")).await.status,
        400,
        "a cursor that is not one"
    );
}
