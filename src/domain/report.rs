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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct IssueForm {
    #[schema(value_type = IssueCategory)]
    pub category: String,
    #[schema(value_type = Severity)]
    pub severity: String,
    pub text: String,
}

/// A milestone's progress as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct MilestoneUpdateForm {
    pub milestone_id: i64,
    pub done: bool,
    /// `2026-11-20` or `20.11.2026`; needed when done.
    #[schema(examples("2026-11-20"))]
    pub actual_date: String,
}

/// One checkpoint's entry as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EntryForm {
    pub checkpoint_id: i64,
    /// 0 to 100.
    #[serde(deserialize_with = "text_or_number")]
    #[schema(schema_with = text_or_number_schema)]
    pub percent_complete: String,
    #[schema(value_type = ProposedStatus)]
    pub status: String,
    pub narrative: String,
    pub next_week_plan: String,
    pub decrease_explanation: String,
    /// A proposed commissioning date (`2026-12-31` or `31.12.2026`), with its reason.
    #[schema(examples("2026-12-31"))]
    pub proposed_date: String,
    pub proposed_date_reason: String,
    pub issues: Vec<IssueForm>,
    pub milestones: Vec<MilestoneUpdateForm>,
}

/// A draft as typed: the revision number and optimistic-lock version the
/// form was opened on, the "no change this week" statement and the entries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct DraftForm {
    /// The revision the form edits; blank from the API ("the current draft").
    #[serde(deserialize_with = "text_or_number")]
    #[schema(ignore)]
    pub number: String,
    /// Its version when opened; "0" (or blank) for a draft not saved yet.
    #[serde(deserialize_with = "text_or_number")]
    #[schema(schema_with = text_or_number_schema)]
    pub version: String,
    pub no_change: bool,
    pub entries: Vec<EntryForm>,
}

/// How [`text_or_number`] fields are described in the API's OpenAPI
/// document: an integer, or the same as a string.
pub fn text_or_number_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    ObjectBuilder::new().schema_type(SchemaType::Array(vec![Type::Integer, Type::String, Type::Null])).build()
}

/// Reads a JSON string or number as text, so that `"version": 3` (as the
/// API answers it) and `"version": "3"` (as the form sends it) both work;
/// `null` is blank. Anything else is refused as malformed.
pub fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Value {
        Text(String),
        Int(i64),
        Float(f64),
        Null(()),
    }
    Ok(match Value::deserialize(d)? {
        Value::Text(s) => s,
        Value::Int(n) => n.to_string(),
        Value::Float(n) => n.to_string(),
        Value::Null(()) => String::new(),
    })
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
    pub no_change: bool,
    pub entries: Vec<EntryInput>,
}

impl ReportDraft {
    /// What the audit trail keeps of a saved draft.
    pub fn snapshot(&self) -> serde_json::Value {
        let entries: Vec<serde_json::Value> = self
            .entries
            .iter()
            .map(|e| {
                serde_json::json!({
                    "checkpoint_id": e.checkpoint_id,
                    "percent_complete": e.percent_complete.map(Percent::value),
                    "status": e.status,
                    "narrative": e.narrative,
                    "next_week_plan": e.next_week_plan,
                    "decrease_explanation": e.decrease_explanation,
                    "proposed_date": e.proposed_date,
                    "proposed_date_reason": e.proposed_date_reason,
                    "issues": e.issues.iter().map(|i| serde_json::json!({
                        "category": i.category, "severity": i.severity, "text": i.text,
                    })).collect::<Vec<_>>(),
                    "milestones": e.milestones.iter().map(|m| serde_json::json!({
                        "milestone_id": m.milestone_id, "done": m.done, "actual_date": m.actual_date,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::json!({ "no_change": self.no_change, "entries": entries })
    }
}

/// The field name of an entry's field, as forms and field errors use it.
pub fn field(checkpoint_id: i64, name: &str) -> String {
    format!("c{checkpoint_id}.{name}")
}

impl DraftForm {
    /// Reads the HTML form's flat pairs: `number`, `version`, `no_change`,
    /// and per checkpoint `c{id}.include`, `c{id}.percent`, `c{id}.status`,
    /// `c{id}.narrative`, `c{id}.next`, `c{id}.decrease`,
    /// `c{id}.proposed_date`, `c{id}.proposed_reason`,
    /// `c{id}.issue{n}.category|severity|text|close`,
    /// `c{id}.m{milestone}.done|date`. Only included checkpoints count; an
    /// issue ticked "close", or left blank (the spare row), is dropped.
    pub fn from_pairs(pairs: &[(String, String)]) -> DraftForm {
        let mut version = String::new();
        let mut number = String::new();
        let mut no_change = false;
        let mut closed: Vec<(i64, u32)> = Vec::new();
        let mut entries: BTreeMap<i64, EntryForm> = BTreeMap::new();
        let mut included: Vec<i64> = Vec::new();
        let mut issues: BTreeMap<(i64, u32), IssueForm> = BTreeMap::new();
        let mut milestones: BTreeMap<(i64, i64), MilestoneUpdateForm> = BTreeMap::new();
        for (key, value) in pairs {
            match key.as_str() {
                "version" => version.clone_from(value),
                "number" => number.clone_from(value),
                "no_change" => no_change = true,
                _ => {}
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
                            "close" => closed.push((id, n)),
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
        for ((id, n), issue) in issues {
            // A blank issue row is the form's spare line, not an issue.
            let blank = issue.text.trim().is_empty() && issue.category.is_empty();
            if let Some(entry) = entries.get_mut(&id)
                && !blank
                && !closed.contains(&(id, n))
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
        DraftForm { number, version, no_change, entries }
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
            if proposed_date.is_some_and(|d| d < today) {
                errors.add(field(id, "proposed_date"), "error-date-in-past");
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
                } else if m.done && actual_date.is_none() {
                    // The milestone records the date it was done: no guess.
                    errors.add(name, "error-actual-date-required");
                } else if actual_date.is_some() {
                    milestones.push(MilestoneUpdate { milestone_id: m.milestone_id, done: true, actual_date });
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
        errors.into_result(|| ReportDraft { no_change: self.no_change, entries })
    }
}

/// What the submission rules look at in one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub checkpoint_id: i64,
    pub percent: Option<u8>,
    pub explained: bool,
}

/// The rules checked at submission: a report says something (entries, or
/// the explicit statement that nothing changed this week), and a percent
/// below the body's previous figure for that checkpoint is explained.
pub fn submission_errors(figures: &[Figure], no_change: bool, previous: &HashMap<i64, u8>) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if figures.is_empty() && !no_change {
        errors.add("no_change", "error-report-empty");
    }
    for f in figures {
        let fell = match (f.percent, previous.get(&f.checkpoint_id)) {
            (Some(now), Some(before)) => now < *before,
            _ => false,
        };
        if fell && !f.explained {
            errors.add(field(f.checkpoint_id, "decrease"), "error-decrease-explain");
        }
    }
    errors
}

impl ReportDraft {
    /// The figures the submission rules check.
    pub fn figures(&self) -> Vec<Figure> {
        self.entries
            .iter()
            .map(|e| Figure {
                checkpoint_id: e.checkpoint_id,
                percent: e.percent_complete.map(Percent::value),
                explained: !e.decrease_explanation.is_empty(),
            })
            .collect()
    }
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
            entries: vec![EntryForm {
                checkpoint_id: 5,
                percent_complete: "150".into(),
                status: "green".into(),
                proposed_date: "2026-12-31".into(),
                milestones: vec![MilestoneUpdateForm { milestone_id: 99, done: true, actual_date: String::new() }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let errors = form.parse(&HashMap::from([(5, vec![1])]), today()).unwrap_err();
        assert_eq!(errors.get("c5.percent"), Some("error-percent"));
        assert_eq!(errors.get("c5.status"), Some("error-invalid-choice"));
        assert_eq!(errors.get("c5.proposed_reason"), Some("error-reason-required"));
        assert_eq!(errors.get("c5.m99.date"), Some("error-unknown-milestone"));
        let unknown =
            DraftForm { entries: vec![EntryForm { checkpoint_id: 6, ..Default::default() }], ..Default::default() };
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
            entries: vec![entry(1, "30", ""), entry(2, "30", "Re-measured"), entry(3, "60", ""), entry(4, "10", "")],
            ..Default::default()
        };
        let draft = form.parse(&HashMap::from([(1, vec![]), (2, vec![]), (3, vec![]), (4, vec![])]), today()).unwrap();
        let previous = HashMap::from([(1, 40), (2, 40), (3, 40)]);
        let errors = submission_errors(&draft.figures(), false, &previous);
        assert_eq!(errors.get("c1.decrease"), Some("error-decrease-explain"));
        assert_eq!(errors.len(), 1, "explained, increased and first figures pass");
    }

    #[test]
    fn closing_an_issue_needs_no_text_change_and_a_blank_spare_row_is_no_issue() {
        let form = DraftForm::from_pairs(&pairs(&[
            ("number", "2"),
            ("no_change", "on"),
            ("c1.include", "on"),
            ("c1.issue0.category", "internet"),
            ("c1.issue0.severity", "high"),
            ("c1.issue0.text", "Нет связи"),
            ("c1.issue0.close", "on"),
            ("c1.issue1.category", "equipment"),
            ("c1.issue1.severity", "low"),
            ("c1.issue1.text", "Сканер"),
            ("c1.issue2.category", ""),
            ("c1.issue2.text", ""),
        ]));
        assert_eq!((form.number.as_str(), form.no_change), ("2", true));
        let texts: Vec<&str> = form.entries[0].issues.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, vec!["Сканер"]);
    }

    #[test]
    fn a_milestone_done_needs_its_date_and_a_proposal_cannot_be_in_the_past() {
        let form = DraftForm {
            entries: vec![EntryForm {
                checkpoint_id: 1,
                proposed_date: "2026-11-25".into(),
                proposed_date_reason: "Late".into(),
                milestones: vec![
                    MilestoneUpdateForm { milestone_id: 7, done: true, actual_date: String::new() },
                    MilestoneUpdateForm { milestone_id: 8, done: false, actual_date: "2026-11-27".into() },
                ],
                ..Default::default()
            }],
            ..Default::default()
        };
        let errors = form.parse(&HashMap::from([(1, vec![7, 8])]), today()).unwrap_err();
        assert_eq!(errors.get("c1.m7.date"), Some("error-actual-date-required"));
        assert_eq!(errors.get("c1.m8.date"), Some("error-date-in-future"));
        assert_eq!(errors.get("c1.proposed_date"), Some("error-date-in-past"));
    }

    #[test]
    fn an_empty_report_needs_the_no_change_statement() {
        let none = HashMap::new();
        assert_eq!(submission_errors(&[], false, &none).get("no_change"), Some("error-report-empty"));
        assert!(submission_errors(&[], true, &none).is_empty());
    }

    #[test]
    fn the_api_may_send_the_version_as_a_number_or_a_string() {
        let a: DraftForm = serde_json::from_str(r#"{"version": 3, "entries": []}"#).unwrap();
        let b: DraftForm = serde_json::from_str(r#"{"version": "3"}"#).unwrap();
        assert_eq!((a.version.as_str(), b.version.as_str()), ("3", "3"));
        let p: EntryForm = serde_json::from_str(r#"{"checkpoint_id": 1, "percent_complete": 40}"#).unwrap();
        assert_eq!(p.percent_complete, "40");
        assert!(serde_json::from_str::<DraftForm>(r#"{"version": [1]}"#).is_err());
    }
}
