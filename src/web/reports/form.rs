//! The report form of a body's week: one compact row per checkpoint the
//! body reports on, details on demand, the others folded away. Opening it
//! writes nothing; saving creates the draft. A form opened on a revision
//! that changed since shows the conflict page: the user's input intact,
//! beside what is stored now.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{filer, locate_report};
use crate::db::reports::{self, Content, Revision};
use crate::domain::FieldErrors;
use crate::domain::body::Body;
use crate::domain::report::{DraftForm, EntryForm, IssueCategory, ProposedStatus, Severity, field};
use crate::domain::review::week_has_started;
use crate::domain::week::IsoWeek;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::page::PageCtx;
use crate::workflow::reports::{self as workflow, Filer, Opened};

/// One checkpoint's row of the form.
pub struct FormRow {
    pub id: i64,
    pub name_en: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub included: bool,
    /// The body's last figure the decrease rule compares with.
    pub previous: Option<u8>,
    pub entry: EntryForm,
    pub milestones: Vec<MilestoneRow>,
    /// Open the details: they hold an error or something typed.
    pub open: bool,
}

impl FormRow {
    /// The change of the typed percent against the previous figure.
    pub fn delta(&self) -> Option<i16> {
        let now: i16 = self.entry.percent_complete.trim().parse().ok()?;
        Some(now - i16::from(self.previous?))
    }
}

/// A milestone of a row, with what the form says of it.
pub struct MilestoneRow {
    pub id: i64,
    pub title: String,
    pub done: bool,
    pub date: String,
    /// Already recorded as done on the milestone.
    pub recorded: Option<chrono::NaiveDate>,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/form.html")]
pub struct FormPage {
    ctx: PageCtx,
    body: Body,
    week: IsoWeek,
    number: i32,
    version: i32,
    no_change: bool,
    rows: Vec<FormRow>,
    others: Vec<FormRow>,
    errors: FieldErrors,
    /// On a conflict: what is stored now, shown beside the user's input.
    conflict: Option<Content>,
    current: Option<Revision>,
    saved: bool,
    deadline: String,
    statuses: Vec<(&'static str, String)>,
    categories: Vec<(&'static str, String)>,
    severities: Vec<(&'static str, String)>,
}

impl FormPage {
    /// When the returned report is due corrected, as shown.
    fn correction_due(&self) -> String {
        let due = self.current.as_ref().and_then(|c| c.correction_due);
        due.map(|d| self.ctx.tr.datetime(&d)).unwrap_or_default()
    }

    /// The error of an entry's field, if any.
    fn error(&self, id: &i64, name: &str) -> Option<&'static str> {
        self.errors.get(&field(*id, name))
    }

    async fn build(
        state: &AppState,
        ctx: PageCtx,
        (body, week): (Body, IsoWeek),
        (number, version): (i32, i32),
        form: DraftForm,
        errors: FieldErrors,
    ) -> AppResult<FormPage> {
        let mut conn = state.pool.acquire().await?;
        let (checkpoints, milestones) = reports::form_register(&mut conn).await?;
        let previous = reports::previous_figures(&mut *conn, body, week, number).await?;
        drop(conn);
        let mut by_checkpoint: HashMap<i64, Vec<reports::FormMilestone>> = HashMap::new();
        for m in milestones {
            by_checkpoint.entry(m.checkpoint_id).or_default().push(m);
        }
        let (mut rows, mut others) = (Vec::new(), Vec::new());
        for c in checkpoints {
            let entry = form.entries.iter().find(|e| e.checkpoint_id == c.id).cloned();
            let milestones = by_checkpoint
                .remove(&c.id)
                .unwrap_or_default()
                .into_iter()
                .map(|m| {
                    let update = entry.as_ref().and_then(|e| e.milestones.iter().find(|u| u.milestone_id == m.id));
                    MilestoneRow {
                        id: m.id,
                        title: m.title,
                        done: update.is_some_and(|u| u.done),
                        date: update.map(|u| u.actual_date.clone()).unwrap_or_default(),
                        recorded: m.actual_finish,
                    }
                })
                .collect();
            let prefix = format!("c{}.", c.id);
            let has_error = errors.iter().any(|(f, _)| f.starts_with(&prefix) && !f.ends_with(".percent"));
            let included = entry.is_some();
            let entry = entry.unwrap_or_default();
            let typed = !entry.decrease_explanation.is_empty() || !entry.proposed_date.is_empty();
            let row = FormRow {
                id: c.id,
                included,
                previous: previous.get(&c.id).copied(),
                open: has_error || typed,
                entry,
                milestones,
                name_en: c.name_en,
                name_ru: c.name_ru,
                name_kk: c.name_kk,
            };
            if included { rows.push(row) } else { others.push(row) }
        }
        let tr = &ctx.tr;
        let labels =
            |prefix: &str, codes: Vec<&'static str>| codes.into_iter().map(|c| (c, tr.code(prefix, c))).collect();
        Ok(FormPage {
            body,
            week,
            number,
            version,
            no_change: form.no_change,
            rows,
            others,
            errors,
            conflict: None,
            current: None,
            saved: false,
            deadline: tr.datetime(&state.settings.report_deadline.of(week)),
            statuses: labels("proposed-status", ProposedStatus::ALL.iter().map(|s| s.as_str()).collect()),
            categories: labels("issue-category", IssueCategory::ALL.iter().map(|s| s.as_str()).collect()),
            severities: labels("severity", Severity::ALL.iter().map(|s| s.as_str()).collect()),
            ctx,
        })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OpenQuery {
    saved: Option<String>,
}

/// The form: the stored draft, or what a draft would start from.
pub async fn open(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((body, week)): Path<(String, String)>,
    Query(q): Query<OpenQuery>,
) -> AppResult<Response> {
    let (body, week) = locate_report(&body, &week)?;
    filer(&ctx, body)?;
    // Nothing to file before the week starts.
    if !week_has_started(week, state.clock.now()) {
        return Err(AppError::NotFound);
    }
    let opened = workflow::open(&state, body, week).await?;
    let form = workflow::form_of(&opened.content);
    let mut page =
        FormPage::build(&state, ctx, (body, week), (opened.number, opened.version), form, FieldErrors::new()).await?;
    page.current = opened.current;
    page.saved = q.saved.is_some() && opened.saved;
    Ok(page.into_response())
}

/// Saves the draft (`action=save`) or saves and submits it (`action=submit`).
pub async fn save_or_submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((body, week)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (body, week) = locate_report(&body, &week)?;
    let who = filer(&ctx, body)?;
    let submit = pairs.iter().any(|(k, v)| k == "action" && v == "submit");
    let form = DraftForm::from_pairs(&pairs);
    let opened_on = (form.number.trim().parse().unwrap_or(0), form.version.trim().parse().unwrap_or(0));
    let outcome = if submit {
        workflow::save_and_submit(&state, &who, week, &form).await
    } else {
        workflow::save(&state, &who, week, &form).await.map(|saved| Err((saved, FieldErrors::new())))
    };
    match outcome {
        Ok(Ok(_)) => Ok(Redirect::to(&format!("/reports/{body}/{week}")).into_response()),
        Ok(Err((_, errors))) if errors.is_empty() => {
            Ok(Redirect::to(&format!("/reports/{body}/{week}/draft?saved=1")).into_response())
        }
        // Saved, but not submittable: the saved draft with the reasons.
        Ok(Err((saved, errors))) => {
            let page = FormPage::build(&state, ctx, (body, week), (saved.number, saved.version), form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let page = FormPage::build(&state, ctx, (body, week), opened_on, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(AppError::Conflict) => conflict(&state, ctx, &who, week, form, submit).await,
        Err(e) => Err(e),
    }
}

/// Someone saved or submitted since the form was opened. A second click
/// of the same submit finds its content filed already: it goes to the
/// report. Otherwise the user's input stays in the form, with the stored
/// content beside it; saving again replaces it deliberately.
async fn conflict(
    state: &AppState,
    ctx: PageCtx,
    who: &Filer,
    week: IsoWeek,
    form: DraftForm,
    submit: bool,
) -> AppResult<Response> {
    let body = who.body;
    let now: Opened = workflow::open(state, body, week).await?;
    let filed_already = submit
        && !now.saved
        && now.current.as_ref().is_some_and(|c| c.number.to_string() == form.number.trim())
        && workflow::same_content(state, &form, &now.content).await?;
    if filed_already {
        return Ok(Redirect::to(&format!("/reports/{body}/{week}")).into_response());
    }
    let mut page =
        FormPage::build(state, ctx, (body, week), (now.number, now.version), form, FieldErrors::new()).await?;
    page.conflict = Some(now.content);
    page.current = now.current;
    Ok((StatusCode::CONFLICT, page).into_response())
}

/// Opens an amendment of the submitted report, then its form.
pub async fn amend(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((body, week)): Path<(String, String)>,
) -> AppResult<Response> {
    let (body, week) = locate_report(&body, &week)?;
    let who = filer(&ctx, body)?;
    workflow::amend(&state, &who, week).await?;
    Ok(Redirect::to(&format!("/reports/{body}/{week}/draft")).into_response())
}
