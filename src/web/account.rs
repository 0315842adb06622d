//! `/account/password`: every signed-in person changes their own password.
//! Their other sessions end; this one continues under a new id; their API
//! tokens stay (revoking them is on `/tokens`). The same page signs them out
//! everywhere (`/account/sign-out-everywhere`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::page::PageCtx;
use super::routes::Routes;
use crate::auth::session::{csrf_token, sign_in, sign_out};
use crate::auth::{Access, Permission, password};
use crate::db::users::{self, PasswordChange};
use crate::domain::FieldErrors;
use crate::domain::user::check_password;
use crate::error::AppResult;
use crate::state::AppState;

/// Open to every signed-in account: it only ever changes its own.
pub fn routes() -> Routes {
    let own = Access::Signed(Permission::SignedIn);
    Routes::new().get("/account/password", own, password_form).post("/account/password", own, change_password).post(
        "/account/sign-out-everywhere",
        own,
        sign_out_everywhere,
    )
}

/// As typed. No `Debug`, so that it cannot end up in a log line.
#[derive(Default, Deserialize)]
#[serde(default)]
struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/password.html")]
struct PasswordPage {
    ctx: PageCtx,
    errors: FieldErrors,
    /// The password was just changed: the page confirms it.
    changed: bool,
}

async fn password_form(ctx: PageCtx) -> AppResult<Response> {
    Ok(PasswordPage { ctx, errors: FieldErrors::new(), changed: false }.into_response())
}

/// The field errors of a change, checking the current password against
/// `stored` (argon2, on a blocking thread).
async fn check(form: &PasswordForm, stored: Option<String>) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if form.current_password.is_empty() {
        errors.add("current_password", "error-required");
    } else if !password::verify(form.current_password.clone(), stored).await {
        errors.add("current_password", "error-current-password");
    }
    if let Err(key) = check_password(&form.new_password) {
        errors.add("new_password", key);
    } else if form.confirm_password != form.new_password {
        errors.add("confirm_password", "error-password-mismatch");
    }
    errors
}

async fn change_password(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let user = ctx.signed_in()?.clone();
    let stored = users::password_hash(&state.pool, &user.username).await?.map(|(_, hash)| hash);
    let errors = check(&form, stored).await;
    if !errors.is_empty() {
        // The page never carries a password back.
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, PasswordPage { ctx, errors, changed: false }).into_response());
    }
    let hash = password::hash(form.new_password).await?;
    let mut tx = state.pool.begin().await?;
    // Every session of the account ends, its API tokens stay (audited,
    // without the hash)…
    users::set_password(&mut tx, user.id, &hash, PasswordChange::Own, &ctx.actor()).await?;
    tx.commit().await?;
    // …and this one, whose owner has just proved the password, starts
    // afresh: a new id, a new sign-in time, a new CSRF token.
    sign_in(&session, user.id, chrono::Utc::now()).await?;
    let ctx = PageCtx { csrf: csrf_token(&session).await?.unwrap_or_default(), ..ctx };
    Ok(PasswordPage { ctx, errors, changed: true }.into_response())
}

/// Ends every session of the account, this one included: a person who
/// fears a session left open elsewhere signs in again afresh.
async fn sign_out_everywhere(State(state): State<AppState>, ctx: PageCtx, session: Session) -> AppResult<Response> {
    let user = ctx.signed_in()?;
    let mut tx = state.pool.begin().await?;
    // The other sessions' rows stay until their next request (which ends
    // them, see auth::session::current_user) or their expiry (the
    // maintenance task): a row's data is opaque to SQL, so it cannot be
    // found by account. They are worthless from now on.
    users::end_sessions(&mut tx, user.id, &ctx.actor()).await?;
    tx.commit().await?;
    sign_out(&session).await?;
    Ok(Redirect::to("/login").into_response())
}
