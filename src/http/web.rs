//! The web pages: `/` (the customer chat), `/board` (the staff board) and their assets,
//! compiled into the binary so a release is one file with no build step for users.
//!
//! Pages carry a Content-Security-Policy that allows scripts and styles from this origin
//! only: every script and stylesheet is a file under `/assets`, none is inline, so injected
//! markup could not run even if some text escaped the pages' textContent discipline.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The policy sent with each page: same-origin scripts, styles, fetches and EventSource.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// One embedded file: its bytes, content type, and an ETag derived from its bytes.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    etag: String,
}

impl Asset {
    fn new(name: &'static str, content_type: &'static str, body: &'static [u8]) -> Self {
        Self { name, content_type, body, etag: format!("\"{:016x}\"", fnv1a(body)) }
    }
}

/// FNV-1a: a stable content hash (unlike `DefaultHasher`) that is plenty for an ETag.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

static INDEX: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("index.html", "text/html; charset=utf-8", include_bytes!("../../web/index.html")));
static BOARD: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("board.html", "text/html; charset=utf-8", include_bytes!("../../web/board.html")));
static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    vec![
        Asset::new("app.css", "text/css; charset=utf-8", include_bytes!("../../web/app.css")),
        Asset::new("common.js", "text/javascript; charset=utf-8", include_bytes!("../../web/common.js")),
        Asset::new("chat.js", "text/javascript; charset=utf-8", include_bytes!("../../web/chat.js")),
        Asset::new("menu.js", "text/javascript; charset=utf-8", include_bytes!("../../web/menu.js")),
        Asset::new("board.js", "text/javascript; charset=utf-8", include_bytes!("../../web/board.js")),
        Asset::new("favicon.svg", "image/svg+xml", include_bytes!("../../web/favicon.svg")),
    ]
});

/// The page routes; they need no state, so they merge into any router.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(get_index))
        .route("/board", get(get_board))
        .route("/assets/{name}", get(get_asset))
        .route("/favicon.ico", get(get_favicon))
}

async fn get_index(headers: HeaderMap) -> Response {
    serve(&INDEX, &headers)
}

async fn get_board(headers: HeaderMap) -> Response {
    serve(&BOARD, &headers)
}

async fn get_favicon(headers: HeaderMap) -> Response {
    get_asset(Path("favicon.svg".into()), headers).await
}

async fn get_asset(Path(name): Path<String>, headers: HeaderMap) -> Response {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(asset) => serve(asset, &headers),
        None => {
            let body = axum::Json(serde_json::json!({"error": {"code": "not_found", "message": "no such asset"}}));
            (StatusCode::NOT_FOUND, body).into_response()
        }
    }
}

/// Answers with the file, or 304 when the browser's copy is current.
///
/// `no-cache` means "revalidate before use", not "do not store": asset URLs carry no
/// version, so after an upgrade the browser must notice the new ETag rather than run a
/// stale script against a newer API, and the revalidation costs one tiny 304.
fn serve(asset: &Asset, request: &HeaderMap) -> Response {
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == asset.etag || tag.trim() == "*"));
    let mut response = if fresh { StatusCode::NOT_MODIFIED.into_response() } else { asset.body.into_response() };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if let Ok(etag) = HeaderValue::from_str(&asset.etag) {
        headers.insert(header::ETAG, etag);
    }
    if asset.content_type.starts_with("text/html") {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    use super::*;

    async fn fetch(path: &str, if_none_match: Option<&str>) -> Response {
        let mut request = Request::get(path);
        if let Some(tag) = if_none_match {
            request = request.header(header::IF_NONE_MATCH, tag);
        }
        router::<()>().oneshot(request.body(Body::empty()).unwrap()).await.unwrap()
    }

    #[tokio::test]
    async fn pages_are_html_with_a_strict_content_security_policy() {
        for path in ["/", "/board"] {
            let response = fetch(path, None).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
            let csp = response.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
            assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
        }
    }

    #[tokio::test]
    async fn assets_have_their_content_types() {
        for (path, kind) in [
            ("/assets/app.css", "text/css"),
            ("/assets/chat.js", "text/javascript"),
            ("/assets/menu.js", "text/javascript"),
            ("/assets/board.js", "text/javascript"),
            ("/assets/common.js", "text/javascript"),
            ("/assets/favicon.svg", "image/svg+xml"),
        ] {
            let response = fetch(path, None).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with(kind), "{path}");
            assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
        }
    }

    #[tokio::test]
    async fn a_current_etag_gets_not_modified() {
        let first = fetch("/assets/app.css", None).await;
        let etag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert_eq!(fetch("/assets/app.css", Some(&etag)).await.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(fetch("/assets/app.css", Some("\"stale\"")).await.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn unknown_assets_and_path_tricks_are_not_found() {
        for path in ["/assets/nope.js", "/assets/..%2FCargo.toml", "/assets/%2e%2e"] {
            assert_eq!(fetch(path, None).await.status(), StatusCode::NOT_FOUND, "{path}");
        }
    }

    #[test]
    fn no_page_has_inline_script_or_style() {
        for page in [&*INDEX, &*BOARD] {
            let html = std::str::from_utf8(page.body).unwrap();
            assert!(!html.contains("<style"), "{} has a <style> element", page.name);
            assert!(!html.contains(" style="), "{} has a style attribute", page.name);
            for script in html.split("<script").skip(1) {
                assert!(
                    script.trim_start().starts_with("type=\"module\" src=\"/assets/"),
                    "{}: inline script",
                    page.name
                );
            }
        }
    }

    #[test]
    fn scripts_never_write_html_from_data() {
        for asset in ASSETS.iter().filter(|a| a.name.ends_with(".js")) {
            let js = std::str::from_utf8(asset.body).unwrap();
            for banned in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"] {
                assert!(!js.contains(banned), "{} uses {banned}", asset.name);
            }
        }
    }
}
