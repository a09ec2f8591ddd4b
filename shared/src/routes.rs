//! The route table: one row per endpoint (method, path, function, required scope, view), and a
//! last, `$default` row for every request no endpoint takes; the one list that template.yaml,
//! openapi.json, the local server's router and the tests are checked against or derived from.
//! Data only: [`crate::dispatch`] runs a row's handler.

use std::collections::HashMap;
use std::fmt;

use http::Method;

use crate::auth::scopes::{
    READ_ACCOUNTS, READ_APPLICATIONS, READ_CONTACTS, READ_DEALS, READ_EVENTS, READ_USERS,
    READ_WEBHOOKS, WRITE_ACCOUNTS, WRITE_APPLICATIONS, WRITE_CONTACTS, WRITE_DEALS,
    WRITE_PIPELINES, WRITE_USERS, WRITE_WEBHOOKS,
};
use crate::compat::View;

/// One Lambda function per endpoint; the name is the binary's and the SAM function's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    ListDeals,
    GetDeal,
    CreateDeal,
    UpdateDeal,
    UpdateDealStage,
    DeleteDeal,
    RestoreDeal,
    MergeDeals,
    BatchCreateDeals,
    BatchUpdateDeals,
    BatchDeleteDeals,
    BatchReadDeals,
    ListDealHistory,
    ListDealChanges,
    GetDealSummary,
    GetDealForecast,
    ListEvents,
    ListWebhooks,
    CreateWebhook,
    GetWebhook,
    UpdateWebhook,
    DeleteWebhook,
    ListWebhookDeliveries,
    RetryWebhookDelivery,
    TestWebhook,
    ListPipelines,
    CreatePipeline,
    GetPipeline,
    UpdatePipeline,
    DeletePipeline,
    ListPipelineStages,
    CreateStage,
    UpdateStage,
    DeleteStage,
    ListStages,
    ListAccounts,
    CreateAccount,
    GetAccount,
    UpdateAccount,
    DeleteAccount,
    ListContacts,
    CreateContact,
    GetContact,
    UpdateContact,
    DeleteContact,
    ListUsers,
    CreateUser,
    GetUser,
    UpdateUser,
    DeleteUser,
    ListApplications,
    CreateApplication,
    GetApplication,
    UpdateApplication,
    DeleteApplication,
    ListApplicationKeys,
    CreateApplicationKey,
    DeleteApplicationKey,
    IssueToken,
    GetOpenapi,
    NotFound,
}

impl Function {
    /// Whether its handler reads or writes the table. The others open no DynamoDB connection at
    /// init, so their role holds no DynamoDB permission (`make test-lambda` checks both).
    pub fn uses_store(self) -> bool {
        !matches!(self, Function::GetOpenapi | Function::NotFound)
    }

    /// The binary's name: kebab-case of the variant.
    pub fn name(self) -> &'static str {
        use Function::*;
        match self {
            ListDeals => "list-deals",
            GetDeal => "get-deal",
            CreateDeal => "create-deal",
            UpdateDeal => "update-deal",
            UpdateDealStage => "update-deal-stage",
            DeleteDeal => "delete-deal",
            RestoreDeal => "restore-deal",
            MergeDeals => "merge-deals",
            BatchCreateDeals => "batch-create-deals",
            BatchUpdateDeals => "batch-update-deals",
            BatchDeleteDeals => "batch-delete-deals",
            BatchReadDeals => "batch-read-deals",
            ListDealHistory => "list-deal-history",
            ListDealChanges => "list-deal-changes",
            GetDealSummary => "get-deal-summary",
            GetDealForecast => "get-deal-forecast",
            ListEvents => "list-events",
            ListWebhooks => "list-webhooks",
            CreateWebhook => "create-webhook",
            GetWebhook => "get-webhook",
            UpdateWebhook => "update-webhook",
            DeleteWebhook => "delete-webhook",
            ListWebhookDeliveries => "list-webhook-deliveries",
            RetryWebhookDelivery => "retry-webhook-delivery",
            TestWebhook => "test-webhook",
            ListPipelines => "list-pipelines",
            CreatePipeline => "create-pipeline",
            GetPipeline => "get-pipeline",
            UpdatePipeline => "update-pipeline",
            DeletePipeline => "delete-pipeline",
            ListPipelineStages => "list-pipeline-stages",
            CreateStage => "create-stage",
            UpdateStage => "update-stage",
            DeleteStage => "delete-stage",
            ListStages => "list-stages",
            ListAccounts => "list-accounts",
            CreateAccount => "create-account",
            GetAccount => "get-account",
            UpdateAccount => "update-account",
            DeleteAccount => "delete-account",
            ListContacts => "list-contacts",
            CreateContact => "create-contact",
            GetContact => "get-contact",
            UpdateContact => "update-contact",
            DeleteContact => "delete-contact",
            ListUsers => "list-users",
            CreateUser => "create-user",
            GetUser => "get-user",
            UpdateUser => "update-user",
            DeleteUser => "delete-user",
            ListApplications => "list-applications",
            CreateApplication => "create-application",
            GetApplication => "get-application",
            UpdateApplication => "update-application",
            DeleteApplication => "delete-application",
            ListApplicationKeys => "list-application-keys",
            CreateApplicationKey => "create-application-key",
            DeleteApplicationKey => "delete-application-key",
            IssueToken => "issue-token",
            GetOpenapi => "get-openapi",
            NotFound => "not-found",
        }
    }
}

/// The methods a row answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteMethod {
    Only(Method),
    /// Every method (API Gateway's `ANY`): the `$default` row's.
    Any,
}

impl RouteMethod {
    /// As template.yaml writes it: `GET`, …, `ANY`.
    pub fn as_str(&self) -> &str {
        match self {
            RouteMethod::Only(method) => method.as_str(),
            RouteMethod::Any => "ANY",
        }
    }
}

impl fmt::Display for RouteMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The path of API Gateway's `$default` route, which takes every request no other route matches.
pub const DEFAULT_ROUTE: &str = "$default";

/// One endpoint.
#[derive(Debug, Clone)]
pub struct Route {
    pub method: RouteMethod,
    /// With `{name}` placeholders, as in template.yaml; [`DEFAULT_ROUTE`] on the `$default` row.
    pub path: &'static str,
    pub function: Function,
    /// What the caller's token must hold, checked once before the handler runs; `None`: the
    /// route answers without a token.
    pub scope: Option<&'static str>,
    /// Which shape the answers take: the CRM's, or the documented deals API's.
    pub view: View,
}

impl Route {
    /// API Gateway's route key: `PATCH /api-v1-deals/{id}`, or `$default`.
    pub fn key(&self) -> String {
        match &self.method {
            RouteMethod::Only(method) => format!("{method} {}", self.path),
            RouteMethod::Any => self.path.to_owned(),
        }
    }

    /// The view a request through this row answers in: the row's, except on the `$default` row,
    /// which takes requests for every path and answers each in the view its path belongs to.
    pub fn view_of(&self, path: &str) -> View {
        match self.method {
            RouteMethod::Only(_) => self.view,
            RouteMethod::Any => View::of_path(path),
        }
    }
}

const fn row(
    method: Method,
    path: &'static str,
    function: Function,
    scope: &'static str,
    view: View,
) -> Route {
    Route {
        method: RouteMethod::Only(method),
        path,
        function,
        scope: Some(scope),
        view,
    }
}

use Function::*;
use View::{Crm, Documented};

/// Every endpoint of the API, then the `$default` row ([`default_route`] takes the last).
static ROUTES: [Route; 67] = [
    row(Method::GET, "/api/v1/crm/deals", ListDeals, READ_DEALS, Crm),
    row(
        Method::POST,
        "/api/v1/crm/deals",
        CreateDeal,
        WRITE_DEALS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/deals/{id}",
        GetDeal,
        READ_DEALS,
        Crm,
    ),
    row(
        Method::PATCH,
        "/api/v1/crm/deals/{id}",
        UpdateDeal,
        WRITE_DEALS,
        Crm,
    ),
    row(
        Method::DELETE,
        "/api/v1/crm/deals/{id}",
        DeleteDeal,
        WRITE_DEALS,
        Crm,
    ),
    row(
        Method::PATCH,
        "/api/v1/crm/deals/{id}/stage",
        UpdateDealStage,
        WRITE_DEALS,
        Crm,
    ),
    // Up to 100 deals per request, each answered as its single request would be.
    row(
        Method::POST,
        "/api/v1/crm/deals/batch/create",
        BatchCreateDeals,
        WRITE_DEALS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/deals/batch/update",
        BatchUpdateDeals,
        WRITE_DEALS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/deals/batch/delete",
        BatchDeleteDeals,
        WRITE_DEALS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/deals/batch/read",
        BatchReadDeals,
        READ_DEALS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/deals/{id}/restore",
        RestoreDeal,
        WRITE_DEALS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/deals/{id}/merge",
        MergeDeals,
        WRITE_DEALS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/deals/{id}/history",
        ListDealHistory,
        READ_DEALS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/deals/{id}/changes",
        ListDealChanges,
        READ_DEALS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/deals/summary",
        GetDealSummary,
        READ_DEALS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/deals/forecast",
        GetDealForecast,
        READ_DEALS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/events",
        ListEvents,
        READ_EVENTS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/webhooks",
        ListWebhooks,
        READ_WEBHOOKS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/webhooks",
        CreateWebhook,
        WRITE_WEBHOOKS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/webhooks/{id}",
        GetWebhook,
        READ_WEBHOOKS,
        Crm,
    ),
    row(
        Method::PATCH,
        "/api/v1/crm/webhooks/{id}",
        UpdateWebhook,
        WRITE_WEBHOOKS,
        Crm,
    ),
    row(
        Method::DELETE,
        "/api/v1/crm/webhooks/{id}",
        DeleteWebhook,
        WRITE_WEBHOOKS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/webhooks/{id}/deliveries",
        ListWebhookDeliveries,
        READ_WEBHOOKS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/webhooks/{id}/deliveries/{delivery_id}/retry",
        RetryWebhookDelivery,
        WRITE_WEBHOOKS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/webhooks/{id}/test",
        TestWebhook,
        WRITE_WEBHOOKS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/pipelines",
        ListPipelines,
        READ_DEALS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/pipelines",
        CreatePipeline,
        WRITE_PIPELINES,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/pipelines/{id}",
        GetPipeline,
        READ_DEALS,
        Crm,
    ),
    row(
        Method::PATCH,
        "/api/v1/crm/pipelines/{id}",
        UpdatePipeline,
        WRITE_PIPELINES,
        Crm,
    ),
    row(
        Method::DELETE,
        "/api/v1/crm/pipelines/{id}",
        DeletePipeline,
        WRITE_PIPELINES,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/pipelines/{id}/stages",
        ListPipelineStages,
        READ_DEALS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/pipelines/{id}/stages",
        CreateStage,
        WRITE_PIPELINES,
        Crm,
    ),
    row(
        Method::PATCH,
        "/api/v1/crm/pipelines/{id}/stages/{stage_id}",
        UpdateStage,
        WRITE_PIPELINES,
        Crm,
    ),
    row(
        Method::DELETE,
        "/api/v1/crm/pipelines/{id}/stages/{stage_id}",
        DeleteStage,
        WRITE_PIPELINES,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/stages",
        ListStages,
        READ_DEALS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/accounts",
        ListAccounts,
        READ_ACCOUNTS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/accounts",
        CreateAccount,
        WRITE_ACCOUNTS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/accounts/{id}",
        GetAccount,
        READ_ACCOUNTS,
        Crm,
    ),
    row(
        Method::PATCH,
        "/api/v1/crm/accounts/{id}",
        UpdateAccount,
        WRITE_ACCOUNTS,
        Crm,
    ),
    row(
        Method::DELETE,
        "/api/v1/crm/accounts/{id}",
        DeleteAccount,
        WRITE_ACCOUNTS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/contacts",
        ListContacts,
        READ_CONTACTS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/contacts",
        CreateContact,
        WRITE_CONTACTS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/contacts/{id}",
        GetContact,
        READ_CONTACTS,
        Crm,
    ),
    row(
        Method::PATCH,
        "/api/v1/crm/contacts/{id}",
        UpdateContact,
        WRITE_CONTACTS,
        Crm,
    ),
    row(
        Method::DELETE,
        "/api/v1/crm/contacts/{id}",
        DeleteContact,
        WRITE_CONTACTS,
        Crm,
    ),
    row(Method::GET, "/api/v1/crm/users", ListUsers, READ_USERS, Crm),
    row(
        Method::POST,
        "/api/v1/crm/users",
        CreateUser,
        WRITE_USERS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/users/{id}",
        GetUser,
        READ_USERS,
        Crm,
    ),
    row(
        Method::PATCH,
        "/api/v1/crm/users/{id}",
        UpdateUser,
        WRITE_USERS,
        Crm,
    ),
    row(
        Method::DELETE,
        "/api/v1/crm/users/{id}",
        DeleteUser,
        WRITE_USERS,
        Crm,
    ),
    // Integrations and their API keys: a person's token only (scopes::PERSON_ONLY).
    row(
        Method::GET,
        "/api/v1/crm/applications",
        ListApplications,
        READ_APPLICATIONS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/applications",
        CreateApplication,
        WRITE_APPLICATIONS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/applications/{id}",
        GetApplication,
        READ_APPLICATIONS,
        Crm,
    ),
    row(
        Method::PATCH,
        "/api/v1/crm/applications/{id}",
        UpdateApplication,
        WRITE_APPLICATIONS,
        Crm,
    ),
    row(
        Method::DELETE,
        "/api/v1/crm/applications/{id}",
        DeleteApplication,
        WRITE_APPLICATIONS,
        Crm,
    ),
    row(
        Method::GET,
        "/api/v1/crm/applications/{id}/keys",
        ListApplicationKeys,
        READ_APPLICATIONS,
        Crm,
    ),
    row(
        Method::POST,
        "/api/v1/crm/applications/{id}/keys",
        CreateApplicationKey,
        WRITE_APPLICATIONS,
        Crm,
    ),
    row(
        Method::DELETE,
        "/api/v1/crm/applications/{id}/keys/{key_id}",
        DeleteApplicationKey,
        WRITE_APPLICATIONS,
        Crm,
    ),
    // The documented deals API (deals-api.txt): the same functions, a second view.
    row(
        Method::GET,
        "/api-v1-deals",
        ListDeals,
        READ_DEALS,
        Documented,
    ),
    row(
        Method::POST,
        "/api-v1-deals",
        CreateDeal,
        WRITE_DEALS,
        Documented,
    ),
    row(
        Method::GET,
        "/api-v1-deals/{id}",
        GetDeal,
        READ_DEALS,
        Documented,
    ),
    row(
        Method::PATCH,
        "/api-v1-deals/{id}",
        UpdateDeal,
        WRITE_DEALS,
        Documented,
    ),
    row(
        Method::DELETE,
        "/api-v1-deals/{id}",
        DeleteDeal,
        WRITE_DEALS,
        Documented,
    ),
    row(
        Method::PATCH,
        "/api-v1-deals/{id}/stage",
        UpdateDealStage,
        WRITE_DEALS,
        Documented,
    ),
    // OAuth 2 client credentials (RFC 6749 §4.4): the client authenticates with its API key.
    Route {
        method: RouteMethod::Only(Method::POST),
        path: "/oauth/token",
        function: IssueToken,
        scope: None,
        view: Crm,
    },
    // What the API answers about itself, without a token.
    Route {
        method: RouteMethod::Only(Method::GET),
        path: "/openapi.json",
        function: GetOpenapi,
        scope: None,
        view: Crm,
    },
    Route {
        method: RouteMethod::Any,
        path: DEFAULT_ROUTE,
        function: NotFound,
        scope: None,
        view: Crm,
    },
];

/// Every endpoint of the API, and the `$default` row.
pub fn routes() -> &'static [Route] {
    &ROUTES
}

/// The endpoint for a method and path, with the values of its placeholders; `None` when no
/// endpoint matches (the `$default` row is never matched by path). Of the rows whose path
/// matches, the most specific wins, as in API Gateway: literal segments before `{parameters}`,
/// from the left (`/deals/batch/read` before `/deals/{id}/…`).
pub fn find_route(
    method: &Method,
    path: &str,
) -> Option<(&'static Route, HashMap<String, String>)> {
    // As API Gateway does: a literal segment wins over a parameter (`/deals/summary` over
    // `/deals/{id}`); the table's order decides only between equally specific rows.
    ROUTES
        .iter()
        .filter_map(|route| match &route.method {
            RouteMethod::Only(only) if only == method => {
                match_path(route.path, path).map(|params| (route, params))
            }
            _ => None,
        })
        .min_by_key(|(route, _)| std::cmp::Reverse(literal_segments(route.path)))
}

/// Which segments of a route's path are literal, from the left: the more specific route
/// compares greater.
fn literal_segments(pattern: &str) -> Vec<bool> {
    pattern
        .split('/')
        .map(|segment| !segment.starts_with('{'))
        .collect()
}

/// The row API Gateway sends a request to: its endpoint, else the `$default` row.
pub fn route_or_default(method: &Method, path: &str) -> (&'static Route, HashMap<String, String>) {
    find_route(method, path).unwrap_or_else(|| (default_route(), HashMap::new()))
}

/// The `$default` row, the table's last.
pub fn default_route() -> &'static Route {
    let [.., last] = &ROUTES;
    last
}

/// The route of an API Gateway route key (`PATCH /api-v1-deals/{id}`, `$default`), which names
/// the route the gateway matched whatever stage or custom domain path came before it.
pub fn route_of_key(route_key: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|route| match &route.method {
        RouteMethod::Only(method) => {
            route_key.split_once(' ') == Some((method.as_str(), route.path))
        }
        RouteMethod::Any => route_key == route.path,
    })
}

fn match_path(pattern: &str, path: &str) -> Option<HashMap<String, String>> {
    let mut params = HashMap::new();
    let mut given = path.trim_end_matches('/').split('/');
    for expected in pattern.split('/') {
        let segment = given.next()?;
        match expected.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) if !segment.is_empty() => {
                params.insert(name.to_owned(), segment.to_owned());
            }
            Some(_) => return None,
            None if expected == segment => {}
            None => return None,
        }
    }
    given.next().is_none().then_some(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_with_their_parameters() {
        let (route, params) =
            find_route(&Method::PATCH, "/api/v1/crm/deals/deal_1/stage").expect("route");
        assert_eq!(route.function, UpdateDealStage);
        assert_eq!(params.get("id").map(String::as_str), Some("deal_1"));
        assert_eq!(
            find_route(&Method::GET, "/api/v1/crm/deals/").map(|r| r.0.function),
            Some(ListDeals)
        );
        assert!(find_route(&Method::PUT, "/api/v1/crm/deals").is_none());
        assert!(find_route(&Method::GET, "/api/v1/crm/deals//stage").is_none());
        assert!(find_route(&Method::GET, "/api/v1/crm/deals/a/b").is_none());
        for (path, function) in [
            ("/api/v1/crm/deals/deal_1/restore", RestoreDeal),
            ("/api/v1/crm/deals/deal_1/merge", MergeDeals),
        ] {
            let (route, params) = find_route(&Method::POST, path).expect("route");
            assert_eq!(route.function, function, "{path}");
            assert_eq!(params.get("id").map(String::as_str), Some("deal_1"));
            assert!(find_route(&Method::GET, path).is_none(), "{path}");
        }
        assert!(find_route(&Method::POST, "/api/v1/crm/deals/restore").is_none());
        assert_eq!(
            find_route(&Method::GET, "/api/v1/crm/deals/restore").map(|r| r.0.function),
            Some(GetDeal),
            "a deal id that cannot be one is the handler's 404"
        );
    }

    #[test]
    fn a_literal_segment_wins_over_a_parameter() {
        for (path, function) in [
            ("/api/v1/crm/deals/batch/create", BatchCreateDeals),
            ("/api/v1/crm/deals/batch/update", BatchUpdateDeals),
            ("/api/v1/crm/deals/batch/delete", BatchDeleteDeals),
            ("/api/v1/crm/deals/batch/read", BatchReadDeals),
        ] {
            let (route, params) = find_route(&Method::POST, path).expect("a route");
            assert_eq!(route.function, function, "{path}");
            assert!(params.is_empty(), "{path}: {params:?}");
        }
        // `batch` is no deal id to the rows that take one.
        let (route, params) = find_route(&Method::GET, "/api/v1/crm/deals/batch").expect("a route");
        assert_eq!(route.function, GetDeal);
        assert_eq!(params.get("id").map(String::as_str), Some("batch"));
        assert!(find_route(&Method::GET, "/api/v1/crm/deals/batch/read").is_none());
        let (route, params) =
            find_route(&Method::POST, "/api/v1/crm/deals/batch/merge").expect("a route");
        assert_eq!(
            route.function, MergeDeals,
            "`batch` is the handler's 404 there"
        );
        assert_eq!(params.get("id").map(String::as_str), Some("batch"));
        let get = |path: &str| find_route(&Method::GET, path).map(|(route, _)| route.function);
        assert_eq!(get("/api/v1/crm/deals/summary"), Some(GetDealSummary));
        assert_eq!(get("/api/v1/crm/deals/forecast"), Some(GetDealForecast));
        // Whatever the rows' order in the table.
        assert!(literal_segments("/a/batch/read") > literal_segments("/a/{id}/read"));
        assert!(literal_segments("/a/batch/{x}") > literal_segments("/a/{id}/read"));
    }

    #[test]
    fn route_keys_name_their_row_and_its_view() {
        let documented = route_of_key("PATCH /api-v1-deals/{id}").expect("a row");
        assert_eq!(
            (documented.function, documented.view),
            (UpdateDeal, Documented)
        );
        let crm = route_of_key("PATCH /api/v1/crm/deals/{id}").expect("a row");
        assert_eq!((crm.function, crm.view), (UpdateDeal, Crm));
        assert!(route_of_key("PATCH /api/v1/crm/deals/deal_1").is_none());
        let default = route_of_key("$default").expect("the $default row");
        assert_eq!(default.function, NotFound);
        assert!(route_of_key("ANY $default").is_none());
    }

    #[test]
    fn requests_no_endpoint_takes_go_to_the_default_row() {
        let default = default_route();
        assert_eq!(
            (&default.method, default.function),
            (&RouteMethod::Any, NotFound)
        );
        assert_eq!(default.key(), "$default");
        for (method, path) in [
            (Method::GET, "/nothing"),
            (Method::PUT, "/api/v1/crm/deals"),
            (Method::GET, "$default"),
            (Method::OPTIONS, "/openapi.json"),
        ] {
            assert!(find_route(&method, path).is_none(), "{method} {path}");
            let (route, params) = route_or_default(&method, path);
            assert_eq!(route.function, NotFound, "{method} {path}");
            assert!(params.is_empty());
        }
        let (route, _) = route_or_default(&Method::GET, "/openapi.json");
        assert_eq!(route.function, GetOpenapi);
        // It answers in the envelope of the view the path would belong to.
        assert_eq!(default.view_of("/api-v1-deals/x/y"), Documented);
        assert_eq!(default.view_of("/api/v1/crm/x"), Crm);
        let documented = route_of_key("GET /api-v1-deals/{id}").expect("a row");
        assert_eq!(documented.view_of("/prod/api-v1-deals/x"), Documented);
    }

    #[test]
    fn only_the_token_endpoint_and_what_the_api_says_about_itself_need_no_token() {
        let public: Vec<Function> = ROUTES
            .iter()
            .filter(|route| route.scope.is_none())
            .map(|route| route.function)
            .collect();
        // The token endpoint authenticates its client itself (client credentials).
        assert_eq!(public, [IssueToken, GetOpenapi, NotFound]);
        let any: Vec<&Route> = ROUTES
            .iter()
            .filter(|route| route.method == RouteMethod::Any)
            .collect();
        assert_eq!(any.len(), 1, "one $default row");
    }

    #[test]
    fn every_row_is_its_own_endpoint() {
        for (index, route) in ROUTES.iter().enumerate() {
            let same = ROUTES
                .iter()
                .skip(index + 1)
                .any(|other| other.method == route.method && other.path == route.path);
            assert!(!same, "{} {} is declared twice", route.method, route.path);
        }
    }
}
