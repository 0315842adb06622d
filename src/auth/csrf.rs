//! CSRF protection of the forms anonymous people post (the login and the
//! language switcher) without any server-side state: a double-submit token.
//! A random token travels in a cookie (HttpOnly, SameSite=Strict) and in the
//! form's hidden field; a cross-site page can neither read the cookie nor set
//! it, so it cannot make the two agree. A request the browser marks as
//! cross-site (`Sec-Fetch-Site`, `Origin`) is refused outright as well.
//!
//! Signed-in forms use the token stored in their session (`auth::session`).

use std::sync::{Arc, OnceLock};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::config::PublicUrl;
use crate::state::AppState;

/// The cookie holding an anonymous visitor's token. Its path is `/`, not
/// `/login`, because the language switcher on the login page posts to
/// `/language` with the same token.
pub const COOKIE: &str = "ct_csrf";

/// The request's anonymous token: the cookie's, or a new one, made and
/// sent as a cookie only if a page puts it in a form.
#[derive(Debug, Clone)]
pub struct AnonymousToken {
    existing: Option<String>,
    fresh: Arc<OnceLock<String>>,
}

impl AnonymousToken {
    /// The token, for a form's hidden field (and so for the cookie).
    pub fn take(&self) -> String {
        self.existing.clone().unwrap_or_else(|| self.fresh.get_or_init(new_token).clone())
    }
}

/// A new random token: 256 bits, hex.
pub fn new_token() -> String {
    uuid::Uuid::new_v4().simple().to_string() + &uuid::Uuid::new_v4().simple().to_string()
}

/// The values a request's `Cookie` headers give the cookie `name`.
pub fn cookie_values<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(move |pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
}

/// The token of the request's cookie, if it has a well-formed one.
pub fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    cookie_values(headers, COOKIE).find(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether the browser says the request comes from another site: a
/// `Sec-Fetch-Site: cross-site`, or an `Origin` that is neither this host
/// nor the public URL. Requests without either header (older browsers,
/// other clients) rely on the token alone.
pub fn cross_site(headers: &HeaderMap, public_url: Option<&PublicUrl>) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site.is_some_and(|v| v.eq_ignore_ascii_case("cross-site")) {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN) else { return false };
    let Ok(origin) = origin.to_str() else { return true };
    if public_url.is_some_and(|u| u.as_str().eq_ignore_ascii_case(origin)) {
        return false;
    }
    let authority = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    // "null" (a sandboxed or privacy-sensitive context) is not this site.
    !matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
}

/// Middleware: gives the request its [`AnonymousToken`], and sets the
/// cookie when a page used a new one. Nothing is stored on the server.
pub async fn anonymous_token(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let existing = cookie_token(req.headers()).map(str::to_owned);
    let fresh = Arc::new(OnceLock::new());
    req.extensions_mut().insert(AnonymousToken { existing, fresh: fresh.clone() });
    let mut response = next.run(req).await;
    if let Some(token) = fresh.get() {
        let secure = if state.settings.secure_cookies { "; Secure" } else { "" };
        let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Constant-time comparison of two tokens.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A header map of `pairs`, for unit tests.
#[cfg(test)]
pub(crate) fn header_map(pairs: &[(&'static str, &str)]) -> HeaderMap {
    pairs.iter().map(|(k, v)| (header::HeaderName::from_static(k), HeaderValue::from_str(v).unwrap())).collect()
}

#[cfg(test)]
mod tests {
    use super::header_map as headers;
    use super::*;

    #[test]
    fn the_cookie_token_must_be_well_formed() {
        let token = new_token();
        assert_eq!(cookie_token(&headers(&[("cookie", &format!("lang=en; ct_csrf={token}"))])), Some(&*token));
        assert_eq!(cookie_token(&headers(&[("cookie", "ct_csrf=short")])), None);
        assert_eq!(cookie_token(&headers(&[("cookie", &format!("ct_csrfx={token}"))])), None);
        assert_eq!(cookie_token(&HeaderMap::new()), None);
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        let host = ("host", "tracker.example.kz");
        assert!(!cross_site(&headers(&[host]), None), "no browser hints: the token decides");
        assert!(!cross_site(&headers(&[host, ("origin", "https://tracker.example.kz")]), None));
        assert!(!cross_site(&headers(&[host, ("sec-fetch-site", "same-origin")]), None));
        assert!(cross_site(&headers(&[host, ("sec-fetch-site", "cross-site")]), None));
        assert!(cross_site(&headers(&[host, ("origin", "https://evil.example")]), None));
        assert!(cross_site(&headers(&[host, ("origin", "null")]), None));
        // Behind a proxy that rewrites Host, the public URL is this site.
        let public: PublicUrl = "https://tracker.example.kz".parse().unwrap();
        let proxied = headers(&[("host", "127.0.0.1:8080"), ("origin", "https://tracker.example.kz")]);
        assert!(!cross_site(&proxied, Some(&public)));
        assert!(cross_site(&proxied, None));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd") && !same(b"abc", b"ab") && !same(b"", b"a"));
    }
}
