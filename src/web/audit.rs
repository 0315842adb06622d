//! `/audit`: the audit trail, newest first, with filters in the URL and
//! keyset paging through all of it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::page::{PageCtx, SelectOption};
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::audit::{self, AuditFilter, Cursor, Entry};
use crate::domain::errors::FieldErrors;
use crate::domain::user::Role;
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::state::AppState;

/// Administrators and the PM's office read the audit trail.
pub fn routes() -> Routes {
    Routes::new().get("/audit", Access::Signed(Permission::ReadAudit), list)
}

/// How many entries one page shows.
const PAGE: i64 = 50;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct AuditQuery {
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    from: String,
    to: String,
    older: String,
    newer: String,
}

impl AuditQuery {
    /// The query string of this filter (without the paging), for the
    /// links to the next and previous pages.
    fn filter_query(&self) -> String {
        let pairs = [
            ("actor", &self.actor),
            ("action", &self.action),
            ("entity", &self.entity),
            ("entity_id", &self.entity_id),
            ("from", &self.from),
            ("to", &self.to),
        ];
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            if !value.trim().is_empty() {
                out.append_pair(name, value.trim());
            }
        }
        out.finish()
    }

    /// The link to the page starting at `key=id`, keeping the filters.
    fn page_link(&self, key: &str, id: i64) -> String {
        let filters = self.filter_query();
        if filters.is_empty() { format!("/audit?{key}={id}") } else { format!("/audit?{filters}&{key}={id}") }
    }
}

/// One changed field of an entry: its label and its values before and after.
struct FieldChange {
    name: String,
    label: String,
    before: String,
    after: String,
}

/// An entry as the page shows it.
struct Row {
    entry: Entry,
    action: String,
    entity: String,
    /// The fields of `before` and `after` when both are records (or one
    /// is missing); otherwise the page shows the raw JSON.
    fields: Option<Vec<FieldChange>>,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
struct AuditPage {
    ctx: PageCtx,
    q: AuditQuery,
    errors: FieldErrors,
    actions: Vec<SelectOption>,
    entities: Vec<SelectOption>,
    rows: Vec<Row>,
    /// "1,234 entries".
    count: String,
    older: Option<String>,
    newer: Option<String>,
}

/// The first instant of `day` in Astana time, in UTC.
fn day_start(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_hms_opt(0, 0, 0)?.and_local_timezone(crate::domain::dates::ZONE).earliest().map(|t| t.with_timezone(&Utc))
}

/// A date field of the filter: blank is no limit, anything but a date an error.
fn parse_day(value: &str, field: &'static str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    // The date input sends ISO; a browser without one lets people type the
    // local form.
    let day =
        NaiveDate::parse_from_str(value, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(value, "%d.%m.%Y")).ok();
    if day.is_none() {
        errors.add(field, "audit-error-date");
    }
    day
}

/// A value shown in the change table: text as it is, anything else as JSON.
fn shown(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// The fields of a change, when it is a change of a record.
fn fields(tr: &Tr, before: &Option<Value>, after: &Option<Value>) -> Option<Vec<FieldChange>> {
    fn as_record<'a>(
        v: &'a Option<Value>,
        empty: &'a serde_json::Map<String, Value>,
    ) -> Option<&'a serde_json::Map<String, Value>> {
        match v {
            None | Some(Value::Null) => Some(empty),
            Some(Value::Object(m)) => Some(m),
            Some(_) => None,
        }
    }
    let empty = serde_json::Map::new();
    let (b, a) = (as_record(before, &empty)?, as_record(after, &empty)?);
    let mut names: Vec<&String> = b.keys().chain(a.keys()).collect();
    names.sort();
    names.dedup();
    let changes = names
        .into_iter()
        .map(|name| FieldChange {
            name: name.clone(),
            label: tr.code_or_raw("field", name),
            before: shown(b.get(name)),
            after: shown(a.get(name)),
        })
        .collect();
    Some(changes)
}

async fn list(State(state): State<AppState>, ctx: PageCtx, Query(q): Query<AuditQuery>) -> AppResult<Response> {
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty() && !s.contains('\0'));
    let mut errors = FieldErrors::new();
    let from = parse_day(&q.from, "from", &mut errors);
    let to = parse_day(&q.to, "to", &mut errors);
    let tr = &ctx.tr;
    let actions = std::iter::once(SelectOption::new("", tr.t("audit-any-action"), &q.action))
        .chain(audit::ACTIONS.iter().map(|a| SelectOption::new(*a, tr.code_or_raw("audit-action", a), &q.action)))
        .collect();
    let entities = std::iter::once(SelectOption::new("", tr.t("audit-any-entity"), &q.entity))
        .chain(audit::ENTITIES.iter().map(|e| SelectOption::new(*e, tr.code_or_raw("audit-entity", e), &q.entity)))
        .collect();
    if !errors.is_empty() {
        let page = AuditPage {
            ctx,
            q,
            errors,
            actions,
            entities,
            rows: Vec::new(),
            count: String::new(),
            older: None,
            newer: None,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let filter = AuditFilter {
        actor: text(&q.actor),
        action: text(&q.action),
        entity: text(&q.entity),
        entity_id: q.entity_id.trim().parse().ok(),
        from: from.and_then(day_start),
        until: to.and_then(|d| d.succ_opt()).and_then(day_start),
    };
    let cursor = match (q.older.trim().parse(), q.newer.trim().parse()) {
        (Ok(id), _) => Cursor::OlderThan(id),
        (_, Ok(id)) => Cursor::NewerThan(id),
        _ => Cursor::Newest,
    };
    // One more than a page tells whether there is another page beyond.
    let mut entries = audit::page(&state.pool, &filter, cursor, PAGE + 1).await?;
    let beyond = entries.len() as i64 > PAGE;
    if beyond {
        match cursor {
            Cursor::NewerThan(_) => drop(entries.remove(0)),
            _ => entries.truncate(PAGE as usize),
        }
    }
    let total = audit::count(&state.pool, &filter).await?;
    let (has_older, has_newer) = match cursor {
        Cursor::Newest => (beyond, false),
        Cursor::OlderThan(_) => (beyond, true),
        Cursor::NewerThan(_) => (true, beyond),
    };
    let older = entries.last().filter(|_| has_older).map(|e| q.page_link("older", e.id));
    let newer = entries.first().filter(|_| has_newer).map(|e| q.page_link("newer", e.id));
    // Signed routes always have a user; without one, show the least.
    let viewer = ctx.user.as_ref().map_or(Role::Analyst, |u| u.role);
    let rows = entries
        .into_iter()
        .map(|e| {
            let entry = audit::visible_to(viewer, e);
            Row {
                action: tr.code_or_raw("audit-action", &entry.action),
                entity: tr.code_or_raw("audit-entity", &entry.entity),
                fields: fields(tr, &entry.before, &entry.after),
                entry,
            }
        })
        .collect();
    let count = tr.count("audit-count", usize::try_from(total).unwrap_or(0));
    Ok(AuditPage { ctx, q, errors, actions, entities, rows, count, older, newer }.into_response())
}
