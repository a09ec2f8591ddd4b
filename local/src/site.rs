//! The pipeline board and the `/docs` playground, served by `local serve` only: static files from
//! `web/` (never a route of template.yaml, never deployed as one; a deployed board is the same
//! files on any static host). Each page gets a dev token for `tenant-dev`, minted when it is
//! served, in its `<meta name="deals-dev-token">`, so the board signs in by itself locally.
//!
//! | path | file |
//! |---|---|
//! | `/` | `web/index.html` (the board, with the token) |
//! | `/docs` | `web/docs.html` (the playground, with the token) |
//! | `/board/<file>` | `web/board/<file>` |
//! | `/docs/swagger-ui/<file>` | `web/node_modules/swagger-ui-dist/<file>` (`npm ci` in `web/`) |
//! | `/docs/<file>` | `web/docs/<file>` |
//!
//! No API route starts with `/board/` or `/docs` (they are all under `/api/v1/crm`,
//! `/api-v1-deals`, `/oauth/token`, `/openapi.json`). A file name is letters, digits, `-`, `_` and
//! `.`, in segments that do not start with a dot, with a known extension: `..`, percent-encoded
//! characters, dot files and anything else are not files here (the `$default` row's 404).

use std::path::{Path, PathBuf};

use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderName, HeaderValue, Method, StatusCode};
use shared::auth::JwtConfig;
use shared::http::ApiResponse;

use crate::token::{mint, TokenRequest};

/// The tenant the served pages sign in as.
pub const DEV_TENANT: &str = "tenant-dev";

/// What a page's dev token replaces, in `web/index.html` and `web/docs.html`.
const TOKEN_SLOT: &str = r#"<meta name="deals-dev-token" content="">"#;

pub struct Site {
    root: PathBuf,
    jwt: JwtConfig,
}

/// A path of the site: which file, and how it is served.
#[derive(Debug, PartialEq, Eq)]
enum Asset {
    /// A page: its dev token filled in, never cached.
    Page(PathBuf),
    /// The project's own scripts and styles: revalidated on every load, as they change while one
    /// works on them.
    Own(PathBuf),
    /// A file of an npm package, pinned by `web/package-lock.json`.
    Vendored(PathBuf),
}

impl Site {
    /// The files under `root` (`web/`), pages signed in with tokens of `jwt`.
    pub fn new(root: impl Into<PathBuf>, jwt: JwtConfig) -> Self {
        Site {
            root: root.into(),
            jwt,
        }
    }

    /// `WEB_ROOT` when set, else the repository's `web/`.
    pub fn default_root() -> PathBuf {
        crate::config::env_or_default("WEB_ROOT")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../web"))
    }

    /// The answer to a GET (or HEAD) of one of the site's files; `None` for every other request (the
    /// route table's, a missing file included).
    pub async fn answer(&self, method: &Method, path: &str) -> Option<ApiResponse> {
        if method != Method::GET && method != Method::HEAD {
            return None;
        }
        let asset = resolve(path)?;
        let (relative, cache) = match &asset {
            Asset::Page(file) => (file, "no-store"),
            Asset::Own(file) => (file, "no-cache"),
            Asset::Vendored(file) => (file, "public, max-age=86400"),
        };
        let content_type = content_type(relative)?;
        let file = self.root.join(relative);
        let body = tokio::task::spawn_blocking(move || std::fs::read(file))
            .await
            .ok()?
            .ok()?;
        let body = match asset {
            Asset::Page(_) => self.with_dev_token(body)?,
            _ => body,
        };
        let mut response = ApiResponse {
            status: StatusCode::OK,
            headers: http::HeaderMap::new(),
            body,
        };
        for (name, value) in [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, cache),
            (HeaderName::from_static("x-content-type-options"), "nosniff"),
            (HeaderName::from_static("referrer-policy"), "no-referrer"),
        ] {
            response
                .headers
                .insert(name, HeaderValue::from_static(value));
        }
        Some(response)
    }

    fn with_dev_token(&self, page: Vec<u8>) -> Option<Vec<u8>> {
        let page = String::from_utf8(page).ok()?;
        let token = match mint(&self.jwt, &TokenRequest::with_all_scopes(DEV_TENANT)) {
            Ok(token) => token,
            Err(error) => {
                tracing::warn!(error = %error, "no dev token for the board");
                return Some(page.into_bytes());
            }
        };
        let filled = format!(r#"<meta name="deals-dev-token" content="{token}">"#);
        Some(page.replacen(TOKEN_SLOT, &filled, 1).into_bytes())
    }
}

/// Which file a request path names, if any (see the module's table).
fn resolve(path: &str) -> Option<Asset> {
    match path {
        "/" | "/index.html" => return Some(Asset::Page("index.html".into())),
        "/docs" | "/docs.html" => return Some(Asset::Page("docs.html".into())),
        _ => {}
    }
    if let Some(rest) = path.strip_prefix("/board/") {
        return Some(Asset::Own(Path::new("board").join(file_path(rest)?)));
    }
    if let Some(rest) = path.strip_prefix("/docs/swagger-ui/") {
        let package = Path::new("node_modules/swagger-ui-dist");
        return Some(Asset::Vendored(package.join(file_path(rest)?)));
    }
    let rest = path.strip_prefix("/docs/")?;
    Some(Asset::Own(Path::new("docs").join(file_path(rest)?)))
}

/// `a/b.js` as a relative path, or `None` unless every segment is a plain name.
fn file_path(rest: &str) -> Option<PathBuf> {
    let plain = |segment: &str| {
        !segment.is_empty()
            && !segment.starts_with('.')
            && segment
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"-_.".contains(&byte))
    };
    rest.split('/').try_fold(PathBuf::new(), |path, segment| {
        plain(segment).then(|| path.join(segment))
    })
}

fn content_type(file: &Path) -> Option<&'static str> {
    Some(match file.extension()?.to_str()? {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_assets_and_the_vendored_bundle_have_their_files() {
        let own = |file: &str| Some(Asset::Own(file.into()));
        assert_eq!(resolve("/"), Some(Asset::Page("index.html".into())));
        assert_eq!(resolve("/docs"), Some(Asset::Page("docs.html".into())));
        assert_eq!(resolve("/board/app.js"), own("board/app.js"));
        assert_eq!(resolve("/board/ui/card.js"), own("board/ui/card.js"));
        assert_eq!(resolve("/docs/playground.js"), own("docs/playground.js"));
        assert_eq!(
            resolve("/docs/swagger-ui/swagger-ui-bundle.js"),
            Some(Asset::Vendored(
                "node_modules/swagger-ui-dist/swagger-ui-bundle.js".into()
            ))
        );
    }

    #[test]
    fn api_paths_and_anything_but_plain_names_are_not_files() {
        for path in [
            "/api/v1/crm/deals",
            "/openapi.json",
            "/health",
            "/docsx",
            "/boardx/app.js",
            "/board/",
            "/board/../Cargo.toml",
            "/board/..",
            "/board/./app.js",
            "/board//app.js",
            "/board/%2e%2e/Cargo.toml",
            "/board/..%2fCargo.toml",
            "/board/.env",
            "/board/a\\..\\b.js",
            "/docs/swagger-ui/../package.json",
            "/docs/../../Cargo.toml",
            "/board/C:/x.js",
        ] {
            let asset = resolve(path);
            let served = asset.is_some_and(|asset| match asset {
                Asset::Page(file) | Asset::Own(file) | Asset::Vendored(file) => {
                    content_type(&file).is_some()
                }
            });
            assert!(!served, "{path}");
        }
    }

    /// A `web/` of its own in the temp dir, beside a file it must never serve.
    fn site_in_temp_dir() -> (Site, PathBuf) {
        let dir = std::env::temp_dir().join(format!("site-test-{}", ulid::Ulid::new()));
        let root = dir.join("web");
        std::fs::create_dir_all(root.join("board")).unwrap();
        std::fs::write(
            root.join("index.html"),
            format!("<head>{TOKEN_SLOT}</head>"),
        )
        .unwrap();
        std::fs::write(root.join("board/app.js"), "export {};").unwrap();
        std::fs::write(root.join("board/notes.txt"), "not served").unwrap();
        std::fs::write(dir.join("secret.js"), "secret").unwrap();
        let jwt = JwtConfig {
            issuer: "deals-local".into(),
            audience: "deals-api".into(),
            secret: Some("a-secret-for-the-site-test".into()),
            ..JwtConfig::default()
        };
        (Site::new(&root, jwt), dir)
    }

    #[tokio::test]
    async fn the_board_page_carries_a_fresh_dev_token_and_assets_their_content_types() {
        let (site, dir) = site_in_temp_dir();
        let page = site.answer(&Method::GET, "/").await.unwrap();
        assert_eq!(page.headers["content-type"], "text/html; charset=utf-8");
        assert_eq!(page.headers["cache-control"], "no-store");
        let html = String::from_utf8(page.body).unwrap();
        let token = html
            .split(r#"<meta name="deals-dev-token" content=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap();
        let payload = token.split('.').nth(1).unwrap();
        let claims =
            base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload)
                .unwrap();
        let claims: serde_json::Value = serde_json::from_slice(&claims).unwrap();
        assert_eq!(claims["tenant_id"], DEV_TENANT);

        let script = site.answer(&Method::GET, "/board/app.js").await.unwrap();
        assert_eq!(
            script.headers["content-type"],
            "text/javascript; charset=utf-8"
        );
        assert_eq!(script.headers["cache-control"], "no-cache");
        assert_eq!(script.headers["x-content-type-options"], "nosniff");
        assert_eq!(script.body, b"export {};");
        assert!(site.answer(&Method::HEAD, "/board/app.js").await.is_some());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn nothing_outside_the_site_or_unlisted_is_served() {
        let (site, dir) = site_in_temp_dir();
        for path in [
            "/board/../../secret.js",
            "/board/..%2f..%2fsecret.js",
            "/board/%2e%2e/%2e%2e/secret.js",
            "/docs/../../secret.js",
            "/board/notes.txt",
            "/board/missing.js",
            "/docs",
        ] {
            assert!(site.answer(&Method::GET, path).await.is_none(), "{path}");
        }
        assert!(site.answer(&Method::POST, "/").await.is_none());
        assert!(site
            .answer(&Method::DELETE, "/board/app.js")
            .await
            .is_none());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn content_types_follow_the_extension_and_unknown_ones_are_not_served() {
        assert_eq!(
            content_type(Path::new("board/app.js")),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(
            content_type(Path::new("index.html")),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(
            content_type(Path::new("board/board.css")),
            Some("text/css; charset=utf-8")
        );
        assert_eq!(content_type(Path::new("board/notes.txt")), None);
        assert_eq!(content_type(Path::new("board/Makefile")), None);
    }
}
