//! When a personal API token expires: chosen when it is created, one year
//! unless the person chooses otherwise, never more than two.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc};

use super::dates::{ZONE, local_date, parse_date};

/// The choices of the form, in days, and the one selected at first.
pub const CHOICES: [u32; 4] = [30, 90, 365, 730];
pub const DEFAULT_DAYS: u32 = 365;
/// The form's choice of "until a date" instead of a number of days.
pub const UNTIL_DATE: &str = "date";
/// The longest a token may live.
pub const MAX_DAYS: u64 = 730;

/// One year from `now`: a token created without a choice (the command line).
pub fn default_expiry(now: DateTime<Utc>) -> DateTime<Utc> {
    now + TimeDelta::days(i64::from(DEFAULT_DAYS))
}

/// The instant a token chosen `choice` (a number of days of [`CHOICES`], or
/// [`UNTIL_DATE`] with `date`) expires, or the field in error and the
/// message key. A date means the token works through that day in
/// Kazakhstan; it must be after today and at most two years away.
pub fn parse(choice: &str, date: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, (&'static str, &'static str)> {
    let choice = choice.trim();
    if choice == UNTIL_DATE {
        let Some(date) = parse_date(date) else {
            return Err(("expires_on", if date.trim().is_empty() { "error-required" } else { "error-invalid-date" }));
        };
        let today = local_date(now);
        if date <= today {
            return Err(("expires_on", "tokens-error-expiry-past"));
        }
        if today.checked_add_days(Days::new(MAX_DAYS)).is_none_or(|latest| date > latest) {
            return Err(("expires_on", "tokens-error-expiry-too-far"));
        }
        return end_of(date).ok_or(("expires_on", "error-invalid-date"));
    }
    match choice.parse::<u32>() {
        Ok(days) if CHOICES.contains(&days) => Ok(now + TimeDelta::days(i64::from(days))),
        _ => Err(("expires", "error-invalid-choice")),
    }
}

/// The end of `date` in Kazakhstan (the start of the next day).
fn end_of(date: NaiveDate) -> Option<DateTime<Utc>> {
    let next = date.succ_opt()?.and_time(NaiveTime::MIN);
    next.and_local_timezone(ZONE).single().map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        // 2026-12-02 15:00 in Kazakhstan.
        Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap()
    }

    #[test]
    fn a_number_of_days_counts_from_now() {
        assert_eq!(parse("365", "", now()), Ok(now() + TimeDelta::days(365)));
        assert_eq!(parse("30", "2027-01-01", now()), Ok(now() + TimeDelta::days(30)), "the date is ignored");
        assert_eq!(parse("31", "", now()), Err(("expires", "error-invalid-choice")));
        assert_eq!(parse("", "", now()), Err(("expires", "error-invalid-choice")));
        assert_eq!(default_expiry(now()), now() + TimeDelta::days(365));
    }

    #[test]
    fn a_date_is_valid_through_that_day_in_kazakhstan() {
        let end = Utc.with_ymd_and_hms(2027, 3, 1, 19, 0, 0).unwrap();
        assert_eq!(parse("date", "01.03.2027", now()), Ok(end));
        assert_eq!(parse("date", "2026-12-03", now()).map(|t| t > now()), Ok(true), "tomorrow");
        assert_eq!(parse("date", "2026-12-02", now()), Err(("expires_on", "tokens-error-expiry-past")), "today");
        assert_eq!(parse("date", "2025-01-01", now()), Err(("expires_on", "tokens-error-expiry-past")));
        assert!(parse("date", "2028-12-01", now()).is_ok(), "two years");
        assert_eq!(parse("date", "2028-12-03", now()), Err(("expires_on", "tokens-error-expiry-too-far")));
        assert_eq!(parse("date", "", now()), Err(("expires_on", "error-required")));
        assert_eq!(parse("date", "soon", now()), Err(("expires_on", "error-invalid-date")));
    }
}
