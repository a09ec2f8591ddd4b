//! CORS as API Gateway applies it to the HTTP API when template.yaml's `CorsAllowedOrigins` is
//! set: a preflight is answered before routing, and the answers to a request from an allowed
//! origin name that origin. A front calls [`Cors::preflight`] before routing and
//! [`Cors::decorate`] on every answer it routed.

use http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN,
    VARY,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use shared::http::ApiResponse;

/// The environment variable the local server reads its allowed origins from.
pub const ENV_VAR: &str = "CORS_ALLOWED_ORIGINS";

/// What a preflight may ask for, and what answers show to a script: the same lists as
/// template.yaml's `CorsConfiguration` (a test compares them).
pub const ALLOW_METHODS: [&str; 4] = ["GET", "POST", "PATCH", "DELETE"];
pub const ALLOW_HEADERS: [&str; 5] = [
    "authorization",
    "content-type",
    "if-match",
    "if-none-match",
    "idempotency-key",
];
pub const EXPOSE_HEADERS: [&str; 5] = [
    "etag",
    "location",
    "x-request-id",
    "idempotent-replayed",
    "www-authenticate",
];
pub const MAX_AGE_SECONDS: u32 = 600;

/// The origins browsers may call the API from; none (the default) means no CORS at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cors {
    origins: Vec<String>,
}

impl Cors {
    /// From a comma-separated list, as `CorsAllowedOrigins` takes it: exact origins
    /// (`https://app.example.com`), `*` for any, or `https://*` (`http://*`) for any of that
    /// scheme. Blanks around the items are ignored; an empty list allows nothing.
    pub fn from_list(list: &str) -> Cors {
        Cors {
            origins: list
                .split(',')
                .map(str::trim)
                .filter(|origin| !origin.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }

    /// From [`ENV_VAR`]; unset is empty.
    pub fn from_env() -> Cors {
        Cors::from_list(&std::env::var(ENV_VAR).unwrap_or_default())
    }

    pub fn origins(&self) -> &[String] {
        &self.origins
    }

    pub fn is_enabled(&self) -> bool {
        !self.origins.is_empty()
    }

    /// The answer to a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`)
    /// when CORS is on: 204, with the allowed methods and headers when the origin is allowed.
    /// `None` for any other request, and for every request when CORS is off: route it.
    pub fn preflight(&self, method: &Method, headers: &HeaderMap) -> Option<ApiResponse> {
        if !self.is_enabled()
            || method != Method::OPTIONS
            || !headers.contains_key(ACCESS_CONTROL_REQUEST_METHOD)
        {
            return None;
        }
        let origin = headers.get(ORIGIN)?;
        let mut response = ApiResponse {
            status: StatusCode::NO_CONTENT,
            headers: HeaderMap::new(),
            body: Vec::new(),
        };
        if let Some(allowed) = self.allow_origin(origin) {
            let answer = &mut response.headers;
            answer.insert(ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
            answer.insert(ACCESS_CONTROL_ALLOW_METHODS, listed(&ALLOW_METHODS));
            answer.insert(ACCESS_CONTROL_ALLOW_HEADERS, listed(&ALLOW_HEADERS));
            answer.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from(MAX_AGE_SECONDS));
        }
        self.vary(&mut response.headers);
        Some(response)
    }

    /// Adds to an answer what CORS requires when it is on: `Access-Control-Allow-Origin` and
    /// `Access-Control-Expose-Headers` for a request from an allowed origin, and `Vary: Origin`
    /// whenever the answer depends on the origin (on all of them, so that no cache hands an
    /// answer without the header to an origin that should have had it).
    pub fn decorate(&self, request: &HeaderMap, response: &mut HeaderMap) {
        if !self.is_enabled() {
            return;
        }
        if let Some(allowed) = request.get(ORIGIN).and_then(|o| self.allow_origin(o)) {
            response.insert(ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
            response.insert(ACCESS_CONTROL_EXPOSE_HEADERS, listed(&EXPOSE_HEADERS));
        }
        self.vary(response);
    }

    /// `Access-Control-Allow-Origin` for `origin`: `*` when every origin is allowed, else the
    /// origin itself if a configured one matches it.
    fn allow_origin(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        if self.allows_any() {
            return Some(HeaderValue::from_static("*"));
        }
        let text = origin.to_str().ok()?;
        self.origins
            .iter()
            .any(|allowed| origin_matches(allowed, text))
            .then(|| origin.clone())
    }

    fn allows_any(&self) -> bool {
        self.origins.iter().any(|origin| origin == "*")
    }

    fn vary(&self, response: &mut HeaderMap) {
        if !self.allows_any() {
            response.append(VARY, HeaderValue::from_static("Origin"));
        }
    }
}

/// Whether a configured origin (`https://app.example.com`, `https://*`) matches a request's
/// `Origin`; scheme and host compare without regard to case.
fn origin_matches(allowed: &str, origin: &str) -> bool {
    match allowed.strip_suffix('*') {
        Some(scheme) if scheme.ends_with("://") => origin
            .get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme) && origin.len() > scheme.len()),
        _ => allowed.eq_ignore_ascii_case(origin),
    }
}

fn listed(items: &[&'static str]) -> HeaderValue {
    HeaderValue::from_str(&items.join(", ")).unwrap_or(HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use yaml_rust2::{Yaml, YamlLoader};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                http::HeaderName::from_bytes(name.as_bytes()).expect("a name"),
                HeaderValue::from_str(value).expect("a value"),
            );
        }
        map
    }

    fn get<'a>(map: &'a HeaderMap, name: &str) -> Option<&'a str> {
        map.get(name).and_then(|value| value.to_str().ok())
    }

    const APP: &str = "https://app.example.com";

    fn preflight_from(origin: &str) -> HeaderMap {
        headers(&[
            ("origin", origin),
            ("access-control-request-method", "PATCH"),
            ("access-control-request-headers", "authorization, if-match"),
        ])
    }

    #[test]
    fn the_list_is_comma_separated_and_empty_means_off() {
        assert!(!Cors::from_list("").is_enabled());
        assert!(!Cors::from_list(" , ,").is_enabled());
        assert_eq!(
            Cors::from_list(" https://a.example ,https://b.example,"),
            Cors {
                origins: vec!["https://a.example".into(), "https://b.example".into()]
            }
        );
    }

    #[test]
    fn a_preflight_from_an_allowed_origin_is_answered_with_what_it_may_send() {
        let cors = Cors::from_list(&format!("https://other.example,{APP}"));
        let response = cors
            .preflight(&Method::OPTIONS, &preflight_from(APP))
            .expect("a preflight");
        assert_eq!(response.status, 204);
        assert!(response.body.is_empty());
        let answer = &response.headers;
        assert_eq!(get(answer, "access-control-allow-origin"), Some(APP));
        assert_eq!(
            get(answer, "access-control-allow-methods"),
            Some("GET, POST, PATCH, DELETE")
        );
        assert_eq!(
            get(answer, "access-control-allow-headers"),
            Some("authorization, content-type, if-match, if-none-match, idempotency-key")
        );
        assert_eq!(get(answer, "access-control-max-age"), Some("600"));
        assert_eq!(get(answer, "vary"), Some("Origin"));
    }

    #[test]
    fn a_preflight_from_another_origin_gets_no_permission() {
        let cors = Cors::from_list(APP);
        for origin in ["https://evil.example", "http://app.example.com", "null"] {
            let response = cors
                .preflight(&Method::OPTIONS, &preflight_from(origin))
                .expect("answered, not routed");
            assert_eq!(response.status, 204, "{origin}");
            assert_eq!(get(&response.headers, "access-control-allow-origin"), None);
            assert_eq!(get(&response.headers, "access-control-allow-methods"), None);
            assert_eq!(get(&response.headers, "vary"), Some("Origin"));
        }
    }

    #[test]
    fn what_is_not_a_preflight_is_routed() {
        let cors = Cors::from_list(APP);
        let without_method = headers(&[("origin", APP)]);
        let without_origin = headers(&[("access-control-request-method", "GET")]);
        assert!(cors.preflight(&Method::OPTIONS, &without_method).is_none());
        assert!(cors.preflight(&Method::OPTIONS, &without_origin).is_none());
        assert!(cors.preflight(&Method::GET, &preflight_from(APP)).is_none());
        // CORS off: even a real preflight goes to routing (and so to the 404 of `$default`).
        let off = Cors::default();
        assert!(off
            .preflight(&Method::OPTIONS, &preflight_from(APP))
            .is_none());
    }

    #[test]
    fn answers_name_an_allowed_origin_only() {
        let cors = Cors::from_list(APP);
        let mut allowed = headers(&[("etag", "\"1\"")]);
        cors.decorate(&headers(&[("origin", APP)]), &mut allowed);
        assert_eq!(get(&allowed, "access-control-allow-origin"), Some(APP));
        assert_eq!(
            get(&allowed, "access-control-expose-headers"),
            Some("etag, location, x-request-id, idempotent-replayed, www-authenticate")
        );
        assert_eq!(get(&allowed, "vary"), Some("Origin"));
        assert_eq!(get(&allowed, "etag"), Some("\"1\""));

        for request in [headers(&[("origin", "https://evil.example")]), headers(&[])] {
            let mut other = HeaderMap::new();
            cors.decorate(&request, &mut other);
            assert_eq!(get(&other, "access-control-allow-origin"), None);
            assert_eq!(get(&other, "access-control-expose-headers"), None);
            assert_eq!(get(&other, "vary"), Some("Origin"));
        }

        let mut untouched = HeaderMap::new();
        Cors::default().decorate(&headers(&[("origin", APP)]), &mut untouched);
        assert!(untouched.is_empty(), "CORS off adds nothing");

        let mut varied = headers(&[("vary", "Accept")]);
        cors.decorate(&headers(&[("origin", APP)]), &mut varied);
        let vary: Vec<_> = varied.get_all("vary").iter().collect();
        assert_eq!(vary, ["Accept", "Origin"]);
    }

    #[test]
    fn wildcards_allow_any_origin_or_any_of_a_scheme() {
        let any = Cors::from_list("*");
        let mut response = HeaderMap::new();
        any.decorate(&headers(&[("origin", APP)]), &mut response);
        assert_eq!(get(&response, "access-control-allow-origin"), Some("*"));
        assert_eq!(get(&response, "vary"), None, "the same for every origin");

        let https = Cors::from_list("https://*");
        for (origin, allowed) in [
            (APP, true),
            ("HTTPS://APP.EXAMPLE.COM", true),
            ("http://app.example.com", false),
            ("https://", false),
        ] {
            let mut response = HeaderMap::new();
            https.decorate(&headers(&[("origin", origin)]), &mut response);
            let named = get(&response, "access-control-allow-origin");
            assert_eq!(named, allowed.then_some(origin), "{origin}");
        }
        assert!(Cors::from_list("HTTPS://App.Example.com")
            .allow_origin(&HeaderValue::from_static(APP))
            .is_some());
    }

    /// template.yaml's `CorsConfiguration`: the branch used when origins are given.
    fn template_cors() -> Yaml {
        let template = YamlLoader::load_from_str(crate::template::TEMPLATE_YAML)
            .expect("template.yaml parses")
            .remove(0);
        let configuration = &template["Resources"]["DealsApi"]["Properties"]["CorsConfiguration"];
        let branches = configuration
            .as_vec()
            .expect("an !If of a condition and two branches");
        assert_eq!(branches[0].as_str(), Some("HasCorsOrigins"));
        branches[1].clone()
    }

    fn strings(yaml: &Yaml) -> Vec<String> {
        yaml.as_vec()
            .expect("a list")
            .iter()
            .map(|item| item.as_str().expect("a string").to_owned())
            .collect()
    }

    #[test]
    fn the_lists_are_template_yaml_s() {
        let cors = template_cors();
        assert_eq!(strings(&cors["AllowMethods"]), ALLOW_METHODS);
        assert_eq!(strings(&cors["AllowHeaders"]), ALLOW_HEADERS);
        assert_eq!(strings(&cors["ExposeHeaders"]), EXPOSE_HEADERS);
        assert_eq!(cors["MaxAge"].as_i64(), Some(i64::from(MAX_AGE_SECONDS)));
        assert!(
            cors["AllowCredentials"].is_badvalue(),
            "no credentials: tokens are headers"
        );
    }
}
