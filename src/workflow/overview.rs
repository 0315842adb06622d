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
    Ok(Snapshot { counts, facts, problems, weeks, queue, accountable, coordinators, curve })
}
