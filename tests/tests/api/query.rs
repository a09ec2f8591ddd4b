use std::collections::HashSet;

use http::Method;
use integration_tests::{id_of, names, TestApi};
use serde_json::json;

/// Every page of `uri` (which has no cursor yet), following next_cursor; returns the names in
/// order and checks the pagination object on the way.
async fn all_pages(api: &TestApi, uri: &str) -> Vec<String> {
    let mut seen = Vec::new();
    let mut next = uri.to_owned();
    for page_number in 1.. {
        let page = api.call(Method::GET, &next).send().await;
        assert_eq!(page.status, 200, "{next}: {}", page.body);
        assert_eq!(page.body["pagination"]["page"], page_number);
        seen.extend(names(&page.body));
        match page.body["pagination"]["next_cursor"].as_str() {
            Some(cursor) => next = format!("{uri}&cursor={cursor}"),
            None => break,
        }
    }
    seen
}

#[tokio::test]
async fn sorts_order_by_field_then_id_and_pages_follow() {
    let api = TestApi::new().await;
    let values = [300, 100, 200, 100, 500, 100, 0];
    let mut ids = Vec::new();
    for (n, value) in values.iter().enumerate() {
        let close = if n % 3 == 0 {
            json!(null)
        } else {
            json!(format!("2026-0{}-15", n + 1))
        };
        let deal = api
            .create(json!({"name": format!("{} deal {n}", if n % 2 == 0 { "alpha" } else { "Beta" }), "value": value, "expected_close_date": close}))
            .await;
        ids.push((
            id_of(&deal),
            *value,
            format!("{} deal {n}", if n % 2 == 0 { "alpha" } else { "Beta" }),
        ));
    }
    let mut by_value = ids.clone();
    by_value.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let ascending: Vec<String> = by_value.iter().map(|d| d.2.clone()).collect();
    assert_eq!(
        all_pages(&api, "/api/v1/crm/deals?sort=value&limit=2").await,
        ascending
    );
    let descending: Vec<String> = by_value.iter().rev().map(|d| d.2.clone()).collect();
    assert_eq!(
        all_pages(&api, "/api/v1/crm/deals?sort=-value&limit=3").await,
        descending
    );

    let names_sorted = all_pages(&api, "/api/v1/crm/deals?sort=name&limit=4").await;
    let mut expected: Vec<String> = ids.iter().map(|d| d.2.clone()).collect();
    expected.sort_by_key(|name| name.to_lowercase());
    assert_eq!(names_sorted, expected, "names sort case-insensitively");

    let by_close = all_pages(&api, "/api/v1/crm/deals?sort=expected_close_date&limit=3").await;
    let dated: Vec<&str> = ["Beta deal 1", "alpha deal 2", "alpha deal 4", "Beta deal 5"].to_vec();
    assert_eq!(&by_close[..4], dated.as_slice());
    assert_eq!(by_close.len(), 7, "deals without a date come last");

    let oldest_first = all_pages(&api, "/api/v1/crm/deals?sort=created_at&limit=5").await;
    assert_eq!(
        oldest_first,
        ids.iter().map(|d| d.2.clone()).collect::<Vec<_>>()
    );
    let bad = api
        .call(Method::GET, "/api/v1/crm/deals?sort=colour")
        .send()
        .await;
    assert_eq!(bad.error().2, ["sort"]);
}

#[tokio::test]
async fn filters_combine_with_and() {
    let api = TestApi::new().await;
    api.create(json!({"name": "Enterprise Renewal", "value": 50000, "currency": "USD", "tags": ["enterprise", "q1"], "stage": "qualified", "expected_close_date": "2026-03-31", "probability": 40})).await;
    api.create(json!({"name": "SMB starter", "value": 900, "tags": ["smb"], "stage": "lead", "expected_close_date": "2026-06-30"})).await;
    api.create(json!({"name": "Enterprise Expansion", "value": 120000, "tags": ["enterprise"], "stage": "proposal", "deal_type": "upsell"})).await;
    let cases: [(&str, &[&str]); 16] = [
        (
            "value[gte]=50000",
            &["Enterprise Expansion", "Enterprise Renewal"],
        ),
        ("value[lt]=50000", &["SMB starter"]),
        ("value=900", &["SMB starter"]),
        (
            "value[in]=900,120000",
            &["Enterprise Expansion", "SMB starter"],
        ),
        (
            "name[like]=enterprise",
            &["Enterprise Expansion", "Enterprise Renewal"],
        ),
        ("name[like]=%25renewal", &["Enterprise Renewal"]),
        ("name[like]=smb%25", &["SMB starter"]),
        (
            "tags=enterprise",
            &["Enterprise Expansion", "Enterprise Renewal"],
        ),
        ("tags[ne]=enterprise", &["SMB starter"]),
        (
            "stage[in]=lead,proposal",
            &["Enterprise Expansion", "SMB starter"],
        ),
        ("currency=USD", &["Enterprise Renewal"]),
        ("currency[ne]=USD", &["Enterprise Expansion", "SMB starter"]),
        (
            "expected_close_date[lte]=2026-04-01",
            &["Enterprise Renewal"],
        ),
        (
            "probability[gt]=45&tags=enterprise",
            &["Enterprise Expansion"],
        ),
        (
            "deal_type[ne]=upsell&value[gte]=1000",
            &["Enterprise Renewal"],
        ),
        (
            "name[like]=enterprise&value[lte]=60000&stage=qualified",
            &["Enterprise Renewal"],
        ),
    ];
    for (filters, expected) in cases {
        let response = api
            .call(Method::GET, &format!("/api/v1/crm/deals?{filters}"))
            .send()
            .await;
        assert_eq!(response.status, 200, "{filters}: {}", response.body);
        let mut found = names(&response.body);
        found.sort();
        assert_eq!(found, expected, "{filters}");
        assert_eq!(
            response.body["pagination"]["total"],
            expected.len(),
            "{filters}"
        );
    }
    let today = &api.create(json!({"name": "today"})).await["created_at"]
        .as_str()
        .expect("created_at")[..10]
        .to_owned();
    for (filter, count) in [
        (format!("created_at={today}"), 4),
        (format!("created_at[lt]={today}"), 0),
        (format!("created_at[gte]={today}T00:00:00Z"), 4),
    ] {
        let response = api
            .call(Method::GET, &format!("/api/v1/crm/deals?{filter}"))
            .send()
            .await;
        assert_eq!(response.status, 200, "{filter}: {}", response.body);
        assert_eq!(names(&response.body).len(), count, "{filter}");
    }
}

#[tokio::test]
async fn anything_the_language_does_not_know_is_a_400_naming_it() {
    let api = TestApi::new().await;
    for (query, field) in [
        ("colour=red", "colour"),
        ("value[between]=1", "value[between]"),
        ("value[like]=1", "value[like]"),
        ("value=ten", "value"),
        ("probability[gt]=high", "probability[gt]"),
        ("owner_id[in]=usr-1", "owner_id[in]"),
        ("expected_close_date=2026-02-30", "expected_close_date"),
        ("created_at[gte]=yesterday", "created_at[gte]"),
        ("sort=-colour", "sort"),
        ("page=0", "page"),
        ("per_page=101", "per_page"),
        ("limit=10&per_page=20", "per_page"),
        ("page=2&cursor=x", "page"),
        ("page=200&per_page=50", "page"),
    ] {
        let uri = format!("/api/v1/crm/deals?{query}");
        let response = api.get(&uri).await;
        let (_, fields) = response.expect_error(400, "VALIDATION_ERROR", query, &uri);
        assert!(fields.contains(&field.to_owned()), "{query}: {fields:?}");
    }
}

#[tokio::test]
async fn offset_pages_and_totals() {
    let api = TestApi::new().await;
    for n in 0..7 {
        api.create(
            json!({"name": format!("d{n}"), "stage": if n < 3 { "qualified" } else { "lead" }}),
        )
        .await;
    }
    let page = api
        .call(Method::GET, "/api/v1/crm/deals?page=2&per_page=3")
        .send()
        .await;
    assert_eq!(names(&page.body), ["d3", "d2", "d1"]);
    let pagination = &page.body["pagination"];
    assert_eq!(
        (
            pagination["total"].as_u64(),
            pagination["total_pages"].as_u64(),
            pagination["page"].as_u64()
        ),
        (Some(7), Some(3), Some(2))
    );
    assert_eq!(pagination["has_more"], true);
    let last = api
        .call(Method::GET, "/api/v1/crm/deals?page=3&per_page=3")
        .send()
        .await;
    assert_eq!(names(&last.body), ["d0"]);
    assert_eq!(last.body["pagination"]["has_more"], false);
    let beyond = api
        .call(Method::GET, "/api/v1/crm/deals?page=9&per_page=3")
        .send()
        .await;
    assert_eq!(names(&beyond.body), Vec::<String>::new());

    let stage = api
        .call(Method::GET, "/api/v1/crm/deals?stage=qualified&limit=2")
        .send()
        .await;
    assert_eq!(stage.body["pagination"]["total"], 3);
    assert_eq!(stage.body["pagination"]["total_pages"], 2);
    let id = id_of(&stage.body["data"][0]);
    api.call(Method::PATCH, &format!("/api/v1/crm/deals/{id}/stage"))
        .json(&json!({"stage": "lead"}))
        .send()
        .await;
    let second = id_of(&stage.body["data"][1]);
    api.call(Method::DELETE, &format!("/api/v1/crm/deals/{second}"))
        .send()
        .await;
    for (query, total) in [
        ("stage=qualified", 1),
        ("stage=lead", 5),
        ("", 6),
        ("pipeline_id=default", 6),
    ] {
        let response = api
            .call(Method::GET, &format!("/api/v1/crm/deals?{query}"))
            .send()
            .await;
        assert_eq!(
            response.body["pagination"]["total"], total,
            "{query}: counts follow moves and deletes"
        );
        assert_eq!(response.body["pagination"]["total_estimated"], false);
    }
}

#[tokio::test]
async fn cursors_are_bound_to_their_query_and_cannot_be_forged() {
    let api = TestApi::new().await;
    for n in 0..4 {
        api.create(json!({"name": format!("d{n}")})).await;
    }
    let page = api
        .call(Method::GET, "/api/v1/crm/deals?limit=1&stage=lead")
        .send()
        .await;
    let cursor = page.body["pagination"]["next_cursor"]
        .as_str()
        .expect("cursor")
        .to_owned();
    let same = api
        .call(
            Method::GET,
            &format!("/api/v1/crm/deals?stage=lead&limit=1&cursor={cursor}"),
        )
        .send()
        .await;
    assert_eq!(
        same.status, 200,
        "the same query in another parameter order"
    );
    for uri in [
        format!("/api/v1/crm/deals?limit=1&cursor={cursor}"),
        format!("/api/v1/crm/deals?stage=qualified&limit=1&cursor={cursor}"),
        format!("/api/v1/crm/deals?stage=lead&sort=-value&cursor={cursor}"),
        format!(
            "/api/v1/crm/deals?stage=lead&cursor={}",
            cursor.replacen('e', "f", 1)
        ),
        "/api/v1/crm/deals?stage=lead&cursor=eyJhIjoiZGVhbF8wMUoiLCJwIjoyLCJ0IjoxfQ.AAAA"
            .to_owned(),
    ] {
        let response = api.call(Method::GET, &uri).send().await;
        assert_eq!(response.status, 400, "{uri}");
        assert_eq!(response.error().2, ["cursor"], "{uri}");
    }
}

#[tokio::test]
async fn pages_never_repeat_or_skip_under_concurrent_inserts() {
    let api = TestApi::new().await;
    for n in 0..20 {
        api.create(json!({"name": format!("old {n}"), "value": (n * 37) % 11 * 100}))
            .await;
    }
    for (round, uri) in [
        "/api/v1/crm/deals?limit=4",
        "/api/v1/crm/deals?limit=4&sort=value",
        "/api/v1/crm/deals?limit=4&sort=-name",
    ]
    .into_iter()
    .enumerate()
    {
        let mut seen = Vec::new();
        let mut next = uri.to_owned();
        let mut inserted = 0;
        loop {
            let page = api.call(Method::GET, &next).send().await;
            assert_eq!(page.status, 200, "{}", page.body);
            seen.extend(names(&page.body));
            // Someone adds deals between our pages, some sorting before the cursor, some after.
            for value in [0, 550, 1000] {
                api.create(json!({"name": format!("new {round}.{inserted}"), "value": value}))
                    .await;
                inserted += 1;
            }
            match page.body["pagination"]["next_cursor"].as_str() {
                Some(cursor) => next = format!("{uri}&cursor={cursor}"),
                None => break,
            }
        }
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!(
            unique.len(),
            seen.len(),
            "{uri}: a deal was listed twice: {seen:?}"
        );
        let old: HashSet<String> = (0..20).map(|n| format!("old {n}")).collect();
        let seen_old: HashSet<String> = seen
            .iter()
            .filter(|name| name.starts_with("old"))
            .cloned()
            .collect();
        assert_eq!(
            seen_old, old,
            "{uri}: every deal present from the start was listed"
        );
    }
}

#[tokio::test]
async fn key_filters_and_sorts_read_their_index_not_the_tenant() {
    let api = TestApi::in_process().await;
    for n in 0..30 {
        let stage = if n < 2 { "negotiation" } else { "lead" };
        api.create(json!({"name": format!("d{n}"), "stage": stage, "value": n, "custom_fields": {"padding": "x".repeat(2000)}})).await;
    }
    api.ctx.dynamodb.measure_capacity();
    let (whole, count) = read_units(&api, "/api/v1/crm/deals?limit=100").await;
    assert_eq!(count, 30);
    assert!(
        whole >= 4.0,
        "reading 30 deals of ~2 KB costs several units, got {whole}"
    );
    let (stage, count) = read_units(&api, "/api/v1/crm/deals?stage=negotiation").await;
    assert_eq!(count, 2);
    assert!(
        stage <= 2.0,
        "the stage index reads only that stage's deals (and their pipeline), got {stage} units"
    );
    let (top, count) = read_units(&api, "/api/v1/crm/deals?sort=-value&limit=3").await;
    assert_eq!(count, 3);
    assert!(
        top <= 2.5,
        "the value index reads only the page (and its pipeline), got {top} units"
    );
}

/// Read capacity units one request consumed, and how many deals it listed.
async fn read_units(api: &TestApi, uri: &str) -> (f64, usize) {
    let before = api.ctx.dynamodb.read_units();
    let response = api.call(Method::GET, uri).send().await;
    assert_eq!(response.status, 200, "{}", response.body);
    (
        api.ctx.dynamodb.read_units() - before,
        names(&response.body).len(),
    )
}

#[tokio::test]
async fn contradictory_ranges_match_nothing() {
    let api = TestApi::new().await;
    api.create(json!({"name": "d", "value": 7})).await;
    for query in [
        "created_at[gte]=2026-02-01&created_at[lt]=2026-01-01",
        "value[gte]=10&value[lte]=5&sort=value",
        "expected_close_date[gt]=2027-01-01&expected_close_date[lt]=2026-01-01&sort=expected_close_date",
    ] {
        for base in ["/api/v1/crm/deals", "/api-v1-deals"] {
            let response = api.call(Method::GET, &format!("{base}?{query}")).send().await;
            assert_eq!(response.status, 200, "{base}?{query}: {}", response.body);
            assert_eq!(response.body["data"], json!([]));
            assert_eq!(response.body["pagination"]["total"], 0);
        }
    }
}

#[tokio::test]
async fn in_filters_may_be_repeated_or_comma_separated_and_scalars_only_given_once() {
    let api = TestApi::new().await;
    for (name, stage) in [("L", "lead"), ("W", "closed_won"), ("Q", "qualified")] {
        api.create(json!({"name": name, "stage": stage})).await;
    }
    let listed = |uri: &'static str| {
        let api = &api;
        async move {
            let page = api.call(Method::GET, uri).send().await;
            assert_eq!(page.status, 200, "{uri}: {}", page.body);
            let mut found = names(&page.body);
            found.sort();
            found
        }
    };
    for uri in [
        "/api/v1/crm/deals?stage[in]=lead,closed_won",
        "/api/v1/crm/deals?stage[in]=lead&stage[in]=closed_won",
        "/api/v1/crm/deals?stage%5Bin%5D=lead&limit=10&stage[in]=closed_won",
        "/api-v1-deals?stage_id[in]=lead&stage_id[in]=closed_won",
    ] {
        assert_eq!(listed(uri).await, ["L", "W"], "{uri}");
    }
    for (uri, field) in [
        ("/api/v1/crm/deals?stage=lead&stage=lead", "stage"),
        ("/api/v1/crm/deals?sort=name&sort=-name", "sort"),
        ("/api/v1/crm/deals?value[gte]=1&value[gte]=2", "value[gte]"),
        ("/api/v1/crm/deals?limit=5&limit=5", "limit"),
        ("/api-v1-deals?title=a&title=b", "title"),
        ("/api/v1/crm/events?limit=5&limit=5", "limit"),
    ] {
        let refused = api.call(Method::GET, uri).send().await;
        let (message, fields) = refused.expect_error(400, "VALIDATION_ERROR", "a repeat", uri);
        assert_eq!(fields, [field], "{uri}: {message}");
        assert_eq!(
            refused.body["error"]["details"][0]["message"], "Parameter given more than once",
            "{uri}"
        );
    }
}

#[tokio::test]
async fn event_types_may_be_repeated_or_comma_separated() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Moved"})).await;
    let moved = api
        .call(
            Method::PATCH,
            &format!("/api/v1/crm/deals/{}/stage", id_of(&deal)),
        )
        .json(&json!({"stage": "qualified"}))
        .send()
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let types = |body: &serde_json::Value| -> Vec<String> {
        body["data"]
            .as_array()
            .expect("events")
            .iter()
            .map(|event| event["type"].as_str().expect("a type").to_owned())
            .collect()
    };
    api.settle_events().await;
    let feed = |query: &'static str| {
        let api = &api;
        async move {
            let uri = format!("/api/v1/crm/events?{query}");
            let page = api.call(Method::GET, &uri).send().await;
            assert_eq!(page.status, 200, "{uri}: {}", page.body);
            types(&page.body)
        }
    };
    let joined = feed("type=deal.created,deal.stage_changed").await;
    assert_eq!(joined, ["deal.created", "deal.stage_changed"]);
    assert_eq!(
        feed("type=deal.created&type=deal.stage_changed").await,
        joined
    );
    assert_eq!(
        feed("type=deal.stage_changed&type=deal.created,deal.stage_changed").await,
        joined
    );
}
