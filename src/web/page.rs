//! What every page needs: translations, the request id and asset URLs. The
//! `PageCtx` extractor is the one place a request's context is read, so that
//! login and language choice can be added here for every page at once.

use std::net::IpAddr;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::auth::csrf::AnonymousToken;
use crate::auth::session::csrf_token;
use crate::auth::{CurrentUser, Permission, policy};
use crate::db::audit::Actor;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;
use crate::web::assets;
use crate::web::language::Chosen;

#[derive(Debug, Clone)]
pub struct PageCtx {
    pub tr: Tr,
    pub request_id: String,
    /// The path and query of this request, for links back to it.
    pub uri: String,
    pub client_addr: Option<IpAddr>,
    /// The signed-in account; pages behind a rule always have one.
    pub user: Option<CurrentUser>,
    /// This session's token for the forms of the page ("" on error pages).
    pub csrf: String,
    /// For reviewers: how many reports wait for review (the navigation's count).
    pub queue: Option<i64>,
}

impl PageCtx {
    pub fn from_parts(headers: &HeaderMap, uri: &axum::http::Uri, extensions: &axum::http::Extensions) -> Self {
        let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-").to_owned();
        let lang = extensions.get::<Chosen>().map_or(Lang::Ru, |c| c.lang);
        PageCtx {
            tr: Tr::new(lang),
            request_id,
            uri: uri.path_and_query().map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned()),
            client_addr: crate::web::client_addr::from_extensions(extensions),
            user: extensions.get::<CurrentUser>().cloned(),
            csrf: String::new(),
            queue: None,
        }
    }

    /// Who is making a change, for histories and the audit trail.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user.as_ref().map(|u| u.id),
            name: self.user.as_ref().map_or_else(|| "anonymous".to_owned(), |u| u.username.clone()),
            request_id: Some(self.request_id.clone()),
            client_addr: self.client_addr,
        }
    }

    /// The signed-in account of a page behind an `Access::Signed` rule,
    /// which always has one.
    pub fn signed_in(&self) -> Result<&CurrentUser, crate::error::AppError> {
        self.user
            .as_ref()
            .ok_or_else(|| crate::error::AppError::Internal(anyhow::anyhow!("a signed route without a user")))
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.user.as_ref().is_some_and(|u| policy::allows(u.role, permission))
    }

    /// For showing only the actions the user may take (the server checks
    /// each route regardless).
    pub fn can_edit_register(&self) -> bool {
        self.can(Permission::EditRegister)
    }

    pub fn can_manage_users(&self) -> bool {
        self.can(Permission::ManageUsers)
    }

    pub fn can_read_audit(&self) -> bool {
        self.can(Permission::ReadAudit)
    }

    /// The review queue's link text with its length, for reviewers.
    pub fn queue_label(&self) -> Option<String> {
        self.queue.map(|n| self.tr.count("nav-queue", usize::try_from(n).unwrap_or(0)))
    }

    pub fn can_review(&self) -> bool {
        self.can(Permission::ReviewReports)
    }

    /// This page's path and filters without `?lang=`: where the language
    /// switcher returns.
    pub fn uri_without_lang(&self) -> String {
        self.with_lang(None)
    }

    /// This page's URL in another language, its filters kept (the
    /// switcher of pages without a form, such as error pages).
    pub fn lang_url(&self, code: &str) -> String {
        self.with_lang(Some(code))
    }

    fn with_lang(&self, code: Option<&str>) -> String {
        self.with_param("lang", code)
    }

    /// This page's URL with `name` set to `value` (or removed), its other
    /// parameters kept: a pager's links.
    pub fn with_param(&self, name: &str, value: Option<&str>) -> String {
        let (path, query) = self.uri.split_once('?').unwrap_or((&self.uri, ""));
        let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .filter(|(k, _)| k != name)
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        pairs.extend(value.map(|v| (name.to_owned(), v.to_owned())));
        if pairs.is_empty() {
            return path.to_owned();
        }
        format!("{path}?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
    }

    /// The languages of the switcher: (code, its own name, current).
    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        Lang::ALL
            .into_iter()
            .map(|l| {
                let own_name = match l {
                    Lang::Kk => "Қазақша",
                    Lang::Ru => "Русский",
                    Lang::En => "English",
                };
                (l.code(), own_name, l == self.tr.language())
            })
            .collect()
    }

    /// The URL of a static asset, versioned by the content of this build.
    pub fn asset(&self, path: &str) -> String {
        assets::url(path)
    }
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = crate::error::AppError;

    /// Reads only: a GET never changes the account (the language switcher
    /// stores a choice through `POST /language`).
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let mut ctx = PageCtx::from_parts(&parts.headers, &parts.uri, &parts.extensions);
        // A signed-in page's forms carry the session's token; anyone else's
        // the anonymous double-submit one (nothing stored on the server).
        let session = parts.extensions.get::<tower_sessions::Session>().filter(|_| ctx.user.is_some());
        let stored = match session {
            Some(session) => csrf_token(session).await?,
            None => None,
        };
        if let Some(token) = stored.or_else(|| parts.extensions.get::<AnonymousToken>().map(AnonymousToken::take)) {
            ctx.csrf = token;
        }
        if ctx.can_review() {
            ctx.queue = Some(crate::db::reports::queue_len(&state.pool).await?);
        }
        Ok(ctx)
    }
}

/// One `<option>` of a `<select>`, labelled through the translation layer.
#[derive(Debug, Clone)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl SelectOption {
    pub fn new(value: impl Into<String>, label: impl Into<String>, current: &str) -> Self {
        let value = value.into();
        let selected = value == current.trim();
        SelectOption { value, label: label.into(), selected }
    }
}

/// `next` if it is a path on this site, for the redirect after a form
/// (login, language): a form must not send anyone elsewhere.
pub fn local_path(next: &str) -> Option<&str> {
    // Browsers drop tabs and newlines from URLs and read \ as /, so any of
    // them could turn "/…" into "//elsewhere".
    let clean = !next.chars().any(|c| c.is_control() || c == '\\');
    (clean && next.starts_with('/') && !next.starts_with("//")).then_some(next)
}

/// Parses an id from a path segment; anything else is a 404, not a 400.
pub fn parse_id(segment: &str) -> Result<i64, crate::error::AppError> {
    segment.parse().ok().filter(|id| *id > 0).ok_or(crate::error::AppError::NotFound)
}
