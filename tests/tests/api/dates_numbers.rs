//! Dates, date-times and numbers at and past their edges: every date the API reads is exactly
//! `YYYY-MM-DD` (years 0001-9999), every date-time exactly RFC 3339 with its UTC instant in
//! 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999Z, anything else a 400 naming the field or
//! parameter (never a 500); `-0` is `0` wherever a number is stored, filtered or indexed.

use http::Method;
use integration_tests::{id_of, names, TestApi, TestResponse, DEALS};
use serde_json::{json, Value};

const DOCUMENTED: &str = "/api-v1-deals";

/// `+` in a query string is a space: spell it `%2B`.
fn q(text: &str) -> String {
    text.replace('+', "%2B")
}

/// A GET with a token holding only `read:deals`.
async fn read_only(api: &TestApi, uri: &str) -> TestResponse {
    api.call(Method::GET, uri)
        .token(&api.token("read:deals"))
        .send()
        .await
}

async fn send_raw(api: &TestApi, method: Method, uri: &str, body: &str) -> TestResponse {
    api.call(method, uri).raw_json(body).send().await
}

/// Asserts a 400 VALIDATION_ERROR whose details name exactly `field`, in the envelope of the
/// view `uri` belongs to.
fn assert_refused(response: &TestResponse, field: &str, what: &str) {
    assert_eq!(
        response.status, 400,
        "{what}: expected 400, got {} {}",
        response.status, response.body
    );
    let error = &response.body["error"];
    assert_eq!(
        error["code"], "VALIDATION_ERROR",
        "{what}: {}",
        response.body
    );
    let fields: Vec<&str> = error["details"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}: no details: {}", response.body))
        .iter()
        .filter_map(|detail| detail["field"].as_str())
        .collect();
    assert_eq!(fields, [field], "{what}: {}", response.body);
}

/// The names listed by `uri`, in the order listed.
async fn listed(api: &TestApi, uri: &str) -> Vec<String> {
    let response = api.get(uri).await;
    assert_eq!(response.status, 200, "{uri}: {}", response.body);
    names(&response.body)
}

/// The names listed by `uri`, sorted.
async fn listed_sorted(api: &TestApi, uri: &str) -> Vec<String> {
    let mut names = listed(api, uri).await;
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// Defect 3: instants past 9999 (or before 0001) in UTC
// ---------------------------------------------------------------------------------------------

/// Instants written with an offset that puts them outside the years 0001-9999 in UTC.
const OUT_OF_RANGE_INSTANTS: [&str; 5] = [
    "9999-12-31T23:59:59-01:00",
    "9999-12-31T23:00:00-23:59",
    "9999-12-31T23:59:59.9995Z",
    "0001-01-01T00:00:00+00:01",
    "0001-01-01T00:59:59.999+01:00",
];

#[tokio::test]
async fn timestamps_past_year_9999_in_utc_are_400_not_500() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    for instant in OUT_OF_RANGE_INSTANTS {
        // As list filters, with only read:deals, on both views.
        for (base, parameter) in [
            (DEALS, "created_at[gte]"),
            (DEALS, "created_at[lt]"),
            (DEALS, "created_at"),
            (DEALS, "created_at[in]"),
            (DEALS, "updated_at[lte]"),
            (DEALS, "updated_at[gt]"),
            (DOCUMENTED, "created_at[gte]"),
            (DOCUMENTED, "created_at[lte]"),
        ] {
            for sort in ["", "&sort=updated_at", "&sort=-created_at"] {
                let uri = format!("{base}?{parameter}={}{sort}", q(instant));
                let response = read_only(&api, &uri).await;
                assert_refused(&response, parameter, &uri);
            }
        }
        // As the deal field next_followup_date, on create and on update.
        let body = json!({"name": "late", "next_followup_date": instant});
        let created = api.call(Method::POST, DEALS).json(&body).send().await;
        assert_refused(&created, "next_followup_date", &format!("POST {body}"));
        let patch = json!({"next_followup_date": instant});
        let updated = api
            .call(Method::PATCH, &format!("{DEALS}/{deal}"))
            .json(&patch)
            .send()
            .await;
        assert_refused(&updated, "next_followup_date", &format!("PATCH {patch}"));
    }
    // Nothing was written by the refusals.
    let after = api.get(&format!("{DEALS}/{deal}")).await;
    assert_eq!(after.body["data"]["version"], 1);
    assert_eq!(listed(&api, DEALS).await, ["target"]);
}

#[tokio::test]
async fn the_first_and_last_representable_instants_are_accepted() {
    let api = TestApi::new().await;
    for (given, stored) in [
        ("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"),
        ("9999-12-31T23:59:59.999999999Z", ""),
        ("9999-12-31T22:59:59.999-01:00", "9999-12-31T23:59:59.999Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"),
        ("0001-01-01T01:00:00+01:00", "0001-01-01T00:00:00.000Z"),
        ("9999-12-31", "9999-12-31"),
        ("0001-01-01", "0001-01-01"),
    ] {
        let body = json!({"name": "edge", "next_followup_date": given});
        let response = api.call(Method::POST, DEALS).json(&body).send().await;
        if stored.is_empty() {
            assert_refused(&response, "next_followup_date", given);
            continue;
        }
        assert_eq!(response.status, 201, "{given}: {}", response.body);
        assert_eq!(
            response.body["data"]["next_followup_date"], stored,
            "{given}"
        );
        let read = api
            .get(&format!("{DEALS}/{}", id_of(&response.body["data"])))
            .await;
        assert_eq!(read.body["data"]["next_followup_date"], stored, "{given}");
    }
    // Bounds anywhere in the range are fine; before 1970 (before any ULID) is "from the
    // beginning", the last instant is "until the end".
    let everyone = listed_sorted(&api, DEALS).await;
    assert_eq!(everyone.len(), 6);
    for filters in [
        "created_at[gte]=0001-01-01",
        "created_at[gte]=0001-01-01T00:00:00Z",
        "created_at[gt]=1969-12-31T23:59:59.999Z",
        "created_at[lte]=9999-12-31T23:59:59.999Z",
        "created_at[lt]=9999-12-31",
        "created_at[lte]=9999-12-31",
        "created_at[gte]=1960-01-01&created_at[lte]=9999-12-31T23:59:59.999Z",
        "updated_at[gte]=0001-01-01T00:00:00Z&sort=updated_at",
        "updated_at[lte]=9999-12-31T23:59:59.999Z&sort=-updated_at",
    ] {
        let uri = format!("{DEALS}?{}", q(filters));
        assert_eq!(listed_sorted(&api, &uri).await, everyone, "{filters}");
        let response = read_only(&api, &uri).await;
        assert_eq!(response.status, 200, "{filters}: {}", response.body);
    }
    for filters in [
        "created_at[lt]=1970-01-01",
        "created_at[lte]=1969-12-31T23:59:59.999Z",
        "created_at[gte]=9999-12-31",
        "created_at[gt]=9999-12-31T23:59:59.998Z",
        "updated_at[lt]=0001-01-01T00:00:00.001Z&sort=updated_at",
        "updated_at[gte]=9999-12-31T23:59:59.999Z&sort=updated_at",
    ] {
        let uri = format!("{DEALS}?{}", q(filters));
        assert!(listed(&api, &uri).await.is_empty(), "{filters}");
    }
    let documented = format!(
        "{DOCUMENTED}?{}",
        q("created_at[gte]=0001-01-01T01:00:00+01:00")
    );
    assert_eq!(listed_sorted(&api, &documented).await, everyone);
}

/// A bound between two milliseconds compares with the stored (whole-millisecond) timestamps as
/// the instant it is, on the table and on the sort index alike.
#[tokio::test]
async fn sub_millisecond_bounds_compare_as_instants() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "only"})).await;
    for (field, sort) in [("created_at", ""), ("updated_at", "&sort=updated_at")] {
        let at = deal[field].as_str().expect("a timestamp").to_owned();
        assert_eq!(at.len(), 24, "{at}");
        let millis = &at[..23];
        let just_after = format!("{millis}5Z");
        let before_in_paris = {
            // The same instant minus half a millisecond, written at +01:00.
            let hour: u32 = at[11..13].parse().expect("hour");
            let ms: u32 = at[20..23].parse().expect("ms");
            if hour == 23 || ms == 0 {
                None
            } else {
                Some(format!(
                    "{}T{:02}{}.{:03}5+01:00",
                    &at[..10],
                    hour + 1,
                    &at[13..19],
                    ms - 1
                ))
            }
        };
        let mut cases = vec![
            (format!("{field}[lt]={just_after}"), true),
            (format!("{field}[lte]={just_after}"), true),
            (format!("{field}[gt]={just_after}"), false),
            (format!("{field}[gte]={just_after}"), false),
            (format!("{field}={just_after}"), false),
            (format!("{field}[ne]={just_after}"), true),
            (format!("{field}[in]={just_after},{at}"), true),
            (format!("{field}[in]={just_after}"), false),
            (format!("{field}={at}"), true),
        ];
        if let Some(before) = before_in_paris {
            cases.push((format!("{field}[gt]={before}"), true));
            cases.push((format!("{field}[gte]={before}"), true));
            cases.push((format!("{field}[lt]={before}"), false));
            cases.push((format!("{field}[lte]={before}"), false));
        }
        for (filter, found) in cases {
            let uri = format!("{DEALS}?{}{sort}", q(&filter));
            let expected: Vec<String> = if found { vec!["only".into()] } else { vec![] };
            assert_eq!(listed(&api, &uri).await, expected, "{filter}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Defect 8: -0
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn negative_zero_is_stored_as_zero_and_found_by_every_index() {
    let api = TestApi::new().await;
    let mut ids = Vec::new();
    for (uri, body) in [
        (DEALS, r#"{"name":"int","value":-0,"probability":-0}"#),
        (DEALS, r#"{"name":"float","value":-0.0,"probability":-0.0}"#),
        (DEALS, r#"{"name":"exp","value":-0e5,"probability":-0E-3}"#),
        (DEALS, r#"{"name":"zero","value":0,"probability":0}"#),
        (DEALS, r#"{"name":"one","value":1,"probability":1}"#),
        (
            DOCUMENTED,
            r#"{"title":"documented","value":-0,"probability":-0.0}"#,
        ),
    ] {
        let response = send_raw(&api, Method::POST, uri, body).await;
        assert_eq!(response.status, 201, "{body}: {}", response.body);
        let deal = &response.body["data"];
        let one = deal["title"] == "one" || deal["name"] == "one";
        let zero = if one { "1" } else { "0" };
        assert_eq!(deal["value"].to_string(), zero, "{body}: {deal}");
        assert_eq!(deal["probability"].to_string(), zero, "{body}: {deal}");
        ids.push(id_of(deal));
    }
    for id in &ids[..3] {
        let read = api.get(&format!("{DEALS}/{id}")).await;
        assert_eq!(read.body["data"]["value"].to_string(), "0");
        assert_eq!(read.body["data"]["probability"].to_string(), "0");
    }
    // An update to -0 is 0 as well.
    let patched = send_raw(
        &api,
        Method::PATCH,
        &format!("{DEALS}/{}", ids[4]),
        r#"{"value":-0.0}"#,
    )
    .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["data"]["value"].to_string(), "0");
    let restored = send_raw(
        &api,
        Method::PATCH,
        &format!("{DEALS}/{}", ids[4]),
        r#"{"value":1}"#,
    )
    .await;
    assert_eq!(restored.status, 200, "{}", restored.body);

    let zeros: Vec<String> = ["documented", "exp", "float", "int", "zero"]
        .map(String::from)
        .to_vec();
    // Whichever index serves the query, every zero is found.
    for query in [
        "value=0",
        "value=0&sort=value",
        "value=0&sort=-value",
        "value[lte]=0&sort=value",
        "value[lt]=1&sort=value",
        "value[lte]=-0&sort=value",
        "value=-0&sort=-value",
        "value[in]=0,5&sort=value",
        "value[gte]=-0&value[lt]=0.5&sort=value",
        "probability=0",
        "probability=0&sort=probability",
        "probability=-0&sort=-probability",
        "probability[lte]=0&sort=probability",
        "probability[lt]=1&sort=-probability",
    ] {
        let uri = format!("{DEALS}?{query}");
        assert_eq!(listed_sorted(&api, &uri).await, zeros, "{query}");
    }
    for query in ["value=0", "value=0&sort=value", "value[lte]=-0&sort=-value"] {
        let uri = format!("{DOCUMENTED}?{query}");
        assert_eq!(listed_sorted(&api, &uri).await, zeros, "{uri}");
    }
    // In value order, the zeros come before 1 whichever way they were written.
    let ascending = listed(&api, &format!("{DEALS}?sort=value")).await;
    assert_eq!(ascending.last().map(String::as_str), Some("one"));
    let descending = listed(&api, &format!("{DEALS}?sort=-probability")).await;
    assert_eq!(descending.first().map(String::as_str), Some("one"));
    assert!(listed(&api, &format!("{DEALS}?value[lt]=0&sort=value"))
        .await
        .is_empty());
    assert!(listed(
        &api,
        &format!("{DEALS}?value[gt]=-0&sort=value&value[lt]=1")
    )
    .await
    .is_empty());
}

#[tokio::test]
async fn negative_zero_in_custom_fields_and_stage_probabilities_is_zero() {
    let api = TestApi::new().await;
    let created = send_raw(
        &api,
        Method::POST,
        DEALS,
        r#"{"name":"custom","custom_fields":{"n":-0,"f":-0.0,"list":[-0,1.5],"deep":{"x":-0}}}"#,
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    // Compared as JSON values: a -0.0 would be a float, unequal to the integer 0.
    let expected: Value =
        serde_json::from_str(r#"{"n":0,"f":0,"list":[0,1.5],"deep":{"x":0}}"#).expect("JSON");
    assert_eq!(created.body["data"]["custom_fields"], expected);
    let read = api
        .get(&format!("{DEALS}/{}", id_of(&created.body["data"])))
        .await;
    assert_eq!(read.body["data"]["custom_fields"], expected);
    let documented = send_raw(
        &api,
        Method::POST,
        DOCUMENTED,
        r#"{"title":"meta","metadata":{"n":-0}}"#,
    )
    .await;
    assert_eq!(documented.status, 201, "{}", documented.body);
    assert_eq!(
        documented.body["data"]["metadata"].to_string(),
        r#"{"n":0}"#
    );

    let pipeline = send_raw(
        &api,
        Method::POST,
        "/api/v1/crm/pipelines",
        r#"{"name":"Zeros","stages":[{"name":"Start","probability":-0},{"name":"Won","kind":"won"}]}"#,
    )
    .await;
    assert_eq!(pipeline.status, 201, "{}", pipeline.body);
    let stage = &pipeline.body["data"]["stages"][0];
    assert_eq!(stage["probability"].to_string(), "0", "{stage}");
    let stage_id = stage["id"].as_str().expect("stage id").to_owned();
    let in_stage = api
        .create(json!({"name": "staged", "stage": stage_id}))
        .await;
    assert_eq!(in_stage["probability"].to_string(), "0");
    let listed_zero = listed(&api, &format!("{DEALS}?probability=0&sort=probability")).await;
    assert_eq!(listed_zero, ["staged"]);
}

// ---------------------------------------------------------------------------------------------
// Defect 9: dates outside YYYY-MM-DD
// ---------------------------------------------------------------------------------------------

/// Not exactly a four-digit-year `YYYY-MM-DD` calendar date.
const NOT_DATES: [&str; 16] = [
    "+2026-03-31",
    "-0001-01-01",
    "0000-01-01",
    "+0000-01-01",
    "+02026-03-31",
    "10000-01-01",
    "02026-03-31",
    "2026-3-31",
    "2026-03-1",
    "20260331",
    "2026-02-29",
    "2026-03-31T00:00:00Z",
    " 2026-03-31",
    "2026-03-31\n",
    "２０２６-03-31",
    "2026-03-31 ",
];

/// Not exactly an RFC 3339 date-time (and not a date either).
const NOT_DATE_TIMES: [&str; 14] = [
    "+2026-03-31T10:00:00Z",
    "-2026-03-31T10:00:00Z",
    "0000-01-01T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "2026-03-31 10:00:00Z",
    "2026-03-31T10:00Z",
    "2026-03-31T10:00:00",
    "2026-03-31T24:00:00Z",
    "2026-03-31T23:59:60Z",
    "2026-03-31T10:00:00+0100",
    "2026-03-31T10:00:00+01",
    "2026-03-31T10:00:00+24:00",
    "2026-03-31T10:00:00.Z",
    "2026-03-31T10:00:00.1234567890Z",
];

#[tokio::test]
async fn dates_not_exactly_yyyy_mm_dd_are_400() {
    let api = TestApi::new().await;
    let deal = id_of(&api.create(json!({"name": "target"})).await);
    for text in NOT_DATES {
        for field in [
            "expected_close_date",
            "actual_close_date",
            "next_followup_date",
        ] {
            if field == "next_followup_date" && text.contains('T') {
                continue; // a date-time is a next_followup_date
            }
            let body = json!({"name": "bad date", field: text});
            let created = api.call(Method::POST, DEALS).json(&body).send().await;
            assert_refused(&created, field, &format!("POST {body}"));
            let patch = json!({field: text});
            let updated = api
                .call(Method::PATCH, &format!("{DEALS}/{deal}"))
                .json(&patch)
                .send()
                .await;
            assert_refused(&updated, field, &format!("PATCH {patch}"));
        }
        let documented = json!({"title": "bad date", "expected_close_date": text});
        let created = api
            .call(Method::POST, DOCUMENTED)
            .json(&documented)
            .send()
            .await;
        assert_refused(
            &created,
            "expected_close_date",
            &format!("POST {documented}"),
        );
    }
    for text in NOT_DATE_TIMES {
        let body = json!({"name": "bad date-time", "next_followup_date": text});
        let created = api.call(Method::POST, DEALS).json(&body).send().await;
        assert_refused(&created, "next_followup_date", &format!("POST {body}"));
    }
    let after = api.get(&format!("{DEALS}/{deal}")).await;
    assert_eq!(after.body["data"]["version"], 1);
    assert_eq!(listed(&api, DEALS).await, ["target"]);
}

#[tokio::test]
async fn date_filters_not_exactly_yyyy_mm_dd_are_400() {
    let api = TestApi::new().await;
    api.create(json!({"name": "target", "expected_close_date": "2026-03-31"}))
        .await;
    for text in NOT_DATES {
        for (base, parameter) in [
            (DEALS, "expected_close_date"),
            (DEALS, "expected_close_date[gte]"),
            (DEALS, "expected_close_date[in]"),
            (DOCUMENTED, "expected_close_date[lt]"),
        ] {
            if parameter.ends_with("[in]") && text.trim() != text {
                continue; // the items of an `in` list are trimmed
            }
            for sort in ["", "&sort=expected_close_date"] {
                let uri = format!("{base}?{parameter}={}{sort}", q(text).replace('\n', "%0A"));
                let response = read_only(&api, &uri).await;
                assert_refused(&response, parameter, &uri);
            }
        }
    }
    for text in NOT_DATE_TIMES.iter().chain(&NOT_DATES[..11]) {
        for (base, parameter) in [
            (DEALS, "created_at[gte]"),
            (DEALS, "updated_at[lt]"),
            (DOCUMENTED, "created_at"),
        ] {
            let uri = format!("{base}?{parameter}={}", q(text));
            let response = read_only(&api, &uri).await;
            assert_refused(&response, parameter, &uri);
        }
    }
}

#[tokio::test]
async fn accepted_dates_and_date_times_are_stored_in_their_one_spelling() {
    let api = TestApi::new().await;
    for (given, stored) in [
        ("2026-12-01T09:30:00+01:00", "2026-12-01T08:30:00.000Z"),
        ("2026-12-01t09:30:00.5z", "2026-12-01T09:30:00.500Z"),
        (
            "2026-12-01T09:30:00.123456789-00:00",
            "2026-12-01T09:30:00.123Z",
        ),
        ("2026-12-01T00:30:00+01:00", "2026-11-30T23:30:00.000Z"),
        ("2024-02-29", "2024-02-29"),
    ] {
        let deal = api
            .create(json!({"name": "followup", "next_followup_date": given}))
            .await;
        assert_eq!(deal["next_followup_date"], stored, "{given}");
    }
}

#[tokio::test]
async fn boundary_dates_are_stored_filtered_and_sorted_in_place() {
    let api = TestApi::new().await;
    for (name, date) in [
        ("first", json!("0001-01-01")),
        ("early", json!("0999-12-31")),
        ("now", json!("2026-03-31")),
        ("last", json!("9999-12-31")),
        ("undated", json!(null)),
    ] {
        let deal = api
            .create(json!({"name": name, "expected_close_date": date, "actual_close_date": date}))
            .await;
        assert_eq!(deal["expected_close_date"], date);
        assert_eq!(deal["actual_close_date"], date);
    }
    assert_eq!(
        listed(&api, &format!("{DEALS}?sort=expected_close_date")).await,
        ["first", "early", "now", "last", "undated"]
    );
    assert_eq!(
        listed(&api, &format!("{DEALS}?sort=-expected_close_date")).await,
        ["undated", "last", "now", "early", "first"]
    );
    for (filter, expected) in [
        (
            "expected_close_date[lt]=1000-01-01",
            &["early", "first"][..],
        ),
        ("expected_close_date[lte]=0001-01-01", &["first"][..]),
        ("expected_close_date[gte]=9999-12-31", &["last"][..]),
        ("expected_close_date[gt]=2026-03-31", &["last"][..]),
        ("expected_close_date=0999-12-31", &["early"][..]),
        (
            "expected_close_date[gte]=0001-01-01",
            &["early", "first", "last", "now"][..],
        ),
    ] {
        for sort in [
            "",
            "&sort=expected_close_date",
            "&sort=-expected_close_date",
        ] {
            let uri = format!("{DEALS}?{filter}{sort}");
            assert_eq!(listed_sorted(&api, &uri).await, expected, "{uri}");
        }
        let documented = format!("{DOCUMENTED}?{filter}&sort=expected_close_date");
        assert_eq!(
            listed_sorted(&api, &documented).await,
            expected,
            "{documented}"
        );
    }
}
