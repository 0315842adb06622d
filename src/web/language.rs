//! Choosing the interface language: `?lang=` (remembered in a cookie), then
//! the account's choice (put in the cookie at login), then the cookie, then
//! `Accept-Language`, then `--default-language`. The switcher on every page
//! posts to `/language`, which also stores the choice on the account: a GET
//! never changes the account.

use axum::extract::{Form, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::page::local_path;
use super::routes::Routes;
use crate::auth::Access;
use crate::auth::session::Authenticator;
use crate::domain::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;

/// Public: the login page has the switcher too (its anonymous session
/// carries a CSRF token, which the route checks like any form's).
pub fn routes() -> Routes {
    Routes::new().post("/language", Access::Public, switch)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SwitchForm {
    lang: String,
    /// The page to return to, a local path.
    next: String,
}

/// Sets the cookie, stores the choice on the account when signed in, and
/// returns to the page (303).
async fn switch(
    State(state): State<AppState>,
    auth: Authenticator,
    Form(form): Form<SwitchForm>,
) -> AppResult<Response> {
    let Some(lang) = Lang::parse(&form.lang) else {
        let mut errors = FieldErrors::new();
        errors.add("lang", "error-invalid-choice");
        return Err(AppError::Validation(errors));
    };
    if let Some(user) = auth.current_user().await? {
        crate::db::users::set_language(&state.pool, user.id, lang.code()).await?;
    }
    let mut response = Redirect::to(local_path(&form.next).unwrap_or("/")).into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie(lang, state.settings.secure_cookies));
    Ok(response)
}

/// The cookie that remembers the choice (before login, and across logins).
pub const COOKIE: &str = "lang";

/// The language of a request, and whether `?lang=` chose it just now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chosen {
    pub lang: Lang,
    pub from_query: bool,
}

fn query_lang(query: Option<&str>) -> Option<Lang> {
    form_urlencoded::parse(query?.as_bytes()).find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::parse(&v))
}

fn cookie_lang(headers: &HeaderMap) -> Option<Lang> {
    crate::auth::csrf::cookie_values(headers, COOKIE).find_map(Lang::parse)
}

/// The language for a request, by the order above.
pub fn choose(query: Option<&str>, headers: &HeaderMap, default: Lang) -> Chosen {
    if let Some(lang) = query_lang(query) {
        return Chosen { lang, from_query: true };
    }
    let lang = cookie_lang(headers)
        .or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
        })
        .unwrap_or(default);
    Chosen { lang, from_query: false }
}

/// A `Set-Cookie` value remembering `lang` for a year.
pub fn cookie(lang: Lang, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        lang.code()
    ))
    .expect("an ASCII cookie")
}

/// Middleware: decides the language, tells the handlers (request extension)
/// and the client (`Content-Language`, `Vary`, and the cookie when chosen).
pub async fn negotiate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let chosen = choose(req.uri().query(), req.headers(), state.settings.default_language);
    req.extensions_mut().insert(chosen);
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(chosen.lang.code()));
    headers.append(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    if chosen.from_query {
        headers.append(header::SET_COOKIE, cookie(chosen.lang, state.settings.secure_cookies));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::csrf::header_map as headers;

    #[test]
    fn query_then_cookie_then_header_then_default() {
        let all = headers(&[("cookie", "a=b; lang=kk"), ("accept-language", "en")]);
        assert_eq!(choose(Some("x=1&lang=en"), &all, Lang::Ru), Chosen { lang: Lang::En, from_query: true });
        assert_eq!(choose(Some("lang=xx"), &all, Lang::Ru).lang, Lang::Kk, "an unknown ?lang is ignored");
        assert_eq!(choose(None, &all, Lang::Ru).lang, Lang::Kk);
        assert_eq!(choose(None, &headers(&[("accept-language", "en-GB")]), Lang::Ru).lang, Lang::En);
        assert_eq!(choose(None, &HeaderMap::new(), Lang::Ru).lang, Lang::Ru);
    }
}
