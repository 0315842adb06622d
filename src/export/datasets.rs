//! The datasets analysts can export: each a fixed list of columns (their
//! names are an interface, documented in `docs/EXPORTS.md`, which a test
//! compares with this file) over one static SQL `from` clause, with the
//! expressions the shared filters apply to.
//!
//! Placeholders in `from`, filled by [`super::query`]: `{revisions}` (the
//! report revisions the reader may see, current or all), `{admin}`
//! (whether the reader is an administrator), and, for `compliance`,
//! `{first_monday}`, `{last_monday}`, `{deadline_offset}` and `{now}`.

use crate::auth::Permission;

/// How a column's values are typed in every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free or coded text; neutralised against formula injection in files.
    Text,
    Integer,
    /// An ISO 8601 date, `2026-11-27`.
    Date,
    /// An ISO 8601 instant in UTC, `2026-11-27T09:12:03Z`.
    Timestamp,
    /// `true` or `false`.
    Boolean,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Integer => "integer",
            Kind::Date => "date",
            Kind::Timestamp => "timestamp",
            Kind::Boolean => "boolean",
        }
    }
}

/// One column: its stable snake_case name, type, SQL expression, meaning
/// and an example value.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub sql: &'static str,
    pub doc: &'static str,
    pub example: &'static str,
}

const fn col(name: &'static str, kind: Kind, sql: &'static str, doc: &'static str, example: &'static str) -> Column {
    Column { name, kind, sql, doc, example }
}

/// Columns shared by several datasets followed by a dataset's own, in
/// one array (`N` is checked: a wrong count does not compile).
const fn join<const N: usize>(parts: &[&[Column]]) -> [Column; N] {
    let mut out = [col("", Kind::Text, "", "", ""); N];
    let (mut k, mut i) = (0, 0);
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[k] = parts[i][j];
            k += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(k == N, "the column count");
    out
}

/// How `from` and `to` apply to a dataset.
#[derive(Debug, Clone, Copy)]
pub enum Period {
    /// The report's ISO week, as an expression of `year * 100 + week`.
    Week(&'static str),
    /// An instant, compared by its day in Astana time.
    Instant(&'static str),
}

/// The SQL expressions the filters compare; `None`: the filter does not
/// apply to the dataset (asking for it is an error, not silently ignored).
#[derive(Debug, Clone, Copy, Default)]
pub struct Filters {
    pub border: Option<&'static str>,
    pub programme: Option<&'static str>,
    pub checkpoint: Option<&'static str>,
    pub body: Option<&'static str>,
    /// The dataset's own status column and the values it takes.
    pub status: Option<(&'static str, &'static [&'static str])>,
    pub period: Option<Period>,
}

const NO_FILTERS: Filters =
    Filters { border: None, programme: None, checkpoint: None, body: None, status: None, period: None };

/// A dataset: what it is called, who may read it, its columns and rows.
#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    pub name: &'static str,
    pub doc: &'static str,
    pub permission: Permission,
    pub columns: &'static [Column],
    pub from: &'static str,
    /// The unique ordering: integer expressions, except that the last may
    /// be a code (`[a-z_]` text). Keyset paging of the API follows it.
    pub key: &'static [(&'static str, Kind)],
    pub filters: Filters,
    /// Whether rows belong to report revisions (`revisions=all` applies).
    pub by_revision: bool,
}

impl Dataset {
    pub fn column_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.columns.iter().map(|c| c.name)
    }
}

/// Every dataset, in the order the export page lists them.
pub const DATASETS: &[Dataset] = &[
    CHECKPOINTS,
    MILESTONES,
    DATE_REVISIONS,
    REPORTS,
    REPORT_ENTRIES,
    REPORT_ISSUES,
    MILESTONE_UPDATES,
    PROPOSALS,
    COMPLIANCE,
    AUDIT,
];

pub fn find(name: &str) -> Option<&'static Dataset> {
    DATASETS.iter().find(|d| d.name == name)
}

const CHECKPOINT_STATUSES: &[&str] = &["planned", "in_reconstruction", "commissioned", "suspended", "unknown"];
const REVISION_STATUSES: &[&str] = &["draft", "submitted", "reviewed", "returned"];
const PROPOSED_STATUSES: &[&str] = &["on_track", "at_risk", "delayed", "commissioned"];
const FATES: &[&str] = &["waiting", "accepted", "declined", "returned", "draft", "undecided"];
const VERDICTS: &[&str] = &["on_time", "late", "missing", "not_due"];

/// The columns of the checkpoint every checkpoint-level row carries.
const CHECKPOINT: [Column; 4] = [
    col("checkpoint_id", Kind::Integer, "c.id", "The checkpoint's id in the register.", "16"),
    col("checkpoint_name_en", Kind::Text, "c.name_en", "The checkpoint's Latin name.", "Kordai"),
    col("checkpoint_name_ru", Kind::Text, "c.name_ru", "The checkpoint's Russian name.", "Кордай"),
    col("border_country", Kind::Text, "c.border_country", "The neighbour across the border (ISO 3166).", "KG"),
];

/// Revision-level columns shared by the datasets of report contents.
const REVISION: [Column; 5] = [
    col("revision_id", Kind::Integer, "rv.id", "The report revision's id.", "812"),
    col("body", Kind::Text, "r.body", "The reporting body's code.", "finance"),
    col("week", Kind::Text, WEEK_SQL, "The report's ISO week (UTC+5).", "2026-W48"),
    col("revision_number", Kind::Integer, "rv.number", "The revision's number within its report.", "1"),
    col("revision_status", Kind::Text, "rv.status", "draft, submitted, reviewed or returned.", "reviewed"),
];

const REGION_RU: &str = "(select g.name_ru from regions g where g.code = c.region)";
const REGION_KK: &str = "(select g.name_kk from regions g where g.code = c.region)";

const WEEK_SQL: &str = "to_char(r.iso_year, 'FM0000') || '-W' || to_char(r.iso_week, 'FM00')";

const CHECKPOINTS: Dataset = Dataset {
    name: "checkpoints",
    doc: "The register: one row per checkpoint. Its columns are those `checkpoint-tracker import checkpoints` \
          reads, so an exported file imports back unchanged.",
    permission: Permission::ReadRegister,
    columns: &[
        col("id", Kind::Integer, "c.id", "The checkpoint's id in the register.", "16"),
        col("name_en", Kind::Text, "c.name_en", "Latin name.", "Kordai"),
        col("name_ru", Kind::Text, "c.name_ru", "Russian name.", "Кордай"),
        col("name_kk", Kind::Text, "c.name_kk", "Kazakh name, where one is used officially.", "Қордай"),
        col("border_country", Kind::Text, "c.border_country", "The neighbour across the border (ISO 3166).", "KG"),
        col("region", Kind::Text, "c.region", "The region (oblast): its code, the English name in short.", "Zhambyl"),
        col("region_ru", Kind::Text, REGION_RU, "The region's official Russian name.", "Жамбылская область"),
        col("region_kk", Kind::Text, REGION_KK, "The region's official Kazakh name.", "Жамбыл облысы"),
        col("kind", Kind::Text, "c.kind", "road or passenger.", "road"),
        col("program", Kind::Text, "c.programme", "The programme's code.", "eaeu_external_2025"),
        col(
            "known_status",
            Kind::Text,
            "c.status",
            "planned, in_reconstruction, commissioned, suspended or unknown.",
            "in_reconstruction",
        ),
        col(
            "planned_completion",
            Kind::Date,
            "c.planned_commissioning",
            "The planned commissioning date.",
            "2026-12-31",
        ),
        col("actual_commissioning", Kind::Date, "c.actual_commissioning", "When it was commissioned.", "2025-06-30"),
        col(
            "responsible_body",
            Kind::Text,
            "c.responsible_body",
            "The accountable reporting body's code.",
            "transport",
        ),
        col("notes", Kind::Text, "c.notes", "Notes.", "Checkpoint of the EAEU external border"),
        col("source", Kind::Text, "c.sources", "Where the facts come from.", "primeminister.kz, 2025-03-14"),
        col("updated_at", Kind::Timestamp, "c.updated_at", "When the row last changed.", "2026-11-27T09:12:03Z"),
    ],
    from: "checkpoints c",
    key: &[("c.id", Kind::Integer)],
    filters: Filters {
        border: Some("c.border_country"),
        programme: Some("c.programme"),
        checkpoint: Some("c.id"),
        body: Some("c.responsible_body"),
        status: Some(("c.status", CHECKPOINT_STATUSES)),
        period: None,
    },
    by_revision: false,
};

const MILESTONES: Dataset = Dataset {
    name: "milestones",
    doc: "One row per milestone of a checkpoint, with its current plan and progress.",
    permission: Permission::ReadRegister,
    columns: &join::<13>(&[
        &[col("id", Kind::Integer, "m.id", "The milestone's id.", "3")],
        &CHECKPOINT,
        &[
            col("title", Kind::Text, "m.title", "The milestone's title.", "Scanners installed"),
            col(
                "kind",
                Kind::Text,
                "m.kind",
                "design, contract, construction_start, …, commissioning, other.",
                "equipment",
            ),
            col("planned_start", Kind::Date, "m.planned_start", "Planned start.", "2026-09-01"),
            col("planned_finish", Kind::Date, "m.planned_finish", "Planned finish.", "2026-11-30"),
            col("actual_finish", Kind::Date, "m.actual_finish", "Actual finish, once done.", "2026-11-20"),
            col("date_confidence", Kind::Text, "m.date_confidence", "estimated or confirmed.", "confirmed"),
            col("percent_complete", Kind::Integer, "m.percent_complete", "Progress, 0 to 100.", "70"),
            col("updated_at", Kind::Timestamp, "m.updated_at", "When the row last changed.", "2026-11-27T09:12:03Z"),
        ],
    ]),
    from: "milestones m join checkpoints c on c.id = m.checkpoint_id",
    key: &[("m.id", Kind::Integer)],
    filters: Filters {
        border: Some("c.border_country"),
        programme: Some("c.programme"),
        checkpoint: Some("m.checkpoint_id"),
        body: Some("c.responsible_body"),
        ..NO_FILTERS
    },
    by_revision: false,
};

const DATE_REVISIONS: Dataset = Dataset {
    name: "date_revisions",
    doc: "The append-only history of planned dates: the first row of each date is its baseline.",
    permission: Permission::ReadRegister,
    columns: &join::<13>(&[
        &[col("id", Kind::Integer, "d.id", "The revision's id.", "120")],
        &CHECKPOINT,
        &[
            col("milestone_id", Kind::Integer, "d.milestone_id", "The milestone, for a milestone's date.", "3"),
            col("field", Kind::Text, "d.field", "commissioning, start or finish.", "commissioning"),
            col("old_date", Kind::Date, "d.old_date", "The date before (empty for the baseline).", "2026-10-31"),
            col("new_date", Kind::Date, "d.new_date", "The date after.", "2026-12-31"),
            col("reason", Kind::Text, "d.reason", "Why it changed.", "Scanners arrive in December"),
            col("changed_by", Kind::Text, "d.changed_by", "Who changed it.", "Ерлан Нурланов"),
            col("changed_at", Kind::Timestamp, "d.changed_at", "When.", "2026-11-30T05:00:00Z"),
            col(
                "report_revision_id",
                Kind::Integer,
                "d.report_revision_id",
                "The report revision it came from.",
                "812",
            ),
        ],
    ]),
    from: "date_revisions d join checkpoints c on c.id = d.checkpoint_id",
    key: &[("d.id", Kind::Integer)],
    filters: Filters {
        border: Some("c.border_country"),
        programme: Some("c.programme"),
        checkpoint: Some("d.checkpoint_id"),
        body: Some("c.responsible_body"),
        period: Some(Period::Instant("d.changed_at")),
        ..NO_FILTERS
    },
    by_revision: false,
};

const REPORTS: Dataset = Dataset {
    name: "reports",
    doc: "One row per report revision: who submitted and reviewed it, when, and whether it was late.",
    permission: Permission::ReadReports,
    columns: &join::<15>(&[
        &REVISION,
        &[
            col("kind", Kind::Text, "rv.kind", "first, correction or amendment.", "first"),
            col("no_change", Kind::Boolean, "rv.no_change", "Filed as \"no change since last week\".", "false"),
            col("submitted_by", Kind::Text, "su.display_name", "Who submitted it.", "Айгерим Сапарова"),
            col("submitted_at", Kind::Timestamp, "rv.submitted_at", "When it was submitted.", "2026-11-27T09:12:03Z"),
            col("due_at", Kind::Timestamp, "rv.due_at", "The deadline it was judged against.", "2026-11-27T13:00:00Z"),
            col("late", Kind::Boolean, "rv.late", "Decided once, at submission.", "false"),
            col("reviewed_by", Kind::Text, "vu.display_name", "Who reviewed or returned it.", "Ерлан Нурланов"),
            col("reviewed_at", Kind::Timestamp, "rv.reviewed_at", "When.", "2026-11-30T05:00:00Z"),
            col("review_comment", Kind::Text, "rv.review_comment", "The reviewer's comment.", "Correct the percent"),
            col("correction_due", Kind::Timestamp, "rv.correction_due", "A returned revision's deadline.", ""),
        ],
    ]),
    from: "{revisions} join reports r on r.id = rv.report_id \
           left join users su on su.id = rv.submitted_by left join users vu on vu.id = rv.reviewed_by",
    key: &[("rv.id", Kind::Integer)],
    filters: Filters {
        body: Some("r.body"),
        status: Some(("rv.status", REVISION_STATUSES)),
        period: Some(Period::Week("(r.iso_year * 100 + r.iso_week)")),
        ..NO_FILTERS
    },
    by_revision: true,
};

/// The filters of every dataset of report contents.
const CONTENT_FILTERS: Filters = Filters {
    border: Some("c.border_country"),
    programme: Some("c.programme"),
    checkpoint: Some("c.id"),
    body: Some("r.body"),
    status: None,
    period: Some(Period::Week("(r.iso_year * 100 + r.iso_week)")),
};

const REPORT_ENTRIES: Dataset = Dataset {
    name: "report_entries",
    doc: "One row per report revision and checkpoint: the long format to pivot.",
    permission: Permission::ReadReports,
    columns: &join::<16>(&[
        &REVISION,
        &CHECKPOINT,
        &[
            col("percent_complete", Kind::Integer, "e.percent_complete", "Reported progress, 0 to 100.", "70"),
            col(
                "proposed_status",
                Kind::Text,
                "e.proposed_status",
                "on_track, at_risk, delayed or commissioned.",
                "on_track",
            ),
            col("narrative", Kind::Text, "e.narrative", "What was done this week.", "Фундамент залит"),
            col("next_week_plan", Kind::Text, "e.next_week_plan", "What is planned next week.", "Монтаж каркаса"),
            col("decrease_explanation", Kind::Text, "e.decrease_explanation", "Why progress fell.", ""),
            col("proposed_date", Kind::Date, "e.proposed_date", "A proposed commissioning date.", "2026-12-31"),
            col("proposed_date_reason", Kind::Text, "e.proposed_date_reason", "Why.", "Scanners arrive in December"),
        ],
    ]),
    from: "{revisions} join reports r on r.id = rv.report_id join report_entries e on e.revision_id = rv.id \
           join checkpoints c on c.id = e.checkpoint_id",
    key: &[("e.revision_id", Kind::Integer), ("e.checkpoint_id", Kind::Integer)],
    filters: Filters { status: Some(("e.proposed_status", PROPOSED_STATUSES)), ..CONTENT_FILTERS },
    by_revision: true,
};

const REPORT_ISSUES: Dataset = Dataset {
    name: "report_issues",
    doc: "One row per problem reported for a checkpoint in a report revision.",
    permission: Permission::ReadReports,
    columns: &join::<13>(&[
        &[col("id", Kind::Integer, "i.id", "The issue's id.", "77")],
        &REVISION,
        &CHECKPOINT,
        &[
            col(
                "category",
                Kind::Text,
                "i.category",
                "equipment, internet, customs_staffing, construction, financing or other.",
                "customs_staffing",
            ),
            col("severity", Kind::Text, "i.severity", "low, medium or high.", "medium"),
            col("text", Kind::Text, "i.text", "The problem in the body's words.", "2 вакансии"),
        ],
    ]),
    from: "{revisions} join reports r on r.id = rv.report_id join report_issues i on i.revision_id = rv.id \
           join checkpoints c on c.id = i.checkpoint_id",
    key: &[("i.id", Kind::Integer)],
    filters: CONTENT_FILTERS,
    by_revision: true,
};

const MILESTONE_UPDATES: Dataset = Dataset {
    name: "milestone_updates",
    doc: "One row per milestone progress reported in a report revision, with the PM office's decision.",
    permission: Permission::ReadReports,
    columns: &join::<16>(&[
        &REVISION,
        &CHECKPOINT,
        &[
            col("milestone_id", Kind::Integer, "u.milestone_id", "The milestone's id.", "3"),
            col("milestone_title", Kind::Text, "m.title", "The milestone's title.", "Scanners installed"),
            col("done", Kind::Boolean, "u.done", "Reported as done.", "true"),
            col("actual_date", Kind::Date, "u.actual_date", "The reported finish.", "2026-11-20"),
            col("accepted", Kind::Boolean, "md.accepted", "The decision (empty while undecided).", "true"),
            col("decision_reason", Kind::Text, "md.reason", "Why it was declined.", ""),
            col("decided_at", Kind::Timestamp, "md.decided_at", "When it was decided.", "2026-11-30T05:00:00Z"),
        ],
    ]),
    from: "{revisions} join reports r on r.id = rv.report_id \
           join report_milestone_updates u on u.revision_id = rv.id \
           join milestones m on m.id = u.milestone_id join checkpoints c on c.id = u.checkpoint_id \
           left join milestone_update_decisions md on md.revision_id = u.revision_id and md.milestone_id = u.milestone_id",
    key: &[("u.revision_id", Kind::Integer), ("u.milestone_id", Kind::Integer)],
    filters: CONTENT_FILTERS,
    by_revision: true,
};

const FATE_SQL: &str = "case when pd.accepted then 'accepted' when not pd.accepted then 'declined' \
     when rv.status = 'returned' then 'returned' when rv.status = 'draft' then 'draft' \
     when rv.status = 'submitted' then 'waiting' else 'undecided' end";

const PROPOSALS: Dataset = Dataset {
    name: "proposals",
    doc: "Each proposed commissioning date with its fate: waiting for the PM office, accepted, or declined and why.",
    permission: Permission::ReadReports,
    columns: &join::<16>(&[
        &REVISION,
        &CHECKPOINT,
        &[
            col("proposed_date", Kind::Date, "e.proposed_date", "The proposed commissioning date.", "2026-12-31"),
            col("reason", Kind::Text, "e.proposed_date_reason", "The body's reason.", "Scanners arrive in December"),
            col(
                "fate",
                Kind::Text,
                FATE_SQL,
                "waiting, accepted, declined, returned (the revision was returned undecided), draft or undecided.",
                "accepted",
            ),
            col("decision_reason", Kind::Text, "pd.reason", "Why it was declined.", ""),
            col("decided_by", Kind::Text, "du.display_name", "Who decided.", "Ерлан Нурланов"),
            col("decided_at", Kind::Timestamp, "pd.decided_at", "When.", "2026-11-30T05:00:00Z"),
            col("date_revision_id", Kind::Integer, "pd.date_revision_id", "The plan change it made.", "120"),
        ],
    ]),
    from: "{revisions} join reports r on r.id = rv.report_id \
           join report_entries e on e.revision_id = rv.id and e.proposed_date is not null \
           join checkpoints c on c.id = e.checkpoint_id \
           left join proposal_decisions pd on pd.revision_id = e.revision_id and pd.checkpoint_id = e.checkpoint_id \
           left join users du on du.id = pd.decided_by",
    key: &[("e.revision_id", Kind::Integer), ("e.checkpoint_id", Kind::Integer)],
    filters: Filters { status: Some((FATE_SQL, FATES)), ..CONTENT_FILTERS },
    by_revision: true,
};

const VERDICT_SQL: &str = "case when w.first_late then 'late' when not w.first_late then 'on_time' \
     when w.due_at <= {now} then 'missing' else 'not_due' end";

const COMPLIANCE: Dataset = Dataset {
    name: "compliance",
    doc: "One row per reporting body and week, from the first week with a report to the current week: whether \
          the week's first submission was on time (the verdict stored when it was submitted).",
    permission: Permission::ReadReports,
    columns: &[
        col("body", Kind::Text, "w.body", "The reporting body's code.", "finance"),
        col("week", Kind::Text, "w.week", "The ISO week (UTC+5).", "2026-W48"),
        col("week_start", Kind::Date, "w.monday", "The week's Monday.", "2026-11-23"),
        col(
            "due_at",
            Kind::Timestamp,
            "w.due_at",
            "The week's deadline under the current setting.",
            "2026-11-27T13:00:00Z",
        ),
        col(
            "first_submitted_at",
            Kind::Timestamp,
            "w.first_submitted_at",
            "The first submission.",
            "2026-11-27T09:12:03Z",
        ),
        col(
            "verdict",
            Kind::Text,
            VERDICT_SQL,
            "on_time, late, missing (nothing by the deadline) or not_due.",
            "on_time",
        ),
        col("current_revision", Kind::Integer, "w.current_number", "The current revision's number.", "2"),
        col("current_status", Kind::Text, "w.current_status", "submitted, reviewed or returned.", "reviewed"),
    ],
    from: "(select b.code as body, wk.monday::date as monday, \
                   to_char(wk.monday, 'IYYY') || '-W' || to_char(wk.monday, 'IW') as week, \
                   extract(isoyear from wk.monday)::int * 100 + extract(week from wk.monday)::int as yw, \
                   (wk.monday + {deadline_offset}) at time zone interval '+05:00' as due_at, \
                   s.first_late, s.first_submitted_at, s.current_number, s.current_status \
            from reporting_bodies b \
            cross join generate_series({first_monday}::timestamp, {last_monday}::timestamp, interval '7 days') wk(monday) \
            left join lateral ( \
                select bool_or(v.late) filter (where v.kind = 'first') as first_late, \
                       min(v.submitted_at) as first_submitted_at, \
                       max(v.number) filter (where v.status <> 'draft') as current_number, \
                       (array_agg(v.status order by v.number desc) filter (where v.status <> 'draft'))[1] \
                           as current_status \
                from reports r join report_revisions v on v.report_id = r.id \
                where r.body = b.code and r.iso_year = extract(isoyear from wk.monday) \
                  and r.iso_week = extract(week from wk.monday) and v.status <> 'draft' \
            ) s on true) w",
    key: &[("w.yw", Kind::Integer), ("w.body", Kind::Text)],
    filters: Filters {
        body: Some("w.body"),
        status: Some((VERDICT_SQL, VERDICTS)),
        period: Some(Period::Week("w.yw")),
        ..NO_FILTERS
    },
    by_revision: false,
};

/// Draft contents in the trail are the body's until submitted: only
/// administrators see them (as on the audit page, `db::audit::visible_to`).
const AUDIT_SHOWN: &str = "({admin} or a.action not in ('report.save_draft', 'report.open_draft'))";

const AUDIT: Dataset = Dataset {
    name: "audit",
    doc: "The audit trail: every change, who made it, from where and when (administrators and the PM office only).",
    permission: Permission::ReadAudit,
    columns: &[
        col("id", Kind::Integer, "a.id", "The entry's id.", "5012"),
        col("at", Kind::Timestamp, "a.at", "When.", "2026-11-27T09:12:03Z"),
        col("actor", Kind::Text, "a.actor", "Who (username, or the system).", "src.almaty"),
        col("actor_id", Kind::Integer, "a.actor_id", "The account's id.", "7"),
        col("action", Kind::Text, "a.action", "What, as entity.verb.", "report.submit"),
        col("entity", Kind::Text, "a.entity", "The kind of record.", "report"),
        col("entity_id", Kind::Integer, "a.entity_id", "The record's id.", "812"),
        col(
            "before",
            Kind::Text,
            "case when {shown} then a.before::text end",
            "The record before, as JSON (a draft's contents only for administrators).",
            "{\"status\": \"draft\"}",
        ),
        col("after", Kind::Text, "case when {shown} then a.after::text end", "The record after, as JSON.", ""),
        col("request_id", Kind::Text, "a.request_id", "The request that made it.", "4b1c…"),
        col("client_addr", Kind::Text, "host(a.client_addr)", "The client's address.", "10.0.0.7"),
    ],
    from: "audit_log a",
    key: &[("a.id", Kind::Integer)],
    filters: Filters { period: Some(Period::Instant("a.at")), ..NO_FILTERS },
    by_revision: false,
};

/// The SQL that [`AUDIT`]'s `{shown}` stands for.
pub const AUDIT_SHOWN_SQL: &str = AUDIT_SHOWN;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_keys_exist() {
        let snake = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        for (i, d) in DATASETS.iter().enumerate() {
            assert!(snake(d.name));
            assert!(DATASETS[..i].iter().all(|o| o.name != d.name), "{} twice", d.name);
            assert!(!d.key.is_empty());
            for (j, c) in d.columns.iter().enumerate() {
                assert!(snake(c.name), "{}.{}", d.name, c.name);
                assert!(d.columns[..j].iter().all(|o| o.name != c.name), "{}.{} twice", d.name, c.name);
            }
            assert_eq!(d.by_revision, d.from.contains("{revisions}"), "{}", d.name);
        }
    }
}
