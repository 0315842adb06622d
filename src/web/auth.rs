//! Signing in and out.

use std::net::{IpAddr, Ipv4Addr};

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::DurationRound;
use serde::Deserialize;
use tower_sessions::Session;

use super::page::{PageCtx, local_path};
use super::routes::Routes;
use crate::auth::session::{Authenticator, sign_in, sign_out};
use crate::auth::{Access, Permission, password};
use crate::db::audit::{self, Actor, Change};
use crate::db::throttles::{self, Gate};
use crate::db::users;
use crate::domain::user::parse_username;
use crate::error::AppResult;
use crate::state::AppState;

/// The login page is public (it has to be); logging out needs a session.
pub fn routes() -> Routes {
    Routes::new().get("/login", Access::Public, login_form).post("/login", Access::Public, login).post(
        "/logout",
        Access::Signed(Permission::SignedIn),
        logout,
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    username: String,
    password: String,
    next: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: PageCtx,
    username: String,
    next: String,
    /// A translation key, or "".
    error: String,
    error_arg: String,
}

/// Only a path on this site (and not the login itself), so that the login
/// cannot redirect elsewhere.
fn safe_next(next: &str) -> String {
    match local_path(next) {
        Some(path) if !path.starts_with("/login") => path.to_owned(),
        _ => "/".to_owned(),
    }
}

async fn login_form(ctx: PageCtx, auth: Authenticator, Query(query): Query<LoginForm>) -> AppResult<Response> {
    if auth.current_user().await?.is_some() {
        return Ok(Redirect::to(&safe_next(&query.next)).into_response());
    }
    let page = LoginPage {
        ctx,
        username: String::new(),
        next: safe_next(&query.next),
        error: String::new(),
        error_arg: String::new(),
    };
    Ok(page.into_response())
}

async fn login(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(&form.next);
    let typed = form.username.trim().chars().take(64).collect::<String>();
    let refuse = |ctx: PageCtx, status: StatusCode, error: &str, arg: String| {
        let page =
            LoginPage { ctx, username: typed.clone(), next: next.clone(), error: error.to_owned(), error_arg: arg };
        (status, page).into_response()
    };
    if typed.is_empty() || form.password.is_empty() {
        return Ok(refuse(ctx, StatusCode::UNPROCESSABLE_ENTITY, "login-incomplete", String::new()));
    }
    let username = parse_username(&form.username).unwrap_or_default();
    // Real time, like login_attempts.at: see auth::session::current_user.
    let now = chrono::Utc::now();
    // Every connection has a peer; the unspecified address only stands in
    // for one in case a request ever comes without (they share a throttle).
    let client = ctx.client_addr.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let attempt = Actor { user_id: None, name: typed.clone(), ..ctx.actor() };
    // Checked and counted in one transaction: parallel guesses take turns.
    let mut tx = state.pool.begin().await?;
    let gate = throttles::check_and_count(&mut tx, &username, client).await?;
    if let Gate::Refused { until } = gate {
        let change =
            Change { action: "auth.login_throttled", entity: "user", entity_id: None, before: None, after: None };
        audit::record(&mut *tx, &attempt, change).await?;
        tx.commit().await?;
        tracing::warn!(username = %typed, client = %client, %until, "sign-in throttled: the password was not checked");
        let mut response = refuse(ctx, StatusCode::TOO_MANY_REQUESTS, "login-throttled", local_time(&until));
        let wait = (until - now).num_seconds().max(1);
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, wait.into());
        return Ok(response);
    }
    tx.commit().await?;
    let stored = if username.is_empty() { None } else { users::password_hash(&state.pool, &username).await? };
    let (user_id, hash) = stored.map_or((None, None), |(id, hash)| (Some(id), Some(hash)));
    let ok = password::verify(form.password, hash).await;
    let mut tx = state.pool.begin().await?;
    users::record_attempt(&mut *tx, &username, ctx.client_addr, ok).await?;
    match (ok, user_id) {
        (true, Some(id)) => {
            throttles::succeeded(&mut tx, &username, client).await?;
            let actor = Actor { user_id: Some(id), name: username.clone(), ..ctx.actor() };
            let change =
                Change { action: "auth.login", entity: "user", entity_id: Some(id), before: None, after: None };
            audit::record(&mut *tx, &actor, change).await?;
            tx.commit().await?;
            sign_in(&session, id, now).await?;
            let mut response = Redirect::to(&next).into_response();
            // The account's language beats what this browser had chosen.
            let stored = users::language(&state.pool, id).await?;
            if let Some(lang) = stored.as_deref().and_then(crate::i18n::Lang::parse) {
                let cookie = crate::web::language::cookie(lang, state.settings.secure_cookies);
                response.headers_mut().append(axum::http::header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        _ => {
            let change =
                Change { action: "auth.login_failed", entity: "user", entity_id: user_id, before: None, after: None };
            audit::record(&mut *tx, &attempt, change).await?;
            tx.commit().await?;
            Ok(refuse(ctx, StatusCode::UNAUTHORIZED, "login-failed", String::new()))
        }
    }
}

/// A time of day in Kazakhstan, for "try again after": rounded up to the
/// minute, so that trying at that minute is never too early.
fn local_time(at: &chrono::DateTime<chrono::Utc>) -> String {
    let rounded = at.duration_round_up(chrono::TimeDelta::minutes(1)).unwrap_or(*at);
    rounded.with_timezone(&crate::domain::dates::ZONE).format("%H:%M").to_string()
}

async fn logout(State(state): State<AppState>, ctx: PageCtx, session: Session) -> AppResult<Response> {
    let actor = ctx.actor();
    let change = Change { action: "auth.logout", entity: "user", entity_id: actor.user_id, before: None, after: None };
    audit::record(&state.pool, &actor, change).await?;
    sign_out(&session).await?;
    Ok(Redirect::to("/login").into_response())
}
