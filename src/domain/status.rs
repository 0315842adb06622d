//! How a checkpoint stands, by rule: the completion forecast from the trend of
//! reported percent, the slip against the planned (or baseline) date, the RAG
//! colour and its override, disagreement between bodies, and how long a problem
//! has kept coming back. Pure functions: "today" is always passed in.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::body::Body;
use super::checkpoint::code_enum;
use super::week::IsoWeek;

/// How many of the latest weekly values the trend is fitted to.
pub const TREND_WEEKS: usize = 8;

/// Fewer reported weeks than this make no trend.
pub const MIN_POINTS: usize = 3;

/// A slip of more than this many days is red.
pub const RED_SLIP_DAYS: i64 = 30;

/// Latest percents of different bodies further apart than this disagree.
pub const DISAGREEMENT_POINTS: u8 = 15;

/// When a checkpoint is expected to be complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forecast {
    /// Fewer than [`MIN_POINTS`] weeks reported: the page says there is no forecast.
    TooFewPoints,
    /// The trend is flat or falling: at this pace it is never complete.
    NoProgress,
    /// The fitted line reaches 100 % on this date (never before today).
    On(NaiveDate),
    /// Reported at 100 %: the Sunday of the week it got there.
    Done(NaiveDate),
}

impl Forecast {
    /// The forecast or completion date, if there is one.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Forecast::On(date) | Forecast::Done(date) => Some(date),
            Forecast::TooFewPoints | Forecast::NoProgress => None,
        }
    }
}

/// Forecasts completion from weekly reported percents (one value per week, in
/// any order; if a week appears twice the later one in the slice counts).
///
/// Choices:
/// - Weeks that start after `today` are ignored, so an as-of view passes its
///   own "today" and never sees the future.
/// - A week's value is the state at the end of that week, so each point sits
///   on its week's Sunday; x is in days, which keeps gaps between reported
///   weeks (and a 53-week year) at their true width.
/// - Done is checked first: if the latest value is 100 (or more), the item is
///   done as of the Sunday of the first week of that final run of 100s; an
///   earlier 100 later corrected downwards does not count. One week at 100 is
///   enough, however few points there are.
/// - Otherwise a least-squares line through the last [`TREND_WEEKS`] reported
///   weeks; slope ≤ 0 is [`Forecast::NoProgress`]. The day the line reaches
///   100 is rounded up to a whole day, and never put before `today`: a line
///   that "should" have reached 100 already while the reports are still below
///   it means at best today.
pub fn forecast(points: &[(IsoWeek, u8)], today: NaiveDate) -> Forecast {
    let this_week = IsoWeek::of_date(today);
    let series: BTreeMap<IsoWeek, u8> = points.iter().copied().filter(|(week, _)| *week <= this_week).collect();
    let series: Vec<(IsoWeek, u8)> = series.into_iter().collect();

    if series.last().is_some_and(|&(_, percent)| percent >= 100) {
        let run = series.iter().rev().take_while(|&&(_, percent)| percent >= 100).count();
        return Forecast::Done(series[series.len() - run].0.sunday());
    }
    if series.len() < MIN_POINTS {
        return Forecast::TooFewPoints;
    }

    let recent = &series[series.len().saturating_sub(TREND_WEEKS)..];
    let origin = recent[0].0.sunday();
    let xy: Vec<(f64, f64)> = recent
        .iter()
        .map(|&(week, percent)| ((week.sunday() - origin).num_days() as f64, f64::from(percent)))
        .collect();
    let n = xy.len() as f64;
    let (mean_x, mean_y) = (xy.iter().map(|p| p.0).sum::<f64>() / n, xy.iter().map(|p| p.1).sum::<f64>() / n);
    let sxx: f64 = xy.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    let sxy: f64 = xy.iter().map(|(x, y)| (x - mean_x) * (y - mean_y)).sum();
    let slope = sxy / sxx; // per day; sxx > 0 as the weeks are distinct
    if slope <= 0.0 {
        return Forecast::NoProgress;
    }

    // The tolerance keeps an exact hit (63.0000001 after float noise) on its day.
    let days = (mean_x + (100.0 - mean_y) / slope - 1e-6).ceil().max(0.0);
    // A line so nearly flat that it leaves the calendar is no progress.
    match origin.checked_add_days(Days::new(days as u64)) {
        Some(date) => Forecast::On(date.max(today)),
        None => Forecast::NoProgress,
    }
}

/// Slip in days against the current planned date: the forecast date minus
/// `planned` (negative is ahead). Without a forecast date, an unfinished item
/// past its planned date slips by today minus `planned`. None when there is no
/// planned date, or nothing to measure: no forecast date and not past due, or
/// finished without a [`Forecast::Done`] date (a finished item has no future
/// to forecast, so an [`Forecast::On`] date does not count for it).
pub fn slip(forecast: Forecast, planned: Option<NaiveDate>, finished: bool, today: NaiveDate) -> Option<i64> {
    let planned = planned?;
    let reached = match forecast {
        Forecast::Done(date) => Some(date),
        Forecast::On(date) if !finished => Some(date),
        _ if !finished && today > planned => Some(today),
        _ => None,
    };
    reached.map(|date| (date - planned).num_days())
}

/// Slip against the baseline (the first planned date ever recorded), by the
/// same rule as [`slip`].
pub fn baseline_slip(forecast: Forecast, baseline: Option<NaiveDate>, finished: bool, today: NaiveDate) -> Option<i64> {
    slip(forecast, baseline, finished, today)
}

code_enum! {
    /// A checkpoint's colour. Never shown by colour alone: the page puts its
    /// translated name (`rag-…`) beside it.
    Rag { Green = "green", Amber = "amber", Red = "red" }
}

impl Rag {
    /// The code templates use for the CSS class and the translation key; the
    /// same as the stored code.
    pub fn code(self) -> &'static str {
        self.as_str()
    }
}

/// The colour by rule:
/// - red when `planned` has passed (today is after it) and the item is not
///   finished, or the slip exceeds [`RED_SLIP_DAYS`];
/// - amber when the slip exceeds 0 days or a high-severity issue is open;
/// - green otherwise, including when the slip cannot be computed.
///
/// A finished item keeps the colour of its delivery: finished 40 days late is
/// still red, so a late commissioning is not hidden.
pub fn rag(
    planned: Option<NaiveDate>,
    finished: bool,
    slip_days: Option<i64>,
    high_issue_open: bool,
    today: NaiveDate,
) -> Rag {
    let slip = slip_days.unwrap_or(0);
    let past_due = !finished && planned.is_some_and(|date| today > date);
    if past_due || slip > RED_SLIP_DAYS {
        Rag::Red
    } else if slip > 0 || high_issue_open {
        Rag::Amber
    } else {
        Rag::Green
    }
}

/// A PM office user's colour for a checkpoint, with why, who and when. The
/// page shows it beside the computed colour, never instead of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RagOverride {
    pub rag: Rag,
    pub reason: String,
    /// The display name of the user who set it.
    pub by: String,
    pub at: DateTime<Utc>,
}

/// The colour that counts: the override if there is one, else the computed one.
pub fn effective(computed: Rag, override_: Option<&RagOverride>) -> Rag {
    override_.map_or(computed, |o| o.rag)
}

/// How far apart the latest percents of different bodies are, when more than
/// [`DISAGREEMENT_POINTS`]; None when they agree (or only one body reported).
/// Two figures of the same body are never compared with each other.
pub fn disagreement(latest: &[(Body, u8)]) -> Option<u8> {
    let spread = latest
        .iter()
        .flat_map(|&(a, pa)| latest.iter().filter(move |&&(b, _)| b != a).map(move |&(_, pb)| pa.abs_diff(pb)))
        .max()?;
    (spread > DISAGREEMENT_POINTS).then_some(spread)
}

/// For how many consecutive weeks an issue has been reported, counting back
/// from the latest reported week not after `up_to` (a run that ended before
/// `up_to` still counts: it is the latest run known then). 0 when nothing was
/// reported by `up_to`. Weeks follow the ISO calendar, so 2026-W53 runs on
/// into 2027-W01.
pub fn consecutive_weeks(weeks_reported: &[IsoWeek], up_to: IsoWeek) -> u32 {
    let weeks: BTreeSet<IsoWeek> = weeks_reported.iter().copied().filter(|week| *week <= up_to).collect();
    let Some(&latest) = weeks.last() else { return 0 };
    let run = std::iter::successors(Some(latest), |week| Some(week.previous())).take_while(|week| weeks.contains(week));
    u32::try_from(run.count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(s: &str) -> IsoWeek {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Consecutive weeks of 2026 from W01 with these percents.
    fn series(percents: &[u8]) -> Vec<(IsoWeek, u8)> {
        std::iter::successors(Some(week("2026-W01")), |w| Some(w.next())).zip(percents.iter().copied()).collect()
    }

    /// Monday of 2026-W06, the "today" of most tests.
    const TODAY: &str = "2026-02-02";

    /// Forecast, slip and colour the way the overview chains them.
    fn colour(percents: &[u8], planned: &str, finished: bool, high_issue_open: bool) -> (Forecast, Option<i64>, Rag) {
        let (today, planned) = (day(TODAY), Some(day(planned)));
        let forecast = forecast(&series(percents), today);
        let slip = slip(forecast, planned, finished, today);
        (forecast, slip, rag(planned, finished, slip, high_issue_open, today))
    }

    #[test]
    fn steady_progress_forecasts_the_day_the_line_reaches_100() {
        // 10 points a week from the Sunday of W01 (4 Jan): 100 nine weeks on,
        // the Sunday of W10, exactly — not rounded a day further.
        assert_eq!(forecast(&series(&[10, 20, 30, 40, 50]), day(TODAY)), Forecast::On(day("2026-03-08")));
        assert_eq!(
            colour(&[10, 20, 30, 40, 50], "2026-03-31", false, false),
            (Forecast::On(day("2026-03-08")), Some(-23), Rag::Green)
        );
        assert_eq!(
            colour(&[10, 20, 30, 40, 50], "2026-03-07", false, false),
            (Forecast::On(day("2026-03-08")), Some(1), Rag::Amber)
        );
    }

    #[test]
    fn a_forecast_between_days_rounds_up() {
        // 5, 15, 25 from the Sunday of W01 (slope 10/7 a day) reach 100 after
        // 66.5 days: on day 67.
        assert_eq!(forecast(&series(&[5, 15, 25]), day(TODAY)), Forecast::On(day("2026-01-04") + Days::new(67)));
    }

    #[test]
    fn flat_progress_has_no_forecast_and_turns_red_only_when_past_due() {
        assert_eq!(colour(&[40, 40, 40, 40], "2026-06-30", false, false), (Forecast::NoProgress, None, Rag::Green));
        assert_eq!(colour(&[40, 40, 40, 40], "2026-01-31", false, false), (Forecast::NoProgress, Some(2), Rag::Red));
    }

    #[test]
    fn a_decrease_is_no_progress() {
        assert_eq!(forecast(&series(&[50, 45, 40]), day(TODAY)), Forecast::NoProgress);
        // Rising overall but falling over the last eight weeks: only those count.
        let rising_then_falling = series(&[0, 0, 90, 90, 90, 90, 85, 80, 80, 75]);
        assert_eq!(forecast(&rising_then_falling, day("2026-03-31")), Forecast::NoProgress);
        assert_eq!(colour(&[50, 45, 40], "2026-06-30", false, true), (Forecast::NoProgress, None, Rag::Amber));
    }

    #[test]
    fn fewer_than_3_points_make_no_forecast() {
        assert_eq!(forecast(&[], day(TODAY)), Forecast::TooFewPoints);
        assert_eq!(colour(&[10, 20], "2026-06-30", false, false), (Forecast::TooFewPoints, None, Rag::Green));
        // Past due without a forecast: slip is today minus the planned date.
        assert_eq!(colour(&[10, 20], "2025-12-31", false, false), (Forecast::TooFewPoints, Some(33), Rag::Red));
    }

    #[test]
    fn finished_early_is_done_on_the_sunday_it_reached_100_and_green() {
        let (forecast, slip, rag) = colour(&[60, 80, 100], "2026-01-31", true, false);
        assert_eq!((forecast, slip, rag), (Forecast::Done(day("2026-01-18")), Some(-13), Rag::Green));
        // One week at 100 is done too; an earlier 100 corrected downwards is not.
        assert_eq!(colour(&[100], "2026-01-31", true, false).0, Forecast::Done(day("2026-01-04")));
        assert_eq!(colour(&[100, 90, 100, 100], "2026-01-31", true, false).0, Forecast::Done(day("2026-01-18")));
    }

    #[test]
    fn past_due_unfinished_is_red_whatever_the_slip() {
        // The trend says 8 March, the plan said 31 January; today is 2 February.
        assert_eq!(
            colour(&[10, 20, 30, 40, 50], "2026-01-31", false, false),
            (Forecast::On(day("2026-03-08")), Some(36), Rag::Red)
        );
        assert_eq!(rag(Some(day("2026-02-01")), false, Some(1), false, day(TODAY)), Rag::Red);
        // On the planned day itself it has not passed yet.
        assert_eq!(rag(Some(day(TODAY)), false, Some(0), false, day(TODAY)), Rag::Green);
        // Finished late, and by more than 30 days: still red.
        assert_eq!(rag(Some(day("2025-12-01")), true, Some(48), false, day(TODAY)), Rag::Red);
    }

    #[test]
    fn rag_edges_at_0_and_30_days_and_high_issues() {
        let (planned, today) = (Some(day("2026-12-31")), day(TODAY));
        let by_slip = |slip| rag(planned, false, slip, false, today);
        assert_eq!([by_slip(None), by_slip(Some(0)), by_slip(Some(1))], [Rag::Green, Rag::Green, Rag::Amber]);
        assert_eq!([by_slip(Some(30)), by_slip(Some(31))], [Rag::Amber, Rag::Red]);
        assert_eq!(rag(planned, false, Some(-5), true, today), Rag::Amber);
        assert_eq!(rag(None, false, None, false, today), Rag::Green);
    }

    #[test]
    fn the_forecast_is_never_before_today_and_ignores_future_weeks() {
        // The line crossed 100 in March; it is December and still at 30.
        assert_eq!(forecast(&series(&[10, 20, 30]), day("2026-12-01")), Forecast::On(day("2026-12-01")));
        // A week after today's is not known yet: the as-of view of W03 sees 3 points.
        let mut points = series(&[10, 20, 30, 100]);
        points.reverse();
        assert_eq!(forecast(&points, day("2026-01-14")), Forecast::On(day("2026-03-08")));
    }

    #[test]
    fn gaps_and_the_53rd_week_keep_their_true_width() {
        // 10 points a week, W52 not reported, across 2026-W53 into 2027:
        // 100 nine weeks after W51.
        let points = [(week("2026-W51"), 10), (week("2026-W53"), 30), (week("2027-W01"), 40)];
        assert_eq!(forecast(&points, day("2027-01-04")), Forecast::On(week("2027-W07").sunday()));
    }

    #[test]
    fn slip_against_the_baseline_and_for_finished_items() {
        let on = Forecast::On(day("2026-03-08"));
        assert_eq!(baseline_slip(on, Some(day("2026-01-08")), false, day(TODAY)), Some(59));
        assert_eq!(baseline_slip(on, None, false, day(TODAY)), None);
        // Finished without a completion date: nothing to measure.
        assert_eq!(slip(on, Some(day("2026-01-31")), true, day(TODAY)), None);
        assert_eq!(slip(Forecast::NoProgress, Some(day("2026-01-31")), true, day(TODAY)), None);
    }

    #[test]
    fn an_override_wins_and_the_computed_colour_stays() {
        let o = RagOverride {
            rag: Rag::Green,
            reason: "Equipment delivered".into(),
            by: "PM office".into(),
            at: "2026-02-02T05:00:00Z".parse().unwrap(),
        };
        assert_eq!(effective(Rag::Red, Some(&o)), Rag::Green);
        assert_eq!(effective(Rag::Red, None), Rag::Red);
        assert_eq!([Rag::Green.code(), Rag::Amber.code(), Rag::Red.code()], ["green", "amber", "red"]);
    }

    #[test]
    fn disagreement_starts_above_15_points() {
        use Body::*;
        assert_eq!(disagreement(&[(Transport, 50), (Finance, 65)]), None);
        assert_eq!(disagreement(&[(Transport, 50), (Finance, 66)]), Some(16));
        assert_eq!(disagreement(&[(Transport, 80), (Finance, 60), (BorderService, 40)]), Some(40));
        // The same body's own figures are not a disagreement.
        assert_eq!(disagreement(&[(Transport, 10), (Transport, 90)]), None);
        assert_eq!(disagreement(&[(Finance, 10)]), None);
        assert_eq!(disagreement(&[]), None);
    }

    #[test]
    fn consecutive_weeks_run_across_2026_w53_into_2027_w01() {
        let weeks = [week("2026-W50"), week("2026-W52"), week("2026-W53"), week("2027-W01")];
        assert_eq!(consecutive_weeks(&weeks, week("2027-W01")), 3);
        assert_eq!(consecutive_weeks(&weeks, week("2026-W53")), 2);
        // Not reported since: the latest run by then still counts.
        assert_eq!(consecutive_weeks(&weeks, week("2027-W05")), 3);
        assert_eq!(consecutive_weeks(&weeks, week("2026-W51")), 1);
        assert_eq!(consecutive_weeks(&weeks, week("2026-W49")), 0);
        assert_eq!(consecutive_weeks(&[], week("2027-W01")), 0);
    }
}
