//! One checkpoint's page: the register's facts, what the reports say
//! (latest figures per body, the trend, open issues), the milestone
//! timeline with baseline and current dates, proposals and their fate, and
//! the history of planned dates — now, or as known at the end of a week
//! (`?as_of=2026-W05`).

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::super::charts::{self, ChartView, GanttRow, Span};
use super::super::page::{PageCtx, parse_id};
use crate::db::checkpoint_page::{self as store, Figure, MilestoneAt, OpenIssue};
use crate::db::checkpoints::Checkpoint;
use crate::db::date_revisions::{self, DateRevision};
use crate::db::officials;
use crate::db::reports::{CheckpointProposal, ReportedMilestone};
use crate::domain::body::Body;
use crate::domain::status::{self, Forecast, Rag, RagOverride};
use crate::domain::week::IsoWeek;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    as_of: String,
}

/// The week an as-of view shows and its last day.
pub struct AsOf {
    pub week: IsoWeek,
    /// "2026-W05", as the week picker takes it.
    pub value: String,
}

/// One body's latest figures on the checkpoint.
pub struct Latest {
    pub body: Body,
    pub week: IsoWeek,
    pub number: i32,
    pub percent: Option<i16>,
    pub proposed_status: Option<String>,
    pub narrative: String,
}

/// An open issue with how long its category has been reported.
pub struct IssueLine {
    pub issue: OpenIssue,
    /// Since which week and for how many consecutive weeks its category
    /// has been reported on the checkpoint.
    pub since: String,
}

/// A milestone with its baseline and current (as known then) dates.
pub struct MilestoneLine {
    pub m: MilestoneAt,
    pub baseline: Span,
    pub current: Span,
}

#[derive(Template, WebTemplate)]
#[template(path = "checkpoints/show.html")]
pub struct ShowPage {
    ctx: PageCtx,
    c: Checkpoint,
    /// The responsible body's accountable official and the region's
    /// coordinator then: "name, position".
    official: Option<String>,
    coordinator: Option<String>,
    as_of: Option<AsOf>,
    /// The week picker's value: the as-of week, blank for now.
    picker_value: String,
    /// The status then; None: not in the register yet at that instant.
    status: Option<String>,
    planned: Option<NaiveDate>,
    actual: Option<NaiveDate>,
    /// The first planned commissioning date ever recorded (by then).
    baseline: Option<NaiveDate>,
    /// Edit buttons: not in an as-of view.
    editable: bool,
    milestones: Vec<MilestoneLine>,
    revisions: Vec<DateRevision>,
    latest: Vec<Latest>,
    forecast: String,
    /// The colour by rule (`domain::status::rag`) and why, as known then.
    rag: Rag,
    slip: String,
    issues: Vec<IssueLine>,
    trend: ChartView,
    gantt: ChartView,
    /// Dates proposed in weekly reports, with their fate.
    proposals: Vec<(CheckpointProposal, IsoWeek)>,
    /// Milestone progress reported in weekly reports, with its fate.
    reported: Vec<(ReportedMilestone, IsoWeek)>,
    /// The PM office's RAG override in force.
    current: Option<RagOverride>,
}

/// An invalid `as_of`: said on the page, with the picker to try again.
#[derive(Template, WebTemplate)]
#[template(path = "checkpoints/as_of_invalid.html")]
pub struct InvalidAsOf {
    ctx: PageCtx,
    id: i64,
    value: String,
}

fn week_of(yw: i32) -> Option<IsoWeek> {
    IsoWeek::new(yw / 100, u32::try_from(yw % 100).ok()?)
}

/// The plan of a date as known at `at`: the latest revision recorded by
/// then, and the first one ever recorded by then (the baseline).
fn plan_at<'a>(revisions: impl Iterator<Item = &'a DateRevision>) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let known: Vec<&DateRevision> = revisions.collect();
    (known.last().and_then(|r| r.new_date), known.first().and_then(|r| r.new_date))
}

/// Each body's latest entry, and one percent per week by the overview's
/// rule (the responsible body's figure that week, else the highest).
fn figures(rows: &[Figure], responsible: Option<Body>) -> (Vec<Latest>, Vec<(IsoWeek, u8)>) {
    let mut latest: BTreeMap<&'static str, Latest> = BTreeMap::new();
    let mut weekly: BTreeMap<IsoWeek, (bool, u8)> = BTreeMap::new();
    for f in rows {
        let Some(week) = week_of(f.yw) else { continue };
        latest.insert(
            f.body.as_str(),
            Latest {
                body: f.body,
                week,
                number: f.number,
                percent: f.percent,
                proposed_status: f.proposed_status.clone(),
                narrative: f.narrative.clone().unwrap_or_default(),
            },
        );
        if let Some(p) = f.percent.and_then(|p| u8::try_from(p).ok()) {
            let theirs = responsible == Some(f.body);
            let slot = weekly.entry(week).or_insert((theirs, p));
            if (theirs, p) > *slot {
                *slot = (theirs, p);
            }
        }
    }
    let mut latest: Vec<Latest> = latest.into_values().collect();
    latest.sort_by_key(|l| (responsible != Some(l.body), l.body.as_str()));
    (latest, weekly.into_iter().map(|(w, (_, p))| (w, p)).collect())
}

/// The first week of the run of `consecutive` weeks ending at the latest
/// week reported by `up_to`, and the run's length.
fn run_of(weeks: &[IsoWeek], up_to: IsoWeek) -> Option<(IsoWeek, u32)> {
    let consecutive = status::consecutive_weeks(weeks, up_to);
    let last = weeks.iter().copied().filter(|w| *w <= up_to).max()?;
    Some(((1..consecutive).fold(last, |w, _| w.previous()), consecutive))
}

fn issue_line(ctx: &PageCtx, issue: OpenIssue, up_to: IsoWeek) -> Option<IssueLine> {
    let week = week_of(issue.yw)?;
    let weeks: Vec<IsoWeek> = issue.weeks.iter().filter_map(|w| week_of(*w)).collect();
    let tr = &ctx.tr;
    // A table cell, with the run's length in brackets: the week without its dates.
    let since = match run_of(&weeks, up_to) {
        Some((first, count)) => {
            tr.args("checkpoint-issue-run", [("week", tr.week_short(&first).into()), ("count", count.into())])
        }
        None => tr.week_short(&week),
    };
    Some(IssueLine { issue, since })
}

fn forecast_text(ctx: &PageCtx, forecast: Forecast) -> String {
    let tr = &ctx.tr;
    match forecast {
        Forecast::TooFewPoints => tr.t("checkpoint-forecast-too-few"),
        Forecast::NoProgress => tr.t("checkpoint-forecast-no-progress"),
        Forecast::On(date) => tr.arg("checkpoint-forecast-on", "date", tr.day(&date)),
        Forecast::Done(date) => tr.arg("checkpoint-forecast-done", "date", tr.day(&date)),
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let as_of = match query.as_of.trim() {
        "" => None,
        text => match text.parse::<IsoWeek>() {
            Ok(week) => Some(AsOf { week, value: week.to_string() }),
            Err(_) => {
                let value = text.chars().take(40).collect();
                let page = InvalidAsOf { ctx, id, value };
                return Ok((StatusCode::BAD_REQUEST, page).into_response());
            }
        },
    };
    // Now is the app's clock, but never before the database's: a row written
    // a moment ago is known "now" even when the clock is set in the past.
    let now = state.clock.now().max(Utc::now());
    // The current week (or a later one) as of its end is what is known now.
    let at: DateTime<Utc> = as_of.as_ref().map_or(now, |a| a.week.end().min(now));
    let today = match &as_of {
        Some(a) => a.week.sunday().min(state.clock.today()),
        None => state.clock.today(),
    };

    let pool = &state.pool;
    let found = store::checkpoint_at(pool, id, at).await?.ok_or(AppError::NotFound)?;
    let c = found.now;
    let responsible = c.responsible_body.as_deref().and_then(Body::parse);
    let milestone_rows = store::milestones_at(pool, id, at).await?;
    let revisions: Vec<DateRevision> =
        date_revisions::for_checkpoint(pool, id).await?.into_iter().filter(|r| r.changed_at <= at).collect();
    let figure_rows = store::figures_at(pool, id, at).await?;
    let issue_rows = store::open_issues_at(pool, id, at).await?;
    let (accountable, coordinators) =
        tokio::try_join!(officials::accountable_at(pool, at), officials::coordinators_at(pool, at))?;
    let official = c.responsible_body.as_deref().and_then(|b| officials::holder_of(&accountable, b));
    let coordinator = c.region.as_deref().and_then(|r| officials::holder_of(&coordinators, r));
    let proposals = store::proposals_at(pool, id, at)
        .await?
        .into_iter()
        .filter_map(|p| {
            let week = IsoWeek::new(p.iso_year, u32::try_from(p.iso_week).ok()?)?;
            Some((p, week))
        })
        .collect();
    let reported = store::milestone_reports_at(pool, id, at)
        .await?
        .into_iter()
        .filter_map(|m| {
            let week = IsoWeek::new(m.iso_year, u32::try_from(m.iso_week).ok()?)?;
            Some((m, week))
        })
        .collect();

    let (planned, baseline) = plan_at(revisions.iter().filter(|r| r.field == "commissioning"));
    let milestones: Vec<MilestoneLine> = milestone_rows
        .into_iter()
        .map(|m| {
            let of =
                |field: &str| plan_at(revisions.iter().filter(|r| r.milestone_id == Some(m.id) && r.field == field));
            let ((start, start0), (finish, finish0)) = (of("start"), of("finish"));
            let mut m = m;
            if as_of.is_some() {
                (m.planned_start, m.planned_finish) = (start, finish);
            }
            MilestoneLine {
                baseline: Span { start: start0, finish: finish0 },
                current: Span { start: m.planned_start, finish: m.planned_finish },
                m,
            }
        })
        .collect();
    let (planned, actual, status) = match as_of {
        Some(_) => (planned, found.actual_commissioning, found.status),
        None => (c.planned_commissioning, c.actual_commissioning, Some(c.status.clone())),
    };

    let (latest, series) = figures(&figure_rows, responsible);
    let forecast = status::forecast(&series, today);
    let up_to = IsoWeek::of_date(today);
    let finished = status.as_deref() == Some("commissioned") || actual.is_some();
    let slip_days = status::slip(forecast, planned, finished, today);
    let high_issue_open = issue_rows.iter().any(|i| i.severity == "high");
    let rag = status::rag(planned, finished, slip_days, high_issue_open, today);
    let slip = match slip_days {
        Some(days) if days < 0 => ctx.tr.arg("checkpoint-ahead", "days", -days),
        Some(days) => ctx.tr.arg("checkpoint-slip", "days", days),
        None => ctx.tr.t("checkpoint-slip-none"),
    };
    let issues = issue_rows.into_iter().filter_map(|i| issue_line(&ctx, i, up_to)).collect();

    let gantt_rows: Vec<GanttRow> = milestones
        .iter()
        .map(|l| GanttRow {
            label: l.m.title.clone(),
            baseline: l.baseline,
            current: l.current,
            actual_finish: l.m.actual_finish,
        })
        .collect();
    let trend = charts::trend_view(&ctx.tr, &series, forecast);
    let gantt = charts::gantt_view(&ctx.tr, &gantt_rows, today, as_of.is_some());
    let page = ShowPage {
        official,
        coordinator,
        forecast: forecast_text(&ctx, forecast),
        rag,
        slip,
        editable: as_of.is_none(),
        picker_value: as_of.as_ref().map(|a| a.value.clone()).unwrap_or_default(),
        current: found.rag_override,
        ctx,
        c,
        as_of,
        status,
        planned,
        actual,
        baseline,
        milestones,
        revisions,
        latest,
        issues,
        trend,
        gantt,
        proposals,
        reported,
    };
    Ok(page.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(body: Body, yw: i32, percent: i16) -> Figure {
        Figure { body, yw, number: 1, percent: Some(percent), proposed_status: None, narrative: None }
    }

    #[test]
    fn an_issue_run_starts_at_its_first_consecutive_week() {
        let w = |s: &str| s.parse::<IsoWeek>().unwrap();
        let weeks = [w("2026-W01"), w("2026-W03"), w("2026-W04"), w("2026-W05")];
        assert_eq!(run_of(&weeks, w("2026-W05")), Some((w("2026-W03"), 3)));
        assert_eq!(run_of(&weeks, w("2026-W01")), Some((w("2026-W01"), 1)));
        assert_eq!(run_of(&[], w("2026-W05")), None);
    }

    #[test]
    fn a_week_takes_the_responsible_bodys_figure_else_the_highest() {
        let rows = [
            figure(Body::Finance, 202605, 70),
            figure(Body::Transport, 202605, 40),
            figure(Body::Finance, 202606, 80),
            figure(Body::BorderService, 202606, 60),
        ];
        let (latest, series) = figures(&rows, Some(Body::Transport));
        let w = |s: &str| s.parse::<IsoWeek>().unwrap();
        assert_eq!(series, [(w("2026-W05"), 40), (w("2026-W06"), 80)]);
        // The responsible body first, then the others.
        let order: Vec<_> = latest.iter().map(|l| (l.body, l.week)).collect();
        assert_eq!(
            order,
            [(Body::Transport, w("2026-W05")), (Body::BorderService, w("2026-W06")), (Body::Finance, w("2026-W06"))]
        );
    }
}
