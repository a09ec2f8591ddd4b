//! `local import`: a CSV of deals through the batch endpoint over HTTP (the gateway's binaries
//! with `TEST_THROUGH=lambda`), its rejected rows written beside it, and a second run of the
//! same file creating nothing.

use integration_tests::{lambda_gateway, TestApi};
use local::import::{import, ImportOptions};

const ROWS: usize = 250;

fn csv() -> String {
    // The documented view's names for some columns, the CRM's for others.
    let mut text = String::from("title,value,currency,stage,tags,custom_fields.region\n");
    for n in 0..ROWS {
        let row = match n {
            17 => "Bad value,abc,EUR,lead,,\n".to_owned(),
            120 => "Bad currency,10,XXX,lead,,\n".to_owned(),
            230 => "Bad stage,10,EUR,nowhere,,\n".to_owned(),
            n => format!(
                "\"Deal {n}, imported\",{}.50,{},{},big;q{},EMEA\n",
                n * 10,
                if n % 2 == 0 { "EUR" } else { "usd" },
                if n % 3 == 0 { "qualified" } else { "lead" },
                n % 4
            ),
        };
        text.push_str(&row);
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_csv_imports_in_batches_with_its_rejected_rows_beside_it_and_again_creates_nothing() {
    let api = TestApi::new().await;
    let dir = std::env::temp_dir().join(format!("deals-import-{}", ulid::Ulid::new()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let file = dir.join("deals.csv");
    std::fs::write(&file, csv()).expect("the file");
    let (address, _server) = match lambda_gateway() {
        Some(address) => (address, None),
        None => {
            let (address, server) = api.local_server().await;
            (address, Some(server))
        }
    };
    let options = ImportOptions::new(
        &file,
        format!("http://{address}"),
        api.token("read:deals write:deals"),
    );

    let mut progress = Vec::new();
    let first = import(&options, &mut progress).await.expect("imported");
    assert_eq!(
        (first.rows, first.created, first.rejected),
        (ROWS, ROWS - 3, 3)
    );
    assert_eq!(first.batches, 3, "100 rows a batch");
    assert!(first.replayed_batches.is_empty());
    assert!(!progress.is_empty(), "progress was shown");
    let rejected = std::fs::read_to_string(dir.join("deals.rejected.csv")).expect("rejected rows");
    let lines: Vec<&str> = rejected.lines().collect();
    assert_eq!(lines.len(), 4, "the header and three rows: {rejected}");
    assert!(lines[0].ends_with(",error"), "{}", lines[0]);
    assert!(lines[1].starts_with("Bad value,abc") && lines[1].contains("value"));
    assert!(lines[2].starts_with("Bad currency") && lines[2].contains("currency"));
    assert!(lines[3].starts_with("Bad stage") && lines[3].contains("stage"));

    let listed = api.get("/api/v1/crm/deals?limit=1").await;
    assert_eq!(listed.body["pagination"]["total"], ROWS - 3);
    let one = api
        .get(&format!("/api/v1/crm/deals/{}", first.deal_ids[5]))
        .await;
    let deal = &one.body["data"];
    assert_eq!(deal["name"], "Deal 5, imported");
    assert_eq!(deal["value"], 50.5);
    assert_eq!(deal["currency"], "USD");
    assert_eq!(deal["tags"], serde_json::json!(["big", "q1"]));
    assert_eq!(deal["custom_fields"], serde_json::json!({"region": "EMEA"}));

    let again = import(&options, &mut Vec::new())
        .await
        .expect("imported again");
    assert_eq!(
        again.replayed_batches,
        [1, 2, 3],
        "every batch answered again"
    );
    assert_eq!(again.deal_ids, first.deal_ids, "the same deals");
    assert_eq!(again.rejected, 3);
    let listed = api.get("/api/v1/crm/deals?limit=1").await;
    assert_eq!(listed.body["pagination"]["total"], ROWS - 3, "nothing new");
    let _ = std::fs::remove_dir_all(&dir);
}
