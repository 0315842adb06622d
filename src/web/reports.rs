//! Weekly reports on the web: the list, the review queue and the compliance
//! grid here; one report and its review in `show`; the form in `form`. The
//! rules are in `workflow::reports`.

mod form;
mod show;

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::page::{PageCtx, SelectOption};
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::reports::{self, Waiting, WeekRow};
use crate::domain::body::Body;
use crate::domain::review::{self, RevisionStatus, Standing, WeekFacts};
use crate::domain::week::IsoWeek;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::workflow::reports::{Filer, Reviewer};

/// Everyone signed in reads submitted reports; ministry staff draft and
/// submit their own body's (checked in the workflow's callers too); the PM
/// office (and administrators) review.
pub fn routes() -> Routes {
    let read = Access::Signed(Permission::ReadReports);
    let write = Access::Signed(Permission::WriteReports);
    let review = Access::Signed(Permission::ReviewReports);
    Routes::new()
        .get("/reports", read, list)
        .get("/reports/queue", review, queue)
        .get("/reports/compliance", read, compliance)
        .get("/reports/{body}/{week}", read, show::current)
        .get("/reports/{body}/{week}/revisions/{number}", read, show::revision)
        .post("/reports/{body}/{week}/review", review, show::review)
        .get("/reports/{body}/{week}/draft", write, form::open)
        .post("/reports/{body}/{week}/draft", write, form::save_or_submit)
        .post("/reports/{body}/{week}/amend", write, form::amend)
}

/// How many weeks the list and the grid show.
const WEEKS: usize = 12;

/// The body and week of a report URL; anything else is a 404.
pub fn locate_report(body: &str, week: &str) -> AppResult<(Body, IsoWeek)> {
    // The weeks the database can hold (reports.iso_year); others do not exist.
    let week: IsoWeek =
        week.parse().ok().filter(|w: &IsoWeek| (2000..=2100).contains(&w.year())).ok_or(AppError::NotFound)?;
    Ok((Body::parse(body).ok_or(AppError::NotFound)?, week))
}

/// The signed-in user's body, when they file reports.
pub fn own_body(ctx: &PageCtx) -> Option<Body> {
    ctx.user.as_ref().filter(|_| ctx.can(Permission::WriteReports)).and_then(|u| u.body)
}

/// The user as staff of `body`: only its own staff file its reports.
fn filer(ctx: &PageCtx, body: Body) -> AppResult<Filer> {
    let user = ctx.user.as_ref().ok_or(AppError::Forbidden)?;
    if own_body(ctx) != Some(body) {
        return Err(AppError::Forbidden);
    }
    Ok(Filer { user_id: user.id, body, actor: ctx.actor() })
}

fn reviewer(ctx: &PageCtx) -> AppResult<Reviewer> {
    let user = ctx.user.as_ref().filter(|_| ctx.can(Permission::ReviewReports)).ok_or(AppError::Forbidden)?;
    Ok(Reviewer { user_id: user.id, actor: ctx.actor() })
}

/// Where a body stands for a week, from what is stored.
fn standing_of(state: &AppState, week: IsoWeek, row: Option<&WeekRow>, now: DateTime<Utc>) -> Standing {
    let facts = row.map_or_else(WeekFacts::default, |r| WeekFacts {
        first_late: r.first_late,
        current: r.current_status.map(|s| (s, r.correction_due)),
        corrected_late: r.corrected_late,
        has_draft: r.has_draft,
    });
    review::standing(state.settings.report_deadline, week, facts, now)
}

// ---------------------------------------------------------------- the list

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListQuery {
    body: String,
    week: String,
    state: String,
}

/// A row of the list, ready to show.
struct ListRow {
    body: Body,
    week: IsoWeek,
    /// The current revision's status, none while nothing is submitted.
    status: Option<RevisionStatus>,
    standing: Standing,
    number: Option<i32>,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<ListRow>,
    bodies: Vec<SelectOption>,
    weeks: Vec<SelectOption>,
    states: Vec<SelectOption>,
    this_week: IsoWeek,
    own_body: Option<Body>,
}

async fn list(State(state): State<AppState>, ctx: PageCtx, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let this_week = IsoWeek::at(state.clock.now());
    let weeks = this_week.last(WEEKS);
    let chosen_week = q.week.parse::<IsoWeek>().ok();
    let (from, to) = chosen_week.map_or((weeks[WEEKS - 1], this_week), |w| (w, w));
    let body = Body::parse(&q.body);
    let status = RevisionStatus::parse(&q.state);
    let found = reports::weeks(&state.pool, from, to, body, status).await?;
    let rows = found
        .iter()
        .filter_map(|r| {
            let week = r.week()?;
            Some(ListRow {
                body: r.body,
                week,
                status: r.current_status,
                standing: standing_of(&state, week, Some(r), state.clock.now()),
                number: r.current_number,
            })
        })
        .collect();
    let tr = &ctx.tr;
    let mut bodies = vec![SelectOption::new("", tr.t("filter-all-bodies"), &q.body)];
    bodies.extend(Body::ALL.iter().map(|b| SelectOption::new(b.as_str(), tr.code("body", b.as_str()), &q.body)));
    let mut week_options = vec![SelectOption::new("", tr.t("filter-last-weeks"), &q.week)];
    week_options.extend(weeks.iter().map(|w| SelectOption::new(w.to_string(), tr.week(w), &q.week)));
    let mut states = vec![SelectOption::new("", tr.t("filter-all-states"), &q.state)];
    states.extend(
        RevisionStatus::ALL
            .iter()
            .map(|s| SelectOption::new(s.as_str(), tr.code("report-filter", s.as_str()), &q.state)),
    );
    let own_body = own_body(&ctx);
    Ok(ListPage { rows, bodies, weeks: week_options, states, this_week, own_body, ctx }.into_response())
}

// ---------------------------------------------------------------- the queue

#[derive(Template, WebTemplate)]
#[template(path = "reports/queue.html")]
struct QueuePage {
    ctx: PageCtx,
    waiting: Vec<(Waiting, IsoWeek)>,
}

async fn queue(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let waiting = reports::queue(&state.pool)
        .await?
        .into_iter()
        .filter_map(|w| {
            let week = IsoWeek::new(w.iso_year, w.iso_week as u32)?;
            Some((w, week))
        })
        .collect();
    Ok(QueuePage { ctx, waiting }.into_response())
}

// ---------------------------------------------------------------- the grid

/// One cell of the compliance grid (and of the overview's reporting table).
pub(crate) struct Cell {
    pub week: IsoWeek,
    pub standing: Standing,
    /// Whether a submitted revision exists to link to.
    pub link: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/compliance.html")]
struct CompliancePage {
    ctx: PageCtx,
    weeks: Vec<IsoWeek>,
    grid: Vec<(Body, Vec<Cell>)>,
    deadline: String,
}

/// Every body's standing in each of `weeks` (newest first), from the stored
/// verdicts: what the compliance grid shows. Drafts count, their contents
/// are never read.
pub(crate) async fn grid(state: &AppState, weeks: &[IsoWeek]) -> AppResult<Vec<(Body, Vec<Cell>)>> {
    let (Some(newest), Some(oldest)) = (weeks.first(), weeks.last()) else { return Ok(Vec::new()) };
    let rows = reports::weeks(&state.pool, *oldest, *newest, None, None).await?;
    Ok(grid_of(state, weeks, &rows, state.clock.now()))
}

/// The grid of `weeks` (newest first) from their reports' rows, each body's
/// standing as it was at `now`.
pub(crate) fn grid_of(
    state: &AppState,
    weeks: &[IsoWeek],
    rows: &[WeekRow],
    now: DateTime<Utc>,
) -> Vec<(Body, Vec<Cell>)> {
    let by_key: HashMap<(Body, IsoWeek), &WeekRow> =
        rows.iter().filter_map(|r| Some(((r.body, r.week()?), r))).collect();
    Body::ALL
        .iter()
        .map(|body| {
            let cells = weeks
                .iter()
                .map(|week| {
                    let row = by_key.get(&(*body, *week)).copied();
                    Cell {
                        week: *week,
                        standing: standing_of(state, *week, row, now),
                        link: row.is_some_and(|r| r.current_number.is_some()),
                    }
                })
                .collect();
            (*body, cells)
        })
        .collect()
}

async fn compliance(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let weeks = IsoWeek::at(state.clock.now()).last(WEEKS);
    let grid = grid(&state, &weeks).await?;
    let deadline = ctx.tr.deadline(&state.settings.report_deadline);
    Ok(CompliancePage { weeks, grid, deadline, ctx }.into_response())
}
