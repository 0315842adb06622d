//! Personal API tokens: each account creates and revokes its own. A token
//! is shown once, when created.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::page::{PageCtx, parse_id};
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::tokens::{self, Token};
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
}

async fn list(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let tokens = tokens::for_user(&state.pool, ctx.signed_in()?.id).await?;
    Ok(TokensPage { ctx, tokens, created: None }.into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CreateForm {
    label: String,
}

async fn create(State(state): State<AppState>, ctx: PageCtx, Form(form): Form<CreateForm>) -> AppResult<Response> {
    let user_id = ctx.signed_in()?.id;
    let label: String = form.label.replace('\0', "").trim().chars().take(100).collect();
    let mut tx = state.pool.begin().await?;
    let token = tokens::create(&mut tx, user_id, &label, &ctx.actor()).await?;
    tx.commit().await?;
    let tokens = tokens::for_user(&state.pool, user_id).await?;
    Ok(TokensPage { ctx, tokens, created: Some(token) }.into_response())
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
