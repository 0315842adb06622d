//! The overview's figures as known at an instant ("as of a week", or now),
//! read from the database in a handful of aggregated statements and shared
//! by every request until the data changes.
//!
//! The shared copy is kept by `workflow::shared`, keyed by the database's
//! `data_generation` number, so several app instances on one PostgreSQL stay
//! correct without talking to each other.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

use crate::db::officials::{self, Appointment};
use crate::db::overview::{self, CheckpointFacts, Counts, OpenProblem};
use crate::db::progress::{self, ProgrammeWeek};
use crate::db::reports::{self, Waiting, WeekRow};
use crate::domain::status::{self, Forecast, Rag};
use crate::domain::week::IsoWeek;
use crate::workflow::shared::Shared;

/// Which overview: as of the end of a past week, or now; and the week the
/// reporting section starts from (this week for "now", else the as-of
/// week), with the one before it. Now is also today's date: an official
/// appointed from tomorrow is in office from tomorrow's first request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct View {
    pub as_of: Option<IsoWeek>,
    pub week: IsoWeek,
    today: Option<NaiveDate>,
}

impl View {
    /// The overview at `now`, its reporting section from this week.
    pub fn now(now: DateTime<Utc>) -> View {
        View { as_of: None, week: IsoWeek::at(now), today: Some(crate::domain::dates::local_date(now)) }
    }

    /// The overview as known at the end of `week`.
    pub fn as_of(week: IsoWeek) -> View {
        View { as_of: Some(week), week, today: None }
    }

    /// The instant the figures are taken at: none means everything recorded.
    pub fn at(self) -> Option<DateTime<Utc>> {
        self.as_of.map(IsoWeek::end)
    }

    /// The day the rules judge on: today, or the as-of week's Sunday.
    pub fn today(self) -> NaiveDate {
        self.today.unwrap_or_else(|| self.week.sunday())
    }

    /// The weeks of the reporting section, newest first.
    pub fn weeks(self) -> Vec<IsoWeek> {
        self.week.last(2)
    }
}

/// Everything the overview shows, before the rules and the wording.
#[derive(Debug)]
pub struct Snapshot {
    pub counts: Counts,
    pub facts: Vec<CheckpointFacts>,
    pub problems: Vec<OpenProblem>,
    /// The reports of the reporting section's weeks, as they stood then.
    pub weeks: Vec<WeekRow>,
    /// The review queue now (none in an as-of view: it is today's work).
    pub queue: Option<Vec<Waiting>>,
    /// Who answered for each body and each region then.
    pub accountable: Vec<Appointment>,
    pub coordinators: Vec<Appointment>,
    /// The programme's S-curve: planned and reported progress over the
    /// [`CURVE_WEEKS`] weeks up to the view's week.
    pub curve: Vec<ProgrammeWeek>,
    /// The amber and red checkpoints by the rules, largest slip first (an
    /// undefined slip last, then by id): judged once per copy, not per request.
    pub slipping: Vec<Judgement>,
    /// Checkpoints whose bodies disagree: (spread, index in `facts`),
    /// largest spread first.
    pub disagreements: Vec<(u8, usize)>,
    /// The open problems by category (in `problems`' order), each with its
    /// checkpoints, the longest-running first: (index in `problems`, weeks
    /// running up to the view's week).
    pub problem_groups: Vec<(String, Vec<(usize, u32)>)>,
}

/// Groups the open problems by category, each checkpoint with its run of
/// consecutive weeks up to `week`, the longest first (then by id).
fn group_problems(open: &[OpenProblem], week: IsoWeek) -> Vec<(String, Vec<(usize, u32)>)> {
    let mut groups: Vec<(String, Vec<(usize, u32)>)> = Vec::new();
    for (i, p) in open.iter().enumerate() {
        let affected = (i, status::consecutive_weeks(&p.weeks, week));
        match groups.last_mut() {
            Some((category, list)) if *category == p.category => list.push(affected),
            _ => groups.push((p.category.clone(), vec![affected])),
        }
    }
    for (_, list) in &mut groups {
        list.sort_by_key(|(i, weeks)| (std::cmp::Reverse(*weeks), open[*i].checkpoint_id));
    }
    groups
}

/// A checkpoint judged by the rules of `domain::status` on the view's day.
#[derive(Debug, Clone, Copy)]
pub struct Judgement {
    /// Its index in [`Snapshot::facts`].
    pub fact: usize,
    /// The colour that counts (the PM office's override, else the rules').
    pub rag: Rag,
    pub computed: Rag,
    pub forecast: Forecast,
    pub slip: Option<i64>,
    pub baseline_slip: Option<i64>,
}

/// Judges every checkpoint on `today`: the slipping list (an override to
/// green keeps a checkpoint the rules find slipping in the list, shown as
/// overridden, so no one can hide it from the overview) and the
/// disagreements.
fn judge(facts: &[CheckpointFacts], today: NaiveDate) -> (Vec<Judgement>, Vec<(u8, usize)>) {
    let mut slipping = Vec::new();
    let mut disagreements = Vec::new();
    for (fact, f) in facts.iter().enumerate() {
        if let Some(spread) = status::disagreement(&f.latest) {
            disagreements.push((spread, fact));
        }
        let finished = f.status == "commissioned" || f.actual.is_some();
        let forecast = status::forecast(&f.series, today);
        let slip = status::slip(forecast, f.planned, finished, today);
        let computed = status::rag(f.planned, finished, slip, f.high_issue_open, today);
        let rag = status::effective(computed, f.rag_override.as_ref());
        if rag == Rag::Green && computed == Rag::Green {
            continue;
        }
        let baseline_slip = status::baseline_slip(forecast, f.baseline, finished, today);
        slipping.push(Judgement { fact, rag, computed, forecast, slip, baseline_slip });
    }
    slipping.sort_by_key(|j| (j.slip.is_none(), std::cmp::Reverse(j.slip), facts[j.fact].id));
    disagreements.sort_by_key(|(spread, fact)| (std::cmp::Reverse(*spread), facts[*fact].id));
    (slipping, disagreements)
}

/// How many weeks the overview's S-curve spans: half a year.
pub const CURVE_WEEKS: usize = 26;

/// The overview's figures for `view`: the shared copy when the data has not
/// changed since it was computed, else read afresh (and shared).
pub async fn snapshot(pool: &PgPool, cache: &Cache, view: View, now: DateTime<Utc>) -> sqlx::Result<Arc<Snapshot>> {
    cache.get_or_read(pool, view, || read(pool, view, now)).await
}

/// The overviews computed for the newest generation seen.
pub type Cache = Shared<View, Snapshot>;

/// Reads the figures: eight statements (seven in an as-of view), run side
/// by side on the pool's connections.
async fn read(pool: &PgPool, view: View, now: DateTime<Utc>) -> sqlx::Result<Snapshot> {
    let at = view.at();
    let weeks = view.weeks();
    let (newest, oldest) = (weeks[0], weeks[weeks.len() - 1]);
    let (counts, facts, problems, accountable, coordinators, curve) = tokio::try_join!(
        overview::counts(pool, at),
        overview::checkpoint_facts(pool, at, view.week),
        overview::open_problems(pool, at),
        officials::accountable_at(pool, at.unwrap_or(now)),
        officials::coordinators_at(pool, at.unwrap_or(now)),
        progress::programme_curve(pool, at.unwrap_or(now), CURVE_WEEKS),
    )?;
    let (weeks, queue) = match at {
        Some(at) => (reports::weeks_at(pool, oldest, newest, at).await?, None),
        None => {
            let (weeks, queue) =
                tokio::try_join!(reports::weeks(pool, oldest, newest, None, None), reports::queue(pool))?;
            (weeks, Some(queue))
        }
    };
    let (slipping, disagreements) = judge(&facts, view.today());
    let problem_groups = group_problems(&problems, IsoWeek::of_date(view.today()));
    Ok(Snapshot {
        counts,
        facts,
        problems,
        weeks,
        queue,
        accountable,
        coordinators,
        curve,
        slipping,
        disagreements,
        problem_groups,
    })
}
