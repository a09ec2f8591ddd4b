//! List cursors are bound to exactly the query they were minted for: its filters and sort as
//! parsed (not as spelled), its page size, its view, its tenant and application. A cursor that
//! opens but does not fit the read it would resume is refused too, never sent to DynamoDB.

use http::Method;
use integration_tests::{data_ids, id_of, TestApi, TestResponse};
use serde_json::json;

/// The next cursor of a page that must have one.
fn next_cursor(page: &TestResponse, uri: &str) -> String {
    assert_eq!(page.status, 200, "{uri}: {}", page.body);
    page.body["pagination"]["next_cursor"]
        .as_str()
        .unwrap_or_else(|| panic!("{uri} has no next page: {}", page.body))
        .to_owned()
}

/// A 400 naming `cursor` and nothing else, in the CRM view's envelope, that shows none of
/// `foreign` (ids and names of deals the request must not see).
fn assert_cursor_refused(response: &TestResponse, uri: &str, foreign: &[String]) {
    let (message, fields) = response.expect_error(400, "VALIDATION_ERROR", "a cursor", uri);
    assert!(message.starts_with("Invalid cursor"), "{uri}: {message}");
    assert_eq!(fields, ["cursor"], "{uri}");
    assert_shows_nothing(response, uri, foreign);
}

fn assert_shows_nothing(response: &TestResponse, uri: &str, foreign: &[String]) {
    assert!(
        response.body.get("data").is_none(),
        "{uri}: {}",
        response.body
    );
    assert!(
        response.body.get("pagination").is_none(),
        "{uri}: {}",
        response.body
    );
    let text = response.body.to_string();
    for item in foreign {
        assert!(!text.contains(item.as_str()), "{uri} shows {item}: {text}");
    }
}

#[tokio::test]
async fn a_filter_whose_value_spells_another_query_does_not_share_its_cursor() {
    let api = TestApi::new().await;
    // `name=x%26sort%3Dvalue`: one filter, name equals "x&sort=value" (two deals).
    // `name=x&sort=value`: name equals "x", sorted by value (three deals).
    let mut one_filter = Vec::new();
    for value in [10, 20] {
        one_filter.push(id_of(
            &api.create(json!({"name": "x&sort=value", "value": value}))
                .await,
        ));
    }
    let mut filter_and_sort = Vec::new();
    for value in [3, 1, 2] {
        filter_and_sort.push(id_of(
            &api.create(json!({"name": "x", "value": value})).await,
        ));
    }
    let a = "/api/v1/crm/deals?name=x%26sort%3Dvalue&limit=1";
    let b = "/api/v1/crm/deals?name=x&sort=value&limit=1";

    let first_a = api.call(Method::GET, a).send().await;
    let cursor_a = next_cursor(&first_a, a);
    assert_eq!(first_a.body["pagination"]["total"], 2);
    let first_b = api.call(Method::GET, b).send().await;
    let cursor_b = next_cursor(&first_b, b);
    assert_eq!(first_b.body["pagination"]["total"], 3);
    assert_eq!(
        data_ids(&first_b.body),
        [filter_and_sort[1].clone()],
        "b sorts by value"
    );

    // Each cursor continues its own query.
    let second_a = api
        .call(Method::GET, &format!("{a}&cursor={cursor_a}"))
        .send()
        .await;
    assert_eq!(second_a.status, 200, "{}", second_a.body);
    assert_eq!(second_a.body["pagination"]["page"], 2);
    assert_eq!(data_ids(&second_a.body), [one_filter[0].clone()]);
    let second_b = api
        .call(Method::GET, &format!("{b}&cursor={cursor_b}"))
        .send()
        .await;
    assert_eq!(second_b.status, 200, "{}", second_b.body);
    assert_eq!(data_ids(&second_b.body), [filter_and_sort[2].clone()]);

    // And neither continues the other, in either direction.
    let uri = format!("{b}&cursor={cursor_a}");
    let a_on_b = api.call(Method::GET, &uri).send().await;
    let mut everything = one_filter.clone();
    everything.extend(filter_and_sort.iter().cloned());
    assert_cursor_refused(&a_on_b, &uri, &everything);
    let uri = format!("{a}&cursor={cursor_b}");
    let b_on_a = api.call(Method::GET, &uri).send().await;
    assert_cursor_refused(&b_on_a, &uri, &everything);
    assert!(
        !b_on_a.body.to_string().contains("total"),
        "b's total must not reach a: {}",
        b_on_a.body
    );
}

/// The same in the documented view's envelope (`uri` is of that view): no request id in it.
fn assert_documented_cursor_refused(response: &TestResponse, uri: &str, foreign: &[String]) {
    let (_, fields) = response.expect_error(400, "VALIDATION_ERROR", "a cursor", uri);
    assert_eq!(fields, ["cursor"], "{uri}");
    assert_shows_nothing(response, uri, foreign);
}

#[tokio::test]
async fn a_cursor_of_one_view_is_refused_by_the_other() {
    let api = TestApi::new().await;
    let mut deals = Vec::new();
    for n in 0..3 {
        deals.push(id_of(&api.create(json!({"name": format!("d{n}")})).await));
    }
    // The same deals, in the same order, through either view: only the view differs.
    for (crm, documented) in [
        ("/api/v1/crm/deals?limit=1", "/api-v1-deals?limit=1"),
        (
            "/api/v1/crm/deals?limit=1&sort=name",
            "/api-v1-deals?limit=1&sort=title",
        ),
    ] {
        let crm_cursor = next_cursor(&api.call(Method::GET, crm).send().await, crm);
        let documented_cursor =
            next_cursor(&api.call(Method::GET, documented).send().await, documented);
        // Each view continues its own cursor...
        for (base, cursor) in [(crm, &crm_cursor), (documented, &documented_cursor)] {
            let uri = format!("{base}&cursor={cursor}");
            let own = api.call(Method::GET, &uri).send().await;
            assert_eq!(own.status, 200, "{uri}: {}", own.body);
            assert_eq!(own.body["pagination"]["page"], 2, "{uri}");
        }
        // ...and refuses the other's.
        let uri = format!("{documented}&cursor={crm_cursor}");
        let crossed = api.call(Method::GET, &uri).send().await;
        assert_documented_cursor_refused(&crossed, &uri, &deals);
        let uri = format!("{crm}&cursor={documented_cursor}");
        let crossed = api.call(Method::GET, &uri).send().await;
        assert_cursor_refused(&crossed, &uri, &deals);
    }
}

#[tokio::test]
async fn a_cursor_is_bound_to_its_page_size_and_not_to_spelling_or_includes() {
    let api = TestApi::new().await;
    let mut deals = Vec::new();
    for n in 0..3 {
        deals.push(id_of(
            &api.create(json!({"name": format!("d{n}"), "stage": "lead"}))
                .await,
        ));
    }
    let first = "/api/v1/crm/deals?stage=lead&limit=1";
    let cursor = next_cursor(&api.call(Method::GET, first).send().await, first);
    // The same query and page size, spelled otherwise, with includes: the next page.
    for same in [
        "/api/v1/crm/deals?limit=1&stage[eq]=lead",
        "/api/v1/crm/deals?per_page=1&stage=lead&include=owner,stage",
        "/api/v1/crm/deals?limit=1&per_page=1&stage=lead",
    ] {
        let uri = format!("{same}&cursor={cursor}");
        let next = api.call(Method::GET, &uri).send().await;
        assert_eq!(next.status, 200, "{uri}: {}", next.body);
        assert_eq!(next.body["pagination"]["page"], 2, "{uri}");
        assert_eq!(next.body["pagination"]["total"], 3, "{uri}");
        assert_eq!(data_ids(&next.body), [deals[1].clone()], "{uri}");
    }
    // Another page size would number its pages wrongly.
    for other in [
        "/api/v1/crm/deals?stage=lead&limit=2",
        "/api/v1/crm/deals?stage=lead",
        "/api/v1/crm/deals?stage=lead&per_page=50",
    ] {
        let uri = format!("{other}&cursor={cursor}");
        let refused = api.call(Method::GET, &uri).send().await;
        assert_cursor_refused(&refused, &uri, &deals);
    }
}

mod resuming {
    //! Cursors sealed here with the test configuration's secret, for the right scope, but
    //! carrying positions the read cannot resume from: each is a 400, never a DynamoDB error.

    use super::*;
    use shared::compat::View;
    use shared::cursor::{CursorKey, CursorScope, CursorState};
    use shared::query::{sortable_number, DealQuery, Filter, Sort, KEY_SEPARATOR};

    fn seal(api: &TestApi, query: &DealQuery, state: &CursorState) -> String {
        let scope = CursorScope {
            tenant: &api.tenant,
            app: None,
            view: View::Crm,
            deleted: false,
            page_size: 1,
            query,
        };
        CursorKey::new(api.config.cursor_secret.as_bytes()).seal(&scope, state)
    }

    fn state(after: &str, sort_key: Option<String>) -> CursorState {
        CursorState {
            after: after.to_owned(),
            sort_key,
            page: 2,
            total: 3,
            total_estimated: false,
        }
    }

    #[tokio::test]
    async fn a_cursor_that_opens_but_does_not_fit_the_read_is_400() {
        let api = TestApi::new().await;
        let mut deals = Vec::new();
        for value in [10, 20, 30] {
            deals.push(id_of(
                &api.create(json!({"name": format!("v{value}"), "value": value}))
                    .await,
            ));
        }
        let by_value = DealQuery {
            sort: Sort::parse("value").expect("sort"),
            ..DealQuery::default()
        };
        let by_value_uri = "/api/v1/crm/deals?sort=value&limit=1";
        let key_of =
            |value: f64, id: &str| format!("{}{KEY_SEPARATOR}{id}", sortable_number(Some(value)));
        // A cursor sealed here is accepted when it fits: the harness seals as the API does.
        let fitting = seal(
            &api,
            &by_value,
            &state(&deals[0], Some(key_of(10.0, &deals[0]))),
        );
        let uri = format!("{by_value_uri}&cursor={fitting}");
        let next = api.call(Method::GET, &uri).send().await;
        assert_eq!(next.status, 200, "{uri}: {}", next.body);
        assert_eq!(data_ids(&next.body), [deals[1].clone()]);

        let newest_first = DealQuery::default();
        let newest_first_uri = "/api/v1/crm/deals?limit=1";
        let long_ago = DealQuery {
            filters: vec![Filter::parse("created_at[lt]", "2001-01-01").expect("filter")],
            ..DealQuery::default()
        };
        let long_ago_uri = "/api/v1/crm/deals?created_at[lt]=2001-01-01&limit=1";
        let misfits = [
            // The value index needs a sort key: without one it would be an empty key.
            (by_value_uri, seal(&api, &by_value, &state(&deals[0], None))),
            (
                by_value_uri,
                seal(&api, &by_value, &state(&deals[0], Some(String::new()))),
            ),
            // Another deal's key.
            (
                by_value_uri,
                seal(
                    &api,
                    &by_value,
                    &state(&deals[0], Some(key_of(20.0, &deals[1]))),
                ),
            ),
            // The table is keyed by deal id alone.
            (
                newest_first_uri,
                seal(
                    &api,
                    &newest_first,
                    &state(&deals[2], Some(key_of(30.0, &deals[2]))),
                ),
            ),
            (
                newest_first_uri,
                seal(&api, &newest_first, &state("deal_x", None)),
            ),
            // A deal created after the range ends.
            (long_ago_uri, seal(&api, &long_ago, &state(&deals[2], None))),
            // A cursor leads to page 2 or later.
            (
                newest_first_uri,
                seal(
                    &api,
                    &newest_first,
                    &CursorState {
                        page: 1,
                        ..state(&deals[2], None)
                    },
                ),
            ),
        ];
        for (base, cursor) in misfits {
            let uri = format!("{base}&cursor={cursor}");
            let refused = api.call(Method::GET, &uri).send().await;
            assert_cursor_refused(&refused, &uri, &deals);
        }
    }
}

#[tokio::test]
async fn a_cursor_of_a_list_serves_the_same_list_in_the_other_form() {
    let api = TestApi::new().await;
    let mut deals = Vec::new();
    for (n, stage) in ["lead", "qualified", "lead", "proposal"].iter().enumerate() {
        deals.push(id_of(
            &api.create(json!({"name": format!("d{n}"), "stage": stage}))
                .await,
        ));
    }
    let joined = "/api/v1/crm/deals?stage[in]=lead,qualified&limit=1";
    let repeated = "/api/v1/crm/deals?stage[in]=lead&limit=1&stage[in]=qualified";
    for (first, then) in [(joined, repeated), (repeated, joined)] {
        let cursor = next_cursor(&api.call(Method::GET, first).send().await, first);
        let uri = format!("{then}&cursor={cursor}");
        let next = api.call(Method::GET, &uri).send().await;
        assert_eq!(next.status, 200, "{uri}: {}", next.body);
        assert_eq!(data_ids(&next.body), [deals[1].clone()], "{uri}");
    }
    // Another list is another query.
    let first_cursor = next_cursor(&api.call(Method::GET, joined).send().await, joined);
    let other = format!(
        "/api/v1/crm/deals?stage[in]=lead&stage[in]=proposal&limit=1&cursor={first_cursor}"
    );
    let refused = api.call(Method::GET, &other).send().await;
    assert_cursor_refused(&refused, &other, &deals);
}
