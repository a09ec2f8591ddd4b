//! The pipeline summary and forecast, stale deals, and the exact aggregates behind them:
//! whatever the writes do (and however many race), the summary is what the deals add up to,
//! and a reconciliation repairs an aggregate that was tampered with.

use std::collections::BTreeMap;

use http::Method;
use integration_tests::{all, id_of, TestApi};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

const SUMMARY: &str = "/api/v1/crm/deals/summary";
const FORECAST: &str = "/api/v1/crm/deals/forecast";

fn days_ago(days: i64) -> String {
    let moment = OffsetDateTime::now_utc() - Duration::days(days);
    format!("{}T09:00:00Z", &moment.date().to_string())
}

/// A pipeline of a rotting open stage (3 days), another open stage, won and lost.
async fn board(api: &TestApi) -> (String, Vec<String>) {
    let pipeline = api
        .create_in(
            "pipelines",
            json!({"name": "Board", "stages": [
                {"name": "Talk", "rotten_days": 3, "probability": 20},
                {"name": "Offer", "probability": 60},
                {"name": "Won", "kind": "won"},
                {"name": "Lost", "kind": "lost"},
            ]}),
        )
        .await;
    let stages = (0..4).map(|i| id_of(&pipeline["stages"][i])).collect();
    (id_of(&pipeline), stages)
}

/// What the live deals of a pipeline add up to per stage, from the deals themselves:
/// (count, value per currency, weighted per currency, rotten count).
type Expected = BTreeMap<String, (u64, BTreeMap<String, f64>, BTreeMap<String, f64>, u64)>;

async fn added_up(api: &TestApi, pipeline: &str, owner: Option<&str>) -> Expected {
    let mut uri = format!("/api/v1/crm/deals?pipeline_id={pipeline}&limit=100");
    if let Some(owner) = owner {
        uri.push_str(&format!("&owner_id={owner}"));
    }
    let listed = api.get(&uri).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let mut expected = Expected::new();
    for deal in listed.body["data"].as_array().expect("deals") {
        let entry = expected
            .entry(deal["stage"].as_str().expect("a stage").to_owned())
            .or_default();
        let currency = deal["currency"].as_str().expect("a currency").to_owned();
        let value = deal["value"].as_f64().expect("a value");
        let probability = deal["probability"].as_f64().unwrap_or(0.0);
        entry.0 += 1;
        *entry.1.entry(currency.clone()).or_default() += value;
        *entry.2.entry(currency).or_default() += value * probability / 100.0;
        entry.3 += u64::from(deal["is_rotten"] == true);
    }
    expected
}

fn sums(value: &Value) -> BTreeMap<String, f64> {
    value
        .as_object()
        .expect("sums per currency")
        .iter()
        .map(|(currency, sum)| (currency.clone(), sum.as_f64().expect("a number")))
        .collect()
}

fn assert_summary_is(summary: &Value, expected: &Expected) {
    for stage in summary["data"]["stages"].as_array().expect("stages") {
        let id = stage["stage_id"].as_str().expect("an id");
        let none = Default::default();
        let (count, value, weighted, rotten) = expected.get(id).unwrap_or(&none);
        assert_eq!(stage["count"], *count, "{id}: {summary}");
        let close = |got: BTreeMap<String, f64>, want: &BTreeMap<String, f64>| {
            let want: BTreeMap<&String, f64> = want
                .iter()
                .filter(|(_, v)| **v != 0.0)
                .map(|(k, v)| (k, *v))
                .collect();
            assert_eq!(got.len(), want.len(), "{id}: {got:?} {want:?}");
            for (currency, sum) in &got {
                assert!(
                    (sum - want[currency]).abs() < 1e-6,
                    "{id} {currency}: {sum} {want:?}"
                );
            }
        };
        close(sums(&stage["value"]), value);
        close(sums(&stage["weighted_value"]), weighted);
        assert_eq!(stage["rotten_count"], *rotten, "{id}");
    }
}

#[tokio::test]
async fn the_summary_is_what_the_deals_add_up_to_through_every_kind_of_write() {
    let api = TestApi::new().await;
    let (pipeline, stages) = board(&api).await;
    let owner = api.user("Owner").await;
    let other = api.user("Other").await;
    let mut ids = Vec::new();
    for (n, (stage, value, currency, entered, owner)) in [
        (0, 1000.5, "EUR", Some(10), Some(&owner)),
        (0, 200.0, "USD", Some(1), Some(&other)),
        (0, 50.25, "EUR", None, None),
        (1, 3000.0, "EUR", Some(30), Some(&owner)),
        (1, 10.0, "EUR", None, Some(&owner)),
        (2, 700.0, "EUR", None, Some(&owner)),
    ]
    .into_iter()
    .enumerate()
    {
        let mut body = json!({"name": format!("d{n}"), "pipeline_id": pipeline,
            "stage": stages[stage], "value": value, "currency": currency, "owner_id": owner});
        if let Some(days) = entered {
            body["stage_entered_at"] = json!(days_ago(days));
        }
        ids.push(id_of(&api.create(body).await));
    }
    let deal = |n: usize| format!("/api/v1/crm/deals/{}", ids[n]);
    let moved = api
        .call(Method::PATCH, &format!("{}/stage", deal(1)))
        .json(&json!({"stage": stages[3], "loss_reason": "price", "loss_category": "budget"}))
        .send()
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    for (n, change) in [
        (4, json!({"value": 15, "probability": 90})),
        (2, json!({"owner_id": other})),
        (3, json!({"currency": "GBP"})),
    ] {
        let changed = api.call(Method::PATCH, &deal(n)).json(&change).send().await;
        assert_eq!(changed.status, 200, "{}", changed.body);
    }
    let deleted = api.call(Method::DELETE, &deal(5)).send().await;
    assert!(deleted.status < 300, "{}", deleted.body);

    let summary = api.get(&format!("{SUMMARY}?pipeline_id={pipeline}")).await;
    assert_eq!(summary.status, 200, "{}", summary.body);
    let data = &summary.body["data"];
    assert_eq!(data["pipeline_id"], pipeline);
    let names: Vec<&str> = data["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| s["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(names, ["Talk", "Offer", "Won", "Lost"], "in position order");
    assert_summary_is(&summary.body, &added_up(&api, &pipeline, None).await);
    assert_eq!(
        data["stages"][0]["rotten_count"], 1,
        "entered 10 days ago, rots after 3"
    );
    assert_eq!(data["stages"][0]["rotten_days"], 3);
    assert_eq!(data["totals"]["open"]["count"], 4);
    assert_eq!(data["totals"]["open"]["rotten_count"], 1);
    assert_eq!(
        data["totals"]["won"]["count"], 0,
        "the won deal was deleted"
    );
    assert_eq!(data["totals"]["lost"]["count"], 1);
    assert_eq!(data["totals"]["lost"]["value"], json!({"USD": 200}));
    assert_eq!(data["totals"]["open"]["value"]["GBP"], 3000);

    let mine = api
        .get(&format!(
            "{SUMMARY}?pipeline_id={pipeline}&owner_id={owner}"
        ))
        .await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    assert_eq!(mine.body["data"]["owner_id"], owner);
    assert_summary_is(&mine.body, &added_up(&api, &pipeline, Some(&owner)).await);
    assert_eq!(mine.body["data"]["totals"]["open"]["count"], 3);

    let report = api.reconcile().await;
    assert_eq!(
        report["reconciled"]["repaired"],
        json!([]),
        "the writes kept every aggregate exact: {report}"
    );
}

#[tokio::test]
async fn rotten_counts_look_back_over_as_many_months_as_the_stage_allows() {
    let api = TestApi::new().await;
    let pipeline = api
        .create_in(
            "pipelines",
            json!({"name": "Slow", "stages": [{"name": "Wait", "rotten_days": 45}, {"name": "Done"}]}),
        )
        .await;
    let (wait, done) = (id_of(&pipeline["stages"][0]), id_of(&pipeline["stages"][1]));
    let owner = api.user("Owner").await;
    let mut ids = Vec::new();
    for days in [400, 60, 46, 44, 31, 1] {
        let deal = api
            .create(
                json!({"name": format!("{days} days"), "pipeline_id": id_of(&pipeline),
                "stage": wait, "owner_id": owner, "stage_entered_at": days_ago(days)}),
            )
            .await;
        ids.push(id_of(&deal));
    }
    let rotten = |body: &Value| body["data"]["stages"][0]["rotten_count"].clone();
    let summary = format!("{SUMMARY}?pipeline_id={}", id_of(&pipeline));
    let all = api.get(&summary).await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert_eq!(
        rotten(&all.body),
        3,
        "400, 60 and 46 days ago: {}",
        all.body
    );
    assert_eq!(all.body["data"]["stages"][0]["count"], 6);
    let mine = api.get(&format!("{summary}&owner_id={owner}")).await;
    assert_eq!(rotten(&mine.body), 3, "{}", mine.body);

    // A rotten deal moved on leaves the count; a fresh one moved back enters today.
    let moved = api
        .call(
            Method::PATCH,
            &format!("/api/v1/crm/deals/{}/stage", ids[1]),
        )
        .json(&json!({"stage": done}))
        .send()
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let after = api.get(&summary).await;
    assert_eq!(rotten(&after.body), 2, "{}", after.body);
    assert_eq!(after.body["data"]["stages"][1]["rotten_count"], 0);
    let report = api.reconcile().await;
    assert_eq!(report["reconciled"]["repaired"], json!([]), "{report}");
}

#[tokio::test]
async fn the_summary_reads_the_pipeline_and_one_batch_of_aggregates_whatever_the_deals() {
    let api = TestApi::in_process().await;
    let (pipeline, stages) = board(&api).await;
    for n in 0..30 {
        api.create(json!({"name": format!("d{n}"), "pipeline_id": pipeline,
            "stage": stages[n % 4], "value": n, "loss_reason": "r", "loss_category": "c"}))
            .await;
    }
    let stats = &api.ctx.dynamodb;
    let before = stats.calls();
    let summary = api.get(&format!("{SUMMARY}?pipeline_id={pipeline}")).await;
    assert_eq!(summary.status, 200, "{}", summary.body);
    assert_eq!(
        stats.calls() - before,
        2,
        "the pipeline, then its stages' aggregates"
    );
    assert_eq!(summary.body["data"]["totals"]["open"]["count"], 16);
    let before = stats.calls();
    let default = api.get(SUMMARY).await;
    assert_eq!(default.status, 200, "{}", default.body);
    assert_eq!(
        stats.calls() - before,
        2,
        "the default pipeline, then its aggregates"
    );
}

#[tokio::test]
async fn the_summary_refuses_what_it_cannot_answer() {
    let api = TestApi::new().await;
    let unknown = api.get(&format!("{SUMMARY}?pipeline_id=nope")).await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    for (query, field) in [
        ("owner_id=bob", "owner_id"),
        ("pipeline_id=%20", "pipeline_id"),
        ("stage=lead", "stage"),
    ] {
        let refused = api.get(&format!("{SUMMARY}?{query}")).await;
        assert_eq!(refused.status, 400, "{query}: {}", refused.body);
        assert_eq!(refused.error().2, [field]);
    }
    let app = api.app_token("app-board", "read:deals");
    let forbidden = api.call(Method::GET, SUMMARY).token(&app).send().await;
    assert_eq!(forbidden.status, 403, "{}", forbidden.body);
    let fresh = api.get(SUMMARY).await;
    assert_eq!(fresh.status, 200, "{}", fresh.body);
    assert_eq!(fresh.body["data"]["pipeline_id"], "default");
    assert_eq!(fresh.body["data"]["totals"]["open"]["count"], 0);
}

#[tokio::test]
async fn a_deal_in_a_stage_longer_than_its_rotten_days_is_rotten_and_listed_so() {
    let api = TestApi::new().await;
    let (pipeline, stages) = board(&api).await;
    let stale = api
        .create(
            json!({"name": "stale", "pipeline_id": pipeline, "stage": stages[0],
            "stage_entered_at": days_ago(4)}),
        )
        .await;
    assert_eq!(stale["is_rotten"], true);
    let edge = api
        .create(
            json!({"name": "edge", "pipeline_id": pipeline, "stage": stages[0],
            "stage_entered_at": days_ago(3)}),
        )
        .await;
    assert_eq!(
        edge["is_rotten"], false,
        "three whole days are not more than three"
    );
    let fresh = api
        .create(json!({"name": "fresh", "pipeline_id": pipeline, "stage": stages[0]}))
        .await;
    assert_eq!(fresh["is_rotten"], false);
    assert!(fresh["stage_entered_at"]
        .as_str()
        .is_some_and(|at| at == fresh["created_at"]));
    let old_elsewhere = api
        .create(
            json!({"name": "never rots", "pipeline_id": pipeline, "stage": stages[1],
            "stage_entered_at": "2020-01-01"}),
        )
        .await;
    assert_eq!(old_elsewhere["is_rotten"], false);
    assert_eq!(
        old_elsewhere["stage_entered_at"],
        "2020-01-01T00:00:00.000Z"
    );

    let rotten = api.get("/api/v1/crm/deals?rotten=true").await;
    assert_eq!(rotten.status, 200, "{}", rotten.body);
    assert_eq!(integration_tests::data_ids(&rotten.body), [id_of(&stale)]);
    assert_eq!(rotten.body["pagination"]["total"], 1);
    let not = api.get("/api/v1/crm/deals?rotten=false&limit=2").await;
    assert_eq!(not.body["pagination"]["total"], 3, "{}", not.body);
    let next = not.body["pagination"]["next_cursor"]
        .as_str()
        .expect("more");
    let page2 = api
        .get(&format!(
            "/api/v1/crm/deals?rotten=false&limit=2&cursor={next}"
        ))
        .await;
    assert_eq!(page2.status, 200, "{}", page2.body);
    let other_query = api
        .get(&format!(
            "/api/v1/crm/deals?rotten=true&limit=2&cursor={next}"
        ))
        .await;
    assert_eq!(
        other_query.status, 400,
        "a cursor is bound to its rotten filter"
    );
    let bad = api.get("/api/v1/crm/deals?rotten=yes").await;
    assert_eq!(bad.error().2, ["rotten"]);

    // Moving it on makes it fresh in its new stage; clearing rotten_days makes nothing rot.
    let moved = api
        .call(
            Method::PATCH,
            &format!("/api/v1/crm/deals/{}/stage", id_of(&stale)),
        )
        .json(&json!({"stage": stages[1]}))
        .send()
        .await;
    assert_eq!(moved.body["data"]["is_rotten"], false);
    assert_ne!(
        moved.body["data"]["stage_entered_at"],
        stale["stage_entered_at"]
    );
    let stage_path = format!("/api/v1/crm/pipelines/{pipeline}/stages/{}", stages[1]);
    let set = api
        .call(Method::PATCH, &stage_path)
        .json(&json!({"rotten_days": 0}))
        .send()
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.body["data"]["rotten_days"], 0);
    let summary = api.get(&format!("{SUMMARY}?pipeline_id={pipeline}")).await;
    assert_eq!(
        summary.body["data"]["stages"][1]["rotten_count"], 1,
        "entered 2020"
    );
    let cleared = api
        .call(Method::PATCH, &stage_path)
        .json(&json!({"rotten_days": null}))
        .send()
        .await;
    assert_eq!(cleared.body["data"]["rotten_days"], Value::Null);
    let summary = api.get(&format!("{SUMMARY}?pipeline_id={pipeline}")).await;
    assert_eq!(summary.body["data"]["stages"][1]["rotten_count"], 0);
}

#[tokio::test]
async fn rotten_days_and_stage_entered_at_are_checked() {
    let api = TestApi::new().await;
    let (pipeline, stages) = board(&api).await;
    let stage_path = format!("/api/v1/crm/pipelines/{pipeline}/stages/{}", stages[0]);
    for bad in [json!(-1), json!(1.5), json!("3"), json!(3651)] {
        api.assert_field_refused(
            Method::PATCH,
            &stage_path,
            &json!({"rotten_days": bad}),
            "rotten_days",
        )
        .await;
    }
    api.assert_field_refused(
        Method::POST,
        "/api/v1/crm/pipelines",
        &json!({"name": "P", "stages": [{"name": "S", "rotten_days": -2}]}),
        "stages[0].rotten_days",
    )
    .await;
    let tomorrow = (OffsetDateTime::now_utc() + Duration::days(1))
        .date()
        .to_string();
    for bad in [json!(tomorrow), json!("yesterday"), json!(5)] {
        api.assert_field_refused(
            Method::POST,
            "/api/v1/crm/deals",
            &json!({"name": "n", "stage_entered_at": bad}),
            "stage_entered_at",
        )
        .await;
    }
    let deal = api.create(json!({"name": "n"})).await;
    api.assert_field_refused(
        Method::PATCH,
        &format!("/api/v1/crm/deals/{}", id_of(&deal)),
        &json!({"stage_entered_at": days_ago(2)}),
        "stage_entered_at",
    )
    .await;
}

#[tokio::test]
async fn the_forecast_gives_every_month_of_the_range_from_the_deals_closing_in_it() {
    let api = TestApi::new().await;
    let (pipeline, stages) = board(&api).await;
    for (stage, value, probability, close, currency) in [
        (0, 100.0, 20, "2031-01-15", "EUR"),
        (1, 300.0, 60, "2031-01-31", "EUR"),
        (1, 50.0, 60, "2031-01-01", "USD"),
        (2, 1000.0, 100, "2031-03-10", "EUR"),
        (3, 999.0, 0, "2031-03-11", "EUR"),
        (0, 5.0, 20, "2031-05-01", "EUR"),
        (0, 7.0, 20, "2030-12-31", "EUR"),
    ] {
        api.create(
            json!({"name": "d", "pipeline_id": pipeline, "stage": stages[stage],
            "value": value, "probability": probability, "expected_close_date": close,
            "currency": currency, "loss_reason": "r", "loss_category": "c"}),
        )
        .await;
    }
    let forecast = api
        .get(&format!(
            "{FORECAST}?from=2031-01&to=2031-04&pipeline_id={pipeline}"
        ))
        .await;
    assert_eq!(forecast.status, 200, "{}", forecast.body);
    let months = forecast.body["data"]["months"].as_array().expect("months");
    let names: Vec<&str> = months
        .iter()
        .map(|m| m["month"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["2031-01", "2031-02", "2031-03", "2031-04"]);
    assert_eq!(months[0]["count"], 3);
    assert_eq!(months[0]["value"], json!({"EUR": 400, "USD": 50}));
    assert_eq!(months[0]["weighted_value"], json!({"EUR": 200, "USD": 30}));
    assert_eq!(
        months[1],
        json!({"month": "2031-02", "count": 0, "value": {},
        "weighted_value": {}, "won_value": {}})
    );
    assert_eq!(months[2]["count"], 0, "won and lost are not open");
    assert_eq!(months[2]["won_value"], json!({"EUR": 1000}));

    for (query, field) in [
        ("from=2031-05&to=2031-04", "to"),
        ("from=2031-01&to=2033-01", "to"),
        ("from=2031-13", "from"),
        ("to=31-01", "to"),
    ] {
        let refused = api.get(&format!("{FORECAST}?{query}")).await;
        assert_eq!(refused.status, 400, "{query}: {}", refused.body);
        assert_eq!(refused.error().2, [field], "{query}");
    }
    let default = api.get(FORECAST).await;
    assert_eq!(default.status, 200, "{}", default.body);
    assert_eq!(
        default.body["data"]["months"].as_array().map(Vec::len),
        Some(12)
    );
}

#[tokio::test]
async fn a_tampered_aggregate_is_repaired_by_the_reconciliation() {
    let api = TestApi::new().await;
    let (pipeline, stages) = board(&api).await;
    for value in [10, 20, 30] {
        api.create(
            json!({"name": "d", "pipeline_id": pipeline, "stage": stages[0], "value": value}),
        )
        .await;
    }
    let right = api.get(&format!("{SUMMARY}?pipeline_id={pipeline}")).await;
    // What a function dying mid-write, or a bug, could leave behind.
    let key = |sk: String| {
        std::collections::HashMap::from([
            (
                "pk".to_owned(),
                aws_sdk_dynamodb::types::AttributeValue::S(format!("TENANT#{}", api.tenant)),
            ),
            (
                "sk".to_owned(),
                aws_sdk_dynamodb::types::AttributeValue::S(sk),
            ),
        ])
    };
    let n = |v: &str| aws_sdk_dynamodb::types::AttributeValue::N(v.into());
    api.ctx
        .store
        .client()
        .update_item()
        .table_name(api.ctx.store.table())
        .set_key(Some(key(format!("STAGE#{}", stages[0]))))
        .update_expression("SET deal_refs = :wrong, #value = :wrong, #stray = :wrong")
        .expression_attribute_names("#value", "value:EUR")
        .expression_attribute_names("#stray", "value:JPY")
        .expression_attribute_values(":wrong", n("7"))
        .send()
        .await
        .expect("tampered");
    api.ctx
        .store
        .client()
        .update_item()
        .table_name(api.ctx.store.table())
        .set_key(Some(key("COUNTER#DEALS".into())))
        .update_expression("SET #all = :wrong")
        .expression_attribute_names("#all", "all")
        .expression_attribute_values(":wrong", n("99"))
        .send()
        .await
        .expect("tampered");
    let wrong = api.get(&format!("{SUMMARY}?pipeline_id={pipeline}")).await;
    assert_ne!(wrong.body["data"], right.body["data"]);
    assert_eq!(
        api.get("/api/v1/crm/deals").await.body["pagination"]["total"],
        99
    );

    // The daily run, over every tenant that stored a pipeline (other tests' tenants too).
    let daily = api.reconcile_every_tenant().await;
    assert!(daily["tenants"].as_u64().is_some_and(|n| n >= 1), "{daily}");
    assert!(
        daily["items_repaired"].as_u64().is_some_and(|n| n >= 2),
        "{daily}"
    );
    let fixed = api.get(&format!("{SUMMARY}?pipeline_id={pipeline}")).await;
    assert_eq!(fixed.body["data"], right.body["data"]);
    assert_eq!(
        api.get("/api/v1/crm/deals").await.body["pagination"]["total"],
        3
    );
    let again = api.reconcile().await;
    assert_eq!(again["reconciled"]["repaired"], json!([]), "{again}");
    assert_eq!(again["reconciled"]["deals_read"], 3);

    // One tenant on demand (`local reconcile --tenant T`), naming what it repaired.
    let key_of_count = key("COUNTER#DEALS".into());
    api.ctx
        .store
        .client()
        .update_item()
        .table_name(api.ctx.store.table())
        .set_key(Some(key_of_count))
        .update_expression("REMOVE #all")
        .expression_attribute_names("#all", "all")
        .send()
        .await
        .expect("tampered");
    let one = api.reconcile().await;
    assert_eq!(
        one["reconciled"]["repaired"],
        json!(["COUNTER#DEALS"]),
        "{one}"
    );
    assert_eq!(
        api.get("/api/v1/crm/deals").await.body["pagination"]["total"],
        3
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_writers_leave_exact_totals() {
    let api = TestApi::new().await;
    let (pipeline, stages) = board(&api).await;
    let created = all((0..50).map(|n| {
        api.call(Method::POST, "/api/v1/crm/deals")
            .json(&json!({"name": format!("w{n}"), "pipeline_id": pipeline,
                "stage": stages[0], "value": n, "currency": if n % 2 == 0 { "EUR" } else { "USD" }}))
            .send()
    }))
    .await;
    assert!(
        created.iter().all(|r| r.status == 201),
        "every create goes through"
    );
    // Then 50 writers at once over those deals: value changes, stage moves and deletions.
    let changed = all(created.iter().enumerate().map(|(n, response)| {
        let path = format!("/api/v1/crm/deals/{}", id_of(&response.body["data"]));
        match n % 3 {
            0 => api
                .call(Method::PATCH, &path)
                .json(&json!({"value": n * 10})),
            1 => api
                .call(Method::PATCH, &format!("{path}/stage"))
                .json(&json!({"stage": stages[1]})),
            _ => api.call(Method::DELETE, &path),
        }
        .send()
    }))
    .await;
    for response in &changed {
        assert!(response.status < 300, "{}", response.body);
    }
    let summary = api.get(&format!("{SUMMARY}?pipeline_id={pipeline}")).await;
    assert_summary_is(&summary.body, &added_up(&api, &pipeline, None).await);
    assert_eq!(summary.body["data"]["totals"]["open"]["count"], 34);
    assert_eq!(
        api.get("/api/v1/crm/deals").await.body["pagination"]["total"],
        34
    );
    let report = api.reconcile().await;
    assert_eq!(report["reconciled"]["repaired"], json!([]), "{report}");
}
