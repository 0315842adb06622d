//! The SQL of an export, built from a dataset's static text and a
//! [`Selection`]'s typed values.
//!
//! Why not bound parameters: `COPY (query) TO STDOUT`, which streams rows
//! at PostgreSQL's own speed, takes none. Every value written into the SQL
//! here is typed (an integer, a date, a code of a closed set checked
//! against `[A-Za-z0-9_]`), so no reader's text ever reaches the SQL; the
//! dataset text itself is static and run by every test of its dataset.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};

use super::datasets::{AUDIT_SHOWN_SQL, Dataset, Kind, Period};
use super::selection::Selection;
use crate::domain::body::Body;
use crate::domain::user::Role;
use crate::domain::week::{Deadline, IsoWeek};

/// Who reads, which decides the rows (drafts, audit contents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    pub role: Role,
    pub body: Option<Body>,
}

/// What the query is for.
#[derive(Debug, Clone)]
pub enum Shape {
    /// Every row, as files write it: instants in UTC, text neutralised
    /// for CSV (a workbook's cells are typed instead: `export::xlsx`).
    File { neutralise: bool },
    /// One page of the API: rows as JSON, after the cursor.
    Page { after: Option<Cursor>, limit: i64 },
    /// How many rows match.
    Count,
}

/// Where an API page ended: the key of its last row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(Vec<String>);

impl Cursor {
    /// Reads a cursor the API gave out; `None` when it is not one of this
    /// dataset's (a code part must be `[a-z_]`, an integer an integer).
    pub fn parse(dataset: &Dataset, text: &str) -> Option<Cursor> {
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() != dataset.key.len() {
            return None;
        }
        let ok = parts.iter().zip(dataset.key).all(|(p, (_, kind))| match kind {
            Kind::Integer => p.parse::<i64>().is_ok(),
            _ => !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
        });
        ok.then(|| Cursor(parts.into_iter().map(str::to_owned).collect()))
    }

    pub fn from_parts(parts: Vec<String>) -> Cursor {
        Cursor(parts)
    }

    pub fn as_string(&self) -> String {
        self.0.join(".")
    }
}

/// The context a query is built in.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub reader: Reader,
    pub now: DateTime<Utc>,
    pub deadline: Deadline,
    /// The first week with a report (where `compliance` starts by default).
    pub first_week: Option<IsoWeek>,
}

/// A code of a closed set, quoted. The set's codes are `[A-Za-z0-9_]`;
/// anything else would be a bug, and is refused rather than written.
fn code(value: &str) -> String {
    assert!(
        !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
        "not a code: {value:?}"
    );
    format!("'{value}'")
}

fn day(value: NaiveDate) -> String {
    format!("'{}'", value.format("%Y-%m-%d"))
}

/// The start of `day` in Astana time (UTC+5), as a timestamptz literal.
fn day_start(value: NaiveDate) -> String {
    format!("('{}'::timestamp at time zone interval '+05:00')", value.format("%Y-%m-%d"))
}

fn yw(week: IsoWeek) -> i64 {
    i64::from(week.year()) * 100 + i64::from(week.week())
}

/// A column's expression as files write it.
fn file_expr(kind: Kind, sql: &str, neutralise: bool) -> String {
    match kind {
        Kind::Text if neutralise => format!("export_text(({sql})::text)"),
        Kind::Text => format!("({sql})::text"),
        Kind::Integer => sql.to_owned(),
        Kind::Date => format!("to_char({sql}, 'YYYY-MM-DD')"),
        Kind::Timestamp => instant(sql),
        Kind::Boolean => format!("({sql})::text"),
    }
}

fn instant(sql: &str) -> String {
    format!("to_char(({sql}) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
}

/// A column's expression as the API returns it (JSON keeps types; text is
/// given as stored: neutralising is for spreadsheets).
fn json_expr(kind: Kind, sql: &str) -> String {
    match kind {
        Kind::Text => format!("({sql})::text"),
        Kind::Date => format!("to_char({sql}, 'YYYY-MM-DD')"),
        Kind::Timestamp => instant(sql),
        Kind::Integer | Kind::Boolean => sql.to_owned(),
    }
}

/// The visible report revisions, aliased `rv`.
fn revisions(selection: &Selection, reader: Reader) -> String {
    if !selection.all_revisions {
        return "(select distinct on (report_id) * from report_revisions where status <> 'draft' \
                order by report_id, number desc) rv"
            .to_owned();
    }
    match reader.body {
        Some(body) => format!(
            "(select * from report_revisions where status <> 'draft' \
             or report_id in (select id from reports where body = {})) rv",
            code(body.as_str())
        ),
        None => "(select * from report_revisions where status <> 'draft') rv".to_owned(),
    }
}

/// Fills a dataset's placeholders.
fn fill(text: &str, selection: &Selection, ctx: &Context) -> String {
    let mut out = text.replace("{shown}", AUDIT_SHOWN_SQL);
    out = out.replace("{admin}", if ctx.reader.role == Role::Admin { "true" } else { "false" });
    if out.contains("{revisions}") {
        out = out.replace("{revisions}", &revisions(selection, ctx.reader));
    }
    if out.contains("{now}") {
        out = out.replace("{now}", &format!("'{}'::timestamptz", ctx.now.format("%Y-%m-%dT%H:%M:%S%.6fZ")));
    }
    if out.contains("{deadline_offset}") {
        let days = ctx.deadline.weekday().num_days_from_monday();
        let secs = chrono::Timelike::num_seconds_from_midnight(&ctx.deadline.time());
        out = out.replace("{deadline_offset}", &format!("interval '{days} days {secs} seconds'"));
    }
    if out.contains("{first_monday}") {
        let current = IsoWeek::at(ctx.now);
        let first = selection.from.map(|b| b.week()).or(ctx.first_week).unwrap_or(current);
        let last = selection.to.map(|b| b.week()).filter(|w| *w < current).unwrap_or(current);
        out = out.replace("{first_monday}", &day(first.monday())).replace("{last_monday}", &day(last.monday()));
    }
    out
}

/// The `where` clause of a selection.
fn conditions(selection: &Selection) -> Vec<String> {
    let f = &selection.dataset.filters;
    let mut out = Vec::new();
    if let (Some(sql), Some(v)) = (f.border, selection.border) {
        out.push(format!("{sql} = {}", code(v.as_str())));
    }
    if let (Some(sql), Some(v)) = (f.programme, &selection.programme) {
        out.push(format!("{sql} = {}", code(v)));
    }
    if let (Some(sql), Some(v)) = (f.checkpoint, selection.checkpoint) {
        out.push(format!("{sql} = {v}"));
    }
    if let (Some(sql), Some(v)) = (f.body, selection.body) {
        out.push(format!("{sql} = {}", code(v.as_str())));
    }
    if let (Some((sql, _)), Some(v)) = (f.status, selection.status) {
        out.push(format!("({sql}) = {}", code(v)));
    }
    match f.period {
        Some(Period::Week(sql)) => {
            if let Some(from) = selection.from {
                out.push(format!("{sql} >= {}", yw(from.week())));
            }
            if let Some(to) = selection.to {
                out.push(format!("{sql} <= {}", yw(to.week())));
            }
        }
        Some(Period::Instant(sql)) => {
            if let Some(from) = selection.from {
                out.push(format!("{sql} >= {}", day_start(from.first_day())));
            }
            if let Some(to) = selection.to {
                let next = to.last_day().succ_opt().unwrap_or(to.last_day());
                out.push(format!("{sql} < {}", day_start(next)));
            }
        }
        None => {}
    }
    out
}

/// The query for `shape`.
pub fn build(selection: &Selection, ctx: &Context, shape: &Shape) -> String {
    let d = selection.dataset;
    let mut conds = conditions(selection);
    let key = d.key.iter().map(|(sql, _)| *sql).collect::<Vec<_>>().join(", ");
    let mut sql = String::from("select ");
    match shape {
        Shape::File { neutralise } => {
            let cols: Vec<String> =
                d.columns.iter().map(|c| format!("{} as {}", file_expr(c.kind, c.sql, *neutralise), c.name)).collect();
            sql.push_str(&cols.join(", "));
        }
        Shape::Page { after, .. } => {
            let pairs: Vec<String> =
                d.columns.iter().map(|c| format!("'{}', {}", c.name, json_expr(c.kind, c.sql))).collect();
            // json_build_object keeps the columns' order (at most 50: a test checks).
            let _ = write!(sql, "json_build_object({})::text as row", pairs.join(", "));
            for (i, (k, _)) in d.key.iter().enumerate() {
                let _ = write!(sql, ", ({k})::text as k{i}");
            }
            if let Some(cursor) = after {
                let values: Vec<String> = cursor
                    .0
                    .iter()
                    .zip(d.key)
                    .map(|(v, (_, kind))| if *kind == Kind::Integer { v.clone() } else { code(v) })
                    .collect();
                conds.push(format!("({key}) > ({})", values.join(", ")));
            }
        }
        Shape::Count => sql.push_str("count(*)"),
    }
    let _ = write!(sql, " from {}", d.from);
    if !conds.is_empty() {
        let _ = write!(sql, " where {}", conds.join(" and "));
    }
    match shape {
        Shape::File { .. } => {
            let _ = write!(sql, " order by {key}");
        }
        Shape::Page { limit, .. } => {
            let _ = write!(sql, " order by {key} limit {limit}");
        }
        Shape::Count => {}
    }
    fill(&sql, selection, ctx)
}

/// `COPY` of a file query as CSV with a header row.
pub fn copy(query: &str, semicolon: bool) -> String {
    let delimiter = if semicolon { ";" } else { "," };
    format!("copy ({query}) to stdout with (format csv, header true, delimiter '{delimiter}')")
}
