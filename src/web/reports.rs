//! Weekly reports: the list, the compliance grid, a report and its
//! revisions, the draft form (save, submit) and the PM office's review.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::page::{PageCtx, SelectOption};
use super::routes::Routes;
use crate::auth::{Access, CurrentUser, Permission};
use crate::db::checkpoints::{self, ListFilter, SortKey};
use crate::db::milestones::{self, Milestone};
use crate::db::reports::{self, Content, Revision, SubmitRefused, Viewer, WeekRow};
use crate::db::{self, Versioned};
use crate::domain::FieldErrors;
use crate::domain::checkpoint::parse_version;
use crate::domain::report::{DraftForm, IssueCategory, ProposedStatus, Severity, field, unexplained_decreases};
use crate::domain::week::{Compliance, IsoWeek};
use crate::error::{AppError, AppResult, error_page};
use crate::state::AppState;

/// Everyone signed in reads submitted reports; ministry staff draft and
/// submit their own body's (checked in the handler too); the PM office
/// (and administrators) review.
pub fn routes() -> Routes {
    let read = Access::Signed(Permission::ReadReports);
    let write = Access::Signed(Permission::WriteReports);
    let review = Access::Signed(Permission::ReviewReports);
    Routes::new()
        .get("/reports", read, list)
        .get("/reports/compliance", read, compliance)
        .get("/reports/{body}/{week}", read, show_current)
        .get("/reports/{body}/{week}/revisions/{number}", read, show_revision)
        .get("/reports/{body}/{week}/draft", write, draft_form)
        .post("/reports/{body}/{week}/draft", write, save_or_submit)
        .post("/reports/{body}/{week}/review", review, review_report)
}

/// How many weeks the list and the grid show.
const WEEKS: usize = 12;

fn user(ctx: &PageCtx) -> AppResult<&CurrentUser> {
    ctx.user.as_ref().ok_or_else(|| AppError::Internal(anyhow::anyhow!("a signed route without a user")))
}

fn viewer(ctx: &PageCtx) -> Viewer<'_> {
    Viewer { body: ctx.user.as_ref().and_then(|u| u.body.as_deref()) }
}

/// The body and week of a report URL; anything else is a 404.
pub async fn locate_report(state: &AppState, body: &str, week: &str) -> AppResult<(String, IsoWeek)> {
    // The weeks the database can hold (reports.iso_year); others do not exist.
    let week: IsoWeek =
        week.parse().ok().filter(|w: &IsoWeek| (2000..=2100).contains(&w.year())).ok_or(AppError::NotFound)?;
    let bodies = db::codes::bodies(&state.pool).await?;
    let body = bodies.into_iter().find(|b| b.code == body).ok_or(AppError::NotFound)?.code;
    Ok((body, week))
}

// ---------------------------------------------------------------- list and grid

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListQuery {
    body: String,
    week: String,
}

/// A row of the list, ready to show.
struct ListRow {
    body: String,
    week: IsoWeek,
    /// A translation key for the state.
    state: &'static str,
    number: Option<i32>,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<ListRow>,
    bodies: Vec<SelectOption>,
    weeks: Vec<SelectOption>,
    this_week: IsoWeek,
    /// The user's own body, when they file reports.
    own_body: Option<String>,
}

fn row_state(row: &WeekRow) -> &'static str {
    match (row.current_status.as_deref(), row.current_late, row.has_draft) {
        (Some("reviewed"), _, _) => "report-state-reviewed",
        (Some("returned"), _, _) => "report-state-returned",
        (Some(_), Some(true), _) => "report-state-submitted-late",
        (Some(_), _, _) => "report-state-submitted",
        (None, _, true) => "report-state-draft",
        (None, _, false) => "report-state-none",
    }
}

async fn list(State(state): State<AppState>, ctx: PageCtx, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let this_week = IsoWeek::at(state.clock.now());
    let weeks = this_week.last(WEEKS);
    let chosen_week = q.week.parse::<IsoWeek>().ok();
    let (from, to) = chosen_week.map_or((weeks[WEEKS - 1], this_week), |w| (w, w));
    let codes: Vec<String> = db::codes::bodies(&state.pool).await?.into_iter().map(|b| b.code).collect();
    let body = codes.iter().find(|c| **c == q.body).map(String::as_str);
    let found = reports::weeks(&state.pool, from, to, body, viewer(&ctx)).await?;
    let rows = found
        .iter()
        .filter_map(|r| {
            Some(ListRow {
                body: r.body.clone(),
                week: IsoWeek::new(r.iso_year, r.iso_week as u32)?,
                state: row_state(r),
                number: r.current_number,
            })
        })
        .collect();
    let tr = &ctx.tr;
    let mut bodies = vec![SelectOption::new("", tr.t("filter-all-bodies"), &q.body)];
    bodies.extend(codes.iter().map(|c| SelectOption::new(c.clone(), tr.code("body", c), &q.body)));
    let mut week_options = vec![SelectOption::new("", tr.t("filter-last-weeks"), &q.week)];
    week_options.extend(weeks.iter().map(|w| SelectOption::new(w.to_string(), tr.week(w), &q.week)));
    let own_body = ctx
        .user
        .as_ref()
        .filter(|u| ctx.can(Permission::WriteReports) && u.body.is_some())
        .and_then(|u| u.body.clone());
    Ok(ListPage { rows, bodies, weeks: week_options, this_week, own_body, ctx }.into_response())
}

/// One cell of the compliance grid.
struct Cell {
    week: IsoWeek,
    /// `on-time`, `late`, `missing`, `draft-only` or `open`.
    class: &'static str,
    link: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/compliance.html")]
struct CompliancePage {
    ctx: PageCtx,
    weeks: Vec<IsoWeek>,
    grid: Vec<(String, Vec<Cell>)>,
    deadline: String,
}

async fn compliance(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let now = state.clock.now();
    let deadline = state.settings.report_deadline;
    let weeks = IsoWeek::at(now).last(WEEKS);
    let rows = reports::weeks(&state.pool, weeks[WEEKS - 1], weeks[0], None, viewer(&ctx)).await?;
    let by_key: HashMap<(&str, IsoWeek), &WeekRow> = rows
        .iter()
        .filter_map(|r| Some(((r.body.as_str(), IsoWeek::new(r.iso_year, r.iso_week as u32)?), r)))
        .collect();
    let mut grid = Vec::new();
    for body in db::codes::bodies(&state.pool).await? {
        let cells = weeks
            .iter()
            .map(|week| {
                let row = by_key.get(&(body.code.as_str(), *week));
                let first = row.and_then(|r| r.first_submitted_at);
                let has_draft = row.is_some_and(|r| r.has_draft);
                let class = match Compliance::of(deadline, *week, first, has_draft, now) {
                    Compliance::OnTime => "on-time",
                    Compliance::Late => "late",
                    Compliance::Missing => "missing",
                    Compliance::DraftOnly => "draft-only",
                    Compliance::Open => "open",
                };
                Cell { week: *week, class, link: first.is_some() }
            })
            .collect();
        grid.push((body.code, cells));
    }
    let deadline = ctx.tr.deadline(&deadline);
    Ok(CompliancePage { weeks, grid, deadline, ctx }.into_response())
}

// ---------------------------------------------------------------- one report

/// What changed for one checkpoint since the body's previous week.
struct Changes {
    percent_delta: Option<i16>,
    status_before: Option<String>,
    opened: Vec<String>,
    closed: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/show.html")]
struct ShowPage {
    ctx: PageCtx,
    body: String,
    week: IsoWeek,
    revision: Revision,
    revisions: Vec<Revision>,
    content: Content,
    changes: HashMap<i64, Changes>,
    /// Date revisions this revision caused: (checkpoint, old, new).
    date_changes: Vec<(String, Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)>,
    is_current: bool,
    can_review: bool,
    can_amend: bool,
}

async fn show_current(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((body, week)): Path<(String, String)>,
) -> AppResult<Response> {
    let (body, week) = locate_report(&state, &body, &week).await?;
    let revisions = reports::revisions(&state.pool, &body, week, viewer(&ctx)).await?;
    match reports::current(&revisions) {
        Some(current) => {
            let number = current.number;
            show(&state, ctx, body, week, revisions, number).await
        }
        // Only a draft: its own body goes to it; nobody else may know of it.
        None if revisions.iter().any(Revision::is_draft) => {
            Ok(Redirect::to(&format!("/reports/{body}/{week}/draft")).into_response())
        }
        None => Err(AppError::NotFound),
    }
}

async fn show_revision(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((body, week, number)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let (body, week) = locate_report(&state, &body, &week).await?;
    let number: i32 = number.parse().map_err(|_| AppError::NotFound)?;
    let revisions = reports::revisions(&state.pool, &body, week, viewer(&ctx)).await?;
    show(&state, ctx, body, week, revisions, number).await
}

async fn show(
    state: &AppState,
    ctx: PageCtx,
    body: String,
    week: IsoWeek,
    revisions: Vec<Revision>,
    number: i32,
) -> AppResult<Response> {
    let revision = revisions.iter().find(|r| r.number == number).cloned().ok_or(AppError::NotFound)?;
    let mut conn = state.pool.acquire().await?;
    let content = reports::content(&mut conn, revision.id).await?;
    // The previous week's current revision, for "what changed".
    let before = reports::revisions(&mut *conn, &body, week.previous(), viewer(&ctx)).await?;
    let before = match reports::current(&before) {
        Some(r) => reports::content(&mut conn, r.id).await?,
        None => Content::default(),
    };
    let changes = what_changed(&ctx.tr, &before, &content);
    let date_changes: Vec<(String, Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)> = sqlx::query_as(
        "select c.name_en, d.old_date, d.new_date from date_revisions d join checkpoints c on c.id = d.checkpoint_id
         where d.report_revision_id = $1 order by d.id",
    )
    .bind(revision.id)
    .fetch_all(&mut *conn)
    .await?;
    let is_current = reports::current(&revisions).is_some_and(|c| c.number == number);
    let can_review = is_current && revision.status == "submitted" && ctx.can(Permission::ReviewReports);
    let can_amend = is_current && owns(&ctx, &body);
    let page = ShowPage {
        body,
        week,
        revision,
        revisions,
        content,
        changes,
        date_changes,
        is_current,
        can_review,
        can_amend,
        ctx,
    };
    Ok(page.into_response())
}

fn what_changed(tr: &crate::i18n::Tr, before: &Content, now: &Content) -> HashMap<i64, Changes> {
    let issues_of = |c: &Content, id: i64| -> Vec<String> {
        c.issues
            .iter()
            .filter(|i| i.checkpoint_id == id)
            .map(|i| {
                tr.args2(
                    "report-issue-summary",
                    "category",
                    tr.code("issue-category", &i.category),
                    "text",
                    i.text.clone(),
                )
            })
            .collect()
    };
    now.entries
        .iter()
        .map(|e| {
            let old = before.entries.iter().find(|b| b.checkpoint_id == e.checkpoint_id);
            let (old_issues, new_issues) = (issues_of(before, e.checkpoint_id), issues_of(now, e.checkpoint_id));
            let changes = Changes {
                percent_delta: match (old.and_then(|o| o.percent_complete), e.percent_complete) {
                    (Some(a), Some(b)) => Some(b - a),
                    _ => None,
                },
                status_before: old
                    .and_then(|o| o.proposed_status.clone())
                    .filter(|s| Some(s) != e.proposed_status.as_ref()),
                opened: new_issues.iter().filter(|i| !old_issues.contains(i)).cloned().collect(),
                closed: old_issues.iter().filter(|i| !new_issues.contains(i)).cloned().collect(),
            };
            (e.checkpoint_id, changes)
        })
        .collect()
}

/// Whether the user is staff of `body` (who alone write its reports).
fn owns(ctx: &PageCtx, body: &str) -> bool {
    ctx.can(Permission::WriteReports) && ctx.user.as_ref().is_some_and(|u| u.body.as_deref() == Some(body))
}

// ---------------------------------------------------------------- the draft

/// One row of the draft form.
struct FormRow {
    id: i64,
    name_en: String,
    name_ru: String,
    name_kk: Option<String>,
    included: bool,
    previous: Option<u8>,
    entry: crate::domain::report::EntryForm,
    milestones: Vec<MilestoneRow>,
}

/// A milestone of a form row, with what the draft says of it.
struct MilestoneRow {
    id: i64,
    title: String,
    done: bool,
    date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/form.html")]
struct FormPage {
    ctx: PageCtx,
    body: String,
    week: IsoWeek,
    version: String,
    number: i32,
    rows: Vec<FormRow>,
    errors: FieldErrors,
    stale: bool,
    deadline: String,
    statuses: Vec<(&'static str, String)>,
    categories: Vec<(&'static str, String)>,
    severities: Vec<(&'static str, String)>,
}

impl FormPage {
    async fn build(
        state: &AppState,
        ctx: PageCtx,
        (body, week): (String, IsoWeek),
        revision: &Revision,
        form: DraftForm,
        errors: FieldErrors,
    ) -> AppResult<FormPage> {
        let all = checkpoints::list(&state.pool, &ListFilter::default(), SortKey::Name, false).await?;
        let previous = reports::previous_figures(&state.pool, revision.id).await?;
        let mut by_checkpoint: HashMap<i64, Vec<Milestone>> = HashMap::new();
        for c in &all {
            by_checkpoint.insert(c.id, milestones::for_checkpoint(&state.pool, c.id).await?);
        }
        let rows = all
            .into_iter()
            .map(|c| {
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
                        }
                    })
                    .collect();
                FormRow {
                    id: c.id,
                    included: entry.is_some(),
                    previous: previous.get(&c.id).copied(),
                    entry: entry.unwrap_or_default(),
                    milestones,
                    name_en: c.name_en,
                    name_ru: c.name_ru,
                    name_kk: c.name_kk,
                }
            })
            .collect();
        let tr = &ctx.tr;
        let labels =
            |prefix: &str, codes: Vec<&'static str>| codes.into_iter().map(|c| (c, tr.code(prefix, c))).collect();
        Ok(FormPage {
            body,
            week,
            version: form.version.clone(),
            number: revision.number,
            rows,
            errors,
            stale: false,
            deadline: tr.datetime(&state.settings.report_deadline.of(week)),
            statuses: labels("proposed-status", ProposedStatus::ALL.iter().map(|s| s.as_str()).collect()),
            categories: labels("issue-category", IssueCategory::ALL.iter().map(|s| s.as_str()).collect()),
            severities: labels("severity", Severity::ALL.iter().map(|s| s.as_str()).collect()),
            ctx,
        })
    }
}

/// The typed form of a stored draft.
fn form_of(revision: &Revision, content: &Content) -> DraftForm {
    use crate::domain::report::{EntryForm, IssueForm, MilestoneUpdateForm};
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    DraftForm {
        version: revision.version.to_string(),
        entries: content
            .entries
            .iter()
            .map(|e| EntryForm {
                checkpoint_id: e.checkpoint_id,
                percent_complete: e.percent_complete.map(|p| p.to_string()).unwrap_or_default(),
                status: e.proposed_status.clone().unwrap_or_default(),
                narrative: e.narrative.clone(),
                next_week_plan: e.next_week_plan.clone(),
                decrease_explanation: e.decrease_explanation.clone(),
                proposed_date: date(e.proposed_date),
                proposed_date_reason: e.proposed_date_reason.clone(),
                issues: content
                    .issues
                    .iter()
                    .filter(|i| i.checkpoint_id == e.checkpoint_id)
                    .map(|i| IssueForm {
                        category: i.category.clone(),
                        severity: i.severity.clone(),
                        text: i.text.clone(),
                    })
                    .collect(),
                milestones: content
                    .milestones
                    .iter()
                    .filter(|m| m.checkpoint_id == e.checkpoint_id)
                    .map(|m| MilestoneUpdateForm {
                        milestone_id: m.milestone_id,
                        done: m.done,
                        actual_date: date(m.actual_date),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The user's draft of `body`'s week, opened (created) if needed; only the
/// body's own staff get here.
async fn own_draft(state: &AppState, ctx: &PageCtx, body: &str, week: IsoWeek) -> AppResult<Option<Revision>> {
    if !owns(ctx, body) {
        return Ok(None);
    }
    let user = user(ctx)?;
    let mut tx = state.pool.begin().await?;
    let draft = reports::open_draft(&mut tx, body, week, user.id, &ctx.actor()).await?;
    tx.commit().await?;
    Ok(Some(draft))
}

async fn draft_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((body, week)): Path<(String, String)>,
) -> AppResult<Response> {
    let (body, week) = locate_report(&state, &body, &week).await?;
    let Some(draft) = own_draft(&state, &ctx, &body, week).await? else { return Ok(error_page(StatusCode::FORBIDDEN)) };
    let mut conn = state.pool.acquire().await?;
    let content = reports::content(&mut conn, draft.id).await?;
    drop(conn);
    let form = form_of(&draft, &content);
    Ok(FormPage::build(&state, ctx, (body, week), &draft, form, FieldErrors::new()).await?.into_response())
}

async fn save_or_submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((body, week)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (body, week) = locate_report(&state, &body, &week).await?;
    if !owns(&ctx, &body) {
        return Ok(error_page(StatusCode::FORBIDDEN));
    }
    let submit = pairs.iter().any(|(k, v)| k == "action" && v == "submit");
    let form = DraftForm::from_pairs(&pairs);
    let revisions = reports::revisions(&state.pool, &body, week, viewer(&ctx)).await?;
    let Some(draft) = revisions.into_iter().find(Revision::is_draft) else {
        // A retried or double-clicked submit finds its work done: show what
        // was filed. Saving into a submitted report is refused: amend it.
        return Ok(if submit {
            Redirect::to(&format!("/reports/{body}/{week}")).into_response()
        } else {
            error_page(StatusCode::CONFLICT)
        });
    };
    let outcome = save_draft(&state, &ctx.actor(), &draft, form.clone()).await?;
    let version = match outcome {
        Ok(version) => version,
        Err((status, errors, stale)) => {
            let mut page = FormPage::build(&state, ctx, (body, week), &draft, form, errors).await?;
            page.stale = stale;
            if stale {
                page.version = draft.version.to_string();
            }
            return Ok((status, page).into_response());
        }
    };
    if !submit {
        return Ok(Redirect::to(&format!("/reports/{body}/{week}/draft?saved=1")).into_response());
    }
    let draft = Revision { version, ..draft };
    match submit_draft(&state, user(&ctx)?, &ctx.actor(), &draft, week).await? {
        Ok(()) => Ok(Redirect::to(&format!("/reports/{body}/{week}")).into_response()),
        Err(errors) => {
            let content = reports::content(&mut *state.pool.acquire().await?, draft.id).await?;
            let form = form_of(&draft, &content);
            let page = FormPage::build(&state, ctx, (body, week), &draft, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// Parses and saves a draft; the refusal carries the status, the field
/// errors and whether the draft was stale.
pub async fn save_draft(
    state: &AppState,
    actor: &crate::db::audit::Actor,
    draft: &Revision,
    form: DraftForm,
) -> AppResult<Result<i32, (StatusCode, FieldErrors, bool)>> {
    let mut known = HashMap::new();
    for c in checkpoints::list(&state.pool, &ListFilter::default(), SortKey::Name, false).await? {
        let ids = milestones::for_checkpoint(&state.pool, c.id).await?.into_iter().map(|m| m.id).collect();
        known.insert(c.id, ids);
    }
    let parsed = match form.parse(&known, state.clock.today()) {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, errors, false))),
    };
    let version = parse_version(&form.version).unwrap_or(0);
    let mut tx = state.pool.begin().await?;
    match reports::save_draft(&mut tx, draft.id, version, &parsed, actor).await? {
        Versioned::Saved(version) => {
            tx.commit().await?;
            Ok(Ok(version))
        }
        Versioned::Stale => Ok(Err((StatusCode::CONFLICT, FieldErrors::new(), true))),
    }
}

/// Checks the submission rules and submits; field errors when refused.
pub async fn submit_draft(
    state: &AppState,
    user: &CurrentUser,
    actor: &crate::db::audit::Actor,
    draft: &Revision,
    week: IsoWeek,
) -> AppResult<Result<(), FieldErrors>> {
    let mut tx = state.pool.begin().await?;
    let content = reports::content(&mut tx, draft.id).await?;
    let form = form_of(draft, &content);
    let known: HashMap<i64, Vec<i64>> = content
        .entries
        .iter()
        .map(|e| {
            (
                e.checkpoint_id,
                content
                    .milestones
                    .iter()
                    .filter(|m| m.checkpoint_id == e.checkpoint_id)
                    .map(|m| m.milestone_id)
                    .collect(),
            )
        })
        .collect();
    let parsed = form
        .parse(&known, state.clock.today())
        .map_err(|_| AppError::Internal(anyhow::anyhow!("a stored draft does not parse")))?;
    let errors = unexplained_decreases(&parsed, &reports::previous_figures(&mut *tx, draft.id).await?);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let now = state.clock.now();
    let late = state.settings.report_deadline.is_late(week, now);
    match reports::submit(&mut tx, draft.id, draft.version, user.id, now, late, actor).await? {
        Ok(()) => {
            tx.commit().await?;
            Ok(Ok(()))
        }
        // Submitted a moment ago by the same click, or changed meanwhile:
        // either way nothing more is to be done with this request.
        Err(SubmitRefused::NoDraft) => Ok(Ok(())),
        Err(SubmitRefused::Stale) => {
            let mut errors = FieldErrors::new();
            errors.add("form", "error-stale");
            Ok(Err(errors))
        }
    }
}

// ---------------------------------------------------------------- review

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ReviewForm {
    decision: String,
    comment: String,
    number: String,
}

async fn review_report(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((body, week)): Path<(String, String)>,
    Form(form): Form<ReviewForm>,
) -> AppResult<Response> {
    let (body, week) = locate_report(&state, &body, &week).await?;
    let user = user(&ctx)?;
    let revisions = reports::revisions(&state.pool, &body, week, viewer(&ctx)).await?;
    let current = reports::current(&revisions).ok_or(AppError::NotFound)?;
    let decision = match form.decision.as_str() {
        d @ ("reviewed" | "returned") => d,
        _ => return Ok(error_page(StatusCode::UNPROCESSABLE_ENTITY)),
    };
    // The review is of the revision the reviewer read, and only once.
    if form.number.trim() != current.number.to_string() {
        return Ok(error_page(StatusCode::CONFLICT));
    }
    let comment = form.comment.replace('\0', "");
    let mut tx = state.pool.begin().await?;
    if !reports::review(&mut tx, current.id, decision, comment.trim(), user.id, &ctx.actor()).await? {
        return Ok(error_page(StatusCode::CONFLICT));
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/reports/{body}/{week}")).into_response())
}

/// The field name of an entry's field, for the templates.
pub fn entry_field(checkpoint_id: &i64, name: &str) -> String {
    field(*checkpoint_id, name)
}
