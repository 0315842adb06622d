//! Sessions (stored in PostgreSQL), the signed-in account of a request,
//! route enforcement and CSRF protection.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use tower_sessions::Session;

use super::csrf;
use super::policy::{self, Access};
use crate::db;
use crate::domain::user::Role;
use crate::error::{AppError, error_page};
use crate::state::AppState;

const USER_ID: &str = "user_id";
const SIGNED_IN_AT: &str = "signed_in_at";
const CSRF: &str = "csrf";
/// The form field every state-changing browser request must carry.
pub const CSRF_FIELD: &str = "csrf_token";

/// The signed-in account, checked against the database on every request, so
/// that a disabled account or a changed role takes effect at once.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub body: Option<crate::domain::body::Body>,
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("session store: {e}"))
}

/// The session store (PostgreSQL) failed to load a session. Its error
/// arrives as text, so ask the database itself whether it is reachable:
/// an outage is a 503 worth retrying, anything else an internal error.
async fn store_failure(state: &AppState, e: tower_sessions::session::Error) -> AppError {
    // Briefly: when the pool is exhausted, the store has already waited
    // the pool's whole acquire timeout.
    let ping = sqlx::query_scalar!("select 1 as one").fetch_one(&state.pool);
    match tokio::time::timeout(std::time::Duration::from_millis(500), ping).await {
        Ok(Err(db)) if crate::error::is_unavailable(&db) => AppError::Unavailable(db),
        Err(_) => AppError::Unavailable(sqlx::Error::PoolTimedOut),
        Ok(_) => session_error(e),
    }
}

/// Finds the signed-in account of a request when a route needs it: public
/// routes (health checks, assets) never touch the session or the accounts.
#[derive(Clone)]
pub struct Authenticator {
    state: AppState,
    session: Session,
}

/// Middleware: gives the request an [`Authenticator`] (no I/O yet).
pub async fn attach_authenticator(
    State(state): State<AppState>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    req.extensions_mut().insert(Authenticator { state, session });
    next.run(req).await
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Authenticator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Authenticator>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no authenticator")))
    }
}

impl Authenticator {
    /// The account of the request's bearer token if it is live, or the
    /// API's error code (`unauthorized`, `token_expired`).
    pub async fn token_user(
        &self,
        headers: &axum::http::HeaderMap,
    ) -> Result<Result<CurrentUser, &'static str>, AppError> {
        const UNAUTHORIZED: &str = "unauthorized";
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let Some(token) = bearer else { return Ok(Err(UNAUTHORIZED)) };
        let user_id = match db::tokens::authenticate(&self.state.pool, token).await? {
            Some(db::tokens::Bearer::Live(user_id)) => user_id,
            Some(db::tokens::Bearer::Expired) => return Ok(Err("token_expired")),
            None => return Ok(Err(UNAUTHORIZED)),
        };
        let user = db::users::get(&self.state.pool, user_id).await?.filter(|u| u.active);
        Ok(user
            .map(|u| CurrentUser {
                id: u.id,
                role: u.role,
                username: u.username,
                display_name: u.display_name,
                body: u.body,
            })
            .ok_or(UNAUTHORIZED))
    }

    /// The session's account, or `None`; ends a session that is no longer
    /// valid (account disabled, password reset, absolute lifetime over).
    pub async fn current_user(&self) -> Result<Option<CurrentUser>, AppError> {
        current_user(&self.state, &self.session).await
    }
}

async fn current_user(state: &AppState, session: &Session) -> Result<Option<CurrentUser>, AppError> {
    let user_id = match session.get::<i64>(USER_ID).await {
        Ok(id) => id,
        // The store failed: an outage (503), or one that has just ended
        // (the database answers again), when loading once more works.
        Err(e) => match store_failure(state, e).await {
            AppError::Internal(_) => session.get::<i64>(USER_ID).await.map_err(session_error)?,
            unavailable => return Err(unavailable),
        },
    };
    let Some(user_id) = user_id else { return Ok(None) };
    let signed_in_at = session.get::<DateTime<Utc>>(SIGNED_IN_AT).await.map_err(session_error)?;
    let user = db::users::get(&state.pool, user_id).await?;
    // Real time, like the database's now() that sessions_valid_after uses:
    // the app's clock is for the reporting calendar, not for security.
    let now = Utc::now();
    let valid = |u: &db::users::User, at: DateTime<Utc>| {
        u.active && at >= u.sessions_valid_after && now - at < state.settings.session_absolute
    };
    match (user, signed_in_at) {
        (Some(u), Some(at)) if valid(&u, at) => Ok(Some(CurrentUser {
            id: u.id,
            role: u.role,
            username: u.username,
            display_name: u.display_name,
            body: u.body,
        })),
        _ => {
            session.flush().await.map_err(session_error)?;
            Ok(None)
        }
    }
}

/// Starts a signed-in session: a new session id (no fixation), a new CSRF
/// token.
pub async fn sign_in(session: &Session, user_id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    session.insert(USER_ID, user_id).await.map_err(session_error)?;
    session.insert(SIGNED_IN_AT, now).await.map_err(session_error)?;
    session.insert(CSRF, csrf::new_token()).await.map_err(session_error)?;
    Ok(())
}

/// Ends the session on the server, not just in the browser.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_error)
}

/// This signed-in session's CSRF token (made at sign-in). It only reads:
/// an anonymous visitor's forms use the double-submit token of
/// [`csrf`], so that no anonymous request stores anything.
pub async fn csrf_token(session: &Session) -> Result<Option<String>, AppError> {
    session.get::<String>(CSRF).await.map_err(session_error)
}

/// Middleware for one route: applies its [`Access`] rule, then, for a
/// state-changing request, the CSRF check. Anonymous requests for pages go
/// to the login page (and come back after); anything else gets 401.
pub async fn enforce(access: Access, mut req: Request, next: Next) -> Response {
    if let Access::Token(permission) = access {
        let Some(authenticator) = req.extensions().get::<Authenticator>().cloned() else {
            return api_error(StatusCode::INTERNAL_SERVER_ERROR, "internal");
        };
        match authenticator.token_user(req.headers()).await {
            Ok(Ok(user)) if policy::allows(user.role, permission) => {
                req.extensions_mut().insert(user);
            }
            Ok(Ok(_)) => return api_error(StatusCode::FORBIDDEN, "forbidden"),
            Ok(Err(code)) => return api_error(StatusCode::UNAUTHORIZED, code),
            Err(e) => return e.into_response(),
        }
        // No cookies are involved, so there is no CSRF to check.
        return next.run(req).await;
    }
    if let Access::Signed(permission) = access {
        let Some(authenticator) = req.extensions().get::<Authenticator>().cloned() else {
            return error_page(StatusCode::INTERNAL_SERVER_ERROR);
        };
        match authenticator.current_user().await {
            Ok(Some(user)) => {
                req.extensions_mut().insert(user);
            }
            Ok(None) => {}
            Err(e) => return e.into_response(),
        }
        match req.extensions().get::<CurrentUser>() {
            None if matches!(*req.method(), Method::GET | Method::HEAD) => {
                let back = req.uri().path_and_query().map_or("/", |pq| pq.as_str());
                let query = serde_urlencoded::to_string([("next", back)]).unwrap_or_default();
                return Redirect::to(&format!("/login?{query}")).into_response();
            }
            None => return error_page(StatusCode::UNAUTHORIZED),
            Some(user) if !policy::allows(user.role, permission) => return error_page(StatusCode::FORBIDDEN),
            Some(_) => {}
        }
    }
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    match check_csrf(req).await {
        Ok(req) => next.run(req).await,
        Err(response) => response,
    }
}

/// Lets the request through only if its form carries this session's token
/// or, on a public route (the login, the language switcher), the anonymous
/// double-submit token of its cookie from this site (see [`csrf`]). The
/// body is read and put back unchanged.
async fn check_csrf(req: Request) -> Result<Request, Response> {
    let forbidden = || error_page(StatusCode::FORBIDDEN);
    let session = req.extensions().get::<Session>().cloned();
    let stored = match session {
        Some(session) => session.get::<String>(CSRF).await.ok().flatten(),
        None => None,
    };
    let signed = req.extensions().get::<CurrentUser>().is_some();
    let public_url = req.extensions().get::<Authenticator>().and_then(|a| a.state.settings.public_url.clone());
    let anonymous = (!signed && !csrf::cross_site(req.headers(), public_url.as_ref()))
        .then(|| csrf::cookie_token(req.headers()).map(str::to_owned))
        .flatten();
    if stored.is_none() && anonymous.is_none() {
        return Err(forbidden());
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(forbidden());
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, crate::config::BODY_LIMIT)
        .await
        .map_err(|_| error_page(StatusCode::PAYLOAD_TOO_LARGE))?;
    let sent = form_urlencoded::parse(&bytes).find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v.into_owned());
    let matches = |expected: &Option<String>| matches!((&sent, expected), (Some(sent), Some(expected)) if csrf::same(sent.as_bytes(), expected.as_bytes()));
    if matches(&stored) || matches(&anonymous) {
        Ok(Request::from_parts(parts, Body::from(bytes)))
    } else {
        Err(forbidden())
    }
}

/// A JSON error of the API: `{"error": code}`.
pub fn api_error(status: StatusCode, code: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": code }))).into_response()
}
