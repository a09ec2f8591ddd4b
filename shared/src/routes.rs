//! The route table: one row per endpoint (method, path, function, required scope, view), the one
//! list that template.yaml, openapi.json, the local server's router and the tests are checked
//! against or derived from. Data only: [`crate::dispatch`] runs a row's handler.

use std::collections::HashMap;

use http::Method;

use crate::auth::scopes::{
    READ_ACCOUNTS, READ_CONTACTS, READ_DEALS, READ_USERS, WRITE_ACCOUNTS, WRITE_CONTACTS,
    WRITE_DEALS, WRITE_PIPELINES, WRITE_USERS,
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
    ListDealHistory,
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
}

impl Function {
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
            ListDealHistory => "list-deal-history",
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
        }
    }
}

/// One endpoint.
#[derive(Debug, Clone)]
pub struct Route {
    pub method: Method,
    /// With `{name}` placeholders, as in template.yaml.
    pub path: &'static str,
    pub function: Function,
    /// What the caller's token must hold; checked once, before the handler runs.
    pub scope: &'static str,
    /// Which shape the answers take: the CRM's, or the documented deals API's.
    pub view: View,
}

const fn row(
    method: Method,
    path: &'static str,
    function: Function,
    scope: &'static str,
    view: View,
) -> Route {
    Route {
        method,
        path,
        function,
        scope,
        view,
    }
}

use Function::*;
use View::{Crm, Documented};

/// Every endpoint of the API.
static ROUTES: [Route; 38] = [
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
    row(
        Method::GET,
        "/api/v1/crm/deals/{id}/history",
        ListDealHistory,
        READ_DEALS,
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
];

/// Every endpoint of the API.
pub fn routes() -> &'static [Route] {
    &ROUTES
}

/// The route for a method and path, with the values of its placeholders.
pub fn find_route(
    method: &Method,
    path: &str,
) -> Option<(&'static Route, HashMap<String, String>)> {
    ROUTES.iter().find_map(|route| {
        if route.method != method {
            return None;
        }
        match_path(route.path, path).map(|params| (route, params))
    })
}

/// The route of an API Gateway route key (`PATCH /api-v1-deals/{id}`), which names the route
/// the gateway matched whatever stage or custom domain path came before it.
pub fn route_of_key(route_key: &str) -> Option<&'static Route> {
    let (method, path) = route_key.split_once(' ')?;
    ROUTES
        .iter()
        .find(|route| route.method.as_str() == method && route.path == path)
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
        assert!(route_of_key("$default").is_none());
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
