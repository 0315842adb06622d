//! The overview at `/`: the programme on one screen for every signed-in
//! role — checkpoints by status per programme (against its target) and per
//! border, who has reported this week and last, and for reviewers the
//! review queue. Drafts show only as "draft started", as on the grid.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::page::PageCtx;
use super::reports::{Cell, grid};
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::overview::{self, StatusCounts};
use crate::db::reports::{self, Waiting};
use crate::domain::body::Body;
use crate::domain::checkpoint::LifecycleStatus;
use crate::domain::programme::{self, Target};
use crate::domain::week::IsoWeek;
use crate::error::AppResult;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new().get("/", Access::Signed(Permission::ReadRegister), show)
}

/// The status columns, in the order of the tables' cells.
const STATUSES: [LifecycleStatus; 5] = [
    LifecycleStatus::Commissioned,
    LifecycleStatus::InReconstruction,
    LifecycleStatus::Planned,
    LifecycleStatus::Suspended,
    LifecycleStatus::Unknown,
];

/// A line of counts: each status with its count, in [`STATUSES`]'s order.
struct Counts {
    cells: Vec<(LifecycleStatus, i64)>,
    total: i64,
}

impl From<StatusCounts> for Counts {
    fn from(c: StatusCounts) -> Self {
        let count = |s: LifecycleStatus| match s {
            LifecycleStatus::Commissioned => c.commissioned,
            LifecycleStatus::InReconstruction => c.in_reconstruction,
            LifecycleStatus::Planned => c.planned,
            LifecycleStatus::Suspended => c.suspended,
            LifecycleStatus::Unknown => c.unknown,
        };
        Counts { cells: STATUSES.iter().map(|s| (*s, count(*s))).collect(), total: c.total() }
    }
}

/// A programme's line: its counts and how they stand against its target.
struct ProgrammeLine {
    code: String,
    counts: Counts,
    /// "9 by 2025", none without a target.
    target: Option<String>,
    /// "4 commissioned of 9 planned; 5 not yet in the register".
    against_target: String,
}

/// A border's line; `border` is its code, or `unknown` for none recorded
/// (the register filter's value).
struct BorderLine {
    border: &'static str,
    counts: Counts,
}

/// The review queue, for reviewers: its length and its oldest report
/// (its URL and its description).
struct QueueSummary {
    len: usize,
    oldest: Option<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "overview.html")]
struct OverviewPage {
    ctx: PageCtx,
    statuses: [LifecycleStatus; 5],
    programmes: Vec<ProgrammeLine>,
    borders: Vec<BorderLine>,
    /// This week, then last week.
    weeks: Vec<IsoWeek>,
    reporting: Vec<(Body, Vec<Cell>)>,
    queue: Option<QueueSummary>,
}

fn against_target(ctx: &PageCtx, target: Option<Target>, counts: &StatusCounts) -> String {
    let tr = &ctx.tr;
    let Some(target) = target else { return tr.t("overview-no-target") };
    let p = programme::progress(target, counts.total(), counts.commissioned);
    let commissioned = ("commissioned", tr.number(p.commissioned).into());
    let planned = ("target", tr.number(p.target).into());
    if p.not_in_register > 0 {
        tr.args("overview-progress-missing", [commissioned, planned, ("missing", tr.number(p.not_in_register).into())])
    } else {
        tr.args("overview-progress", [commissioned, planned])
    }
}

fn queue_summary(ctx: &PageCtx, waiting: Vec<Waiting>) -> QueueSummary {
    let tr = &ctx.tr;
    let len = waiting.len();
    let oldest = waiting.into_iter().next().and_then(|w| {
        let week = IsoWeek::new(w.iso_year, w.iso_week as u32)?;
        let text = tr.args(
            "overview-queue-oldest",
            [
                ("body", tr.code("body-short", w.body.as_str()).into()),
                ("week", tr.week(&week).into()),
                ("when", tr.datetime(&w.submitted_at).into()),
            ],
        );
        Some((format!("/reports/{}/{week}", w.body), text))
    });
    QueueSummary { len, oldest }
}

async fn show(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let programmes = overview::by_programme(&state.pool)
        .await?
        .into_iter()
        .map(|p| ProgrammeLine {
            against_target: against_target(&ctx, p.target, &p.counts),
            code: p.code,
            counts: p.counts.into(),
            target: p.target.map(|t| {
                ctx.tr.args2("overview-target-of", "count", ctx.tr.number(t.count.into()), "year", t.year.to_string())
            }),
        })
        .collect();
    let borders = overview::by_border(&state.pool)
        .await?
        .into_iter()
        .map(|(border, counts)| BorderLine { border: border.map_or("unknown", |b| b.as_str()), counts: counts.into() })
        .collect();
    let weeks = IsoWeek::at(state.clock.now()).last(2);
    let reporting = grid(&state, &weeks).await?;
    let queue = if ctx.can_review() { Some(queue_summary(&ctx, reports::queue(&state.pool).await?)) } else { None };
    Ok(OverviewPage { ctx, statuses: STATUSES, programmes, borders, weeks, reporting, queue }.into_response())
}
