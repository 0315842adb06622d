//! A programme's target, set by an administrator on its own small form
//! (linked from the overview).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::page::PageCtx;
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::Versioned;
use crate::db::programmes::{self, Programme};
use crate::domain::FieldErrors;
use crate::domain::checkpoint::parse_version;
use crate::domain::programme::TargetForm;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn routes() -> Routes {
    let edit = Access::Signed(Permission::EditRegister);
    Routes::new().get("/programmes/{code}/target", edit, form).post("/programmes/{code}/target", edit, save)
}

#[derive(Template, WebTemplate)]
#[template(path = "programmes/target.html")]
struct TargetPage {
    ctx: PageCtx,
    code: String,
    form: TargetForm,
    errors: FieldErrors,
    /// Set when someone else saved the target after this form was opened.
    stale: bool,
}

async fn load(state: &AppState, code: &str) -> AppResult<Programme> {
    // No code holds a NUL, and PostgreSQL refuses one in a parameter.
    if code.contains('\0') {
        return Err(AppError::NotFound);
    }
    programmes::get(&state.pool, code).await?.ok_or(AppError::NotFound)
}

async fn form(State(state): State<AppState>, ctx: PageCtx, Path(code): Path<String>) -> AppResult<Response> {
    let p = load(&state, &code).await?;
    let form = TargetForm::from_stored(p.target, p.version);
    Ok(TargetPage { ctx, code: p.code, form, errors: FieldErrors::new(), stale: false }.into_response())
}

async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Form(form): Form<TargetForm>,
) -> AppResult<Response> {
    let current = load(&state, &code).await?;
    let target = match form.parse() {
        Ok(target) => target,
        Err(errors) => {
            let page = TargetPage { ctx, code: current.code, form, errors, stale: false };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let version = parse_version(&form.version).unwrap_or(0);
    let mut tx = state.pool.begin().await?;
    match programmes::set_target(&mut tx, &current.code, version, target, &ctx.actor()).await? {
        Versioned::Saved(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/#programmes").into_response())
        }
        Versioned::Stale => {
            // Keep the input; adopt the current version so that a deliberate
            // second save, after reading the stored target, goes through.
            let form = TargetForm { version: current.version.to_string(), ..form };
            let page = TargetPage { ctx, code: current.code, form, errors: FieldErrors::new(), stale: true };
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}
