//! Milestones of a checkpoint's reconstruction, and revisions of planned dates.

use chrono::NaiveDate;
use serde::Deserialize;

use super::checkpoint::{MAX_NAME, code_enum, parse_choice, parse_date_field};
use super::errors::{FieldErrors, refuse_nul};

code_enum! {
    /// The kinds of milestone users track, in the order work usually happens.
    MilestoneKind {
        Design = "design",
        Contract = "contract",
        ConstructionStart = "construction_start",
        RoadsLanes = "roads_lanes",
        Buildings = "buildings",
        Equipment = "equipment",
        Internet = "internet",
        Acceptance = "acceptance",
        Commissioning = "commissioning",
        Other = "other",
    }
}

code_enum! {
    /// How sure the reporting body is of a planned date.
    DateConfidence { Estimated = "estimated", Confirmed = "confirmed" }
}

code_enum! {
    /// Which planned date a revision changes.
    DateField { Commissioning = "commissioning", Start = "start", Finish = "finish" }
}

/// Percent complete, 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(u8);

impl Percent {
    pub fn parse(input: &str) -> Option<Self> {
        let v: u8 = input.trim().trim_end_matches('%').trim().parse().ok()?;
        (v <= 100).then_some(Percent(v))
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

/// A milestone form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MilestoneForm {
    pub title: String,
    pub kind: String,
    pub planned_start: String,
    pub planned_finish: String,
    pub actual_finish: String,
    pub date_confidence: String,
    pub percent_complete: String,
    pub version: String,
}

/// A valid milestone. Planned dates are taken on creation only (the
/// baseline); later changes go through a date revision with a reason.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneInput {
    pub title: String,
    pub kind: MilestoneKind,
    pub planned_start: Option<NaiveDate>,
    pub planned_finish: Option<NaiveDate>,
    pub actual_finish: Option<NaiveDate>,
    pub date_confidence: DateConfidence,
    pub percent_complete: Percent,
}

impl MilestoneForm {
    pub fn parse(&self, today: NaiveDate) -> Result<MilestoneInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        refuse_nul(&mut errors, &[("title", &self.title)]);
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            errors.add("title", "error-required");
        } else if title.chars().count() > MAX_NAME {
            errors.add("title", "error-too-long");
        }
        let kind = parse_choice(&self.kind, MilestoneKind::parse, "kind", &mut errors).flatten();
        if kind.is_none() && self.kind.trim().is_empty() {
            errors.add("kind", "error-required");
        }
        let date_confidence =
            parse_choice(&self.date_confidence, DateConfidence::parse, "date_confidence", &mut errors)
                .flatten()
                .unwrap_or(DateConfidence::Estimated);
        let planned_start = parse_date_field(&self.planned_start, "planned_start", &mut errors);
        let planned_finish = parse_date_field(&self.planned_finish, "planned_finish", &mut errors);
        if let (Some(s), Some(f)) = (planned_start, planned_finish)
            && f < s
        {
            errors.add("planned_finish", "error-finish-before-start");
        }
        let actual_finish = parse_date_field(&self.actual_finish, "actual_finish", &mut errors);
        if actual_finish.is_some_and(|d| d > today) {
            errors.add("actual_finish", "error-date-in-future");
        }
        let percent_complete = if self.percent_complete.trim().is_empty() {
            Some(Percent(0))
        } else {
            let p = Percent::parse(&self.percent_complete);
            if p.is_none() {
                errors.add("percent_complete", "error-percent");
            }
            p
        };
        errors.into_result(|| MilestoneInput {
            title,
            kind: kind.unwrap_or(MilestoneKind::Other),
            planned_start,
            planned_finish,
            actual_finish,
            date_confidence,
            percent_complete: percent_complete.unwrap_or(Percent(0)),
        })
    }
}

/// A request to change a planned date, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DateRevisionForm {
    pub field: String,
    pub new_date: String,
    pub reason: String,
}

/// A valid request to change a planned date. `new_date` may be `None`: the
/// date became unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct DateRevisionInput {
    pub field: DateField,
    pub new_date: Option<NaiveDate>,
    pub reason: String,
}

impl DateRevisionForm {
    /// `allowed` lists the fields this target has (commissioning for a
    /// checkpoint; start and finish for a milestone).
    pub fn parse(&self, allowed: &[DateField]) -> Result<DateRevisionInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        refuse_nul(&mut errors, &[("reason", &self.reason)]);
        let field = DateField::parse(&self.field).filter(|f| allowed.contains(f));
        if field.is_none() {
            errors.add("field", "error-invalid-choice");
        }
        let new_date = parse_date_field(&self.new_date, "new_date", &mut errors);
        let reason = self.reason.trim().to_owned();
        if reason.is_empty() {
            errors.add("reason", "error-reason-required");
        } else if reason.chars().count() > super::checkpoint::MAX_TEXT {
            errors.add("reason", "error-too-long");
        }
        errors.into_result(|| DateRevisionInput { field: field.unwrap_or(DateField::Commissioning), new_date, reason })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn percent_bounds() {
        assert_eq!(Percent::parse("0").map(Percent::value), Some(0));
        assert_eq!(Percent::parse(" 100 % ").map(Percent::value), Some(100));
        assert_eq!(Percent::parse("101"), None);
        assert_eq!(Percent::parse("-1"), None);
        assert_eq!(Percent::parse("5.5"), None);
    }

    #[test]
    fn milestone_finish_before_start_is_refused() {
        let form = MilestoneForm {
            title: "Lanes".into(),
            kind: "roads_lanes".into(),
            planned_start: "2026-05-01".into(),
            planned_finish: "01.04.2026".into(),
            ..Default::default()
        };
        let errors = form.parse(today()).unwrap_err();
        assert_eq!(errors.get("planned_finish"), Some("error-finish-before-start"));
    }

    #[test]
    fn milestone_needs_title_and_kind() {
        let errors = MilestoneForm::default().parse(today()).unwrap_err();
        assert_eq!(errors.get("title"), Some("error-required"));
        assert_eq!(errors.get("kind"), Some("error-required"));
    }

    #[test]
    fn a_date_revision_needs_a_reason_and_an_allowed_field() {
        let form = DateRevisionForm { field: "start".into(), new_date: "2026-07-31".into(), reason: " ".into() };
        let errors = form.parse(&[DateField::Commissioning]).unwrap_err();
        assert_eq!(errors.get("field"), Some("error-invalid-choice"));
        assert_eq!(errors.get("reason"), Some("error-reason-required"));
        let ok =
            DateRevisionForm { field: "commissioning".into(), new_date: "31.07.2026".into(), reason: "SRC".into() }
                .parse(&[DateField::Commissioning])
                .unwrap();
        assert_eq!(ok.new_date, NaiveDate::from_ymd_opt(2026, 7, 31));
    }
}
