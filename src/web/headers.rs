//! Response headers that depend on who asked and how the app is reached:
//! nothing private is kept by browsers or proxies (`Cache-Control:
//! no-store`), and browsers keep to HTTPS once they have seen it (HSTS).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// The session cookie's name (`web::app` sets it on the session layer).
pub const SESSION_COOKIE: &str = "ct_session";

const HSTS: HeaderValue = HeaderValue::from_static("max-age=31536000; includeSubDomains");

/// Whether the answer to a request may hold something private: the request
/// carries a session or a bearer token, or it is the API, or the login page
/// (its form carries a CSRF token). Assets never do: they keep their caching.
fn private(path: &str, headers: &HeaderMap) -> bool {
    if path.starts_with("/static/") {
        return false;
    }
    let session = crate::auth::csrf::cookie_values(headers, SESSION_COOKIE).next().is_some();
    session || headers.contains_key(header::AUTHORIZATION) || super::is_api(path) || path == "/login"
}

/// Middleware: `Cache-Control: no-store` on private answers (unless the
/// handler chose its own), `Strict-Transport-Security` on every answer when
/// `PUBLIC_URL` is https://.
pub async fn cache_and_transport(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let private = private(req.uri().path(), req.headers());
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    if private && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.settings.https() {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::csrf::header_map as headers;

    #[test]
    fn what_is_private() {
        let none = HeaderMap::new();
        let session = headers(&[("cookie", "lang=en; ct_session=abc")]);
        assert!(private("/checkpoints", &session));
        assert!(private("/api/v1/checkpoints", &none));
        assert!(private("/login", &none));
        assert!(private("/healthz", &headers(&[("authorization", "Bearer x")])));
        assert!(!private("/static/css/app.css", &session), "assets keep their caching");
        assert!(!private("/healthz", &headers(&[("cookie", "ct_sessionx=1; lang=en")])));
    }
}
