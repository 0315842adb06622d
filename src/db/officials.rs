//! Accountable officials of the reporting bodies and coordinators of the
//! regions: append-only histories of appointments (see the migration
//! `20261202000007_officials.sql` for how a post's holder is decided).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgExecutor};

use super::audit::{self, Actor, Change};
use crate::domain::dates::local_date;
use crate::domain::officials::{NewAppointment, Post};

/// Who holds a post: the plain data other pages show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Appointment {
    /// The body's code (`transport`, `finance`, `border_service`) or the
    /// region's name as `checkpoints.region` writes it.
    pub target: String,
    pub name: String,
    /// Free text; blank when none was given.
    pub position: String,
    /// The date the appointment took effect (Astana time).
    pub since: NaiveDate,
}

impl Appointment {
    /// "Name, position" (the name alone when no position was given).
    pub fn holder(&self) -> String {
        if self.position.is_empty() { self.name.clone() } else { format!("{}, {}", self.name, self.position) }
    }
}

/// Who holds `target`'s post among `appointments` (a body's code or a
/// region's name), worded by [`Appointment::holder`].
pub fn holder_of(appointments: &[Appointment], target: &str) -> Option<String> {
    appointments.iter().find(|a| a.target == target).map(Appointment::holder)
}

/// One recorded appointment or vacancy, for the history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub id: i64,
    /// As in [`Appointment::target`].
    pub target: String,
    /// `None`: the post is vacant from `from`.
    pub name: Option<String>,
    pub position: String,
    pub from: NaiveDate,
    /// The display name of who recorded it.
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// Each body's official in force at instant `at`: of the appointments
/// recorded by `at`, the one with the latest effective date on or before the
/// date of `at` in Astana time (of two on one date, the later recorded). A
/// body whose post is vacant then, or was never filled, has no line. Ordered
/// by body code.
pub async fn accountable_at(db: impl PgExecutor<'_>, at: DateTime<Utc>) -> sqlx::Result<Vec<Appointment>> {
    sqlx::query_as!(
        Appointment,
        r#"select body as "target!", name as "name!", position as "position!", effective_from as "since!: NaiveDate"
           from (select distinct on (body) body, name, position, effective_from
                 from accountable_officials
                 where recorded_at <= $1 and effective_from <= $2
                 order by body, effective_from desc, recorded_at desc, id desc) cur
           where name is not null
           order by body"#,
        at as DateTime<Utc>,
        local_date(at) as NaiveDate,
    )
    .fetch_all(db)
    .await
}

/// Each region's coordinator in force at instant `at`, by the same rule as
/// [`accountable_at`]. Ordered by region name.
pub async fn coordinators_at(db: impl PgExecutor<'_>, at: DateTime<Utc>) -> sqlx::Result<Vec<Appointment>> {
    sqlx::query_as!(
        Appointment,
        r#"select region as "target!", name as "name!", position as "position!", effective_from as "since!: NaiveDate"
           from (select distinct on (region) region, name, position, effective_from
                 from region_coordinators
                 where recorded_at <= $1 and effective_from <= $2
                 order by region, effective_from desc, recorded_at desc, id desc) cur
           where name is not null
           order by region"#,
        at as DateTime<Utc>,
        local_date(at) as NaiveDate,
    )
    .fetch_all(db)
    .await
}

/// Every appointment and vacancy of the bodies' posts, each body's newest
/// effective date first.
pub async fn body_history(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Entry>> {
    sqlx::query_as!(
        Entry,
        r#"select a.id, a.body as target, a.name, a.position, a.effective_from as "from: NaiveDate",
                  u.display_name as recorded_by, a.recorded_at as "recorded_at: DateTime<Utc>"
           from accountable_officials a join users u on u.id = a.recorded_by
           order by a.body, a.effective_from desc, a.recorded_at desc, a.id desc"#
    )
    .fetch_all(db)
    .await
}

/// Every appointment and vacancy of the regions' coordinators, as [`body_history`].
pub async fn region_history(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Entry>> {
    sqlx::query_as!(
        Entry,
        r#"select a.id, a.region as target, a.name, a.position, a.effective_from as "from: NaiveDate",
                  u.display_name as recorded_by, a.recorded_at as "recorded_at: DateTime<Utc>"
           from region_coordinators a join users u on u.id = a.recorded_by
           order by a.region, a.effective_from desc, a.recorded_at desc, a.id desc"#
    )
    .fetch_all(db)
    .await
}

/// The regions a coordinator can be appointed to: those of the register's
/// checkpoints, and any that already have a coordinator's history.
pub async fn regions(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"select region as "region!" from checkpoints where region is not null
           union select region from region_coordinators
           order by 1"#
    )
    .fetch_all(db)
    .await
}

/// What the post's latest record on or before `date` says, whoever recorded
/// it and when: its holder, or `None` when vacant or never filled. The audit
/// trail's "before" of a new appointment from `date`.
async fn in_force(conn: &mut PgConnection, post: &Post, date: NaiveDate) -> sqlx::Result<Option<Appointment>> {
    let row = match post {
        Post::Body(body) => {
            sqlx::query_as!(
                Appointment,
                r#"select body as "target!", name as "name!", position as "position!", effective_from as "since!: NaiveDate"
                   from (select body, name, position, effective_from from accountable_officials
                         where body = $1 and effective_from <= $2
                         order by effective_from desc, recorded_at desc, id desc limit 1) cur
                   where name is not null"#,
                body.as_str(),
                date as NaiveDate,
            )
            .fetch_optional(conn)
            .await?
        }
        Post::Region(region) => {
            sqlx::query_as!(
                Appointment,
                r#"select region as "target!", name as "name!", position as "position!", effective_from as "since!: NaiveDate"
                   from (select region, name, position, effective_from from region_coordinators
                         where region = $1 and effective_from <= $2
                         order by effective_from desc, recorded_at desc, id desc limit 1) cur
                   where name is not null"#,
                region,
                date as NaiveDate,
            )
            .fetch_optional(conn)
            .await?
        }
    };
    Ok(row)
}

/// Records an appointment (or a vacancy) by `user_id`, audited, in the
/// caller's transaction: the trail's "before" is who held the post on the
/// new record's date (null if nobody). Returns the new row's id.
pub async fn record(conn: &mut PgConnection, new: &NewAppointment, user_id: i64, actor: &Actor) -> sqlx::Result<i64> {
    let before = in_force(&mut *conn, &new.post, new.from).await?;
    let name = new.holder.as_ref().map(|h| h.name.as_str());
    let position = new.holder.as_ref().map_or("", |h| h.position.as_str());
    let (id, recorded_at, entity) = match &new.post {
        Post::Body(body) => {
            let row = sqlx::query!(
                r#"insert into accountable_officials (body, name, position, effective_from, recorded_by)
                   values ($1, $2, $3, $4, $5) returning id, recorded_at as "recorded_at: DateTime<Utc>""#,
                body.as_str(),
                name,
                position,
                new.from as NaiveDate,
                user_id,
            )
            .fetch_one(&mut *conn)
            .await?;
            (row.id, row.recorded_at, "accountable_official")
        }
        Post::Region(region) => {
            let row = sqlx::query!(
                r#"insert into region_coordinators (region, name, position, effective_from, recorded_by)
                   values ($1, $2, $3, $4, $5) returning id, recorded_at as "recorded_at: DateTime<Utc>""#,
                region,
                name,
                position,
                new.from as NaiveDate,
                user_id,
            )
            .fetch_one(&mut *conn)
            .await?;
            (row.id, row.recorded_at, "region_coordinator")
        }
    };
    let target = match &new.post {
        Post::Body(body) => body.as_str().to_owned(),
        Post::Region(region) => region.clone(),
    };
    let after = serde_json::json!({
        "target": target,
        "name": name,
        "position": position,
        "from": new.from,
        "recorded_at": recorded_at,
    });
    let change = Change {
        action: if new.holder.is_some() { "official.appoint" } else { "official.vacate" },
        entity,
        entity_id: Some(id),
        before: Some(before.map_or(
            serde_json::Value::Null,
            |b| serde_json::json!({ "name": b.name, "position": b.position, "from": b.since }),
        )),
        after: Some(after),
    };
    audit::record(conn, actor, change).await?;
    Ok(id)
}
