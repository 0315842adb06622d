//! Calendar rules: Kazakhstan's time zone and the date formats users type.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// All of Kazakhstan has used UTC+5 all year since 1 March 2024; `Asia/Almaty`
/// in a current tz database says so.
pub const ZONE: Tz = chrono_tz::Asia::Almaty;

/// The calendar date in Kazakhstan at `now`.
pub fn local_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&ZONE).date_naive()
}

/// Parses a date typed as ISO `2026-07-31` or as `31.07.2026`, the way people
/// in Kazakhstan write it.
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .ok()
        .filter(|d| (1990..=2100).contains(&chrono::Datelike::year(d)))
}

/// A date field held text that is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotADate;

/// Parses an optional date field: blank is `Ok(None)`.
pub fn parse_optional_date(input: &str) -> Result<Option<NaiveDate>, NotADate> {
    if input.trim().is_empty() { Ok(None) } else { parse_date(input).map(Some).ok_or(NotADate) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn kazakhstan_is_utc_plus_five_all_year() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 18, 59, 59).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 19, 0, 0).unwrap();
        assert_eq!(local_date(winter), NaiveDate::from_ymd_opt(2026, 1, 15).unwrap());
        assert_eq!(local_date(summer), NaiveDate::from_ymd_opt(2026, 7, 16).unwrap());
    }

    #[test]
    fn accepts_iso_and_dotted_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 7, 31).unwrap();
        assert_eq!(parse_date("2026-07-31"), Some(d));
        assert_eq!(parse_date(" 31.07.2026 "), Some(d));
        assert_eq!(parse_date("31/07/2026"), None);
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("0001-01-01"), None);
    }

    #[test]
    fn optional_dates() {
        assert_eq!(parse_optional_date("  "), Ok(None));
        assert!(parse_optional_date("soon").is_err());
    }
}
