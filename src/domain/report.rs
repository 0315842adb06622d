//! A weekly report's content and its rules. The same typed form comes from
//! the HTML page (as flat pairs) and from the JSON API, and parses into the
//! same [`ReportDraft`] with the same field errors.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::checkpoint::{MAX_TEXT, code_enum, parse_date_field};
use super::errors::FieldErrors;
use super::milestone::Percent;

code_enum! {
    /// The status a body proposes for a checkpoint (RAG, plus commissioned).
    ProposedStatus { OnTrack = "on_track", AtRisk = "at_risk", Delayed = "delayed", Commissioned = "commissioned" }
}

code_enum! {
    /// What an issue is about; the PM asked about equipment and internet.
    IssueCategory {
        Equipment = "equipment",
        Internet = "internet",
        CustomsStaffing = "customs_staffing",
        Construction = "construction",
        Financing = "financing",
        Other = "other",
    }
}

code_enum! {
    Severity { Low = "low", Medium = "medium", High = "high" }
}

/// One issue as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IssueForm {
    pub category: String,
    pub severity: String,
    pub text: String,
}

/// A milestone's progress as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MilestoneUpdateForm {
    pub milestone_id: i64,
    pub done: bool,
    pub actual_date: String,
}

/// One checkpoint's entry as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntryForm {
    pub checkpoint_id: i64,
    pub percent_complete: String,
    pub status: String,
    pub narrative: String,
    pub next_week_plan: String,
    pub decrease_explanation: String,
    pub proposed_date: String,
    pub proposed_date_reason: String,
    pub issues: Vec<IssueForm>,
    pub milestones: Vec<MilestoneUpdateForm>,
}

/// A draft as typed: the optimistic-lock version and the entries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftForm {
    pub version: String,
    pub entries: Vec<EntryForm>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IssueInput {
    pub category: IssueCategory,
    pub severity: Severity,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneUpdate {
    pub milestone_id: i64,
    pub done: bool,
    pub actual_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntryInput {
    pub checkpoint_id: i64,
    pub percent_complete: Option<Percent>,
    pub status: Option<ProposedStatus>,
    pub narrative: String,
    pub next_week_plan: String,
    pub decrease_explanation: String,
    pub proposed_date: Option<NaiveDate>,
    pub proposed_date_reason: String,
    pub issues: Vec<IssueInput>,
    pub milestones: Vec<MilestoneUpdate>,
}

/// A valid draft.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportDraft {
    pub entries: Vec<EntryInput>,
}

/// The field name of an entry's field, as forms and field errors use it.
pub fn field(checkpoint_id: i64, name: &str) -> String {
    format!("c{checkpoint_id}.{name}")
}

impl DraftForm {
    /// Reads the HTML form's flat pairs: `version`, and per checkpoint
    /// `c{id}.include`, `c{id}.percent`, `c{id}.status`, `c{id}.narrative`,
    /// `c{id}.next`, `c{id}.decrease`, `c{id}.proposed_date`,
    /// `c{id}.proposed_reason`, `c{id}.issue{n}.category|severity|text`,
    /// `c{id}.m{milestone}.done|date`. Only included checkpoints count.
    pub fn from_pairs(pairs: &[(String, String)]) -> DraftForm {
        let mut version = String::new();
        let mut entries: BTreeMap<i64, EntryForm> = BTreeMap::new();
        let mut included: Vec<i64> = Vec::new();
        let mut issues: BTreeMap<(i64, u32), IssueForm> = BTreeMap::new();
        let mut milestones: BTreeMap<(i64, i64), MilestoneUpdateForm> = BTreeMap::new();
        for (key, value) in pairs {
            if key == "version" {
                version.clone_from(value);
                continue;
            }
            let Some((id, name)) = key.strip_prefix('c').and_then(|k| k.split_once('.')) else { continue };
            let Ok(id) = id.parse::<i64>() else { continue };
            let entry = entries.entry(id).or_insert_with(|| EntryForm { checkpoint_id: id, ..Default::default() });
            match name {
                "include" => included.push(id),
                "percent" => entry.percent_complete.clone_from(value),
                "status" => entry.status.clone_from(value),
                "narrative" => entry.narrative.clone_from(value),
                "next" => entry.next_week_plan.clone_from(value),
                "decrease" => entry.decrease_explanation.clone_from(value),
                "proposed_date" => entry.proposed_date.clone_from(value),
                "proposed_reason" => entry.proposed_date_reason.clone_from(value),
                _ => {
                    let Some((sub, part)) = name.split_once('.') else { continue };
                    if let Some(n) = sub.strip_prefix("issue").and_then(|n| n.parse::<u32>().ok()) {
                        let issue = issues.entry((id, n)).or_default();
                        match part {
                            "category" => issue.category.clone_from(value),
                            "severity" => issue.severity.clone_from(value),
                            "text" => issue.text.clone_from(value),
                            _ => {}
                        }
                    } else if let Some(m) = sub.strip_prefix('m').and_then(|m| m.parse::<i64>().ok()) {
                        let update = milestones
                            .entry((id, m))
                            .or_insert_with(|| MilestoneUpdateForm { milestone_id: m, ..Default::default() });
                        match part {
                            "done" => update.done = true,
                            "date" => update.actual_date.clone_from(value),
                            _ => {}
                        }
                    }
                }
            }
        }
        for ((id, _), issue) in issues {
            // A blank issue row is the form's spare line, not an issue.
            if let Some(entry) = entries.get_mut(&id)
                && !(issue.text.trim().is_empty() && issue.category.is_empty())
            {
                entry.issues.push(issue);
            }
        }
        for ((id, _), update) in milestones {
            if let Some(entry) = entries.get_mut(&id) {
                entry.milestones.push(update);
            }
        }
        let entries = entries.into_values().filter(|e| included.contains(&e.checkpoint_id)).collect();
        DraftForm { version, entries }
    }

    /// Parses every entry. `checkpoints` maps each existing checkpoint to its
    /// milestones; `today` is the date in Kazakhstan.
    pub fn parse(&self, checkpoints: &HashMap<i64, Vec<i64>>, today: NaiveDate) -> Result<ReportDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut entries = Vec::new();
        let mut seen = Vec::new();
        for e in &self.entries {
            let id = e.checkpoint_id;
            let Some(own_milestones) = checkpoints.get(&id) else {
                errors.add(field(id, "include"), "error-unknown-checkpoint");
                continue;
            };
            if seen.contains(&id) {
                errors.add(field(id, "include"), "error-duplicate-checkpoint");
                continue;
            }
            seen.push(id);
            let text_fields = [
                ("narrative", &e.narrative),
                ("next", &e.next_week_plan),
                ("decrease", &e.decrease_explanation),
                ("proposed_reason", &e.proposed_date_reason),
            ];
            for (name, value) in text_fields {
                if value.contains('\0') {
                    errors.add(field(id, name), "error-invalid-characters");
                } else if value.chars().count() > MAX_TEXT {
                    errors.add(field(id, name), "error-too-long");
                }
            }
            let percent_complete = if e.percent_complete.trim().is_empty() {
                None
            } else {
                let p = Percent::parse(&e.percent_complete);
                if p.is_none() {
                    errors.add(field(id, "percent"), "error-percent");
                }
                p
            };
            let status = if e.status.trim().is_empty() {
                None
            } else {
                let s = ProposedStatus::parse(&e.status);
                if s.is_none() {
                    errors.add(field(id, "status"), "error-invalid-choice");
                }
                s
            };
            let mut date_errors = FieldErrors::new();
            let proposed_date = parse_date_field(&e.proposed_date, "d", &mut date_errors);
            if !date_errors.is_empty() {
                errors.add(field(id, "proposed_date"), "error-invalid-date");
            }
            if proposed_date.is_some() && e.proposed_date_reason.trim().is_empty() {
                errors.add(field(id, "proposed_reason"), "error-reason-required");
            }
            let mut issues = Vec::new();
            for (n, issue) in e.issues.iter().enumerate() {
                let category = IssueCategory::parse(&issue.category);
                let severity = Severity::parse(&issue.severity);
                let text = issue.text.trim().to_owned();
                if category.is_none() {
                    errors.add(field(id, &format!("issue{n}.category")), "error-invalid-choice");
                }
                if severity.is_none() {
                    errors.add(field(id, &format!("issue{n}.severity")), "error-invalid-choice");
                }
                if text.is_empty() {
                    errors.add(field(id, &format!("issue{n}.text")), "error-required");
                } else if text.contains('\0') || text.chars().count() > MAX_TEXT {
                    errors.add(field(id, &format!("issue{n}.text")), "error-too-long");
                }
                if let (Some(category), Some(severity)) = (category, severity) {
                    issues.push(IssueInput { category, severity, text });
                }
            }
            let mut milestones = Vec::new();
            for m in &e.milestones {
                let name = field(id, &format!("m{}.date", m.milestone_id));
                if !own_milestones.contains(&m.milestone_id) {
                    errors.add(name, "error-unknown-milestone");
                    continue;
                }
                let mut date_errors = FieldErrors::new();
                let actual_date = parse_date_field(&m.actual_date, "d", &mut date_errors);
                if !date_errors.is_empty() {
                    errors.add(name, "error-invalid-date");
                } else if actual_date.is_some_and(|d| d > today) {
                    errors.add(name, "error-date-in-future");
                } else if m.done || actual_date.is_some() {
                    milestones.push(MilestoneUpdate { milestone_id: m.milestone_id, done: m.done, actual_date });
                }
            }
            entries.push(EntryInput {
                checkpoint_id: id,
                percent_complete,
                status,
                narrative: e.narrative.trim().to_owned(),
                next_week_plan: e.next_week_plan.trim().to_owned(),
                decrease_explanation: e.decrease_explanation.trim().to_owned(),
                proposed_date,
                proposed_date_reason: e.proposed_date_reason.trim().to_owned(),
                issues,
                milestones,
            });
        }
        errors.into_result(|| ReportDraft { entries })
    }
}

/// The rule checked at submission: a percent below the body's previous
/// figure for that checkpoint needs an explanation.
pub fn unexplained_decreases(draft: &ReportDraft, previous: &HashMap<i64, u8>) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for e in &draft.entries {
        let fell = match (e.percent_complete, previous.get(&e.checkpoint_id)) {
            (Some(now), Some(before)) => now.value() < *before,
            _ => false,
        };
        if fell && e.decrease_explanation.is_empty() {
            errors.add(field(e.checkpoint_id, "decrease"), "error-decrease-explain");
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn the_html_form_reads_into_entries_of_included_checkpoints_only() {
        let form = DraftForm::from_pairs(&pairs(&[
            ("version", "3"),
            ("c1.include", "on"),
            ("c1.percent", "40"),
            ("c1.status", "at_risk"),
            ("c1.issue0.category", "internet"),
            ("c1.issue0.severity", "high"),
            ("c1.issue0.text", "Нет связи"),
            ("c1.issue1.category", ""),
            ("c1.issue1.text", ""),
            ("c1.m7.done", "on"),
            ("c1.m7.date", "2026-11-20"),
            ("c2.percent", "10"),
        ]));
        assert_eq!(form.version, "3");
        assert_eq!(form.entries.len(), 1, "c2 is not included");
        let draft = form.parse(&HashMap::from([(1, vec![7]), (2, vec![])]), today()).unwrap();
        let e = &draft.entries[0];
        assert_eq!(e.percent_complete.map(Percent::value), Some(40));
        assert_eq!(e.status, Some(ProposedStatus::AtRisk));
        assert_eq!(
            e.issues,
            vec![IssueInput {
                category: IssueCategory::Internet, severity: Severity::High, text: "Нет связи".into()
            }]
        );
        assert_eq!(e.milestones[0].actual_date, NaiveDate::from_ymd_opt(2026, 11, 20));
    }

    #[test]
    fn bad_fields_are_named_per_checkpoint() {
        let form = DraftForm {
            version: "1".into(),
            entries: vec![EntryForm {
                checkpoint_id: 5,
                percent_complete: "150".into(),
                status: "green".into(),
                proposed_date: "2026-12-31".into(),
                milestones: vec![MilestoneUpdateForm { milestone_id: 99, done: true, actual_date: String::new() }],
                ..Default::default()
            }],
        };
        let errors = form.parse(&HashMap::from([(5, vec![1])]), today()).unwrap_err();
        assert_eq!(errors.get("c5.percent"), Some("error-percent"));
        assert_eq!(errors.get("c5.status"), Some("error-invalid-choice"));
        assert_eq!(errors.get("c5.proposed_reason"), Some("error-reason-required"));
        assert_eq!(errors.get("c5.m99.date"), Some("error-unknown-milestone"));
        let unknown =
            DraftForm { version: "1".into(), entries: vec![EntryForm { checkpoint_id: 6, ..Default::default() }] };
        assert_eq!(
            unknown.parse(&HashMap::new(), today()).unwrap_err().get("c6.include"),
            Some("error-unknown-checkpoint")
        );
    }

    #[test]
    fn a_decrease_needs_an_explanation() {
        let entry = |id, percent: &str, why: &str| EntryForm {
            checkpoint_id: id,
            percent_complete: percent.into(),
            decrease_explanation: why.into(),
            ..Default::default()
        };
        let form = DraftForm {
            version: "1".into(),
            entries: vec![entry(1, "30", ""), entry(2, "30", "Re-measured"), entry(3, "60", ""), entry(4, "10", "")],
        };
        let draft = form.parse(&HashMap::from([(1, vec![]), (2, vec![]), (3, vec![]), (4, vec![])]), today()).unwrap();
        let previous = HashMap::from([(1, 40), (2, 40), (3, 40)]);
        let errors = unexplained_decreases(&draft, &previous);
        assert_eq!(errors.get("c1.decrease"), Some("error-decrease-explain"));
        assert_eq!(errors.len(), 1, "explained, increased and first figures pass");
    }
}
