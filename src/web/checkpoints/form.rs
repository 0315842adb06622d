//! Creating and editing a checkpoint, and revising its commissioning date:
//! administrators only.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::load;
use crate::db::checkpoints::{self as store, Checkpoint};
use crate::db::date_revisions::{self, DateTarget, ReviseError};
use crate::db::{self, Versioned};
use crate::domain::FieldErrors;
use crate::domain::checkpoint::{BorderCountry, CheckpointForm, CheckpointKind, LifecycleStatus, parse_version};
use crate::domain::milestone::{DateField, DateRevisionForm};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::page::{PageCtx, SelectOption};

// ---------------------------------------------------------------- create and edit

#[derive(Template, WebTemplate)]
#[template(path = "checkpoints/form.html")]
pub struct FormPage {
    ctx: PageCtx,
    /// `None` when creating.
    id: Option<i64>,
    form: CheckpointForm,
    errors: FieldErrors,
    /// Set when someone else saved the record after this form was opened.
    stale: bool,
    borders: Vec<SelectOption>,
    kinds: Vec<SelectOption>,
    programmes: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
    bodies: Vec<SelectOption>,
    regions: Vec<SelectOption>,
}

impl FormPage {
    async fn build(
        state: &AppState,
        ctx: PageCtx,
        id: Option<i64>,
        form: CheckpointForm,
        errors: FieldErrors,
    ) -> AppResult<Self> {
        let tr = &ctx.tr;
        let choices = |prefix: &str, codes: Vec<String>, current: &str| {
            let mut options = vec![SelectOption::new("", tr.t("choice-unknown"), current)];
            options.extend(codes.into_iter().map(|c| SelectOption::new(c.clone(), tr.code(prefix, &c), current)));
            options
        };
        let borders =
            choices("border", BorderCountry::ALL.iter().map(|b| b.as_str().to_owned()).collect(), &form.border_country);
        let kinds = choices("kind", CheckpointKind::ALL.iter().map(|k| k.as_str().to_owned()).collect(), &form.kind);
        let programmes = choices("programme", db::codes::programmes(&state.pool).await?, &form.programme);
        let bodies = choices(
            "body",
            db::codes::bodies(&state.pool).await?.into_iter().map(|b| b.code).collect(),
            &form.responsible_body,
        );
        let statuses = LifecycleStatus::ALL
            .iter()
            .map(|s| SelectOption::new(s.as_str(), tr.code("status", s.as_str()), &form.status))
            .collect();
        // In the reader's alphabet's order.
        let mut regions: Vec<SelectOption> = db::codes::regions(&state.pool)
            .await?
            .into_iter()
            .map(|r| SelectOption::new(r.code.clone(), tr.region_name(&r.code), &form.region))
            .collect();
        regions.sort_by_cached_key(|o| o.label.to_lowercase());
        regions.insert(0, SelectOption::new("", tr.t("choice-unknown"), &form.region));
        Ok(FormPage { ctx, id, form, errors, stale: false, borders, kinds, programmes, statuses, bodies, regions })
    }
}

fn form_from(c: &Checkpoint) -> CheckpointForm {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    CheckpointForm {
        name_en: c.name_en.clone(),
        name_ru: c.name_ru.clone(),
        name_kk: c.name_kk.clone().unwrap_or_default(),
        border_country: c.border_country.clone().unwrap_or_default(),
        region: c.region.clone().unwrap_or_default(),
        kind: c.kind.clone().unwrap_or_default(),
        programme: c.programme.clone().unwrap_or_default(),
        status: c.status.clone(),
        planned_commissioning: date(c.planned_commissioning),
        actual_commissioning: date(c.actual_commissioning),
        responsible_body: c.responsible_body.clone().unwrap_or_default(),
        notes: c.notes.clone(),
        sources: c.sources.clone(),
        version: c.version.to_string(),
    }
}

pub async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let form = CheckpointForm { status: LifecycleStatus::Unknown.as_str().to_owned(), ..Default::default() };
    Ok(FormPage::build(&state, ctx, None, form, FieldErrors::new()).await?.into_response())
}

/// Turns a unique-name violation into the field error it is.
fn name_taken(err: &sqlx::Error) -> Option<FieldErrors> {
    let field = match db::violated_unique(err)? {
        "checkpoints_name_en_key" => "name_en",
        "checkpoints_name_ru_key" => "name_ru",
        _ => return None,
    };
    let mut errors = FieldErrors::new();
    errors.add(field, "error-name-taken");
    Some(errors)
}

async fn invalid(
    state: &AppState,
    ctx: PageCtx,
    id: Option<i64>,
    form: CheckpointForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let page = FormPage::build(state, ctx, id, form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<CheckpointForm>,
) -> AppResult<Response> {
    let known = db::codes::known(&state.pool).await?;
    let input = match form.parse(&known, state.clock.today()) {
        Ok(input) => input,
        Err(errors) => return invalid(&state, ctx, None, form, errors).await,
    };
    let mut tx = state.pool.begin().await?;
    let id = match store::create(&mut tx, &input, "first plan", &ctx.actor()).await {
        Ok(id) => id,
        Err(e) => match name_taken(&e) {
            Some(errors) => return invalid(&state, ctx, None, form, errors).await,
            None => return Err(e.into()),
        },
    };
    tx.commit().await?;
    Ok(Redirect::to(&format!("/checkpoints/{id}")).into_response())
}

pub async fn edit_form(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> AppResult<Response> {
    let c = load(&state, &id).await?;
    Ok(FormPage::build(&state, ctx, Some(c.id), form_from(&c), FieldErrors::new()).await?.into_response())
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<CheckpointForm>,
) -> AppResult<Response> {
    let current = load(&state, &id).await?;
    // The planned date is not edited here (it changes by revision only).
    let form = CheckpointForm { planned_commissioning: form_from(&current).planned_commissioning, ..form };
    let known = db::codes::known(&state.pool).await?;
    let input = match form.parse(&known, state.clock.today()) {
        Ok(input) => input,
        Err(errors) => return invalid(&state, ctx, Some(current.id), form, errors).await,
    };
    let version = parse_version(&form.version).unwrap_or(0);
    let mut tx = state.pool.begin().await?;
    match store::update(&mut tx, current.id, version, &input, &ctx.actor()).await {
        Ok(Versioned::Saved(_)) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/checkpoints/{}", current.id)).into_response())
        }
        Ok(Versioned::Stale) => {
            // Keep the user's input; adopt the current version so that a
            // deliberate second save, after reading the change, goes through.
            let form = CheckpointForm { version: current.version.to_string(), ..form };
            let mut page = FormPage::build(&state, ctx, Some(current.id), form, FieldErrors::new()).await?;
            page.stale = true;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => match name_taken(&e) {
            Some(errors) => invalid(&state, ctx, Some(current.id), form, errors).await,
            None => Err(e.into()),
        },
    }
}

// ---------------------------------------------------------------- revise the commissioning date

#[derive(Template, WebTemplate)]
#[template(path = "checkpoints/revise.html")]
pub struct RevisePage {
    ctx: PageCtx,
    c: Checkpoint,
    form: DateRevisionForm,
    errors: FieldErrors,
}

pub async fn revise_form(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> AppResult<Response> {
    let c = load(&state, &id).await?;
    let form = DateRevisionForm {
        field: DateField::Commissioning.as_str().to_owned(),
        new_date: c.planned_commissioning.map(|d| d.to_string()).unwrap_or_default(),
        reason: String::new(),
    };
    Ok(RevisePage { ctx, c, form, errors: FieldErrors::new() }.into_response())
}

pub async fn revise(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<DateRevisionForm>,
) -> AppResult<Response> {
    let c = load(&state, &id).await?;
    let form = DateRevisionForm { field: DateField::Commissioning.as_str().to_owned(), ..form };
    let input = match form.parse(&[DateField::Commissioning]) {
        Ok(input) => input,
        Err(errors) => {
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, RevisePage { ctx, c, form, errors }).into_response());
        }
    };
    let mut tx = state.pool.begin().await?;
    let target = DateTarget::Checkpoint(c.id);
    match date_revisions::revise(&mut tx, target, input.field, input.new_date, &input.reason, &ctx.actor()).await? {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/checkpoints/{}#timeline", c.id)).into_response())
        }
        Err(ReviseError::NotFound) => Err(AppError::NotFound),
        Err(refused) => {
            let mut errors = FieldErrors::new();
            errors.add("new_date", refused.message_key());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, RevisePage { ctx, c, form, errors }).into_response())
        }
    }
}
