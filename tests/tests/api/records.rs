use std::collections::HashSet;

use http::Method;
use integration_tests::{data_ids, id_of, TestApi, TestResponse};
use serde_json::{json, Value};

const BASE: &str = "/api/v1/crm";

fn path(collection: &str, id: &str) -> String {
    format!("{BASE}/{collection}/{id}")
}

fn new_id(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::new_v4())
}

/// `(field, message)` of every detail of an error, sorted by field.
fn details(response: &TestResponse) -> Vec<(String, String)> {
    let mut details: Vec<(String, String)> = response.body["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .map(|detail| {
            (
                detail["field"].as_str().expect("field").to_owned(),
                detail["message"].as_str().expect("message").to_owned(),
            )
        })
        .collect();
    details.sort();
    details
}

fn is_prefixed_uuid(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .is_some_and(|rest| rest.len() == 36 && uuid::Uuid::try_parse(rest).is_ok())
}

async fn get_deal(api: &TestApi, id: &str) -> Value {
    let response = api.call(Method::GET, &path("deals", id)).send().await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.body["data"].clone()
}

#[tokio::test]
async fn an_account_goes_through_create_read_update_and_delete() {
    let api = TestApi::new().await;
    let created = api
        .call(Method::POST, &format!("{BASE}/accounts"))
        .json(&json!({"name": "  Acme GmbH "}))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let account = created.body["data"].clone();
    let id = id_of(&account);
    assert!(is_prefixed_uuid(&id, "acc-"), "{id}");
    assert_eq!(account["name"], "Acme GmbH");
    assert_eq!(account["status"], "active");
    assert_eq!(account["domain"], json!(null));
    assert_eq!(account["version"], 1);
    assert_eq!(account["created_by"], local::token::DEV_SUBJECT);
    assert_eq!(account["updated_by"], local::token::DEV_SUBJECT);
    assert!(account["created_at"].is_string());
    assert_eq!(account["created_at"], account["updated_at"]);
    assert_eq!(created.header("etag"), Some("\"1\""));
    let location = path("accounts", &id);
    assert_eq!(created.header("location"), Some(location.as_str()));

    let fetched = api.call(Method::GET, &location).send().await;
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.body["data"], account);
    assert_eq!(fetched.header("etag"), Some("\"1\""));

    let patched = api
        .call(Method::PATCH, &location)
        .json(&json!({"domain": "acme.com", "status": "customer"}))
        .send()
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["data"]["domain"], "acme.com");
    assert_eq!(patched.body["data"]["status"], "customer");
    assert_eq!(patched.body["data"]["name"], "Acme GmbH");
    assert_eq!(patched.body["data"]["version"], 2);
    assert_eq!(patched.body["data"]["created_at"], account["created_at"]);
    assert_eq!(patched.header("etag"), Some("\"2\""));

    let cleared = api
        .call(Method::PATCH, &location)
        .header("if-match", "\"2\"")
        .json(&json!({"domain": null}))
        .send()
        .await;
    assert_eq!(cleared.status, 200, "{}", cleared.body);
    assert_eq!(cleared.body["data"]["domain"], json!(null));
    assert_eq!(cleared.body["data"]["status"], "customer");
    assert_eq!(cleared.body["data"]["version"], 3);

    for body in ["{}", ""] {
        let empty = api
            .call(Method::PATCH, &location)
            .raw_body(body)
            .send()
            .await;
        assert_eq!(empty.status, 400, "{body:?}: {}", empty.body);
        let (code, message, _) = empty.error();
        assert_eq!(code, "INVALID_REQUEST");
        assert_eq!(message, "No fields to update");
    }
    let stale = api
        .call(Method::PATCH, &location)
        .header("if-match", "\"2\"")
        .json(&json!({"name": "Stale"}))
        .send()
        .await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert_eq!(stale.error().0, "CONFLICT");

    let current = api.call(Method::GET, &location).send().await;
    assert_eq!(current.body["data"], cleared.body["data"]);
    assert_eq!(current.header("etag"), Some("\"3\""));

    let deleted = api.call(Method::DELETE, &location).send().await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(deleted.body, json!({"data": {"deleted": true}}));
    let gone = api.call(Method::GET, &location).send().await;
    assert_eq!(gone.status, 404);
    assert_eq!(gone.error().1, "Organization not found");
    assert_eq!(api.call(Method::DELETE, &location).send().await.status, 404);
    let list = api
        .call(Method::GET, &format!("{BASE}/accounts"))
        .send()
        .await;
    assert_eq!(data_ids(&list.body), Vec::<String>::new());
}

#[tokio::test]
async fn contacts_and_users_have_their_own_fields() {
    let api = TestApi::new().await;
    let account = api.account("Acme").await;

    let contact = api
        .call(Method::POST, &format!("{BASE}/contacts"))
        .json(&json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "account_id": account}))
        .send()
        .await;
    assert_eq!(contact.status, 201, "{}", contact.body);
    let data = &contact.body["data"];
    let contact_id = id_of(data);
    assert!(is_prefixed_uuid(&contact_id, "con-"), "{contact_id}");
    assert_eq!(data["first_name"], "Ada");
    assert_eq!(data["last_name"], "Lovelace");
    assert_eq!(data["email"], "ada@example.com");
    assert_eq!(data["account_id"], account.as_str());
    assert_eq!(data["version"], 1);
    assert_eq!(contact.header("etag"), Some("\"1\""));
    let contact_path = path("contacts", &contact_id);
    assert_eq!(contact.header("location"), Some(contact_path.as_str()));

    let bare = api
        .create_in("contacts", json!({"first_name": "Grace"}))
        .await;
    for field in ["last_name", "email", "account_id"] {
        assert_eq!(bare[field], json!(null), "{field} of {bare}");
    }

    let patched = api
        .call(Method::PATCH, &contact_path)
        .json(&json!({"last_name": null, "account_id": null}))
        .send()
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    let fetched = api.call(Method::GET, &contact_path).send().await;
    assert_eq!(fetched.body["data"], patched.body["data"]);
    let data = &fetched.body["data"];
    assert_eq!(data["first_name"], "Ada");
    assert_eq!(data["last_name"], json!(null));
    assert_eq!(data["account_id"], json!(null));
    assert_eq!(data["email"], "ada@example.com");
    assert_eq!(data["version"], 2);

    let user = api
        .call(Method::POST, &format!("{BASE}/users"))
        .json(&json!({"full_name": "Linus Owner"}))
        .send()
        .await;
    assert_eq!(user.status, 201, "{}", user.body);
    let user_id = id_of(&user.body["data"]);
    assert!(is_prefixed_uuid(&user_id, "usr-"), "{user_id}");
    assert_eq!(user.body["data"]["full_name"], "Linus Owner");
    assert_eq!(user.body["data"]["email"], json!(null));
    let user_path = path("users", &user_id);
    assert_eq!(user.header("location"), Some(user_path.as_str()));
    let with_email = api
        .call(Method::PATCH, &user_path)
        .json(&json!({"email": "linus@example.com"}))
        .send()
        .await;
    assert_eq!(with_email.status, 200, "{}", with_email.body);
    assert_eq!(with_email.body["data"]["email"], "linus@example.com");
    assert_eq!(with_email.body["data"]["full_name"], "Linus Owner");
    assert_eq!(with_email.header("etag"), Some("\"2\""));

    let deleted = api.call(Method::DELETE, &user_path).send().await;
    assert_eq!(deleted.body, json!({"data": {"deleted": true}}));
    let gone = api.call(Method::GET, &user_path).send().await;
    assert_eq!(gone.status, 404);
    assert_eq!(gone.error().1, "User not found");
}

#[tokio::test]
async fn a_client_may_choose_the_id_once() {
    let api = TestApi::new().await;
    for (collection, prefix, body) in [
        ("accounts", "acc-", json!({"name": "Chosen"})),
        ("contacts", "con-", json!({"first_name": "Chosen"})),
        ("users", "usr-", json!({"full_name": "Chosen"})),
    ] {
        let id = new_id(prefix);
        let mut with_id = body.clone();
        with_id["id"] = json!(id);
        let created = api
            .call(Method::POST, &format!("{BASE}/{collection}"))
            .json(&with_id)
            .send()
            .await;
        assert_eq!(created.status, 201, "{collection}: {}", created.body);
        assert_eq!(created.body["data"]["id"], id.as_str());
        let location = path(collection, &id);
        assert_eq!(created.header("location"), Some(location.as_str()));

        let mut again = with_id.clone();
        let name_field = body
            .as_object()
            .and_then(|fields| fields.keys().next().cloned())
            .expect("a name field");
        again[&name_field] = json!("Overwritten");
        let duplicate = api
            .call(Method::POST, &format!("{BASE}/{collection}"))
            .json(&again)
            .send()
            .await;
        assert_eq!(duplicate.status, 409, "{collection}: {}", duplicate.body);
        assert_eq!(duplicate.error().0, "CONFLICT");
        let kept = api.call(Method::GET, &location).send().await;
        assert_eq!(kept.body["data"][&name_field], "Chosen");
        assert_eq!(kept.body["data"]["version"], 1);

        let other_prefix = if prefix == "acc-" { "con-" } else { "acc-" };
        for bad in [new_id(other_prefix), format!("{prefix}123"), "x".into()] {
            let mut wrong = body.clone();
            wrong["id"] = json!(bad);
            let refused = api
                .call(Method::POST, &format!("{BASE}/{collection}"))
                .json(&wrong)
                .send()
                .await;
            assert_eq!(refused.status, 400, "{collection} {bad}: {}", refused.body);
            assert_eq!(refused.error().0, "VALIDATION_ERROR");
            assert_eq!(refused.error().2, ["id"]);
        }

        let rename_id = api
            .call(Method::PATCH, &location)
            .json(&json!({"id": new_id(prefix)}))
            .send()
            .await;
        assert_eq!(rename_id.status, 400, "{collection}: {}", rename_id.body);
        assert_eq!(rename_id.error().2, ["id"]);

        let list = api
            .call(Method::GET, &format!("{BASE}/{collection}"))
            .send()
            .await;
        assert_eq!(data_ids(&list.body), [id], "{collection}");
    }
}

#[tokio::test]
async fn lists_page_through_every_record_exactly_once() {
    let api = TestApi::new().await;
    let mut created = HashSet::new();
    for n in 0..5 {
        created.insert(api.user(&format!("User {n}")).await);
    }
    let all = api.call(Method::GET, &format!("{BASE}/users")).send().await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert_eq!(
        all.body["pagination"],
        json!({"limit": 50, "has_more": false, "next_cursor": null})
    );
    assert_eq!(
        data_ids(&all.body).into_iter().collect::<HashSet<_>>(),
        created
    );
    for user in all.body["data"].as_array().expect("data") {
        assert!(user["full_name"].is_string(), "{user}");
        assert_eq!(user["email"], json!(null), "{user}");
        assert_eq!(user["version"], 1);
    }

    let mut seen = Vec::new();
    let mut uri = format!("{BASE}/users?limit=2");
    let mut pages = Vec::new();
    loop {
        let page = api.call(Method::GET, &uri).send().await;
        assert_eq!(page.status, 200, "{uri}: {}", page.body);
        let page_ids = data_ids(&page.body);
        pages.push(page_ids.len());
        seen.extend(page_ids);
        let pagination = &page.body["pagination"];
        assert_eq!(pagination["limit"], 2);
        match pagination["next_cursor"].as_str() {
            Some(cursor) => {
                assert_eq!(pagination["has_more"], true);
                uri = format!("{BASE}/users?limit=2&cursor={cursor}");
            }
            None => {
                assert_eq!(pagination["has_more"], false);
                break;
            }
        }
        assert!(pages.len() < 10, "paging does not end");
    }
    assert_eq!(pages, [2, 2, 1]);
    assert_eq!(
        seen,
        data_ids(&all.body),
        "pages follow the order of the list"
    );
    assert_eq!(seen.iter().cloned().collect::<HashSet<_>>(), created);

    for query in ["limit=0", "limit=abc", "cursor=nonsense", "sort=name"] {
        let refused = api
            .call(Method::GET, &format!("{BASE}/users?{query}"))
            .send()
            .await;
        assert_eq!(refused.status, 400, "{query}: {}", refused.body);
        let (code, _, fields) = refused.error();
        assert_eq!(code, "VALIDATION_ERROR", "{query}");
        let name = query.split('=').next().expect("name");
        assert_eq!(fields, [name], "{query}");
    }
    let accounts = api
        .call(Method::GET, &format!("{BASE}/accounts"))
        .send()
        .await;
    assert_eq!(
        data_ids(&accounts.body),
        Vec::<String>::new(),
        "each kind lists only its own records"
    );
}

#[tokio::test]
async fn invalid_bodies_get_one_detail_per_field() {
    let api = TestApi::new().await;
    for (collection, field, message) in [
        ("accounts", "name", "Name is required"),
        ("contacts", "first_name", "First name is required"),
        ("users", "full_name", "Full name is required"),
    ] {
        for body in [json!({}), json!({ field: "   " }), json!({ field: null })] {
            let missing = api
                .call(Method::POST, &format!("{BASE}/{collection}"))
                .json(&body)
                .send()
                .await;
            assert_eq!(missing.status, 400, "{collection} {body}: {}", missing.body);
            assert_eq!(
                missing.error(),
                (
                    "VALIDATION_ERROR".into(),
                    message.into(),
                    vec![field.into()]
                ),
                "{collection} {body}"
            );
        }
    }

    let account = api
        .call(Method::POST, &format!("{BASE}/accounts"))
        .json(&json!({"name": "Acme", "domain": "not a domain", "status": "asleep", "colour": "red", "version": 3}))
        .send()
        .await;
    assert_eq!(account.status, 400, "{}", account.body);
    let (code, message, _) = account.error();
    assert_eq!(code, "VALIDATION_ERROR");
    assert_eq!(message, "4 fields are invalid");
    let found = details(&account);
    let fields: Vec<&str> = found.iter().map(|(field, _)| field.as_str()).collect();
    assert_eq!(fields, ["colour", "domain", "status", "version"]);
    assert_eq!(found[0].1, "Unknown field");
    assert_eq!(found[3].1, "Field is read-only");

    let contact = api
        .call(Method::POST, &format!("{BASE}/contacts"))
        .json(&json!({"email": "nobody", "created_by": "me"}))
        .send()
        .await;
    assert_eq!(contact.status, 400, "{}", contact.body);
    let fields: Vec<String> = details(&contact).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["created_by", "email", "first_name"]);

    let user = api
        .call(Method::POST, &format!("{BASE}/users"))
        .json(&json!({"full_name": "Ann", "email": "ann@"}))
        .send()
        .await;
    assert_eq!(user.status, 400, "{}", user.body);
    assert_eq!(user.error().2, ["email"]);

    for collection in ["accounts", "contacts", "users"] {
        let list = api
            .call(Method::GET, &format!("{BASE}/{collection}"))
            .send()
            .await;
        assert_eq!(
            data_ids(&list.body),
            Vec::<String>::new(),
            "a refused create wrote a {collection} record"
        );
    }

    let id = api.account("Acme").await;
    let location = path("accounts", &id);
    let patch = api
        .call(Method::PATCH, &location)
        .json(&json!({"name": null, "status": "gone", "version": 9, "updated_at": "2020-01-01T00:00:00Z"}))
        .send()
        .await;
    assert_eq!(patch.status, 400, "{}", patch.body);
    let found = details(&patch);
    let fields: Vec<&str> = found.iter().map(|(field, _)| field.as_str()).collect();
    assert_eq!(fields, ["name", "status", "updated_at", "version"]);
    assert_eq!(found[0].1, "Name is required");
    assert!(found[1].1.contains("customer"), "{}", found[1].1);
    assert_eq!(found[2].1, "Field is read-only");
    assert_eq!(found[3].1, "Field is read-only");
    let unchanged = api.call(Method::GET, &location).send().await;
    assert_eq!(unchanged.body["data"]["name"], "Acme");
    assert_eq!(unchanged.body["data"]["version"], 1);
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_not_found() {
    let api = TestApi::new().await;
    for (collection, prefix, message) in [
        ("accounts", "acc-", "Organization not found"),
        ("contacts", "con-", "Contact not found"),
        ("users", "usr-", "User not found"),
    ] {
        let other_prefix = if prefix == "usr-" { "acc-" } else { "usr-" };
        for id in [
            new_id(prefix),
            new_id(other_prefix),
            format!("{prefix}42"),
            "deal_01J0000000000000000000000A".to_owned(),
        ] {
            let location = path(collection, &id);
            let get = api.call(Method::GET, &location).send().await;
            let patch = api
                .call(Method::PATCH, &location)
                .json(&json!({"email": null}))
                .send()
                .await;
            let delete = api.call(Method::DELETE, &location).send().await;
            for (verb, response) in [("GET", get), ("PATCH", patch), ("DELETE", delete)] {
                if collection == "accounts" && verb == "PATCH" {
                    // accounts have no email: the body is refused before the lookup
                    continue;
                }
                assert_eq!(response.status, 404, "{verb} {location}: {}", response.body);
                assert_eq!(
                    response.error(),
                    ("NOT_FOUND".into(), message.into(), vec![]),
                    "{verb} {location}"
                );
            }
        }
        let patch = api
            .call(Method::PATCH, &path(collection, &new_id(prefix)))
            .json(&json!({"version": 2}))
            .send()
            .await;
        assert_eq!(
            patch.status, 400,
            "bodies are checked first: {}",
            patch.body
        );
    }
    let account = api
        .call(Method::PATCH, &path("accounts", &new_id("acc-")))
        .json(&json!({"status": "churned"}))
        .send()
        .await;
    assert_eq!(account.status, 404, "{}", account.body);
    assert_eq!(account.error().1, "Organization not found");
}

#[tokio::test]
async fn each_kind_has_its_own_read_and_write_scopes() {
    let api = TestApi::new().await;
    let deals_only = api.token("read:deals write:deals");
    for (collection, kind, body) in [
        ("accounts", "accounts", json!({"name": "Scoped"})),
        ("contacts", "contacts", json!({"first_name": "Scoped"})),
        ("users", "users", json!({"full_name": "Scoped"})),
    ] {
        let existing = id_of(&api.create_in(collection, body.clone()).await);
        let collection_path = format!("{BASE}/{collection}");
        let record_path = path(collection, &existing);

        for uri in [&collection_path, &record_path] {
            let forbidden = api.call(Method::GET, uri).token(&deals_only).send().await;
            assert_eq!(forbidden.status, 403, "GET {uri}: {}", forbidden.body);
            assert_eq!(forbidden.error().0, "FORBIDDEN");
        }

        let read = api.token(&format!("read:{kind}"));
        let listed = api
            .call(Method::GET, &collection_path)
            .token(&read)
            .send()
            .await;
        assert_eq!(listed.status, 200, "{collection}: {}", listed.body);
        assert_eq!(data_ids(&listed.body), std::slice::from_ref(&existing));
        assert_eq!(
            api.call(Method::GET, &record_path)
                .token(&read)
                .send()
                .await
                .status,
            200
        );
        let writes = [
            api.call(Method::POST, &collection_path)
                .json(&body)
                .token(&read),
            api.call(Method::PATCH, &record_path)
                .json(&body)
                .token(&read),
            api.call(Method::DELETE, &record_path).token(&read),
            api.call(Method::POST, &collection_path)
                .json(&body)
                .token(&deals_only),
            api.call(Method::DELETE, &record_path).token(&deals_only),
        ];
        for call in writes {
            let refused = call.send().await;
            assert_eq!(refused.status, 403, "{collection}: {}", refused.body);
            assert_eq!(refused.error().0, "FORBIDDEN");
        }
        let unauthenticated = api.anonymous(Method::GET, &collection_path).send().await;
        assert_eq!(unauthenticated.status, 401);

        let write = api.token(&format!("write:{kind}"));
        let created = api
            .call(Method::POST, &collection_path)
            .json(&body)
            .token(&write)
            .send()
            .await;
        assert_eq!(created.status, 201, "{collection}: {}", created.body);
        let deleted = api
            .call(Method::DELETE, &record_path)
            .token(&write)
            .send()
            .await;
        assert_eq!(deleted.status, 200, "{collection}: {}", deleted.body);

        let after = api.call(Method::GET, &collection_path).send().await;
        assert_eq!(
            data_ids(&after.body),
            [id_of(&created.body["data"])],
            "only the writes with the write scope happened"
        );
    }
}

#[tokio::test]
async fn a_contacts_account_must_exist_in_the_tenant() {
    let api = TestApi::new().await;
    let other = api.other_tenant();
    let foreign = other.account("Elsewhere").await;
    let own = api.account("Acme").await;

    for account_id in [new_id("acc-"), foreign.clone()] {
        let refused = api
            .call(Method::POST, &format!("{BASE}/contacts"))
            .json(&json!({"first_name": "Ada", "account_id": account_id}))
            .send()
            .await;
        assert_eq!(refused.status, 400, "{account_id}: {}", refused.body);
        assert_eq!(
            refused.error(),
            (
                "VALIDATION_ERROR".into(),
                "Organization not found".into(),
                vec!["account_id".into()]
            )
        );
    }
    let listed = api
        .call(Method::GET, &format!("{BASE}/contacts"))
        .send()
        .await;
    assert_eq!(data_ids(&listed.body), Vec::<String>::new());

    let contact = api
        .create_in("contacts", json!({"first_name": "Ada", "account_id": own}))
        .await;
    let location = path("contacts", &id_of(&contact));
    for account_id in [new_id("acc-"), foreign] {
        let refused = api
            .call(Method::PATCH, &location)
            .json(&json!({"account_id": account_id, "last_name": "Lovelace"}))
            .send()
            .await;
        assert_eq!(refused.status, 400, "{account_id}: {}", refused.body);
        assert_eq!(refused.error().1, "Organization not found");
        assert_eq!(refused.error().2, ["account_id"]);
    }
    let unchanged = api.call(Method::GET, &location).send().await;
    assert_eq!(unchanged.body["data"], contact);

    let second = api.account("Second").await;
    let moved = api
        .call(Method::PATCH, &location)
        .json(&json!({"account_id": second}))
        .send()
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(moved.body["data"]["account_id"], second.as_str());
    assert_eq!(moved.body["data"]["version"], 2);
}

#[tokio::test]
async fn tenants_never_see_each_others_records() {
    let a = TestApi::new().await;
    let b = a.other_tenant();
    let records = [
        ("accounts", a.account("A account").await),
        ("contacts", a.contact("A contact").await),
        ("users", a.user("A user").await),
    ];
    b.account("B account").await;
    let messages = [
        "Organization not found",
        "Contact not found",
        "User not found",
    ];

    for ((collection, id), message) in records.iter().zip(messages) {
        let location = path(collection, id);
        let get = b.call(Method::GET, &location).send().await;
        assert_eq!(get.status, 404, "{collection}: {}", get.body);
        assert_eq!(get.error().1, message);
        let patch_body = match *collection {
            "accounts" => json!({"name": "Taken over"}),
            "contacts" => json!({"first_name": "Taken over"}),
            _ => json!({"full_name": "Taken over"}),
        };
        let patch = b
            .call(Method::PATCH, &location)
            .json(&patch_body)
            .send()
            .await;
        assert_eq!(patch.status, 404, "{collection}: {}", patch.body);
        let delete = b.call(Method::DELETE, &location).send().await;
        assert_eq!(delete.status, 404, "{collection}: {}", delete.body);

        let listed = b
            .call(Method::GET, &format!("{BASE}/{collection}"))
            .send()
            .await;
        assert_eq!(listed.status, 200);
        assert!(
            !data_ids(&listed.body).contains(id),
            "tenant B lists A's {collection}"
        );

        let own = a.call(Method::GET, &location).send().await;
        assert_eq!(own.status, 200, "{collection}: {}", own.body);
        assert_eq!(own.body["data"]["version"], 1, "B changed A's {collection}");
        let own_list = a
            .call(Method::GET, &format!("{BASE}/{collection}"))
            .send()
            .await;
        assert_eq!(data_ids(&own_list.body), std::slice::from_ref(id));
    }
    let b_accounts = b
        .call(Method::GET, &format!("{BASE}/accounts"))
        .send()
        .await;
    assert_eq!(b_accounts.body["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(b_accounts.body["data"][0]["name"], "B account");
}

#[tokio::test]
async fn deals_may_only_refer_to_records_of_the_callers_tenant() {
    let api = TestApi::new().await;
    let other = api.other_tenant();
    let foreign_account = other.account("Foreign").await;
    let foreign_contact = other.contact("Foreign").await;
    let foreign_user = other.user("Foreign").await;
    let account = api.account("Acme").await;
    let contact = api.contact("Ada").await;
    let user = api.user("Owner").await;

    let refused = api
        .call(Method::POST, &format!("{BASE}/deals"))
        .json(&json!({
            "name": "Bad refs",
            "account_id": foreign_account,
            "primary_contact_id": foreign_contact,
            "contact_ids": [contact, new_id("con-")],
            "owner_id": foreign_user,
        }))
        .send()
        .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.error().0, "VALIDATION_ERROR");
    assert_eq!(
        details(&refused),
        [
            ("account_id".to_owned(), "Organization not found".to_owned()),
            ("contact_ids".to_owned(), "Contact not found".to_owned()),
            ("owner_id".to_owned(), "User not found".to_owned()),
            (
                "primary_contact_id".to_owned(),
                "Contact not found".to_owned()
            ),
        ]
    );
    let single = api
        .call(Method::POST, &format!("{BASE}/deals"))
        .json(&json!({"name": "Bad owner", "account_id": account, "owner_id": new_id("usr-")}))
        .send()
        .await;
    assert_eq!(single.status, 400, "{}", single.body);
    assert_eq!(
        single.error(),
        (
            "VALIDATION_ERROR".into(),
            "User not found".into(),
            vec!["owner_id".into()]
        )
    );
    let deals = api.call(Method::GET, &format!("{BASE}/deals")).send().await;
    assert_eq!(
        data_ids(&deals.body),
        Vec::<String>::new(),
        "a refused deal was written"
    );
    let freed = api
        .call(Method::DELETE, &path("accounts", &account))
        .send()
        .await;
    assert_eq!(
        freed.status, 200,
        "a refused deal counted a reference: {}",
        freed.body
    );
    let account = api.account("Acme again").await;

    let deal = api
        .create(json!({"name": "Good", "owner_id": user, "primary_contact_id": contact}))
        .await;
    let deal_id = id_of(&deal);
    let deal_path = path("deals", &deal_id);
    let patch = api
        .call(Method::PATCH, &deal_path)
        .json(&json!({"account_id": account, "owner_id": foreign_user, "contact_ids": [new_id("con-")]}))
        .send()
        .await;
    assert_eq!(patch.status, 400, "{}", patch.body);
    assert_eq!(
        details(&patch),
        [
            ("contact_ids".to_owned(), "Contact not found".to_owned()),
            ("owner_id".to_owned(), "User not found".to_owned()),
        ]
    );
    let single = api
        .call(Method::PATCH, &deal_path)
        .json(&json!({"account_id": foreign_account}))
        .send()
        .await;
    assert_eq!(single.status, 400, "{}", single.body);
    assert_eq!(single.error().1, "Organization not found");
    assert_eq!(single.error().2, ["account_id"]);

    let unchanged = get_deal(&api, &deal_id).await;
    assert_eq!(unchanged["version"], 1);
    assert_eq!(unchanged["owner_id"], user.as_str());
    assert_eq!(unchanged["account_id"], json!(null));
    assert_eq!(unchanged["contact_ids"], json!([]));
    let freed = api
        .call(Method::DELETE, &path("accounts", &account))
        .send()
        .await;
    assert_eq!(
        freed.status, 200,
        "a refused PATCH counted a reference: {}",
        freed.body
    );
}

#[tokio::test]
async fn a_record_in_use_by_a_live_deal_cannot_be_deleted() {
    let api = TestApi::new().await;
    let account = api.account("Acme").await;
    let primary = api.contact("Ada").await;
    let listed_contact = api.contact("Grace").await;
    let owner = api.user("Owner").await;
    let first = api
        .create(json!({"name": "First", "account_id": account, "primary_contact_id": primary, "owner_id": owner}))
        .await;
    let second = api
        .create(json!({"name": "Second", "contact_ids": [listed_contact]}))
        .await;

    let in_use = [
        ("accounts", &account),
        ("contacts", &primary),
        ("contacts", &listed_contact),
        ("users", &owner),
    ];
    for (collection, id) in in_use {
        let location = path(collection, id);
        let refused = api.call(Method::DELETE, &location).send().await;
        assert_eq!(refused.status, 409, "{collection}: {}", refused.body);
        let (code, _, fields) = refused.error();
        assert_eq!(code, "CONFLICT");
        assert_eq!(fields, ["id"]);
        let still = api.call(Method::GET, &location).send().await;
        assert_eq!(still.status, 200, "{collection} was deleted");
    }

    let detached = api
        .call(Method::PATCH, &path("deals", &id_of(&first)))
        .json(&json!({"account_id": null, "primary_contact_id": null}))
        .send()
        .await;
    assert_eq!(detached.status, 200, "{}", detached.body);
    for (collection, id) in [("accounts", &account), ("contacts", &primary)] {
        let deleted = api.call(Method::DELETE, &path(collection, id)).send().await;
        assert_eq!(deleted.status, 200, "{collection}: {}", deleted.body);
        assert_eq!(
            api.call(Method::GET, &path(collection, id))
                .send()
                .await
                .status,
            404
        );
    }
    let still_owned = api
        .call(Method::DELETE, &path("users", &owner))
        .send()
        .await;
    assert_eq!(still_owned.status, 409, "{}", still_owned.body);

    for deal in [&first, &second] {
        let deleted = api
            .call(Method::DELETE, &path("deals", &id_of(deal)))
            .send()
            .await;
        assert_eq!(deleted.status, 200, "{}", deleted.body);
    }
    for (collection, id) in [("contacts", &listed_contact), ("users", &owner)] {
        let deleted = api.call(Method::DELETE, &path(collection, id)).send().await;
        assert_eq!(
            deleted.status, 200,
            "{collection} after its deal was deleted: {}",
            deleted.body
        );
    }
}

#[tokio::test]
async fn deleting_an_account_or_a_contact_can_detach_its_deals() {
    let api = TestApi::new().await;
    let account = api.account("Acme").await;
    let kept_account = api.account("Kept").await;
    let first = id_of(
        &api.create(json!({"name": "First", "account_id": account}))
            .await,
    );
    let second = id_of(
        &api.create(json!({"name": "Second", "account_id": account}))
            .await,
    );
    let elsewhere = id_of(
        &api.create(json!({"name": "Elsewhere", "account_id": kept_account}))
            .await,
    );

    for query in ["deals=unassign", "deals=yes", "force=true"] {
        let refused = api
            .call(
                Method::DELETE,
                &format!("{}?{query}", path("accounts", &account)),
            )
            .send()
            .await;
        assert_eq!(refused.status, 400, "{query}: {}", refused.body);
        let (code, _, fields) = refused.error();
        assert_eq!(code, "VALIDATION_ERROR", "{query}");
        assert_eq!(fields, [query.split('=').next().expect("name")], "{query}");
    }
    assert_eq!(get_deal(&api, &first).await["account_id"], account.as_str());

    let deleted = api
        .call(
            Method::DELETE,
            &format!("{}?deals=detach", path("accounts", &account)),
        )
        .send()
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(deleted.body, json!({"data": {"deleted": true}}));
    assert_eq!(
        api.call(Method::GET, &path("accounts", &account))
            .send()
            .await
            .status,
        404
    );
    for deal in [&first, &second] {
        let detached = get_deal(&api, deal).await;
        assert_eq!(detached["account_id"], json!(null), "{deal}");
        assert_eq!(detached["version"], 2, "{deal}");
    }
    assert_eq!(
        get_deal(&api, &elsewhere).await["account_id"],
        kept_account.as_str()
    );
    let by_account = api
        .call(Method::GET, &format!("{BASE}/deals?account_id={account}"))
        .send()
        .await;
    assert_eq!(data_ids(&by_account.body), Vec::<String>::new());

    let gone = api.contact("Gone").await;
    let stays = api.contact("Stays").await;
    let both = id_of(
        &api.create(
            json!({"name": "Both", "primary_contact_id": gone, "contact_ids": [gone, stays]}),
        )
        .await,
    );
    let listed = id_of(
        &api.create(json!({"name": "Listed", "contact_ids": [stays, gone]}))
            .await,
    );
    let refused = api
        .call(Method::DELETE, &path("contacts", &gone))
        .send()
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    let deleted = api
        .call(
            Method::DELETE,
            &format!("{}?deals=detach", path("contacts", &gone)),
        )
        .send()
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    let both = get_deal(&api, &both).await;
    assert_eq!(both["primary_contact_id"], json!(null));
    assert_eq!(both["contact_ids"], json!([stays]));
    let listed = get_deal(&api, &listed).await;
    assert_eq!(listed["contact_ids"], json!([stays]));
    assert_eq!(
        api.call(Method::GET, &path("contacts", &gone))
            .send()
            .await
            .status,
        404
    );
    let still_used = api
        .call(Method::DELETE, &path("contacts", &stays))
        .send()
        .await;
    assert_eq!(
        still_used.status, 409,
        "the other contact is still referenced: {}",
        still_used.body
    );
}

#[tokio::test]
async fn deleting_a_user_can_unassign_or_reassign_their_deals() {
    let api = TestApi::new().await;
    let leaving = api.user("Leaving").await;
    let successor = api.user("Successor").await;
    let bystander = api.user("Bystander").await;
    let first = id_of(
        &api.create(json!({"name": "First", "owner_id": leaving}))
            .await,
    );
    let second = id_of(
        &api.create(json!({"name": "Second", "owner_id": leaving}))
            .await,
    );
    let other = id_of(
        &api.create(json!({"name": "Other", "owner_id": bystander}))
            .await,
    );
    let leaving_path = path("users", &leaving);

    for (query, field) in [
        (format!("reassign_to={}", new_id("usr-")), "reassign_to"),
        (
            format!("reassign_to={}", api.other_tenant().user("Foreign").await),
            "reassign_to",
        ),
        ("reassign_to=someone".to_owned(), "reassign_to"),
        (format!("reassign_to={leaving}"), "reassign_to"),
        ("deals=detach".to_owned(), "deals"),
        ("cascade=true".to_owned(), "cascade"),
    ] {
        let refused = api
            .call(Method::DELETE, &format!("{leaving_path}?{query}"))
            .send()
            .await;
        assert_eq!(refused.status, 400, "{query}: {}", refused.body);
        let (code, _, fields) = refused.error();
        assert_eq!(code, "VALIDATION_ERROR", "{query}");
        assert_eq!(fields, [field], "{query}");
    }
    assert_eq!(
        api.call(Method::GET, &leaving_path).send().await.status,
        200,
        "a refused delete removed the user"
    );
    assert_eq!(get_deal(&api, &first).await["owner_id"], leaving.as_str());

    let reassigned = api
        .call(
            Method::DELETE,
            &format!("{leaving_path}?reassign_to={successor}"),
        )
        .send()
        .await;
    assert_eq!(reassigned.status, 200, "{}", reassigned.body);
    assert_eq!(reassigned.body, json!({"data": {"deleted": true}}));
    assert_eq!(
        api.call(Method::GET, &leaving_path).send().await.status,
        404
    );
    let owned = api
        .call(Method::GET, &format!("{BASE}/deals?owner_id={successor}"))
        .send()
        .await;
    assert_eq!(owned.status, 200, "{}", owned.body);
    assert_eq!(
        data_ids(&owned.body).into_iter().collect::<HashSet<_>>(),
        HashSet::from([first.clone(), second.clone()])
    );
    let old_owner = api
        .call(Method::GET, &format!("{BASE}/deals?owner_id={leaving}"))
        .send()
        .await;
    assert_eq!(data_ids(&old_owner.body), Vec::<String>::new());
    assert_eq!(get_deal(&api, &other).await["owner_id"], bystander.as_str());

    let successor_path = path("users", &successor);
    let refused = api.call(Method::DELETE, &successor_path).send().await;
    assert_eq!(
        refused.status, 409,
        "the successor now owns deals: {}",
        refused.body
    );
    let unassigned = api
        .call(Method::DELETE, &format!("{successor_path}?deals=unassign"))
        .send()
        .await;
    assert_eq!(unassigned.status, 200, "{}", unassigned.body);
    for deal in [&first, &second] {
        assert_eq!(
            get_deal(&api, deal).await["owner_id"],
            json!(null),
            "{deal}"
        );
    }
    let owned = api
        .call(Method::GET, &format!("{BASE}/deals?owner_id={successor}"))
        .send()
        .await;
    assert_eq!(data_ids(&owned.body), Vec::<String>::new());
    assert_eq!(get_deal(&api, &other).await["owner_id"], bystander.as_str());

    let unused = api.user("Unused").await;
    let plain = api
        .call(
            Method::DELETE,
            &format!("{}?deals=unassign", path("users", &unused)),
        )
        .send()
        .await;
    assert_eq!(
        plain.status, 200,
        "unassign with no deals is fine: {}",
        plain.body
    );
}
