//! The PM office's override of a checkpoint's RAG colour: set with a reason on
//! its own small form (linked from the checkpoint page), or lifted.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::checkpoints::load;
use super::page::{PageCtx, SelectOption};
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::checkpoints::Checkpoint;
use crate::db::rag;
use crate::domain::FieldErrors;
use crate::domain::errors::refuse_nul;
use crate::domain::status::{Rag, RagOverride};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The longest reason accepted, in characters.
pub const MAX_REASON: usize = 10_000;

pub fn routes() -> Routes {
    let review = Access::Signed(Permission::ReviewReports);
    Routes::new().get("/checkpoints/{id}/rag", review, form).post("/checkpoints/{id}/rag", review, save).post(
        "/checkpoints/{id}/rag/lift",
        review,
        lift,
    )
}

/// The override form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RagForm {
    pub rag: String,
    pub reason: String,
}

impl RagForm {
    /// For an override (`lifting` false): the colour and the trimmed reason,
    /// both required. For lifting: no colour, and the reason optional.
    pub fn parse(&self, lifting: bool) -> Result<(Option<Rag>, String), FieldErrors> {
        let mut errors = FieldErrors::new();
        refuse_nul(&mut errors, &[("reason", &self.reason)]);
        let rag = if lifting { None } else { Rag::parse(self.rag.trim()) };
        if !lifting && rag.is_none() {
            errors.add("rag", "error-rag-required");
        }
        let reason = self.reason.trim();
        if !lifting && reason.is_empty() {
            errors.add("reason", "error-rag-reason-required");
        } else if reason.chars().count() > MAX_REASON {
            errors.add("reason", "error-too-long");
        }
        errors.into_result(|| (rag, reason.to_owned()))
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "checkpoints/rag.html")]
struct RagPage {
    ctx: PageCtx,
    c: Checkpoint,
    current: Option<RagOverride>,
    form: RagForm,
    options: Vec<SelectOption>,
    errors: FieldErrors,
}

impl RagPage {
    async fn render(
        state: &AppState,
        ctx: PageCtx,
        c: Checkpoint,
        form: RagForm,
        errors: FieldErrors,
    ) -> AppResult<Self> {
        let current = rag::current(&state.pool, c.id).await?;
        let mut options = vec![SelectOption::new("", ctx.tr.t("rag-choose"), &form.rag)];
        options.extend(
            [Rag::Green, Rag::Amber, Rag::Red]
                .map(|r| SelectOption::new(r.code(), ctx.tr.code("rag", r.code()), &form.rag)),
        );
        Ok(RagPage { ctx, c, current, form, options, errors })
    }
}

fn user_id(ctx: &PageCtx) -> AppResult<i64> {
    ctx.user.as_ref().map(|u| u.id).ok_or(AppError::Forbidden)
}

async fn form(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> AppResult<Response> {
    let c = load(&state, &id).await?;
    Ok(RagPage::render(&state, ctx, c, RagForm::default(), FieldErrors::new()).await?.into_response())
}

async fn save(state: State<AppState>, ctx: PageCtx, id: Path<String>, form: Form<RagForm>) -> AppResult<Response> {
    change(state, ctx, id, form, false).await
}

async fn lift(state: State<AppState>, ctx: PageCtx, id: Path<String>, form: Form<RagForm>) -> AppResult<Response> {
    change(state, ctx, id, form, true).await
}

/// Sets the override, or lifts it, in one audited transaction.
async fn change(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<RagForm>,
    lifting: bool,
) -> AppResult<Response> {
    let c = load(&state, &id).await?;
    let (colour, reason) = match form.parse(lifting) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let page = RagPage::render(&state, ctx, c, form, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let mut tx = state.pool.begin().await?;
    rag::set(&mut tx, c.id, user_id(&ctx)?, colour, &reason, &ctx.actor()).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/checkpoints/{}#rag", c.id)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(rag: &str, reason: &str) -> RagForm {
        RagForm { rag: rag.into(), reason: reason.into() }
    }

    #[test]
    fn an_override_needs_a_colour_and_a_reason_and_lifting_neither() {
        assert_eq!(form("red", " Late ").parse(false), Ok((Some(Rag::Red), "Late".to_owned())));
        assert_eq!(form("red", "  ").parse(false).unwrap_err().get("reason"), Some("error-rag-reason-required"));
        assert_eq!(form("blue", "Late").parse(false).unwrap_err().get("rag"), Some("error-rag-required"));
        let long = "я".repeat(MAX_REASON + 1);
        assert_eq!(form("red", &long).parse(false).unwrap_err().get("reason"), Some("error-too-long"));
        assert!(form("red", &"я".repeat(MAX_REASON)).parse(false).is_ok(), "characters, not bytes");
        assert_eq!(form("red", "").parse(true), Ok((None, String::new())), "lifting ignores the colour");
        assert_eq!(form("", &long).parse(true).unwrap_err().get("reason"), Some("error-too-long"));
    }
}
