//! The HTTP layer: one module per resource, each with its own `router()`.

pub mod assets;
pub mod audit;
pub mod auth;
pub mod checkpoints;
pub mod health;
pub mod milestones;
pub mod page;
pub mod routes;
pub mod users;

use std::time::Duration;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::{SameSite, time};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

use crate::auth::session::{IDLE_TIMEOUT, attach_authenticator};
use crate::auth::{Access, Permission};
use crate::error::{AppError, ErrorPage, error_page};
use crate::state::AppState;
use page::PageCtx;
use routes::Routes;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Largest request body accepted (forms; CSV uploads come later).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

const CSP: &str = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// Every route of the app with its access rule.
pub fn routes() -> Routes {
    Routes::new()
        .get("/", Access::Signed(Permission::ReadRegister), || async { Redirect::to("/checkpoints") })
        .get("/static/{*path}", Access::Public, assets::serve)
        .merge(health::routes())
        .merge(auth::routes())
        .merge(checkpoints::routes())
        .merge(milestones::routes())
        .merge(users::routes())
        .merge(audit::routes())
}

/// The whole application: routes, then the layers every request crosses.
pub fn app(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(PostgresStore::new(state.pool.clone()))
        .with_name("ct_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.settings.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(IDLE_TIMEOUT.as_secs() as i64)));
    let routes = routes()
        .into_router()
        .fallback(|| async { AppError::NotFound })
        .layer(middleware::from_fn_with_state(state.clone(), attach_authenticator))
        .layer(sessions)
        .with_state(state);

    let trace = TraceLayer::new_for_http().make_span_with(|req: &Request| {
        let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
        tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
    });

    routes.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(trace)
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
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
            .layer(CompressionLayer::new())
            .layer(middleware::from_fn(error_pages))
            .layer(CatchPanicLayer::custom(|_| {
                tracing::error!("handler panicked");
                error_page(StatusCode::INTERNAL_SERVER_ERROR)
            }))
            .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30)))
            .layer(RequestBodyLimitLayer::new(BODY_LIMIT)),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorTemplate {
    ctx: PageCtx,
    status: u16,
}

/// Renders the page of any response marked with [`ErrorPage`], in the
/// request's language and with its request id.
async fn error_pages(req: Request, next: Next) -> Response {
    let ctx = PageCtx::from_parts(req.headers(), req.uri(), req.extensions());
    let response = next.run(req).await;
    match response.extensions().get::<ErrorPage>() {
        Some(ErrorPage(status)) => {
            let status = *status;
            (status, ErrorTemplate { ctx, status: status.as_u16() }).into_response()
        }
        None => response,
    }
}
