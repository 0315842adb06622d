//! The audit trail. Entries are written in the same transaction as the
//! change they record, so a change without its entry cannot exist.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::PgExecutor;
use sqlx::types::ipnet::IpNet;

use crate::domain::user::Role;

/// Who made a change, and through which request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account, when a person made the change.
    pub user_id: Option<i64>,
    pub name: String,
    pub request_id: Option<String>,
    pub client_addr: Option<IpAddr>,
}

impl Actor {
    /// A change made by the system itself or by the command line.
    pub fn system(name: &str) -> Actor {
        Actor { user_id: None, name: name.to_owned(), request_id: None, client_addr: None }
    }
}

/// One change: `action` is `entity.verb`, e.g. `checkpoint.update`.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Serializes a record for the `before` and `after` columns.
pub fn snapshot(record: &impl serde::Serialize) -> Option<Value> {
    serde_json::to_value(record).ok()
}

pub async fn record(db: impl PgExecutor<'_>, actor: &Actor, change: Change<'_>) -> sqlx::Result<()> {
    // The name of a failed sign-in is as typed, and PostgreSQL text cannot
    // hold a NUL: it is kept, visibly replaced, rather than failing the request.
    let name = actor.name.replace('\0', "\u{fffd}");
    sqlx::query!(
        "insert into audit_log (actor, action, entity, entity_id, before, after, request_id, client_addr, actor_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        name,
        change.action,
        change.entity,
        change.entity_id,
        change.before,
        change.after,
        actor.request_id,
        actor.client_addr.map(IpNet::from),
        actor.user_id,
    )
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Entry {
    pub actor_id: Option<i64>,
    pub client_addr: Option<std::net::IpAddr>,
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub request_id: Option<String>,
    /// `before` and `after` were withheld from this reader ([`visible_to`]).
    #[sqlx(skip)]
    pub redacted: bool,
}

/// The actions whose `before` and `after` hold a report draft's contents.
const DRAFT_ACTIONS: [&str; 2] = ["report.save_draft", "report.open_draft"];

/// The entry as `viewer` may read it. A draft belongs to its reporting body
/// until submitted: of the readers of the trail only administrators (who
/// answer for the system) see its contents; others see that it was saved,
/// by whom and when.
pub fn visible_to(viewer: Role, entry: Entry) -> Entry {
    if viewer == Role::Admin || !DRAFT_ACTIONS.contains(&entry.action.as_str()) {
        return entry;
    }
    Entry { before: None, after: None, redacted: true, ..entry }
}

/// Every action the application writes, in the order the filter lists them.
pub const ACTIONS: [&str; 29] = [
    "auth.login",
    "auth.login_failed",
    "auth.login_throttled",
    "auth.throttle_cleared",
    "auth.logout",
    "checkpoint.create",
    "checkpoint.update",
    "checkpoint.rag_override",
    "checkpoint.rag_lift",
    "date.revise",
    "milestone.create",
    "milestone.update",
    "programme.target",
    "official.appoint",
    "official.vacate",
    "report.save_draft",
    "report.open_draft",
    "report.submit",
    "report.amend",
    "report.review",
    "export.download",
    "export.page",
    "token.create",
    "token.revoke",
    "user.create",
    "user.update",
    "user.disable",
    "user.set_password",
    "user.change_own_password",
];

/// Every kind of record the trail speaks of.
pub const ENTITIES: [&str; 9] = [
    "checkpoint",
    "milestone",
    "programme",
    "official",
    "report_revision",
    "export",
    "api_token",
    "user",
    "login_throttle",
];

/// The filters of the audit page; `None` matches everything. `from` is
/// inclusive, `until` exclusive.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// Where a page of the trail starts: after an entry (older ones, newest
/// first) or before it (newer ones). The entry is named by its id; its
/// place in the order is `(at, id)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    Newest,
    OlderThan(i64),
    NewerThan(i64),
}

/// Up to `limit` entries that pass `filter` from `cursor`, always newest
/// first.
pub async fn page(
    db: impl PgExecutor<'_>,
    filter: &AuditFilter,
    cursor: Cursor,
    limit: i64,
) -> sqlx::Result<Vec<Entry>> {
    if let Cursor::NewerThan(id) = cursor {
        let mut rows = sqlx::query_as!(
            Entry,
            r#"select id, at as "at: DateTime<Utc>", actor, actor_id, action, entity, entity_id, before, after, request_id,
                      client_addr as "client_addr: IpAddr", false as "redacted!"
               from audit_log
               where ($1::text is null or actor = $1)
                 and ($2::text is null or action = $2)
                 and ($3::text is null or entity = $3)
                 and ($4::bigint is null or entity_id = $4)
                 and ($5::timestamptz is null or at >= $5)
                 and ($6::timestamptz is null or at < $6)
                 and (at, id) > ((select a.at from audit_log a where a.id = $7), $7)
               order by at, id
               limit $8"#,
            filter.actor,
            filter.action,
            filter.entity,
            filter.entity_id,
            filter.from as Option<DateTime<Utc>>,
            filter.until as Option<DateTime<Utc>>,
            id,
            limit,
        )
        .fetch_all(db)
        .await?;
        rows.reverse();
        return Ok(rows);
    }
    let older_than = match cursor {
        Cursor::OlderThan(id) => Some(id),
        _ => None,
    };
    sqlx::query_as!(
        Entry,
        r#"select id, at as "at: DateTime<Utc>", actor, actor_id, action, entity, entity_id, before, after, request_id,
                  client_addr as "client_addr: IpAddr", false as "redacted!"
           from audit_log
           where ($1::text is null or actor = $1)
             and ($2::text is null or action = $2)
             and ($3::text is null or entity = $3)
             and ($4::bigint is null or entity_id = $4)
             and ($5::timestamptz is null or at >= $5)
             and ($6::timestamptz is null or at < $6)
             and ($7::bigint is null or (at, id) < ((select a.at from audit_log a where a.id = $7), $7))
           order by at desc, id desc
           limit $8"#,
        filter.actor,
        filter.action,
        filter.entity,
        filter.entity_id,
        filter.from as Option<DateTime<Utc>>,
        filter.until as Option<DateTime<Utc>>,
        older_than,
        limit,
    )
    .fetch_all(db)
    .await
}

/// How many entries pass `filter`.
pub async fn count(db: impl PgExecutor<'_>, filter: &AuditFilter) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!"
           from audit_log
           where ($1::text is null or actor = $1)
             and ($2::text is null or action = $2)
             and ($3::text is null or entity = $3)
             and ($4::bigint is null or entity_id = $4)
             and ($5::timestamptz is null or at >= $5)
             and ($6::timestamptz is null or at < $6)"#,
        filter.actor,
        filter.action,
        filter.entity,
        filter.entity_id,
        filter.from as Option<DateTime<Utc>>,
        filter.until as Option<DateTime<Utc>>,
    )
    .fetch_one(db)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str) -> Entry {
        Entry {
            actor_id: None,
            client_addr: None,
            id: 1,
            at: DateTime::UNIX_EPOCH,
            actor: "staff".into(),
            action: action.into(),
            entity: "report_revision".into(),
            entity_id: Some(7),
            before: None,
            after: Some(serde_json::json!({ "narrative": "secret" })),
            request_id: None,
            redacted: false,
        }
    }

    #[test]
    fn only_administrators_read_a_drafts_contents_in_the_trail() {
        for action in DRAFT_ACTIONS {
            assert_eq!(visible_to(Role::Admin, entry(action)), entry(action));
            let seen = visible_to(Role::PmOffice, entry(action));
            assert!(seen.redacted && seen.before.is_none() && seen.after.is_none());
            assert_eq!((seen.actor.as_str(), seen.action.as_str(), seen.entity_id), ("staff", action, Some(7)));
        }
        assert_eq!(visible_to(Role::PmOffice, entry("report.submit")).after, entry("report.submit").after);
    }
}
