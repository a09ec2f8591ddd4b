//! What each function is invoked with: a tenant of its own per cold start, the records its
//! requests need (made through the shared library's own handlers, as the API would), and one
//! API Gateway HTTP API (payload 2.0) event per invocation.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderValue, Method};
use local::token::{mint, TokenRequest};
use serde_json::{json, Map, Value};
use shared::auth::JwtConfig;
use shared::context::{AppContext, Config};
use shared::dispatch::dispatch;
use shared::http::ApiRequest;
use shared::http::BASE_PATH;
use shared::routes::{find_route, route_or_default, Function};

/// Deals in the tenant of `list-deals`, so that its page is not empty.
const LISTED_DEALS: usize = 10;

/// The DynamoDB table and the configuration every function process gets.
pub struct Bench {
    ctx: Arc<AppContext>,
    pub config: Config,
    /// The function's environment variables (`TABLE_NAME`, `JWT_…`, …) that `config` came from.
    pub function_env: Vec<(&'static str, String)>,
}

/// The records one cold start works on, all in one fresh tenant.
pub struct Fixture {
    pub tenant: String,
    token: String,
    user: String,
    account: String,
    contact: String,
    pipeline: String,
    stage: String,
    deal: String,
    /// An application with a key (the functions of `/applications` and `/oauth/token` only).
    application: String,
    key: String,
    /// A webhook (the functions of `/webhooks` only) and one of its deliveries.
    webhook: String,
    delivery: String,
}

/// One API request: what the event describes.
#[derive(Debug, Clone)]
pub struct ApiCall {
    pub method: Method,
    /// What `path` is under: [`BASE_PATH`], or nothing.
    base: &'static str,
    /// Under `base`, e.g. `/deals/deal_01…`.
    pub path: String,
    pub query: String,
    pub body: Option<Value>,
    /// A form body sent without a bearer token (`POST /oauth/token`), in place of `body`.
    pub form: Option<String>,
}

impl ApiCall {
    fn new(method: Method, path: impl Into<String>) -> Self {
        ApiCall {
            method,
            base: BASE_PATH,
            path: path.into(),
            query: String::new(),
            body: None,
            form: None,
        }
    }

    /// A request outside [`BASE_PATH`].
    fn at_root(method: Method, path: &str) -> Self {
        ApiCall {
            base: "",
            ..ApiCall::new(method, path)
        }
    }

    fn query(mut self, query: &str) -> Self {
        self.query = query.into();
        self
    }

    fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    fn form(mut self, form: String) -> Self {
        self.form = Some(form);
        self
    }

    fn full_path(&self) -> String {
        format!("{}{}", self.base, self.path)
    }
}

impl Bench {
    /// Connects to `config.dynamodb_endpoint` and creates the table of template.yaml there.
    pub async fn connect(
        config: Config,
        function_env: Vec<(&'static str, String)>,
    ) -> Result<Self, String> {
        let ctx = AppContext::new(&config)
            .await
            .map_err(|error| format!("DynamoDB client: {error}"))?;
        let template = local::template::Template::bundled().map_err(|error| error.to_string())?;
        local::table::ensure_table(ctx.store.client(), &config.table_name, &template.table)
            .await
            .map_err(|error| format!("table {}: {error}", config.table_name))?;
        Ok(Bench {
            ctx: Arc::new(ctx),
            config,
            function_env,
        })
    }

    pub fn jwt(&self) -> &JwtConfig {
        &self.config.jwt
    }

    /// A fresh tenant with a user, an account, a contact, a pipeline of its own (which also
    /// stores the tenant's default pipeline) and a deal referring to all of them.
    pub async fn fixture(&self, function: Function) -> Result<Fixture, String> {
        let tenant = format!("bench-{}", ulid::Ulid::new().to_string().to_lowercase());
        let token = mint(self.jwt(), &TokenRequest::with_all_scopes(&tenant))?;
        let mut fixture = Fixture {
            tenant,
            token,
            user: String::new(),
            account: String::new(),
            contact: String::new(),
            pipeline: String::new(),
            stage: String::new(),
            deal: String::new(),
            application: String::new(),
            webhook: String::new(),
            delivery: String::new(),
            key: String::new(),
        };
        fixture.user = self
            .create(
                &fixture,
                "/users",
                json!({"full_name": "Sarah Smith", "email": "sarah@company.com"}),
            )
            .await?;
        fixture.account = self
            .create(
                &fixture,
                "/accounts",
                json!({"name": "Acme Retail Shop", "domain": "acme.example"}),
            )
            .await?;
        let contact =
            json!({"first_name": "John", "last_name": "Doe", "account_id": fixture.account});
        fixture.contact = self.create(&fixture, "/contacts", contact).await?;
        let pipeline = self
            .call(
                &fixture,
                ApiCall::new(Method::POST, "/pipelines").body(json!({"name": "Partners"})),
            )
            .await?;
        fixture.pipeline = id_of(&pipeline)?;
        fixture.stage = pipeline["stages"][0]["id"]
            .as_str()
            .ok_or("a new pipeline without stages")?
            .to_owned();
        fixture.deal = self
            .create(&fixture, "/deals", self.deal_body(&fixture, 0))
            .await?;
        if is_about_applications(function) {
            fixture.application = self
                .create(
                    &fixture,
                    "/applications",
                    json!({"name": "Bench sync", "scopes": ["read:deals"]}),
                )
                .await?;
            let path = format!("/applications/{}/keys", fixture.application);
            let key = self
                .call(&fixture, ApiCall::new(Method::POST, path).body(json!({})))
                .await?;
            fixture.key = key["key"]
                .as_str()
                .ok_or("a key without its secret")?
                .to_owned();
        }
        if is_about_webhooks(function) {
            fixture.webhook = self.create(&fixture, "/webhooks", webhook_body()).await?;
            let path = format!("/webhooks/{}/test", fixture.webhook);
            let delivery = self
                .call(&fixture, ApiCall::new(Method::POST, path))
                .await?;
            fixture.delivery = id_of(&delivery)?;
        }
        if function == Function::ListDeals {
            for n in 1..LISTED_DEALS {
                self.create(&fixture, "/deals", self.deal_body(&fixture, n))
                    .await?;
            }
        }
        Ok(fixture)
    }

    /// The request of invocation `n` of `function` (0 is the cold one). Seeds what it destroys,
    /// so that every invocation succeeds.
    pub async fn api_call(
        &self,
        function: Function,
        fixture: &Fixture,
        n: usize,
    ) -> Result<ApiCall, String> {
        use Function::*;
        let f = fixture;
        let call = match function {
            ListDeals => ApiCall::new(Method::GET, "/deals").query("limit=20"),
            GetDeal => ApiCall::new(Method::GET, format!("/deals/{}", f.deal)),
            ListDealHistory => ApiCall::new(Method::GET, format!("/deals/{}/history", f.deal)),
            ListDealChanges => ApiCall::new(Method::GET, format!("/deals/{}/changes", f.deal)),
            GetDealSummary => ApiCall::new(Method::GET, "/deals/summary"),
            GetDealForecast => ApiCall::new(Method::GET, "/deals/forecast"),
            ListWebhooks => ApiCall::new(Method::GET, "/webhooks"),
            CreateWebhook => {
                // A tenant holds at most 20 webhooks: the seeded one and this one.
                let made = self.call(f, ApiCall::new(Method::GET, "/webhooks")).await?;
                for webhook in made.as_array().into_iter().flatten() {
                    let id = id_of(webhook)?;
                    if id != f.webhook {
                        let gone = ApiCall::new(Method::DELETE, format!("/webhooks/{id}"));
                        self.call(f, gone).await?;
                    }
                }
                ApiCall::new(Method::POST, "/webhooks").body(webhook_body())
            }
            GetWebhook => ApiCall::new(Method::GET, format!("/webhooks/{}", f.webhook)),
            UpdateWebhook => ApiCall::new(Method::PATCH, format!("/webhooks/{}", f.webhook))
                .body(json!({"description": format!("Bench {n}")})),
            DeleteWebhook => {
                let webhook = self.create(f, "/webhooks", webhook_body()).await?;
                ApiCall::new(Method::DELETE, format!("/webhooks/{webhook}"))
            }
            ListWebhookDeliveries => {
                ApiCall::new(Method::GET, format!("/webhooks/{}/deliveries", f.webhook))
            }
            RetryWebhookDelivery => ApiCall::new(
                Method::POST,
                format!("/webhooks/{}/deliveries/{}/retry", f.webhook, f.delivery),
            ),
            TestWebhook => ApiCall::new(Method::POST, format!("/webhooks/{}/test", f.webhook)),
            ListEvents => ApiCall::new(Method::GET, "/events").query("limit=20"),
            CreateDeal => ApiCall::new(Method::POST, "/deals").body(self.deal_body(f, n + 1)),
            UpdateDeal => ApiCall::new(Method::PATCH, format!("/deals/{}", f.deal))
                .body(json!({"value": 30000 + n, "probability": 60})),
            UpdateDealStage => {
                let stage = ["proposal", "negotiation"][n % 2];
                ApiCall::new(Method::PATCH, format!("/deals/{}/stage", f.deal))
                    .body(json!({"stage": stage}))
            }
            DeleteDeal => {
                let deal = self.create(f, "/deals", self.deal_body(f, n + 1)).await?;
                ApiCall::new(Method::DELETE, format!("/deals/{deal}"))
            }
            RestoreDeal => {
                let deal = self.create(f, "/deals", self.deal_body(f, n + 1)).await?;
                self.call(f, ApiCall::new(Method::DELETE, format!("/deals/{deal}")))
                    .await?;
                ApiCall::new(Method::POST, format!("/deals/{deal}/restore"))
            }
            MergeDeals => {
                let from = self.create(f, "/deals", self.deal_body(f, n + 1)).await?;
                ApiCall::new(Method::POST, format!("/deals/{}/merge", f.deal))
                    .body(json!({"from": from}))
            }
            BatchCreateDeals => ApiCall::new(Method::POST, "/deals/batch/create")
                .body(json!({"inputs": [self.deal_body(f, n + 1)]})),
            BatchUpdateDeals => ApiCall::new(Method::POST, "/deals/batch/update")
                .body(json!({"inputs": [{"id": f.deal, "value": 30000 + n}]})),
            BatchDeleteDeals => {
                let deal = self.create(f, "/deals", self.deal_body(f, n + 1)).await?;
                ApiCall::new(Method::POST, "/deals/batch/delete").body(json!({"ids": [deal]}))
            }
            BatchReadDeals => {
                ApiCall::new(Method::POST, "/deals/batch/read").body(json!({"ids": [f.deal]}))
            }
            ListPipelines => ApiCall::new(Method::GET, "/pipelines"),
            CreatePipeline => ApiCall::new(Method::POST, "/pipelines")
                .body(json!({"name": format!("Pipeline {n}")})),
            GetPipeline => ApiCall::new(Method::GET, format!("/pipelines/{}", f.pipeline)),
            UpdatePipeline => ApiCall::new(Method::PATCH, format!("/pipelines/{}", f.pipeline))
                .body(json!({"name": format!("Partners {n}")})),
            DeletePipeline => {
                let pipeline = self
                    .create(f, "/pipelines", json!({"name": format!("Doomed {n}")}))
                    .await?;
                ApiCall::new(Method::DELETE, format!("/pipelines/{pipeline}"))
            }
            ListPipelineStages => {
                ApiCall::new(Method::GET, format!("/pipelines/{}/stages", f.pipeline))
            }
            CreateStage => ApiCall::new(Method::POST, format!("/pipelines/{}/stages", f.pipeline))
                .body(json!({"name": format!("Stage {n}"), "color": "#22c55e"})),
            UpdateStage => ApiCall::new(
                Method::PATCH,
                format!("/pipelines/{}/stages/{}", f.pipeline, f.stage),
            )
            .body(json!({"name": format!("Intro {n}")})),
            DeleteStage => {
                let path = format!("/pipelines/{}/stages", f.pipeline);
                let stage = self
                    .create(f, &path, json!({"name": format!("Doomed {n}")}))
                    .await?;
                ApiCall::new(Method::DELETE, format!("{path}/{stage}"))
            }
            ListStages => ApiCall::new(Method::GET, "/stages"),
            ListAccounts => ApiCall::new(Method::GET, "/accounts").query("limit=20"),
            CreateAccount => ApiCall::new(Method::POST, "/accounts")
                .body(json!({"name": format!("Account {n}"), "status": "prospect"})),
            GetAccount => ApiCall::new(Method::GET, format!("/accounts/{}", f.account)),
            UpdateAccount => ApiCall::new(Method::PATCH, format!("/accounts/{}", f.account))
                .body(json!({"name": format!("Acme {n}")})),
            DeleteAccount => {
                let account = self
                    .create(f, "/accounts", json!({"name": format!("Doomed {n}")}))
                    .await?;
                ApiCall::new(Method::DELETE, format!("/accounts/{account}"))
            }
            ListContacts => ApiCall::new(Method::GET, "/contacts").query("limit=20"),
            CreateContact => ApiCall::new(Method::POST, "/contacts")
                .body(json!({"first_name": format!("Jane {n}"), "account_id": f.account})),
            GetContact => ApiCall::new(Method::GET, format!("/contacts/{}", f.contact)),
            UpdateContact => ApiCall::new(Method::PATCH, format!("/contacts/{}", f.contact))
                .body(json!({"last_name": format!("Doe {n}")})),
            DeleteContact => {
                let contact = self
                    .create(f, "/contacts", json!({"first_name": format!("Doomed {n}")}))
                    .await?;
                ApiCall::new(Method::DELETE, format!("/contacts/{contact}"))
            }
            ListUsers => ApiCall::new(Method::GET, "/users").query("limit=20"),
            CreateUser => {
                ApiCall::new(Method::POST, "/users").body(json!({"full_name": format!("User {n}")}))
            }
            GetUser => ApiCall::new(Method::GET, format!("/users/{}", f.user)),
            UpdateUser => ApiCall::new(Method::PATCH, format!("/users/{}", f.user))
                .body(json!({"full_name": format!("Sarah Smith {n}")})),
            DeleteUser => {
                let user = self
                    .create(f, "/users", json!({"full_name": format!("Doomed {n}")}))
                    .await?;
                ApiCall::new(Method::DELETE, format!("/users/{user}"))
            }
            ListApplications => ApiCall::new(Method::GET, "/applications"),
            CreateApplication => ApiCall::new(Method::POST, "/applications")
                .body(json!({"name": format!("Sync {n}"), "scopes": ["read:deals"]})),
            GetApplication => ApiCall::new(Method::GET, format!("/applications/{}", f.application)),
            UpdateApplication => {
                ApiCall::new(Method::PATCH, format!("/applications/{}", f.application))
                    .body(json!({"name": format!("Bench sync {n}")}))
            }
            DeleteApplication => {
                let application = self
                    .create(
                        f,
                        "/applications",
                        json!({"name": format!("Doomed {n}"), "scopes": ["read:deals"]}),
                    )
                    .await?;
                ApiCall::new(Method::DELETE, format!("/applications/{application}"))
            }
            ListApplicationKeys => {
                ApiCall::new(Method::GET, format!("/applications/{}/keys", f.application))
            }
            // A fresh application each time: one holds a limited number of keys.
            CreateApplicationKey => {
                let application = self
                    .create(
                        f,
                        "/applications",
                        json!({"name": format!("Keyed {n}"), "scopes": ["read:deals"]}),
                    )
                    .await?;
                ApiCall::new(Method::POST, format!("/applications/{application}/keys"))
                    .body(json!({"name": format!("key {n}")}))
            }
            DeleteApplicationKey => {
                let path = format!("/applications/{}/keys", f.application);
                let key = self.create(f, &path, json!({})).await?;
                ApiCall::new(Method::DELETE, format!("{path}/{key}"))
            }
            IssueToken => ApiCall::at_root(Method::POST, "/oauth/token").form(format!(
                "grant_type=client_credentials&client_id={}&client_secret={}",
                f.application, f.key
            )),
            GetOpenapi => ApiCall::at_root(Method::GET, "/openapi.json"),
            NotFound => ApiCall::new(Method::GET, format!("/nothing/{n}")),
        };
        Ok(call)
    }

    fn deal_body(&self, f: &Fixture, n: usize) -> Value {
        json!({
            "name": format!("Q1 Bulk Order {n}"),
            "value": 25000 + n,
            "stage": "qualified",
            "expected_close_date": "2026-03-31",
            "owner_id": f.user,
            "account_id": f.account,
            "primary_contact_id": f.contact,
            "contact_ids": [f.contact],
            "tags": ["enterprise"],
        })
    }

    /// POSTs `body` to `path` and returns the new item's id.
    async fn create(&self, f: &Fixture, path: &str, body: Value) -> Result<String, String> {
        id_of(
            &self
                .call(f, ApiCall::new(Method::POST, path).body(body))
                .await?,
        )
    }

    /// Runs `call` in this process through the route table and dispatcher; its `data`, or an
    /// error for anything but a 2xx.
    async fn call(&self, f: &Fixture, call: ApiCall) -> Result<Value, String> {
        let path = call.full_path();
        let (route, path_params) = find_route(&call.method, &path)
            .ok_or_else(|| format!("no route for {} {path}", call.method))?;
        let mut headers = HeaderMap::new();
        let bearer = HeaderValue::from_str(&format!("Bearer {}", f.token))
            .map_err(|error| error.to_string())?;
        headers.insert(http::header::AUTHORIZATION, bearer);
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let request = ApiRequest {
            method: call.method.clone(),
            path: path.clone(),
            path_params,
            query: call.query.clone(),
            headers,
            body: call
                .body
                .as_ref()
                .map(Value::to_string)
                .unwrap_or_default()
                .into_bytes(),
            request_id: ulid::Ulid::new().to_string(),
        };
        let response = dispatch(Arc::clone(&self.ctx), route, request).await;
        let body = String::from_utf8_lossy(&response.body);
        if !response.status.is_success() {
            return Err(format!(
                "seeding {} {path}: {} {body}",
                call.method, response.status
            ));
        }
        let value: Value =
            serde_json::from_str(&body).map_err(|e| format!("seeding {path}: {e}"))?;
        Ok(value["data"].clone())
    }
}

/// A webhook no delivery reaches (this machine has no route out): attempts fail at once.
fn webhook_body() -> Value {
    json!({"url": "https://webhooks.invalid/bench", "events": ["deal.*"]})
}

fn is_about_webhooks(function: Function) -> bool {
    use Function::*;
    matches!(
        function,
        ListWebhooks
            | CreateWebhook
            | GetWebhook
            | UpdateWebhook
            | DeleteWebhook
            | ListWebhookDeliveries
            | RetryWebhookDelivery
            | TestWebhook
    )
}

fn is_about_applications(function: Function) -> bool {
    use Function::*;
    matches!(
        function,
        ListApplications
            | CreateApplication
            | GetApplication
            | UpdateApplication
            | DeleteApplication
            | ListApplicationKeys
            | CreateApplicationKey
            | DeleteApplicationKey
            | IssueToken
    )
}

fn id_of(item: &Value) -> Result<String, String> {
    item["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no id in {item}"))
}

/// The API Gateway HTTP API (payload format 2.0) event of `call` for `function`.
pub fn event(
    function: Function,
    fixture: &Fixture,
    call: &ApiCall,
    request_id: &str,
) -> Result<Vec<u8>, String> {
    let path = call.full_path();
    let (routed, path_params) = route_or_default(&call.method, &path);
    if routed.function != function {
        return Err(format!(
            "{} {path} is {}, not {}",
            call.method,
            routed.function.name(),
            function.name()
        ));
    }
    let route_key = routed.key();
    let (body, content_type) = match (&call.form, &call.body) {
        (Some(form), _) => (Some(form.clone()), "application/x-www-form-urlencoded"),
        (None, body) => (body.as_ref().map(Value::to_string), "application/json"),
    };
    let mut headers = Map::new();
    headers.insert("accept".into(), json!("application/json"));
    if call.form.is_none() {
        headers.insert(
            "authorization".into(),
            json!(format!("Bearer {}", fixture.token)),
        );
    }
    headers.insert(
        "host".into(),
        json!("bench.execute-api.us-east-1.amazonaws.com"),
    );
    headers.insert("user-agent".into(), json!("coldstart-bench"));
    headers.insert("x-forwarded-for".into(), json!("192.0.2.1"));
    headers.insert("x-forwarded-port".into(), json!("443"));
    headers.insert("x-forwarded-proto".into(), json!("https"));
    if let Some(body) = &body {
        headers.insert("content-type".into(), json!(content_type));
        headers.insert("content-length".into(), json!(body.len().to_string()));
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let mut event = json!({
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": call.query,
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "bench",
            "domainName": "bench.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "bench",
            "http": {
                "method": call.method.as_str(),
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.1",
                "userAgent": "coldstart-bench",
            },
            "requestId": request_id,
            "routeKey": route_key,
            "stage": "$default",
            "time": clf_time(now.as_secs()),
            "timeEpoch": now.as_millis() as u64,
        },
        "isBase64Encoded": false,
    });
    if !call.query.is_empty() {
        // The bench's queries are plain `name=value` pairs, nothing to decode.
        let params: HashMap<&str, &str> = call
            .query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .collect();
        event["queryStringParameters"] = json!(params);
    }
    if !path_params.is_empty() {
        event["pathParameters"] = json!(path_params);
    }
    if let Some(body) = body {
        event["body"] = json!(body);
    }
    serde_json::to_vec(&event).map_err(|error| error.to_string())
}

/// `25/Nov/2026:08:00:00 +0000`, the format of `requestContext.time`.
fn clf_time(epoch_seconds: u64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = (epoch_seconds / 86_400) as i64;
    let seconds = epoch_seconds % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{day:02}/{}/{year}:{:02}:{:02}:{:02} +0000",
        MONTHS[(month - 1) as usize],
        seconds / 3_600,
        seconds / 60 % 60,
        seconds % 60
    )
}
