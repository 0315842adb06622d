//! The rules of a report's life the PM office relies on: when a week may be
//! filed, how a submission is judged (once, stored), the correction deadline
//! of a returned report, and where a body stands for a week.

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc, Weekday};

use super::checkpoint::code_enum;
use super::dates::ZONE;
use super::week::{Deadline, IsoWeek};

code_enum! {
    /// Where a revision is in its life: a draft, then submitted, then
    /// reviewed or returned for correction by the PM office.
    RevisionStatus { Draft = "draft", Submitted = "submitted", Reviewed = "reviewed", Returned = "returned" }
}

code_enum! {
    /// What a submitted revision is: the week's first submission, a
    /// correction of a returned one, or an amendment nobody asked for.
    RevisionKind { First = "first", Correction = "correction", Amendment = "amendment" }
}

code_enum! {
    /// The PM office's decision on a revision.
    Decision { Reviewed = "reviewed", Returned = "returned" }
}

/// Working days a body has to correct a returned report, unless configured.
pub const DEFAULT_CORRECTION_DAYS: u32 = 3;

/// Whether `week` may be filed at `now`: from its Monday, in Kazakhstan.
pub fn week_has_started(week: IsoWeek, now: DateTime<Utc>) -> bool {
    IsoWeek::at(now) >= week
}

/// How a submission is judged, decided once when it is submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub kind: RevisionKind,
    /// The deadline it was judged against; none for an amendment.
    pub due_at: Option<DateTime<Utc>>,
    pub late: bool,
}

/// The report's revision before this one, as far as judging goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Previous {
    pub status: RevisionStatus,
    pub correction_due: Option<DateTime<Utc>>,
}

/// Judges a submission at `now`: the first against the week's deadline in
/// force now, a correction against its correction deadline; an amendment
/// made without a return is never late. Strictly after the deadline is
/// late: at the deadline itself it is on time.
pub fn judge(deadline: Deadline, week: IsoWeek, previous: Option<Previous>, now: DateTime<Utc>) -> Verdict {
    let judged = |kind, due: DateTime<Utc>| Verdict { kind, due_at: Some(due), late: now > due };
    match previous {
        None => judged(RevisionKind::First, deadline.of(week)),
        Some(Previous { status: RevisionStatus::Returned, correction_due: Some(due) }) => {
            judged(RevisionKind::Correction, due)
        }
        Some(_) => Verdict { kind: RevisionKind::Amendment, due_at: None, late: false },
    }
}

/// The correction deadline of a report returned at `returned_at`: the same
/// time of day `days` working days (Monday to Friday, in Kazakhstan) later.
/// Public holidays are not counted out.
pub fn correction_deadline(returned_at: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let local = returned_at.with_timezone(&ZONE).naive_local();
    let mut date = local.date();
    let mut left = days;
    while left > 0 {
        date += Duration::days(1);
        if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    ZONE.from_local_datetime(&date.and_time(local.time())).single().expect("no DST in Kazakhstan").with_timezone(&Utc)
}

/// Where a body stands for one week, as the grid and the overview show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// First submitted by the deadline (and not returned since).
    OnTime,
    /// First submitted after the deadline.
    Late,
    /// Returned, and its correction deadline has not passed.
    Returned,
    /// Returned, and not corrected by its correction deadline.
    NotCorrected,
    /// Returned, then corrected after the correction deadline.
    CorrectedLate,
    /// Nothing submitted, the deadline has passed.
    Missing,
    /// Nothing submitted, the deadline has passed, a draft exists.
    MissingDraftStarted,
    /// Nothing submitted yet, a draft exists, still time.
    DraftStarted,
    /// Nothing yet, still time.
    Open,
}

impl Standing {
    /// The code the grid's cells and their translations use.
    pub fn code(self) -> &'static str {
        match self {
            Standing::OnTime => "on-time",
            Standing::Late => "late",
            Standing::Returned => "returned",
            Standing::NotCorrected => "not-corrected",
            Standing::CorrectedLate => "corrected-late",
            Standing::Missing => "missing",
            Standing::MissingDraftStarted => "missing-draft-started",
            Standing::DraftStarted => "draft-started",
            Standing::Open => "open",
        }
    }
}

/// What is stored of a body's week, for [`standing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WeekFacts {
    /// The stored verdict of the first submission, if there was one.
    pub first_late: Option<bool>,
    /// The current (latest submitted) revision's status and correction deadline.
    pub current: Option<(RevisionStatus, Option<DateTime<Utc>>)>,
    /// Whether any correction was submitted after its correction deadline.
    pub corrected_late: bool,
    pub has_draft: bool,
}

/// Where a body stands for `week` at `now`, from the stored verdicts only:
/// changing the deadline setting later changes no past standing.
pub fn standing(deadline: Deadline, week: IsoWeek, facts: WeekFacts, now: DateTime<Utc>) -> Standing {
    match (facts.first_late, facts.current) {
        (_, Some((RevisionStatus::Returned, due))) => {
            if due.is_some_and(|due| now > due) {
                Standing::NotCorrected
            } else {
                Standing::Returned
            }
        }
        (Some(_), _) if facts.corrected_late => Standing::CorrectedLate,
        (Some(true), _) => Standing::Late,
        (Some(false), _) => Standing::OnTime,
        (None, _) => {
            let past = now > deadline.of(week);
            match (past, facts.has_draft) {
                (true, true) => Standing::MissingDraftStarted,
                (true, false) => Standing::Missing,
                (false, true) => Standing::DraftStarted,
                (false, false) => Standing::Open,
            }
        }
    }
}

/// The PM office's choice on one proposal or milestone update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    Accept,
    /// Declined, with the reason the body will read.
    Decline(String),
}

/// A review as typed: the revision read, the decision, the comment, and a
/// choice (`accept` / `decline`) and reason per proposal and per update.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewForm {
    pub number: String,
    pub decision: String,
    pub comment: String,
    /// Keyed by checkpoint id: (choice, reason).
    pub proposals: std::collections::BTreeMap<i64, (String, String)>,
    /// Keyed by milestone id: (choice, reason).
    pub milestones: std::collections::BTreeMap<i64, (String, String)>,
}

/// A valid review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub number: i32,
    pub decision: Decision,
    pub comment: String,
    pub proposals: Vec<(i64, Fate)>,
    pub milestones: Vec<(i64, Fate)>,
}

impl ReviewForm {
    /// Reads the form's pairs: `number`, `decision`, `comment`,
    /// `p{checkpoint}.choice|reason`, `m{milestone}.choice|reason`.
    pub fn from_pairs(pairs: &[(String, String)]) -> ReviewForm {
        let mut form = ReviewForm::default();
        for (key, value) in pairs {
            match key.as_str() {
                "number" => form.number.clone_from(value),
                "decision" => form.decision.clone_from(value),
                "comment" => form.comment.clone_from(value),
                _ => {
                    let Some((target, part)) = key.split_once('.') else { continue };
                    let (map, id) = match (target.strip_prefix('p'), target.strip_prefix('m')) {
                        (Some(id), _) => (&mut form.proposals, id),
                        (_, Some(id)) => (&mut form.milestones, id),
                        _ => continue,
                    };
                    let Ok(id) = id.parse::<i64>() else { continue };
                    let slot = map.entry(id).or_default();
                    match part {
                        "choice" => slot.0.clone_from(value),
                        "reason" => slot.1.clone_from(value),
                        _ => {}
                    }
                }
            }
        }
        form
    }

    /// Parses the review of a revision with these proposals (checkpoint ids)
    /// and milestone updates (milestone ids). Returning needs a comment the
    /// body will act on; marking reviewed needs a choice on every proposal
    /// and update, and a reason for each one declined. Returning decides
    /// nothing: the corrected revision is reviewed in full.
    pub fn parse(&self, proposals: &[i64], milestones: &[i64]) -> Result<Review, super::FieldErrors> {
        let mut errors = super::FieldErrors::new();
        let number = self.number.trim().parse::<i32>().unwrap_or(0);
        let comment = self.comment.trim().to_owned();
        if comment.contains('\0') || comment.chars().count() > super::checkpoint::MAX_TEXT {
            errors.add("comment", "error-too-long");
        }
        let decision = Decision::parse(&self.decision);
        let mut fates = |map: &std::collections::BTreeMap<i64, (String, String)>, ids: &[i64], prefix: &str| {
            let mut out = Vec::new();
            for id in ids {
                let (choice, reason) = map.get(id).cloned().unwrap_or_default();
                let reason = reason.trim().to_owned();
                match choice.as_str() {
                    "accept" => out.push((*id, Fate::Accept)),
                    "decline" if reason.is_empty() => {
                        errors.add(format!("{prefix}{id}.reason"), "error-reason-required")
                    }
                    "decline" if reason.chars().count() > super::checkpoint::MAX_TEXT => {
                        errors.add(format!("{prefix}{id}.reason"), "error-too-long")
                    }
                    "decline" => out.push((*id, Fate::Decline(reason))),
                    _ => errors.add(format!("{prefix}{id}.choice"), "error-decision-required"),
                }
            }
            out
        };
        let review = match decision {
            None => {
                errors.add("decision", "error-invalid-choice");
                None
            }
            Some(Decision::Returned) => {
                if comment.is_empty() {
                    errors.add("comment", "error-return-comment-required");
                }
                Some((Vec::new(), Vec::new()))
            }
            Some(Decision::Reviewed) => {
                let p = fates(&self.proposals, proposals, "p");
                let m = fates(&self.milestones, milestones, "m");
                Some((p, m))
            }
        };
        match (review, decision) {
            (Some((proposals, milestones)), Some(decision)) if errors.is_empty() => {
                Ok(Review { number, decision, comment, proposals, milestones })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn week(s: &str) -> IsoWeek {
        s.parse().unwrap()
    }

    #[test]
    fn a_week_can_be_filed_from_its_monday_in_kazakhstan() {
        let w = week("2026-W49"); // Monday 30 November 2026
        assert!(!week_has_started(w, utc("2026-11-29T18:59:59Z")), "Sunday 23:59:59 UTC+5");
        assert!(week_has_started(w, utc("2026-11-29T19:00:00Z")), "Monday 00:00 UTC+5");
        assert!(week_has_started(week("2026-W48"), utc("2026-11-29T19:00:00Z")));
    }

    #[test]
    fn the_first_submission_is_judged_at_the_deadline_edge() {
        let d = Deadline::default();
        let w = week("2026-W05"); // Friday 30 January 2026, 18:00 UTC+5 = 13:00 UTC
        let at = judge(d, w, None, utc("2026-01-30T13:00:00Z"));
        assert_eq!(at, Verdict { kind: RevisionKind::First, due_at: Some(utc("2026-01-30T13:00:00Z")), late: false });
        assert!(judge(d, w, None, utc("2026-01-30T13:00:01Z")).late);
    }

    #[test]
    fn amendments_are_never_late_and_corrections_meet_their_own_deadline() {
        let d = Deadline::default();
        let w = week("2026-W05");
        let long_after = utc("2026-03-01T00:00:00Z");
        let reviewed = Previous { status: RevisionStatus::Reviewed, correction_due: None };
        assert_eq!(
            judge(d, w, Some(reviewed), long_after),
            Verdict { kind: RevisionKind::Amendment, due_at: None, late: false }
        );
        let due = utc("2026-02-04T13:00:00Z");
        let returned = Previous { status: RevisionStatus::Returned, correction_due: Some(due) };
        assert!(!judge(d, w, Some(returned), due).late, "at the correction deadline");
        let late = judge(d, w, Some(returned), due + Duration::seconds(1));
        assert_eq!((late.kind, late.late), (RevisionKind::Correction, true));
    }

    #[test]
    fn the_correction_deadline_counts_working_days() {
        // Thursday 15:00 UTC+5 → Tuesday 15:00 (Fri, Mon, Tue).
        assert_eq!(correction_deadline(utc("2026-12-03T10:00:00Z"), 3), utc("2026-12-08T10:00:00Z"));
        // Saturday → Wednesday.
        assert_eq!(correction_deadline(utc("2026-12-05T10:00:00Z"), 3), utc("2026-12-09T10:00:00Z"));
        // Late Sunday evening in Kazakhstan is still Sunday there: → Wednesday.
        assert_eq!(correction_deadline(utc("2026-12-06T18:30:00Z"), 3), utc("2026-12-09T18:30:00Z"));
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn returning_needs_a_comment_and_decides_nothing() {
        let form =
            ReviewForm::from_pairs(&pairs(&[("number", "2"), ("decision", "returned"), ("p5.choice", "accept")]));
        assert_eq!(form.parse(&[5], &[]).unwrap_err().get("comment"), Some("error-return-comment-required"));
        let form = ReviewForm { comment: "Уточните сроки".into(), ..form };
        let review = form.parse(&[5], &[]).unwrap();
        assert_eq!((review.number, review.decision, review.proposals.len()), (2, Decision::Returned, 0));
    }

    #[test]
    fn reviewing_decides_every_proposal_and_a_decline_needs_a_reason() {
        let form = ReviewForm::from_pairs(&pairs(&[
            ("number", "1"),
            ("decision", "reviewed"),
            ("p5.choice", "accept"),
            ("p6.choice", "decline"),
            ("m9.choice", "decline"),
            ("m9.reason", "Акт не подписан"),
        ]));
        let errors = form.parse(&[5, 6, 7], &[9]).unwrap_err();
        assert_eq!(errors.get("p6.reason"), Some("error-reason-required"));
        assert_eq!(errors.get("p7.choice"), Some("error-decision-required"));
        assert_eq!(errors.len(), 2);
        let review = form.parse(&[5], &[9]).unwrap();
        assert_eq!(review.proposals, vec![(5, Fate::Accept)]);
        assert_eq!(review.milestones, vec![(9, Fate::Decline("Акт не подписан".into()))]);
    }

    #[test]
    fn standings_come_from_stored_verdicts() {
        let d = Deadline::default();
        let w = week("2026-W05");
        let before = utc("2026-01-29T10:00:00Z");
        let after = utc("2026-01-31T10:00:00Z");
        let facts = |first_late, current, corrected_late, has_draft| WeekFacts {
            first_late,
            current,
            corrected_late,
            has_draft,
        };
        let submitted = Some((RevisionStatus::Submitted, None));
        assert_eq!(standing(d, w, facts(Some(false), submitted, false, false), after), Standing::OnTime);
        assert_eq!(standing(d, w, facts(Some(true), submitted, false, false), after), Standing::Late);
        // A later deadline setting does not matter: the verdict is stored.
        let later = "sun 23:00".parse().unwrap();
        assert_eq!(standing(later, w, facts(Some(true), submitted, false, false), after), Standing::Late);
        let due = utc("2026-02-04T13:00:00Z");
        let returned = Some((RevisionStatus::Returned, Some(due)));
        assert_eq!(standing(d, w, facts(Some(false), returned, false, false), due), Standing::Returned);
        assert_eq!(
            standing(d, w, facts(Some(false), returned, false, false), due + Duration::seconds(1)),
            Standing::NotCorrected
        );
        assert_eq!(standing(d, w, facts(Some(false), submitted, true, false), after), Standing::CorrectedLate);
        assert_eq!(standing(d, w, facts(None, None, false, true), before), Standing::DraftStarted);
        assert_eq!(standing(d, w, facts(None, None, false, true), after), Standing::MissingDraftStarted);
        assert_eq!(standing(d, w, facts(None, None, false, false), after), Standing::Missing);
        assert_eq!(standing(d, w, facts(None, None, false, false), before), Standing::Open);
    }
}
