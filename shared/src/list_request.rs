//! The query parameters of `GET /deals`, as pure data: filters and sort in the language of
//! [`crate::query`], `include`, the page size (`limit` or `per_page`), offset pages (`page`) or
//! a signed `cursor`, the recycle bin (`deleted=true`), and what such a cursor is bound to.
//!
//! The recycle bin lists the soft-deleted deals still restorable, newest first by creation (its
//! tombstones are keyed by deal id, as the live deals are; an order by deletion time would need
//! an index of its own). Every filter, `include`, `limit`/`cursor` and `page`/`per_page` work
//! there as on the live list (filters are checked on each tombstone read; `total` is counted);
//! `sort` takes `created_at` or `-created_at` only, anything else is 400 naming `sort`.

use crate::auth::Caller;
use crate::compat::View;
use crate::cursor::CursorScope;
use crate::error::{ApiError, FieldError};
use crate::http::ApiRequest;
use crate::include::Include;
use crate::query::{DealQuery, Filter, Rotting, Sort, SortField};

pub const DEFAULT_PAGE_SIZE: usize = 50;
pub const MAX_PAGE_SIZE: usize = 100;
/// Offset pagination reads and discards the deals before the page; this is as deep as it goes.
pub const MAX_OFFSET: usize = 5000;

pub fn parse_limit(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(limit) if (1..=MAX_PAGE_SIZE).contains(&limit) => Ok(limit),
        _ => Err(format!("Must be an integer from 1 to {MAX_PAGE_SIZE}")),
    }
}

/// Whether a parameter of `GET /deals` is a list (`include`, the `in` filters): given as
/// `include=a,b` or as `include=a&include=b`, or both at once. Any other parameter may be given
/// once.
pub fn takes_list(parameter: &str) -> bool {
    parameter == "include" || Filter::takes_list(parameter)
}

/// The parameters of `GET /deals`.
#[derive(Debug)]
pub struct ListRequest {
    pub query: DealQuery,
    pub includes: Vec<Include>,
    pub size: usize,
    pub page: u64,
    pub cursor: Option<String>,
    /// `deleted=true`: the recycle bin.
    pub deleted: bool,
}

impl ListRequest {
    pub fn parse(request: &ApiRequest, app_id: Option<String>) -> Result<Self, ApiError> {
        let mut errors = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let mut list = ListRequest {
            query: DealQuery {
                app_id,
                ..DealQuery::default()
            },
            includes: Vec::new(),
            size: DEFAULT_PAGE_SIZE,
            page: 1,
            cursor: None,
            deleted: false,
        };
        let (mut limit, mut per_page, mut page) = (None, None, None);
        for (name, value) in request.query_pairs_joining(takes_list) {
            if seen.contains(&name) {
                errors.push(FieldError::new(name, "Parameter given more than once"));
                continue;
            }
            seen.push(name.clone());
            let result = match name.as_str() {
                "limit" => parse_limit(&value).map(|n| limit = Some(n)),
                "per_page" => parse_limit(&value).map(|n| per_page = Some(n)),
                "page" => match value.parse::<u64>() {
                    Ok(n) if n >= 1 => {
                        page = Some(n);
                        Ok(())
                    }
                    _ => Err("Must be an integer from 1".to_owned()),
                },
                "cursor" => {
                    list.cursor = Some(value.clone());
                    Ok(())
                }
                "include" => Include::parse_list(&value).map(|includes| list.includes = includes),
                "deleted" => match value.as_str() {
                    "true" | "false" => {
                        list.deleted = value == "true";
                        Ok(())
                    }
                    _ => Err("Must be true or false".to_owned()),
                },
                "sort" => Sort::parse(&value).map(|sort| list.query.sort = sort),
                "rotten" => match value.as_str() {
                    "true" | "false" => {
                        list.query.rotten = Some(Rotting {
                            wanted: value == "true",
                            ..Rotting::default()
                        });
                        Ok(())
                    }
                    _ => Err("Must be true or false".to_owned()),
                },
                _ => match Filter::parse(&name, &value) {
                    Ok(filter) => {
                        list.query.filters.push(filter);
                        Ok(())
                    }
                    Err(error) => Err(error.message),
                },
            };
            if let Err(message) = result {
                errors.push(FieldError::new(name, message));
            }
        }
        if list.deleted && list.query.sort.field != SortField::CreatedAt {
            errors.push(FieldError::new(
                "sort",
                "The recycle bin is sorted by created_at only",
            ));
        }
        match (limit, per_page) {
            (Some(a), Some(b)) if a != b => {
                errors.push(FieldError::new("per_page", "limit and per_page disagree"))
            }
            _ => list.size = limit.or(per_page).unwrap_or(DEFAULT_PAGE_SIZE),
        }
        if let Some(page) = page {
            if list.cursor.is_some() {
                errors.push(FieldError::new("page", "Use either page or cursor"));
            }
            list.page = page;
            if list.offset() > MAX_OFFSET {
                errors.push(FieldError::new(
                    "page",
                    format!(
                        "Offset pagination reaches {MAX_OFFSET} deals deep; use the cursor beyond"
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        Ok(list)
    }

    /// What a cursor of this list is bound to: the caller, the view, the page size and the
    /// parsed query (so `include`, parameter order and spelling do not matter).
    pub fn cursor_scope<'a>(&'a self, caller: &'a Caller, view: View) -> CursorScope<'a> {
        CursorScope {
            tenant: &caller.tenant_id,
            app: caller.app_id.as_deref(),
            view,
            deleted: self.deleted,
            page_size: self.size,
            query: &self.query,
        }
    }

    pub fn offset(&self) -> usize {
        usize::try_from(self.page.saturating_sub(1))
            .unwrap_or(usize::MAX)
            .saturating_mul(self.size)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn request(query: &str) -> ApiRequest {
        ApiRequest {
            method: http::Method::GET,
            path: "/api/v1/crm/deals".into(),
            path_params: HashMap::new(),
            query: query.into(),
            headers: http::HeaderMap::new(),
            body: Vec::new(),
            request_id: "req-1".into(),
        }
    }

    fn parse(query: &str) -> Result<ListRequest, ApiError> {
        ListRequest::parse(&request(query), None)
    }

    /// The `(field, message)` of each problem, in order.
    fn problems(query: &str) -> Vec<(String, String)> {
        match parse(query) {
            Ok(list) => panic!("{query}: accepted as {list:?}"),
            Err(error) => {
                assert_eq!(error.code(), "VALIDATION_ERROR", "{query}");
                error
                    .details()
                    .iter()
                    .map(|detail| (detail.field.clone(), detail.message.clone()))
                    .collect()
            }
        }
    }

    fn problem(field: &str, message: &str) -> (String, String) {
        (field.to_owned(), message.to_owned())
    }

    #[test]
    fn nothing_asked_is_the_first_page_of_the_default_size_newest_first() {
        let list = parse("").expect("no parameters");
        assert_eq!(list.size, DEFAULT_PAGE_SIZE);
        assert_eq!((list.page, list.offset()), (1, 0));
        assert_eq!(list.cursor, None);
        assert!(list.includes.is_empty());
        assert_eq!(list.query, DealQuery::default());
    }

    #[test]
    fn parameters_become_the_query_includes_and_page() {
        let list = parse("stage=won&sort=value&include=account,stage&limit=20&page=3")
            .expect("valid parameters");
        assert_eq!(list.query.equality("stage"), Some("won"));
        assert_eq!(list.query.sort.field, SortField::Value);
        assert!(!list.query.sort.descending);
        assert_eq!(list.includes, vec![Include::Account, Include::Stage]);
        assert_eq!((list.size, list.page, list.offset()), (20, 3, 40));
    }

    #[test]
    fn the_callers_application_limits_the_query() {
        let list = ListRequest::parse(&request("stage=won"), Some("app-1".into())).expect("a list");
        assert_eq!(list.query.app_id.as_deref(), Some("app-1"));
    }

    #[test]
    fn a_parameter_given_twice_is_named_once_per_repeat() {
        assert_eq!(
            problems("stage=won&limit=5&stage=lost&limit=5&stage=lead"),
            vec![
                problem("stage", "Parameter given more than once"),
                problem("limit", "Parameter given more than once"),
                problem("stage", "Parameter given more than once"),
            ]
        );
    }

    #[test]
    fn lists_may_be_repeated_or_comma_separated_and_mean_the_same() {
        let joined = parse("include=account,owner&stage[in]=won,lost").expect("one of each");
        let repeated = parse("include=account&stage[in]=won&include=owner&stage[in]=lost")
            .expect("repeated lists");
        assert_eq!(repeated.includes, vec![Include::Account, Include::Owner]);
        assert_eq!(repeated.includes, joined.includes);
        assert_eq!(repeated.query, joined.query);
        let mixed = parse("include=account&include=owner,stage").expect("both forms");
        assert_eq!(
            mixed.includes,
            vec![Include::Account, Include::Owner, Include::Stage]
        );
        assert_eq!(
            problems("include=account&include=everything"),
            vec![problem(
                "include",
                "Unknown include everything: expected some of account, primary_contact, contacts, stage, pipeline, owner"
            )]
        );
    }

    #[test]
    fn a_scalar_parameter_given_twice_is_still_refused() {
        for query in [
            "sort=value&sort=value",
            "stage=won&stage=won",
            "value[gte]=1&value[gte]=2",
            "tags=a&tags=b",
            "cursor=a&cursor=a",
            "deleted=true&deleted=true",
        ] {
            let name = query.split('=').next().unwrap_or_default();
            assert_eq!(
                problems(query),
                vec![problem(name, "Parameter given more than once")],
                "{query}"
            );
        }
    }

    #[test]
    fn limit_and_per_page_must_agree() {
        assert_eq!(
            problems("limit=10&per_page=20"),
            vec![problem("per_page", "limit and per_page disagree")]
        );
        assert_eq!(parse("limit=10&per_page=10").map(|l| l.size).ok(), Some(10));
        assert_eq!(parse("per_page=7").map(|l| l.size).ok(), Some(7));
        assert_eq!(parse("limit=7").map(|l| l.size).ok(), Some(7));
    }

    #[test]
    fn page_sizes_run_from_one_to_the_maximum() {
        let message = format!("Must be an integer from 1 to {MAX_PAGE_SIZE}");
        for bad in ["0", "101", "-1", "ten", ""] {
            assert_eq!(
                problems(&format!("limit={bad}")),
                vec![problem("limit", &message)],
                "{bad}"
            );
        }
        assert_eq!(parse("per_page=100").map(|l| l.size).ok(), Some(100));
    }

    #[test]
    fn pages_count_from_one() {
        for bad in ["0", "-2", "x"] {
            assert_eq!(
                problems(&format!("page={bad}")),
                vec![problem("page", "Must be an integer from 1")],
                "{bad}"
            );
        }
    }

    #[test]
    fn a_page_and_a_cursor_exclude_each_other() {
        assert_eq!(
            problems("cursor=abc&page=2"),
            vec![problem("page", "Use either page or cursor")]
        );
        let list = parse("cursor=abc&limit=10").expect("a cursor alone");
        assert_eq!(list.cursor.as_deref(), Some("abc"));
    }

    #[test]
    fn offset_pages_reach_five_thousand_deals_deep_and_no_further() {
        let too_deep = problem(
            "page",
            "Offset pagination reaches 5000 deals deep; use the cursor beyond",
        );
        let at_the_edge = parse("limit=100&page=51").expect("offset 5000");
        assert_eq!(at_the_edge.offset(), MAX_OFFSET);
        assert_eq!(problems("limit=100&page=52"), vec![too_deep.clone()]);
        assert_eq!(parse("page=101").map(|l| l.offset()).ok(), Some(5000));
        assert_eq!(problems("page=102"), vec![too_deep.clone()]);
        assert_eq!(
            problems(&format!("page={}", u64::MAX)),
            vec![too_deep],
            "saturates rather than overflows"
        );
    }

    #[test]
    fn unknown_parameters_are_named_each_of_them() {
        assert_eq!(
            problems("colour=red&stage=won&size[gt]=3"),
            vec![
                problem("colour", "Unknown query parameter"),
                problem("size[gt]", "Unknown query parameter"),
            ]
        );
        let named: Vec<String> = problems("sort=colour&include=everything&stage[about]=x")
            .into_iter()
            .map(|(field, _)| field)
            .collect();
        assert_eq!(named, ["sort", "include", "stage[about]"]);
    }

    #[test]
    fn the_recycle_bin_takes_filters_and_sorts_by_creation_only() {
        let bin = parse("deleted=true&stage=won&sort=created_at&limit=5").expect("the bin");
        assert!(bin.deleted);
        assert_eq!(bin.query.equality("stage"), Some("won"));
        assert!(parse("deleted=true&sort=-created_at").is_ok_and(|list| list.deleted));
        assert!(parse("deleted=false").is_ok_and(|list| !list.deleted));
        assert_eq!(
            problems("deleted=true&sort=value"),
            vec![problem(
                "sort",
                "The recycle bin is sorted by created_at only"
            )]
        );
        assert_eq!(
            problems("deleted=yes"),
            vec![problem("deleted", "Must be true or false")]
        );
    }

    #[test]
    fn a_cursor_is_bound_to_the_caller_view_page_size_and_query() {
        let list = parse("stage=won&limit=10&include=owner").expect("a list");
        let caller = Caller {
            tenant_id: "tenant-1".into(),
            subject: "user-1".into(),
            scopes: Vec::new(),
            app_id: Some("app-1".into()),
        };
        let scope = list.cursor_scope(&caller, View::Documented);
        assert_eq!((scope.tenant, scope.app), ("tenant-1", Some("app-1")));
        assert_eq!((scope.view, scope.page_size), (View::Documented, 10));
        assert_eq!(scope.query, &list.query);
        let respelled = parse("include=account&limit=10&stage[eq]=won").expect("the same list");
        assert_eq!(
            respelled.cursor_scope(&caller, View::Documented).binding(),
            scope.binding(),
            "include and spelling are not part of the binding"
        );
        let listed = parse("stage[in]=won,lost&limit=10").expect("a list");
        let repeated = parse("stage[in]=won&limit=10&stage[in]=lost").expect("the same list");
        assert_eq!(
            repeated.cursor_scope(&caller, View::Crm).binding(),
            listed.cursor_scope(&caller, View::Crm).binding(),
            "a list repeated or comma-separated is the same binding"
        );
    }
}
