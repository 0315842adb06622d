//! The HTTP layer: one module per resource, each with its own `router()`.

pub mod account;
pub mod api;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod charts;
pub mod checkpoints;
pub mod client_addr;
pub mod export;
pub mod headers;
pub mod health;
pub mod language;
pub mod milestones;
pub mod officials;
pub mod openapi;
pub mod overload;
pub mod overview;
pub mod page;
pub mod programmes;
pub mod rag;
pub mod reports;
pub mod routes;
pub mod throttles;
pub mod tokens;
pub mod users;

use std::time::Duration;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower::util::MapRequestLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::{SameSite, time};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

use crate::auth::Access;
use crate::auth::session::attach_authenticator;
use crate::error::{AppError, error_page};
use crate::state::AppState;
use page::PageCtx;
use routes::Routes;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub use crate::config::BODY_LIMIT;

const CSP: &str = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// Every route of the app with its access rule.
pub fn routes() -> Routes {
    Routes::new()
        .get("/static/{*path}", Access::Public, assets::serve)
        .merge(overview::routes())
        .merge(programmes::routes())
        .merge(officials::routes())
        .merge(health::routes())
        .merge(auth::routes())
        .merge(language::routes())
        .merge(checkpoints::routes())
        .merge(rag::routes())
        .merge(milestones::routes())
        .merge(reports::routes())
        .merge(api::routes())
        .merge(export::routes())
        .merge(openapi::routes())
        .merge(tokens::routes())
        .merge(account::routes())
        .merge(users::routes())
        .merge(throttles::routes())
        .merge(audit::routes())
}

/// The whole application: routes, then the layers every request crosses.
pub fn app(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(PostgresStore::new(state.pool.clone()))
        .with_name(headers::SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.settings.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            i64::try_from(state.settings.session_idle.as_secs()).unwrap_or(i64::MAX),
        )));
    let routes = routes()
        .into_router()
        .fallback(|| async { AppError::NotFound })
        .layer(middleware::from_fn_with_state(state.clone(), attach_authenticator))
        .layer(middleware::from_fn_with_state(state.clone(), crate::auth::csrf::anonymous_token))
        .layer(sessions)
        .with_state(state.clone());

    let trace = TraceLayer::new_for_http().make_span_with(|req: &Request| {
        let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
        tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
    });

    routes.layer(
        ServiceBuilder::new()
            // Request ids are ours: one sent by a client is replaced, not trusted.
            .layer(MapRequestLayer::new(|mut req: Request| {
                req.headers_mut().remove(&REQUEST_ID);
                req
            }))
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(middleware::from_fn_with_state(state.clone(), client_addr::attach))
            .layer(trace)
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(middleware::from_fn_with_state(state.clone(), headers::cache_and_transport))
            // No inline script or style, no framing, no sniffing.
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            ))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::REFERRER_POLICY,
                HeaderValue::from_static("same-origin"),
            ))
            // A workbook is a zip already: compressing it again only costs CPU.
            .layer(CompressionLayer::new().compress_when(
                DefaultPredicate::new().and(NotForContentType::const_new("application/vnd.openxmlformats")),
            ))
            // Before the error pages, so that they too speak the request's language.
            .layer(middleware::from_fn_with_state(state.clone(), language::negotiate))
            .layer(middleware::from_fn(error_pages))
            .layer(CatchPanicLayer::custom(|_| {
                tracing::error!("handler panicked");
                error_page(StatusCode::INTERNAL_SERVER_ERROR)
            }))
            .layer(middleware::from_fn_with_state(state, overload::shed))
            .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30)))
            .layer(middleware::from_fn(read_streamed_api_bodies))
            .layer(RequestBodyLimitLayer::new(BODY_LIMIT)),
    )
}

/// The body limit refuses a declared length at once, but a streamed
/// (chunked) body only fails when a handler reads it, and a handler may
/// report that failure its own way. Under `/api/` such a body is read here
/// first, so one too large always gets the API's 413.
async fn read_streamed_api_bodies(req: Request, next: Next) -> Response {
    if !is_api(req.uri().path()) || req.headers().contains_key(header::CONTENT_LENGTH) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => next.run(Request::from_parts(parts, bytes.into())).await,
        Err(_) => error_page(StatusCode::PAYLOAD_TOO_LARGE),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorTemplate {
    ctx: PageCtx,
    /// The status whose title and text the page shows.
    shown: u16,
}

/// Statuses with a title and text of their own; others show their class's.
const EXPLAINED: [u16; 13] = [400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429, 500, 503];

/// Renders a page for every error response that has no page of its own:
/// empty ones (`error::error_page`, timeouts, 405, the body limit's 413) and
/// the plain-text rejections of axum's extractors (a malformed form, a bad
/// path). Under `/api/` the same responses become JSON instead. Pages and
/// JSON bodies pass untouched.
async fn error_pages(req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    let ctx = PageCtx::from_parts(req.headers(), req.uri(), req.extensions());
    let response = next.run(req).await;
    let status = response.status();
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|v| v.to_str().is_ok_and(|v| v.starts_with("text/plain")));
    if !(status.is_client_error() || status.is_server_error()) || !plain {
        return response;
    }
    let mut replacement = if api {
        let body = serde_json::json!({ "error": api_code(status), "request_id": ctx.request_id });
        (status, axum::Json(body)).into_response()
    } else {
        let code = status.as_u16();
        let shown = if EXPLAINED.contains(&code) {
            code
        } else if status.is_client_error() {
            400
        } else {
            500
        };
        (status, ErrorTemplate { ctx, shown }).into_response()
    };
    // Keep what the original response told the client (e.g. Allow on 405,
    // Retry-After on 503).
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            replacement.headers_mut().insert(name.clone(), value.clone());
        }
    }
    replacement
}

/// Whether a path belongs to the JSON API, whose every answer is JSON.
fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The stable code of an API error with no body of its own (docs/API.md).
fn api_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "invalid",
        429 => "too_many_requests",
        503 => "unavailable",
        _ if status.is_client_error() => "bad_request",
        _ => "internal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_and_their_error_codes() {
        assert!(is_api("/api/v1/nope") && is_api("/api"));
        assert!(!is_api("/apiary") && !is_api("/checkpoints"));
        assert_eq!(api_code(StatusCode::PAYLOAD_TOO_LARGE), "payload_too_large");
        assert_eq!(api_code(StatusCode::IM_A_TEAPOT), "bad_request");
        assert_eq!(api_code(StatusCode::BAD_GATEWAY), "internal");
    }
}
