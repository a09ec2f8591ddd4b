use http::Method;
use integration_tests::{all, id_of, TestApi};
use serde_json::{json, Value};

fn stage_ids(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list of stages")
        .iter()
        .map(|stage| stage["id"].as_str().expect("stage id").to_owned())
        .collect()
}

fn positions(value: &Value) -> Vec<u64> {
    value
        .as_array()
        .expect("stages")
        .iter()
        .filter_map(|s| s["position"].as_u64())
        .collect()
}

async fn partners_pipeline(api: &TestApi) -> Value {
    api.create_in(
        "pipelines",
        json!({"name": "Partners", "stages": [
            {"name": "Intro", "color": "#112233"},
            {"name": "Signed", "kind": "won"},
            {"name": "Dropped", "kind": "lost"},
        ]}),
    )
    .await
}

#[tokio::test]
async fn a_new_tenant_has_the_default_pipeline() {
    let api = TestApi::new().await;
    let pipelines = api.call(Method::GET, "/api/v1/crm/pipelines").send().await;
    assert_eq!(pipelines.status, 200, "{}", pipelines.body);
    let list = pipelines.body["data"].as_array().expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], "default");
    let default_ids = [
        "lead",
        "qualified",
        "proposal",
        "negotiation",
        "closed_won",
        "closed_lost",
    ];
    assert_eq!(stage_ids(&list[0]["stages"]), default_ids);
    let kinds: Vec<&str> = list[0]["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .filter_map(|s| s["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["open", "open", "open", "open", "won", "lost"]);
    assert_eq!(list[0]["stages"][1]["name"], "Qualified");

    let stages = api.call(Method::GET, "/api/v1/crm/stages").send().await;
    assert_eq!(stage_ids(&stages.body["data"]), default_ids);
    assert_eq!(positions(&stages.body["data"]), [1, 2, 3, 4, 5, 6]);
    let of_pipeline = api
        .call(Method::GET, "/api/v1/crm/pipelines/default/stages")
        .send()
        .await;
    assert_eq!(of_pipeline.body["data"], stages.body["data"]);
    let missing = api
        .call(Method::GET, "/api/v1/crm/pipelines/pip_nope")
        .send()
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.error().1, "Pipeline not found");
}

#[tokio::test]
async fn deals_move_through_a_custom_pipeline_by_stage_kind() {
    let api = TestApi::new().await;
    let pipeline = partners_pipeline(&api).await;
    let pipeline_id = id_of(&pipeline);
    assert!(pipeline_id.starts_with("pip_"));
    assert_eq!(positions(&pipeline["stages"]), [1, 2, 3]);
    let [intro, signed, dropped] = [0, 1, 2].map(|i| id_of(&pipeline["stages"][i]));
    assert!(intro.starts_with("stg_"));
    assert_eq!(pipeline["stages"][0]["color"], "#112233");

    let all = api.call(Method::GET, "/api/v1/crm/pipelines").send().await;
    let ids: Vec<&str> = all.body["data"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        ["default", pipeline_id.as_str()],
        "the default pipeline is kept, first"
    );
    let stages = api.call(Method::GET, "/api/v1/crm/stages").send().await;
    assert_eq!(stage_ids(&stages.body["data"]).len(), 9);
    assert_eq!(
        stage_ids(&stages.body["data"])[6..],
        [intro.clone(), signed.clone(), dropped.clone()]
    );

    let by_stage = api
        .create(json!({"name": "via stage", "stage": intro}))
        .await;
    assert_eq!(
        by_stage["pipeline_id"],
        pipeline_id.as_str(),
        "a stage brings its pipeline"
    );
    assert_eq!(
        by_stage["probability"], 50,
        "an open stage's default probability"
    );
    let by_pipeline = api
        .create(json!({"name": "via pipeline", "pipeline_id": pipeline_id}))
        .await;
    assert_eq!(
        by_pipeline["stage"],
        intro.as_str(),
        "a pipeline starts at its first stage"
    );

    let path = format!("/api/v1/crm/deals/{}/stage", id_of(&by_stage));
    let won = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage_id": signed}))
        .send()
        .await;
    assert_eq!(won.status, 200, "{}", won.body);
    assert!(
        won.body["data"]["actual_close_date"].is_string(),
        "a won stage closes the deal"
    );
    assert_eq!(won.body["data"]["probability"], 100);
    let lost = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage_id": dropped}))
        .send()
        .await;
    assert_eq!(lost.status, 400);
    assert_eq!(
        lost.error().2,
        ["loss_reason", "loss_category"],
        "a lost stage, whatever its name"
    );
    let reopened = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage_id": intro}))
        .send()
        .await;
    assert_eq!(reopened.body["data"]["actual_close_date"], Value::Null);
    let log = reopened.body["data"]["audit_log"]
        .as_array()
        .expect("audit log");
    assert_eq!(log.len(), 2);

    let wrong_pipeline = api
        .call(Method::POST, "/api/v1/crm/deals")
        .json(&json!({"name": "x", "pipeline_id": pipeline_id, "stage": "lead"}))
        .send()
        .await;
    assert_eq!(wrong_pipeline.status, 400);
    assert_eq!(
        wrong_pipeline.body["error"],
        json!({"code": "VALIDATION_ERROR", "message": "Invalid stage", "details": [{"field": "stage", "message": "Stage not found or does not belong to your company"}], "request_id": wrong_pipeline.body["error"]["request_id"]})
    );
    let other = api.other_tenant();
    let foreign = other
        .call(Method::POST, "/api/v1/crm/deals")
        .json(&json!({"name": "x", "stage": intro}))
        .send()
        .await;
    assert_eq!(foreign.error().1, "Invalid stage", "another tenant's stage");
    let foreign_move = api.create(json!({"name": "y"})).await;
    let foreign_path = format!("/api/v1/crm/deals/{}/stage", id_of(&foreign_move));
    let moved = other
        .call(Method::PATCH, &foreign_path)
        .json(&json!({"stage_id": intro}))
        .send()
        .await;
    assert_eq!(moved.status, 404);
    let unknown_stage = api
        .call(Method::PATCH, &path)
        .json(&json!({"stage_id": "stg_nope"}))
        .send()
        .await;
    assert_eq!(unknown_stage.error().2, ["stage_id"]);
}

#[tokio::test]
async fn probability_follows_the_stage_unless_the_client_sets_it() {
    let api = TestApi::new().await;
    let deal = api.create(json!({"name": "p"})).await;
    assert_eq!(deal["probability"], 10);
    let stage_path = format!("/api/v1/crm/deals/{}/stage", id_of(&deal));
    let path = format!("/api/v1/crm/deals/{}", id_of(&deal));
    let qualified = api
        .call(Method::PATCH, &stage_path)
        .json(&json!({"stage": "qualified"}))
        .send()
        .await;
    assert_eq!(qualified.body["data"]["probability"], 25);
    api.call(Method::PATCH, &path)
        .json(&json!({"probability": 60}))
        .send()
        .await;
    let proposal = api
        .call(Method::PATCH, &stage_path)
        .json(&json!({"stage": "proposal"}))
        .send()
        .await;
    assert_eq!(
        proposal.body["data"]["probability"], 60,
        "a client's probability is kept"
    );
    let released = api
        .call(Method::PATCH, &path)
        .json(&json!({"probability": null}))
        .send()
        .await;
    assert_eq!(
        released.body["data"]["probability"], 50,
        "null hands it back to the stage"
    );
    let chosen = api.create(json!({"name": "q", "probability": 5})).await;
    assert_eq!(chosen["probability"], 5);
}

#[tokio::test]
async fn stages_keep_positions_one_to_n() {
    let api = TestApi::new().await;
    let pipeline = partners_pipeline(&api).await;
    let base = format!("/api/v1/crm/pipelines/{}/stages", id_of(&pipeline));
    let added = api
        .call(Method::POST, &base)
        .json(&json!({"name": "Demo", "color": "#ABCDEF", "position": 2}))
        .send()
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    let demo = id_of(&added.body["data"]);
    assert_eq!(added.body["data"]["position"], 2);
    assert_eq!(added.body["data"]["color"], "#abcdef");
    assert_eq!(added.body["data"]["probability"], 50);

    let moved = api
        .call(Method::PATCH, &format!("{base}/{demo}"))
        .json(&json!({"position": 1, "name": "Demo call", "color": "#000000"}))
        .send()
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(moved.body["data"]["name"], "Demo call");
    let listed = api.call(Method::GET, &base).send().await;
    assert_eq!(positions(&listed.body["data"]), [1, 2, 3, 4]);
    assert_eq!(stage_ids(&listed.body["data"])[0], demo);

    let intro = id_of(&pipeline["stages"][0]);
    let deleted = api
        .call(Method::DELETE, &format!("{base}/{intro}"))
        .send()
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    let listed = api.call(Method::GET, &base).send().await;
    assert_eq!(positions(&listed.body["data"]), [1, 2, 3]);
    assert!(!stage_ids(&listed.body["data"]).contains(&intro));

    let bad = api
        .call(Method::POST, &base)
        .json(&json!({"color": "red", "kind": "maybe", "probability": 101}))
        .send()
        .await;
    let mut fields = bad.error().2;
    fields.sort();
    assert_eq!(fields, ["color", "kind", "name", "probability"]);
    let missing = api
        .call(Method::PATCH, &format!("{base}/stg_nope"))
        .json(&json!({"name": "x"}))
        .send()
        .await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn a_stage_holding_deals_is_deleted_only_with_move_to() {
    let api = TestApi::new().await;
    let pipeline = partners_pipeline(&api).await;
    let base = format!("/api/v1/crm/pipelines/{}/stages", id_of(&pipeline));
    let [intro, signed] = [0, 1].map(|i| id_of(&pipeline["stages"][i]));
    let deals = [
        api.create(json!({"name": "a", "stage": intro})).await,
        api.create(json!({"name": "b", "stage": intro})).await,
    ];

    let refused = api
        .call(Method::DELETE, &format!("{base}/{intro}"))
        .send()
        .await;
    assert_eq!(refused.status, 409);
    assert_eq!(refused.error().0, "CONFLICT");
    let bad_target = api
        .call(Method::DELETE, &format!("{base}/{intro}?move_to=stg_nope"))
        .send()
        .await;
    assert_eq!(bad_target.status, 400);
    assert_eq!(bad_target.error().2, ["move_to"]);

    let moved = api
        .call(Method::DELETE, &format!("{base}/{intro}?move_to={signed}"))
        .send()
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    for deal in &deals {
        let fetched = api
            .call(Method::GET, &format!("/api/v1/crm/deals/{}", id_of(deal)))
            .send()
            .await;
        let data = &fetched.body["data"];
        assert_eq!(data["stage"], signed.as_str());
        let entry = &data["audit_log"][0];
        assert_eq!(
            (entry["from"].as_str(), entry["to"].as_str()),
            (Some(intro.as_str()), Some(signed.as_str()))
        );
        assert!(
            data["actual_close_date"].is_string(),
            "moved into a won stage"
        );
    }
    let listed = api.call(Method::GET, &base).send().await;
    assert_eq!(stage_ids(&listed.body["data"]).len(), 2);
}

#[tokio::test]
async fn pipelines_in_use_are_kept() {
    let api = TestApi::new().await;
    let only = api
        .call(Method::DELETE, "/api/v1/crm/pipelines/default")
        .send()
        .await;
    assert_eq!(only.status, 409, "a tenant keeps one pipeline");
    let pipeline = partners_pipeline(&api).await;
    let path = format!("/api/v1/crm/pipelines/{}", id_of(&pipeline));
    let deal = api
        .create(json!({"name": "a", "pipeline_id": id_of(&pipeline)}))
        .await;
    let refused = api.call(Method::DELETE, &path).send().await;
    assert_eq!(refused.status, 409);
    let renamed = api
        .call(Method::PATCH, &path)
        .json(&json!({"name": "Resellers"}))
        .send()
        .await;
    assert_eq!(renamed.body["data"]["name"], "Resellers");
    assert_eq!(renamed.body["data"]["version"], 2);
    api.call(
        Method::DELETE,
        &format!("/api/v1/crm/deals/{}", id_of(&deal)),
    )
    .send()
    .await;
    let deleted = api.call(Method::DELETE, &path).send().await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(api.call(Method::GET, &path).send().await.status, 404);
    let empty = api
        .call(Method::PATCH, "/api/v1/crm/pipelines/default")
        .raw_body("{}")
        .send()
        .await;
    assert_eq!(empty.error().1, "No fields to update");
}

#[tokio::test]
async fn pipeline_changes_need_write_pipelines() {
    let api = TestApi::new().await;
    let deals_only = api.token("read:deals write:deals");
    let create = api
        .anonymous(Method::POST, "/api/v1/crm/pipelines")
        .token(&deals_only)
        .json(&json!({"name": "x"}))
        .send()
        .await;
    assert_eq!(create.status, 403);
    let stage = api
        .anonymous(Method::POST, "/api/v1/crm/pipelines/default/stages")
        .token(&deals_only)
        .json(&json!({"name": "x"}))
        .send()
        .await;
    assert_eq!(stage.status, 403);
    let read = api
        .anonymous(Method::GET, "/api/v1/crm/stages")
        .token(&api.token("read:deals"))
        .send()
        .await;
    assert_eq!(read.status, 200);
    let anonymous = api
        .anonymous(Method::GET, "/api/v1/crm/pipelines")
        .send()
        .await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn the_default_pipeline_is_stored_once_when_first_requests_race() {
    let api = TestApi::new().await;
    let creates = (0..8).map(|n| {
        api.call(Method::POST, "/api/v1/crm/pipelines")
            .json(&json!({"name": format!("P{n}")}))
            .send()
    });
    for response in all(creates).await {
        assert_eq!(response.status, 201, "{}", response.body);
    }
    let pipelines = api.call(Method::GET, "/api/v1/crm/pipelines").send().await;
    let ids: Vec<&str> = pipelines.body["data"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 9);
    assert_eq!(ids.iter().filter(|id| **id == "default").count(), 1);
    assert_eq!(
        pipelines.body["data"][0]["version"], 1,
        "stored once, never overwritten"
    );
}
