use http::Method;
use integration_tests::TestApi;
use serde_json::json;

#[tokio::test]
async fn stage_moves_are_audited() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Q1"})).await;
    let path = format!(
        "/api/v1/crm/deals/{}/stage",
        deal["id"].as_str().expect("id")
    );

    let qualified = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage": "qualified"}))
        .send()
        .await;
    assert_eq!(qualified.status, 200, "{}", qualified.body);
    let won = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage_id": "closed_won"}))
        .send()
        .await;
    assert_eq!(won.status, 200);
    let data = &won.body["data"];
    assert_eq!(data["stage"], "closed_won");
    assert_eq!(data["version"], 3);
    assert_eq!(won.header("etag"), Some("\"3\""));
    let log = data["audit_log"].as_array().expect("audit_log");
    assert_eq!(log.len(), 2);
    assert_eq!(
        (log[0]["from"].as_str(), log[0]["to"].as_str()),
        (Some("lead"), Some("qualified"))
    );
    assert_eq!(
        (log[1]["from"].as_str(), log[1]["to"].as_str()),
        (Some("qualified"), Some("closed_won"))
    );
    assert_eq!(log[1]["by"], local::token::DEV_SUBJECT);
    assert_eq!(log[1]["at"], data["updated_at"]);
    assert_eq!(
        data["actual_close_date"],
        &data["updated_at"].as_str().expect("updated_at")[..10]
    );

    let reopened = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage": "negotiation"}))
        .send()
        .await;
    assert_eq!(reopened.body["data"]["actual_close_date"], json!(null));
}

#[tokio::test]
async fn stage_refusals() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Q1"})).await;
    let path = format!(
        "/api/v1/crm/deals/{}/stage",
        deal["id"].as_str().expect("id")
    );

    for body in [
        json!({}),
        json!({"stage": null}),
        json!({"loss_reason": "x"}),
    ] {
        let missing = api.call(Method::PATCH, &path).json(&body).send().await;
        assert_eq!(missing.status, 400);
        assert_eq!(
            (missing.error().0, missing.error().1),
            ("INVALID_REQUEST".into(), "stage_id is required".into())
        );
    }
    let unknown = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage_id": "won"}))
        .send()
        .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.error().0, "VALIDATION_ERROR");
    assert_eq!(unknown.error().2, ["stage_id"]);
    let lost = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage": "closed_lost"}))
        .send()
        .await;
    assert_eq!(lost.error().2, ["loss_reason", "loss_category"]);
    let extra = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage": "qualified", "value": 3}))
        .send()
        .await;
    assert_eq!(extra.error().2, ["value"]);
    let unchanged = api
        .call(Method::GET, &path.replace("/stage", ""))
        .send()
        .await;
    assert_eq!(unchanged.body["data"]["version"], 1);

    let lost = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage": "closed_lost", "loss_reason": "Chose a competitor", "loss_category": "competition"}))
        .send()
        .await;
    assert_eq!(lost.status, 200);
    assert_eq!(lost.body["data"]["loss_category"], "competition");
    let missing_deal = api
        .call(
            Method::PATCH,
            "/api/v1/crm/deals/deal_01J0000000000000000000000A/stage",
        )
        .json(&json!({"stage": "lead"}))
        .send()
        .await;
    assert_eq!(missing_deal.status, 404);
}

#[tokio::test]
async fn older_stage_changes_move_to_the_history() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "Busy"})).await;
    let id = deal["id"].as_str().expect("id").to_owned();
    let path = format!("/api/v1/crm/deals/{id}/stage");
    let stages = ["qualified", "proposal", "negotiation", "lead"];
    for n in 0..25 {
        let moved = api
            .call(Method::PATCH, &path)
            .json(&json!({"stage": stages[n % 4]}))
            .send()
            .await;
        assert_eq!(moved.status, 200, "{}", moved.body);
    }
    let current = api
        .call(Method::GET, &format!("/api/v1/crm/deals/{id}"))
        .send()
        .await;
    let inline = current.body["data"]["audit_log"]
        .as_array()
        .expect("audit log")
        .clone();
    assert_eq!(
        inline.len(),
        shared::model::INLINE_AUDIT_ENTRIES,
        "the deal keeps the latest entries"
    );

    let mut history = Vec::new();
    let mut uri = format!("/api/v1/crm/deals/{id}/history?limit=7");
    loop {
        let page = api.call(Method::GET, &uri).send().await;
        assert_eq!(page.status, 200, "{}", page.body);
        history.extend(page.body["data"].as_array().expect("entries").clone());
        match page.body["pagination"]["next_cursor"].as_str() {
            Some(cursor) => uri = format!("/api/v1/crm/deals/{id}/history?limit=7&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(history.len(), 25, "nothing lost");
    let seqs: Vec<u64> = history.iter().filter_map(|e| e["seq"].as_u64()).collect();
    assert_eq!(seqs, (0..25).collect::<Vec<_>>());
    let mut current_stage = "lead".to_owned();
    for entry in &history {
        assert_eq!(entry["from"], current_stage.as_str());
        current_stage = entry["to"].as_str().expect("to").to_owned();
    }
    for (inline_entry, history_entry) in inline.iter().zip(&history[5..]) {
        assert_eq!(inline_entry["to"], history_entry["to"]);
        assert_eq!(inline_entry["at"], history_entry["at"]);
    }
    let other = api.other_tenant();
    let hidden = other
        .call(Method::GET, &format!("/api/v1/crm/deals/{id}/history"))
        .send()
        .await;
    assert_eq!(hidden.status, 404);
    // The largest position there can be: nothing comes after it.
    let overflow = "eyJhZnRlciI6IjE4NDQ2NzQ0MDczNzA5NTUxNjE1In0";
    let past_the_end = api
        .call(
            Method::GET,
            &format!("/api/v1/crm/deals/{id}/history?cursor={overflow}"),
        )
        .send()
        .await;
    assert_eq!(past_the_end.status, 400, "{}", past_the_end.body);
}
