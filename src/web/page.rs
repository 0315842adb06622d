//! What every page needs: translations, the request id and asset URLs. The
//! `PageCtx` extractor is the one place a request's context is read, so that
//! login and language choice can be added here for every page at once.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::db::audit::Actor;
use crate::i18n::{Lang, Tr};
use crate::web::assets;

/// Who changed something, until accounts exist (see the accounts issue).
const ANONYMOUS_ACTOR: &str = "web";

#[derive(Debug, Clone)]
pub struct PageCtx {
    pub tr: Tr,
    pub request_id: String,
    /// The path and query of this request, for links back to it.
    pub uri: String,
    pub client_addr: Option<IpAddr>,
}

impl PageCtx {
    pub fn from_parts(headers: &HeaderMap, uri: &axum::http::Uri, extensions: &axum::http::Extensions) -> Self {
        let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-").to_owned();
        PageCtx {
            tr: Tr::new(Lang::En),
            request_id,
            uri: uri.path_and_query().map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned()),
            client_addr: extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip()),
        }
    }

    /// Who is making a change, for histories and the audit trail.
    pub fn actor(&self) -> Actor {
        Actor {
            name: ANONYMOUS_ACTOR.to_owned(),
            request_id: Some(self.request_id.clone()),
            client_addr: self.client_addr,
        }
    }

    /// The URL of a static asset, versioned by the content of this build.
    pub fn asset(&self, path: &str) -> String {
        assets::url(path)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(PageCtx::from_parts(&parts.headers, &parts.uri, &parts.extensions))
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

/// Parses an id from a path segment; anything else is a 404, not a 400.
pub fn parse_id(segment: &str) -> Result<i64, crate::error::AppError> {
    segment.parse().ok().filter(|id| *id > 0).ok_or(crate::error::AppError::NotFound)
}
