//! Milestones of a checkpoint: create, edit, and revise their planned dates.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::page::{PageCtx, SelectOption, parse_id};
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::Versioned;
use crate::db::checkpoints::{self, Checkpoint};
use crate::db::date_revisions::{self, DateTarget, ReviseError};
use crate::db::milestones::{self as store, Milestone};
use crate::domain::FieldErrors;
use crate::domain::checkpoint::parse_version;
use crate::domain::milestone::{DateConfidence, DateField, DateRevisionForm, MilestoneForm, MilestoneKind};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Routes and who may use them: milestones are part of the register, which
/// only administrators change (they are read on the checkpoint's page).
pub fn routes() -> Routes {
    let edit = Access::Signed(Permission::EditRegister);
    Routes::new()
        .post("/checkpoints/{id}/milestones", edit, create)
        .get("/checkpoints/{id}/milestones/new", edit, new_form)
        .get("/checkpoints/{id}/milestones/{mid}/edit", edit, edit_form)
        .post("/checkpoints/{id}/milestones/{mid}/edit", edit, update)
        .get("/checkpoints/{id}/milestones/{mid}/dates", edit, revise_form)
        .post("/checkpoints/{id}/milestones/{mid}/dates", edit, revise)
}

#[derive(Template, WebTemplate)]
#[template(path = "milestones/form.html")]
pub struct FormPage {
    ctx: PageCtx,
    c: Checkpoint,
    /// `None` when creating.
    milestone: Option<Milestone>,
    form: MilestoneForm,
    errors: FieldErrors,
    stale: bool,
    kinds: Vec<SelectOption>,
    confidences: Vec<SelectOption>,
}

impl FormPage {
    fn new(
        ctx: PageCtx,
        c: Checkpoint,
        milestone: Option<Milestone>,
        form: MilestoneForm,
        errors: FieldErrors,
    ) -> Self {
        let kinds = std::iter::once(SelectOption::new("", ctx.tr.t("choice-select"), &form.kind))
            .chain(
                MilestoneKind::ALL
                    .iter()
                    .map(|k| SelectOption::new(k.as_str(), ctx.tr.code("milestone-kind", k.as_str()), &form.kind)),
            )
            .collect();
        let confidences = DateConfidence::ALL
            .iter()
            .map(|k| SelectOption::new(k.as_str(), ctx.tr.code("confidence", k.as_str()), &form.date_confidence))
            .collect();
        FormPage { ctx, c, milestone, form, errors, stale: false, kinds, confidences }
    }
}

async fn load_checkpoint(state: &AppState, id: &str) -> AppResult<Checkpoint> {
    checkpoints::get(&state.pool, parse_id(id)?).await?.ok_or(AppError::NotFound)
}

async fn load(state: &AppState, id: &str, mid: &str) -> AppResult<(Checkpoint, Milestone)> {
    let c = load_checkpoint(state, id).await?;
    let m = store::get(&state.pool, c.id, parse_id(mid)?).await?.ok_or(AppError::NotFound)?;
    Ok((c, m))
}

fn form_from(m: &Milestone) -> MilestoneForm {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    MilestoneForm {
        title: m.title.clone(),
        kind: m.kind.clone(),
        planned_start: date(m.planned_start),
        planned_finish: date(m.planned_finish),
        actual_finish: date(m.actual_finish),
        date_confidence: m.date_confidence.clone(),
        percent_complete: m.percent_complete.to_string(),
        version: m.version.to_string(),
    }
}

async fn new_form(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> AppResult<Response> {
    let c = load_checkpoint(&state, &id).await?;
    let form = MilestoneForm { percent_complete: "0".into(), ..Default::default() };
    Ok(FormPage::new(ctx, c, None, form, FieldErrors::new()).into_response())
}

async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<MilestoneForm>,
) -> AppResult<Response> {
    let c = load_checkpoint(&state, &id).await?;
    let input = match form.parse(state.clock.today()) {
        Ok(input) => input,
        Err(errors) => {
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, FormPage::new(ctx, c, None, form, errors)).into_response());
        }
    };
    let mut tx = state.pool.begin().await?;
    store::create(&mut tx, c.id, &input, &ctx.actor()).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/checkpoints/{}#milestones", c.id)).into_response())
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, mid)): Path<(String, String)>,
) -> AppResult<Response> {
    let (c, m) = load(&state, &id, &mid).await?;
    let form = form_from(&m);
    Ok(FormPage::new(ctx, c, Some(m), form, FieldErrors::new()).into_response())
}

async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, mid)): Path<(String, String)>,
    Form(form): Form<MilestoneForm>,
) -> AppResult<Response> {
    let (c, m) = load(&state, &id, &mid).await?;
    // Planned dates are not edited here (they change by revision), so the
    // form's copies are the stored ones.
    let form = MilestoneForm {
        planned_start: form_from(&m).planned_start,
        planned_finish: form_from(&m).planned_finish,
        ..form
    };
    let input = match form.parse(state.clock.today()) {
        Ok(input) => input,
        Err(errors) => {
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, FormPage::new(ctx, c, Some(m), form, errors)).into_response());
        }
    };
    let version = parse_version(&form.version).unwrap_or(0);
    let mut tx = state.pool.begin().await?;
    match store::update(&mut tx, c.id, m.id, version, &input, &ctx.actor()).await? {
        Versioned::Saved(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/checkpoints/{}#milestones", c.id)).into_response())
        }
        Versioned::Stale => {
            let form = MilestoneForm { version: m.version.to_string(), ..form };
            let mut page = FormPage::new(ctx, c, Some(m), form, FieldErrors::new());
            page.stale = true;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "milestones/revise.html")]
pub struct RevisePage {
    ctx: PageCtx,
    c: Checkpoint,
    m: Milestone,
    form: DateRevisionForm,
    errors: FieldErrors,
    fields: Vec<SelectOption>,
}

impl RevisePage {
    fn new(ctx: PageCtx, c: Checkpoint, m: Milestone, form: DateRevisionForm, errors: FieldErrors) -> Self {
        let fields = [DateField::Start, DateField::Finish]
            .iter()
            .map(|f| SelectOption::new(f.as_str(), ctx.tr.code("date-field", f.as_str()), &form.field))
            .collect();
        RevisePage { ctx, c, m, form, errors, fields }
    }
}

async fn revise_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, mid)): Path<(String, String)>,
) -> AppResult<Response> {
    let (c, m) = load(&state, &id, &mid).await?;
    let form = DateRevisionForm {
        field: DateField::Finish.as_str().to_owned(),
        new_date: m.planned_finish.map(|d| d.to_string()).unwrap_or_default(),
        reason: String::new(),
    };
    Ok(RevisePage::new(ctx, c, m, form, FieldErrors::new()).into_response())
}

async fn revise(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, mid)): Path<(String, String)>,
    Form(form): Form<DateRevisionForm>,
) -> AppResult<Response> {
    let (c, m) = load(&state, &id, &mid).await?;
    let input = match form.parse(&[DateField::Start, DateField::Finish]) {
        Ok(input) => input,
        Err(errors) => {
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, RevisePage::new(ctx, c, m, form, errors)).into_response());
        }
    };
    let mut tx = state.pool.begin().await?;
    let target = DateTarget::Milestone { checkpoint_id: c.id, milestone_id: m.id };
    match date_revisions::revise(&mut tx, target, input.field, input.new_date, &input.reason, &ctx.actor()).await? {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/checkpoints/{}#timeline", c.id)).into_response())
        }
        Err(ReviseError::NotFound) => Err(AppError::NotFound),
        Err(refused) => {
            let mut errors = FieldErrors::new();
            errors.add("new_date", refused.message_key());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, RevisePage::new(ctx, c, m, form, errors)).into_response())
        }
    }
}
