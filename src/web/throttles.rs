//! Sign-in throttles for administrators: which accounts and addresses are
//! being slowed down now, and a button to clear one (audited).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::page::{PageCtx, parse_id};
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::throttles::{self, Throttle};
use crate::error::AppResult;
use crate::state::AppState;

/// Administrators only, like the accounts they protect.
pub fn routes() -> Routes {
    let admin = Access::Signed(Permission::ManageUsers);
    Routes::new().get("/users/throttles", admin, list).post("/users/throttles/{id}/clear", admin, clear)
}

#[derive(Template, WebTemplate)]
#[template(path = "users/throttles.html")]
struct ListPage {
    ctx: PageCtx,
    throttles: Vec<Throttle>,
}

async fn list(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let throttles = throttles::active(&state.pool).await?;
    Ok(ListPage { ctx, throttles }.into_response())
}

/// Clears one throttle. One already cleared (a second click, another
/// administrator) is no error: the list shows what is left.
async fn clear(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let mut tx = state.pool.begin().await?;
    if throttles::clear(&mut tx, id, &ctx.actor()).await? {
        tracing::info!(throttle = id, by = %ctx.actor().name, "sign-in throttle cleared");
    }
    tx.commit().await?;
    Ok(Redirect::to("/users/throttles").into_response())
}
