//! The overview at `/`: the programme on one screen for every signed-in
//! role — checkpoints by status per programme (against its target) and per
//! border, who has reported this week and last, and for reviewers the
//! review queue. Drafts show only as "draft started", as on the grid.
//! Then the checkpoints that need attention, by the rules of
//! `domain::status`: the slipping list (amber and red, largest slip first,
//! paged), the checkpoints whose bodies disagree, and the recurring problems.
//!
//! The forecast's series has one figure a week: the responsible body's when
//! it reported one that week (it answers for the checkpoint), else the
//! highest figure another body reported. Disagreement compares each body's
//! latest figure.
//!
//! `?as_of=2026-W05` shows all of it as known at the end of that week;
//! `?view=print` as the A4 briefing prints. The figures and the rules'
//! verdicts come from `workflow::overview` (shared between requests until
//! the data changes); this module words the page.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

use super::charts::{self, ChartView};
use super::page::PageCtx;
use super::reports::{Cell, grid_of};
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::officials::{self, Appointment};
use crate::db::overview::{CheckpointFacts, OpenProblem, StatusCounts};
use crate::db::reports::Waiting;
use crate::domain::body::Body;
use crate::domain::checkpoint::LifecycleStatus;
use crate::domain::programme::{self, Target};
use crate::domain::status::{DISAGREEMENT_POINTS, Forecast, Rag};
use crate::domain::week::IsoWeek;
use crate::error::AppResult;
use crate::state::AppState;
use crate::workflow::overview::{self, Judgement, Snapshot, View};

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
    /// How many of its checkpoints are amber or red.
    slipping: i64,
    /// The coordinators of its regions: "Region: name, position".
    coordinators: Vec<String>,
}

/// The review queue, for reviewers: its length and its oldest report
/// (its URL and its description).
struct QueueSummary {
    len: usize,
    oldest: Option<(String, String)>,
}

/// Rows of the slipping list per page.
const PAGE_SIZE: usize = 25;

/// The most lines the disagreement list, and each recurring problem's
/// list of checkpoints, shows (the largest first); the rest are counted.
const SHOWN: usize = 25;

/// A checkpoint's name in the page's language and its link.
struct Named {
    id: i64,
    name: String,
}

/// A line of the slipping list, everything already worded.
struct SlipRow {
    checkpoint: Named,
    /// The colour that counts: the PM office's override, else the computed one.
    rag: Rag,
    /// The colour by rule, shown in words when overridden.
    computed: Rag,
    overridden: bool,
    body: Option<Body>,
    /// The body's accountable official and the region's coordinator, worded.
    official: Option<String>,
    coordinator: Option<String>,
    baseline: Option<NaiveDate>,
    planned: Option<NaiveDate>,
    pending: Option<NaiveDate>,
    forecast: String,
    slip: Option<i64>,
    baseline_slip: Option<i64>,
    latest: Vec<(Body, u8)>,
    proposed_status: Option<String>,
    last_report: Option<(Body, IsoWeek)>,
}

/// A checkpoint whose bodies' latest figures are too far apart.
struct DisagreementRow {
    checkpoint: Named,
    spread: u8,
    latest: Vec<(Body, u8)>,
}

/// A category of open problems and the checkpoints it affects, each with
/// the weeks it has been reported running.
struct ProblemLine {
    category: String,
    affected: Vec<(Named, usize)>,
    /// How many more checkpoints it affects than are listed.
    more: usize,
}

/// The pager of the slipping list: this page, how many, and the links.
struct Pager {
    page: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
}

#[derive(Deserialize)]
struct OverviewQuery {
    page: Option<String>,
    /// `2026-W05`: the overview as known at the end of that week.
    as_of: Option<String>,
    /// `print`: the A4 briefing on screen (the same as printing the page).
    view: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "overview.html")]
struct OverviewPage {
    ctx: PageCtx,
    /// The week picker's value (the input as typed when it is wrong).
    as_of_value: String,
    as_of_error: Option<String>,
    /// The newest week that has ended: the picker's maximum.
    latest_week: String,
    /// The programme's S-curve, planned against reported.
    s_curve: ChartView,
    /// Links to neighbouring views: (href, label).
    as_of_links: Vec<(String, String)>,
    /// "As known at the end of week 5 of 2026 (…)", in an as-of view.
    as_of_banner: Option<String>,
    /// `briefing` to show the page as printed (`?view=print`), else "".
    html_class: &'static str,
    /// The briefing's first line: the week and when it was printed.
    briefing_head: String,
    statuses: [LifecycleStatus; 5],
    programmes: Vec<ProgrammeLine>,
    borders: Vec<BorderLine>,
    /// This week, then last week.
    weeks: Vec<IsoWeek>,
    reporting: Vec<(Body, Vec<Cell>)>,
    queue: Option<QueueSummary>,
    slipping: Vec<SlipRow>,
    pager: Pager,
    disagreements: Vec<DisagreementRow>,
    /// How many more disagree than are shown.
    disagreements_more: usize,
    disagreement_points: u8,
    problems: Vec<ProblemLine>,
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

fn queue_summary(ctx: &PageCtx, waiting: &[Waiting]) -> QueueSummary {
    let tr = &ctx.tr;
    let len = waiting.len();
    let oldest = waiting.first().and_then(|w| {
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

fn forecast_text(ctx: &PageCtx, forecast: Forecast) -> String {
    match forecast {
        Forecast::TooFewPoints => ctx.tr.t("overview-forecast-too-few"),
        Forecast::NoProgress => ctx.tr.t("overview-forecast-no-progress"),
        Forecast::On(date) => ctx.tr.day(&date),
        Forecast::Done(date) => ctx.tr.arg("overview-forecast-done", "date", ctx.tr.day(&date)),
    }
}

fn named(ctx: &PageCtx, id: i64, en: &str, ru: &str, kk: &Option<String>) -> Named {
    Named { id, name: ctx.tr.name(en, ru, kk).to_owned() }
}

/// Who answers for what: each body's official and each region's coordinator.
struct Answerable<'a> {
    accountable: &'a [Appointment],
    coordinators: &'a [Appointment],
}

impl Answerable<'_> {
    fn official(&self, body: Option<Body>) -> Option<String> {
        officials::holder_of(self.accountable, body?.as_str())
    }

    fn coordinator(&self, region: Option<&str>) -> Option<String> {
        officials::holder_of(self.coordinators, region?)
    }
}

/// A line of the slipping list, worded.
fn slip_row(ctx: &PageCtx, j: &Judgement, f: &CheckpointFacts, who: &Answerable) -> SlipRow {
    SlipRow {
        checkpoint: named(ctx, f.id, &f.name_en, &f.name_ru, &f.name_kk),
        rag: j.rag,
        computed: j.computed,
        overridden: f.rag_override.is_some(),
        body: f.responsible_body,
        official: who.official(f.responsible_body),
        coordinator: who.coordinator(f.region.as_deref()),
        baseline: f.baseline,
        planned: f.planned,
        pending: f.pending,
        forecast: forecast_text(ctx, j.forecast),
        slip: j.slip,
        baseline_slip: j.baseline_slip,
        latest: f.latest.clone(),
        proposed_status: f.proposed_status.clone(),
        last_report: f.last_report,
    }
}

/// The open problems by category, each with its longest-running
/// checkpoints named (at most [`SHOWN`]; the rest counted).
fn problem_lines(ctx: &PageCtx, open: &[OpenProblem], groups: &[(String, Vec<(usize, u32)>)]) -> Vec<ProblemLine> {
    groups
        .iter()
        .map(|(category, affected)| ProblemLine {
            category: category.clone(),
            affected: affected
                .iter()
                .take(SHOWN)
                .map(|(i, weeks)| {
                    let p = &open[*i];
                    (named(ctx, p.checkpoint_id, &p.name_en, &p.name_ru, &p.name_kk), *weeks as usize)
                })
                .collect(),
            more: affected.len().saturating_sub(SHOWN),
        })
        .collect()
}

/// One page of the rows, and the pager's links (the page's other
/// parameters kept).
fn paginate<'a, T>(ctx: &PageCtx, rows: &'a [T], page: Option<&str>) -> (&'a [T], Pager) {
    let pages = rows.len().div_ceil(PAGE_SIZE).max(1);
    let page = page.and_then(|p| p.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, pages);
    let link = |n: usize| ctx.with_param("page", (n > 1).then(|| n.to_string()).as_deref()) + "#slipping";
    let pager = Pager {
        page,
        pages,
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
    };
    let start = ((page - 1) * PAGE_SIZE).min(rows.len());
    (&rows[start..(start + PAGE_SIZE).min(rows.len())], pager)
}

/// The week asked for in `?as_of=`, checked: none for "now" (also for a
/// week that has not ended, whose end cannot be known yet), or the message
/// to show beside the week picker.
fn as_of_week(raw: Option<&str>, this_week: IsoWeek) -> Result<Option<IsoWeek>, &'static str> {
    let raw = raw.map(str::trim).unwrap_or_default();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<IsoWeek>() {
        Ok(w) if !(2000..=2100).contains(&w.year()) => Err("overview-as-of-invalid"),
        Ok(w) if w >= this_week => Ok(None),
        Ok(w) => Ok(Some(w)),
        Err(_) => Err("overview-as-of-invalid"),
    }
}

/// Quick links to other weeks' views: from now, last week and four weeks
/// ago; from a past week, the week before and the week after (or now).
fn as_of_links(ctx: &PageCtx, as_of: Option<IsoWeek>, this_week: IsoWeek) -> Vec<(String, String)> {
    let link = |w: IsoWeek| format!("/?as_of={w}");
    match as_of {
        None => vec![
            (link(this_week.previous()), ctx.tr.t("overview-as-of-last-week")),
            (link(this_week.last(5)[4]), ctx.tr.t("overview-as-of-month-ago")),
        ],
        Some(w) => {
            let after = w.next();
            let after = if after < this_week { link(after) } else { "/".to_owned() };
            vec![
                (link(w.previous()), ctx.tr.t("overview-as-of-week-before")),
                (after, ctx.tr.t("overview-as-of-week-after")),
            ]
        }
    }
}

async fn show(State(state): State<AppState>, ctx: PageCtx, Query(q): Query<OverviewQuery>) -> AppResult<Response> {
    let this_week = IsoWeek::at(state.clock.now());
    let (as_of, as_of_error) = match as_of_week(q.as_of.as_deref(), this_week) {
        Ok(w) => (w, None),
        Err(key) => (None, Some(ctx.tr.t(key))),
    };
    let view = as_of.map_or_else(|| View::now(state.clock.now()), View::as_of);
    let snapshot = overview::snapshot(&state.pool, &state.overview, view, state.clock.now()).await?;
    // The standings as they were at the view's instant.
    let now = view.at().unwrap_or_else(|| state.clock.now());
    let Snapshot {
        counts,
        facts,
        problems,
        weeks: week_rows,
        queue,
        accountable,
        coordinators,
        curve,
        slipping,
        disagreements,
        problem_groups,
    } = &*snapshot;
    let programmes = counts
        .programmes
        .iter()
        .map(|p| ProgrammeLine {
            against_target: against_target(&ctx, p.target, &p.counts),
            code: p.code.clone(),
            counts: p.counts.into(),
            target: p.target.map(|t| {
                ctx.tr.args2("overview-target-of", "count", ctx.tr.number(t.count.into()), "year", t.year.to_string())
            }),
        })
        .collect();
    let weeks = view.weeks();
    let reporting = grid_of(&state, &weeks, week_rows, now);
    let queue = match queue {
        Some(waiting) if ctx.can_review() => Some(queue_summary(&ctx, waiting)),
        _ => None,
    };
    let who = Answerable { accountable, coordinators };
    let disagreements_total = disagreements.len();
    let disagreements: Vec<DisagreementRow> = disagreements
        .iter()
        .take(SHOWN)
        .map(|(spread, fact)| {
            let f = &facts[*fact];
            DisagreementRow {
                checkpoint: named(&ctx, f.id, &f.name_en, &f.name_ru, &f.name_kk),
                spread: *spread,
                latest: f.latest.clone(),
            }
        })
        .collect();
    let borders = counts
        .borders
        .iter()
        .map(|b| BorderLine {
            border: b.border.map_or("unknown", |b| b.as_str()),
            counts: b.counts.into(),
            slipping: slipping.iter().filter(|j| facts[j.fact].border == b.border).count() as i64,
            coordinators: b
                .regions
                .iter()
                .filter_map(|region| {
                    Some(format!("{}: {}", ctx.tr.region_name(region), who.coordinator(Some(region))?))
                })
                .collect(),
        })
        .collect();
    let (slipping, pager) = paginate(&ctx, slipping, q.page.as_deref());
    let slipping: Vec<SlipRow> = slipping.iter().map(|j| slip_row(&ctx, j, &facts[j.fact], &who)).collect();
    let problems = problem_lines(&ctx, problems, problem_groups);
    let status = if as_of_error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let as_of_value = match (&as_of_error, as_of) {
        (Some(_), _) => q.as_of.clone().unwrap_or_default(),
        (None, Some(w)) => w.to_string(),
        (None, None) => String::new(),
    };
    let page = OverviewPage {
        s_curve: charts::s_curve_view(&ctx.tr, curve),
        as_of_value,
        as_of_error,
        latest_week: this_week.previous().to_string(),
        as_of_links: as_of_links(&ctx, as_of, this_week),
        as_of_banner: as_of.map(|w| {
            // The banner gives the week's Sunday itself: the week without its dates.
            ctx.tr.args2("overview-as-of-banner", "week", ctx.tr.week_short(&w), "sunday", ctx.tr.day(&w.sunday()))
        }),
        html_class: if q.view.as_deref() == Some("print") { "briefing" } else { "" },
        briefing_head: {
            let printed = ctx.tr.datetime(&state.clock.now());
            match as_of {
                Some(w) => ctx.tr.args2("overview-briefing-as-of", "week", ctx.tr.week(&w), "printed", printed),
                None => ctx.tr.args2("overview-briefing-now", "week", ctx.tr.week(&this_week), "printed", printed),
            }
        },
        ctx,
        statuses: STATUSES,
        programmes,
        borders,
        weeks,
        reporting,
        queue,
        slipping,
        pager,
        disagreements,
        disagreements_more: disagreements_total.saturating_sub(SHOWN),
        disagreement_points: DISAGREEMENT_POINTS,
        problems,
    };
    Ok((status, page).into_response())
}
