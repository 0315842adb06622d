//! Personal API tokens: each account creates and revokes its own. A token
//! is shown once, when created, and expires when its creator chose.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::page::{PageCtx, SelectOption, parse_id};
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::tokens::{self, Token};
use crate::domain::FieldErrors;
use crate::domain::token_expiry::{self, CHOICES, DEFAULT_DAYS, UNTIL_DATE};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Any signed-in account manages its own tokens (a token can do what its
/// account can, through the API only).
pub fn routes() -> Routes {
    let own = Access::Signed(Permission::SignedIn);
    Routes::new().get("/tokens", own, list).post("/tokens", own, create).post("/tokens/{id}/revoke", own, revoke)
}

#[derive(Template, WebTemplate)]
#[template(path = "tokens.html")]
struct TokensPage {
    ctx: PageCtx,
    tokens: Vec<Token>,
    /// The token just created, shown this once.
    created: Option<String>,
    /// The creation form, as typed when it is refused.
    form: CreateForm,
    errors: FieldErrors,
    expiry_options: Vec<SelectOption>,
    /// Real time, to mark expired tokens (see auth::session::current_user).
    now: DateTime<Utc>,
}

impl TokensPage {
    async fn render(state: &AppState, ctx: PageCtx, form: CreateForm, errors: FieldErrors) -> AppResult<Self> {
        let tokens = tokens::for_user(&state.pool, ctx.signed_in()?.id).await?;
        let current = if form.expires.is_empty() { DEFAULT_DAYS.to_string() } else { form.expires.clone() };
        let mut expiry_options: Vec<_> = CHOICES
            .iter()
            .map(|days| {
                let days = days.to_string();
                SelectOption::new(days.clone(), ctx.tr.code("tokens-expiry", &days), &current)
            })
            .collect();
        expiry_options.push(SelectOption::new(UNTIL_DATE, ctx.tr.t("tokens-expiry-date"), &current));
        Ok(TokensPage { ctx, tokens, created: None, form, errors, expiry_options, now: Utc::now() })
    }
}

async fn list(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    Ok(TokensPage::render(&state, ctx, CreateForm::default(), FieldErrors::new()).await?.into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CreateForm {
    label: String,
    /// Days of [`CHOICES`], or [`UNTIL_DATE`].
    expires: String,
    /// The last day, when `expires` is [`UNTIL_DATE`].
    expires_on: String,
}

async fn create(State(state): State<AppState>, ctx: PageCtx, Form(form): Form<CreateForm>) -> AppResult<Response> {
    let user_id = ctx.signed_in()?.id;
    let label: String = form.label.replace('\0', "").trim().chars().take(100).collect();
    // A form without the field (an old page, a script) gets the default.
    let choice = if form.expires.trim().is_empty() { DEFAULT_DAYS.to_string() } else { form.expires.clone() };
    let expires_at = match token_expiry::parse(&choice, &form.expires_on, Utc::now()) {
        Ok(at) => at,
        Err((field, key)) => {
            let mut errors = FieldErrors::new();
            errors.add(field, key);
            let page = TokensPage::render(&state, ctx, form, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let mut tx = state.pool.begin().await?;
    let token = tokens::create(&mut tx, user_id, &label, expires_at, &ctx.actor()).await?;
    tx.commit().await?;
    let page = TokensPage::render(&state, ctx, CreateForm::default(), FieldErrors::new()).await?;
    Ok(TokensPage { created: Some(token), ..page }.into_response())
}

async fn revoke(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> AppResult<Response> {
    let user_id = ctx.signed_in()?.id;
    let mut tx = state.pool.begin().await?;
    // Only one's own tokens: another account's id is a 404, not a hint.
    if !tokens::revoke(&mut tx, user_id, parse_id(&id)?, &ctx.actor()).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(Redirect::to("/tokens").into_response())
}
