//! A programme's target: how many checkpoints it is to commission, by which
//! year. The register may name fewer checkpoints than the target.

use serde::Deserialize;

use super::errors::FieldErrors;

/// The years a target may name (the reports' range too).
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;
/// More checkpoints than Kazakhstan has borders for is a typing error.
const MAX_COUNT: i32 = 1000;

/// A target, valid: both parts or neither (the database checks it too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Target {
    pub count: i32,
    pub year: i32,
}

/// The target form as typed; kept as typed to show it back with errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TargetForm {
    pub target_count: String,
    pub target_year: String,
    pub version: String,
}

impl TargetForm {
    pub fn from_stored(target: Option<Target>, version: i32) -> Self {
        TargetForm {
            target_count: target.map(|t| t.count.to_string()).unwrap_or_default(),
            target_year: target.map(|t| t.year.to_string()).unwrap_or_default(),
            version: version.to_string(),
        }
    }

    /// The target, `None` when both fields are blank (no target), or the
    /// error beside each field.
    pub fn parse(&self) -> Result<Option<Target>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut field = |value: &str, range, name: &'static str, key| {
            whole_number(value, range).unwrap_or_else(|()| {
                errors.add(name, key);
                None
            })
        };
        let count = field(&self.target_count, 1..=MAX_COUNT, "target_count", "error-target-count");
        let year = field(&self.target_year, YEARS, "target_year", "error-target-year");
        match (self.target_count.trim().is_empty(), self.target_year.trim().is_empty()) {
            (false, true) => errors.add("target_year", "error-target-incomplete"),
            (true, false) => errors.add("target_count", "error-target-incomplete"),
            _ => {}
        }
        errors.into_result(|| count.zip(year).map(|(count, year)| Target { count, year }))
    }
}

/// A blank field is `Ok(None)`; anything else must be a whole number in
/// `range`.
fn whole_number(value: &str, range: std::ops::RangeInclusive<i32>) -> Result<Option<i32>, ()> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value.parse().ok().filter(|n| range.contains(n)).map(Some).ok_or(())
}

/// How the register stands against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub commissioned: i64,
    pub target: i64,
    /// Checkpoints the target counts that the register does not name yet.
    pub not_in_register: i64,
}

/// Compares the register's `commissioned` of `in_register` checkpoints with
/// the target: "4 of 9, 5 not in the register", never "4 of 4".
pub fn progress(target: Target, in_register: i64, commissioned: i64) -> Progress {
    let target_count = i64::from(target.count);
    Progress { commissioned, target: target_count, not_in_register: (target_count - in_register).max(0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(count: &str, year: &str) -> TargetForm {
        TargetForm { target_count: count.into(), target_year: year.into(), version: "1".into() }
    }

    #[test]
    fn a_target_is_both_numbers_or_nothing() {
        assert_eq!(form(" 9 ", "2025").parse(), Ok(Some(Target { count: 9, year: 2025 })));
        assert_eq!(form("", " ").parse(), Ok(None));
        assert_eq!(form("9", "").parse().unwrap_err().get("target_year"), Some("error-target-incomplete"));
        assert_eq!(form("", "2025").parse().unwrap_err().get("target_count"), Some("error-target-incomplete"));
    }

    #[test]
    fn counts_and_years_out_of_range_are_refused_beside_their_field() {
        for bad in ["0", "-3", "nine", "1001", "2.5"] {
            assert_eq!(form(bad, "2025").parse().unwrap_err().get("target_count"), Some("error-target-count"), "{bad}");
        }
        for bad in ["1999", "2101", "25x"] {
            assert_eq!(form("9", bad).parse().unwrap_err().get("target_year"), Some("error-target-year"), "{bad}");
        }
        assert_eq!(form("1", "2000").parse(), Ok(Some(Target { count: 1, year: 2000 })));
        assert_eq!(form("1000", "2100").parse(), Ok(Some(Target { count: 1000, year: 2100 })));
    }

    #[test]
    fn progress_counts_what_the_register_does_not_name_yet() {
        let nine = Target { count: 9, year: 2025 };
        assert_eq!(progress(nine, 4, 4), Progress { commissioned: 4, target: 9, not_in_register: 5 });
        assert_eq!(progress(nine, 9, 2).not_in_register, 0);
        assert_eq!(progress(nine, 12, 10).not_in_register, 0, "more in the register than planned");
    }
}
