//! Reporting weeks and deadlines. A week is an ISO week (Monday to Sunday)
//! in Kazakhstan's time (UTC+5); each has a deadline such as "Friday 18:00".

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

use super::dates::ZONE;

/// An ISO week, e.g. `2026-W05`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

impl IsoWeek {
    /// The week `week` of ISO year `year`, if it exists (W53 only in long years).
    pub fn new(year: i32, week: u32) -> Option<IsoWeek> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|_| IsoWeek { year, week })
    }

    /// The week a calendar date belongs to.
    pub fn of_date(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek { year: w.year(), week: w.week() }
    }

    /// The week an instant falls in, in Kazakhstan's time.
    pub fn at(instant: DateTime<Utc>) -> IsoWeek {
        IsoWeek::of_date(instant.with_timezone(&ZONE).date_naive())
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn week(self) -> u32 {
        self.week
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).expect("a valid week has a Monday")
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday() + Duration::days(6)
    }

    pub fn next(self) -> IsoWeek {
        IsoWeek::of_date(self.monday() + Duration::days(7))
    }

    pub fn previous(self) -> IsoWeek {
        IsoWeek::of_date(self.monday() - Duration::days(7))
    }

    /// The end of the week, Sunday 24:00 in Kazakhstan's time: the instant
    /// an "as of this week" view is taken at (everything recorded before it
    /// is known, nothing after).
    pub fn end(self) -> DateTime<Utc> {
        let next_monday = self.monday() + Duration::days(7);
        ZONE.from_local_datetime(&next_monday.and_time(NaiveTime::MIN))
            .single()
            .expect("UTC+5 has no gaps")
            .with_timezone(&Utc)
    }

    /// This week and the `n - 1` before it, newest first.
    pub fn last(self, n: usize) -> Vec<IsoWeek> {
        std::iter::successors(Some(self), |w| Some(w.previous())).take(n).collect()
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

/// A week that cannot be read as `YYYY-Www`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected an ISO week such as 2026-W05")]
pub struct BadWeek;

impl FromStr for IsoWeek {
    type Err = BadWeek;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (year, week) = s.trim().split_once("-W").ok_or(BadWeek)?;
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(week, 2) {
            return Err(BadWeek);
        }
        IsoWeek::new(year.parse().map_err(|_| BadWeek)?, week.parse().map_err(|_| BadWeek)?).ok_or(BadWeek)
    }
}

/// When a week's report is due: a weekday and a time in UTC+5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    weekday: Weekday,
    time: NaiveTime,
}

impl Deadline {
    /// The instant the report of `week` is due.
    pub fn of(self, week: IsoWeek) -> DateTime<Utc> {
        let day = NaiveDate::from_isoywd_opt(week.year, week.week, self.weekday).expect("a valid week has every day");
        // UTC+5 has no daylight saving, so every local time exists once.
        ZONE.from_local_datetime(&day.and_time(self.time)).single().expect("no DST in Kazakhstan").with_timezone(&Utc)
    }

    pub fn weekday(self) -> Weekday {
        self.weekday
    }

    pub fn time(self) -> NaiveTime {
        self.time
    }

    /// Whether a report submitted at `submitted_at` is late: submitted
    /// strictly after the deadline (at 18:00:00 sharp it is on time).
    pub fn is_late(self, week: IsoWeek, submitted_at: DateTime<Utc>) -> bool {
        submitted_at > self.of(week)
    }
}

impl Default for Deadline {
    /// Friday 18:00, Kazakhstan time.
    fn default() -> Self {
        Deadline { weekday: Weekday::Fri, time: NaiveTime::from_hms_opt(18, 0, 0).expect("valid time") }
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = format!("{:?}", self.weekday).to_lowercase();
        write!(f, "{day} {}", self.time.format("%H:%M"))
    }
}

/// A deadline that cannot be read as e.g. `fri 18:00`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a weekday and a time in UTC+5, such as \"fri 18:00\"")]
pub struct BadDeadline;

impl FromStr for Deadline {
    type Err = BadDeadline;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (day, time) = s.trim().split_once(' ').ok_or(BadDeadline)?;
        let weekday = day.trim().parse::<Weekday>().map_err(|_| BadDeadline)?;
        let time = NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| BadDeadline)?;
        Ok(Deadline { weekday, time })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_week_ends_at_sunday_midnight_in_astana() {
        let w5 = IsoWeek::new(2026, 5).unwrap();
        assert_eq!(w5.end(), utc("2026-02-01T19:00:00Z"));
        assert_eq!(IsoWeek::at(w5.end() - Duration::seconds(1)), w5);
        assert_eq!(IsoWeek::at(w5.end()), w5.next());
    }

    fn week(s: &str) -> IsoWeek {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_parse_and_print() {
        assert_eq!(week("2026-W05").to_string(), "2026-W05");
        assert_eq!(week("2026-W05").monday(), NaiveDate::from_ymd_opt(2026, 1, 26).unwrap());
        for bad in ["2026-W00", "2026-W54", "2027-W53", "2026-5", "2026-W5", "26-W05", "2026-w05", ""] {
            assert_eq!(bad.parse::<IsoWeek>(), Err(BadWeek), "{bad}");
        }
    }

    #[test]
    fn the_year_boundary_2026_has_53_weeks_and_2027_w01_starts_on_4_january() {
        assert!(IsoWeek::new(2026, 53).is_some());
        assert_eq!(week("2026-W53").next(), week("2027-W01"));
        assert_eq!(week("2027-W01").monday(), NaiveDate::from_ymd_opt(2027, 1, 4).unwrap());
        assert_eq!(week("2027-W01").previous(), week("2026-W53"));
        assert_eq!(IsoWeek::of_date(NaiveDate::from_ymd_opt(2027, 1, 3).unwrap()), week("2026-W53"));
        assert_eq!(week("2027-W02").last(3), vec![week("2027-W02"), week("2027-W01"), week("2026-W53")]);
    }

    #[test]
    fn a_week_ends_at_sunday_midnight_in_kazakhstan_not_in_utc() {
        // Sunday 23:59:59 UTC+5 is 18:59:59 UTC; a second later it is Monday.
        assert_eq!(IsoWeek::at(utc("2026-02-01T18:59:59Z")), week("2026-W05"));
        assert_eq!(IsoWeek::at(utc("2026-02-01T19:00:00Z")), week("2026-W06"));
    }

    #[test]
    fn friday_18_00_is_the_edge_of_on_time() {
        let deadline = Deadline::default();
        let w = week("2026-W05"); // Friday 30 January 2026
        assert_eq!(deadline.of(w), utc("2026-01-30T13:00:00Z"));
        assert!(!deadline.is_late(w, utc("2026-01-30T12:59:59Z")), "17:59:59");
        assert!(!deadline.is_late(w, utc("2026-01-30T13:00:00Z")), "18:00:00 sharp is on time");
        assert!(deadline.is_late(w, utc("2026-01-30T13:00:01Z")), "18:00:01");
    }

    #[test]
    fn deadlines_parse() {
        assert_eq!("fri 18:00".parse::<Deadline>(), Ok(Deadline::default()));
        let monday_nine: Deadline = "Mon 09:30".parse().unwrap();
        assert_eq!(monday_nine.of(week("2026-W05")), utc("2026-01-26T04:30:00Z"));
        assert_eq!(monday_nine.to_string(), "mon 09:30");
        for bad in ["friday", "fri 25:00", "18:00", "someday 10:00"] {
            assert_eq!(bad.parse::<Deadline>(), Err(BadDeadline), "{bad}");
        }
    }
}
