//! Milestones of a checkpoint.

use chrono::NaiveDate;
use sqlx::{PgConnection, PgExecutor};

use super::Versioned;
use super::audit::{self, Actor, Change};
use super::date_revisions::{self, DateTarget};
use crate::domain::milestone::{DateField, MilestoneInput};

#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct Milestone {
    pub id: i64,
    pub checkpoint_id: i64,
    pub title: String,
    pub kind: String,
    pub planned_start: Option<NaiveDate>,
    pub planned_finish: Option<NaiveDate>,
    pub actual_finish: Option<NaiveDate>,
    pub date_confidence: String,
    pub percent_complete: i16,
    pub version: i32,
}

/// A checkpoint's milestones in plan order (undated last).
pub async fn for_checkpoint(db: impl PgExecutor<'_>, checkpoint_id: i64) -> sqlx::Result<Vec<Milestone>> {
    sqlx::query_as!(
        Milestone,
        r#"select id, checkpoint_id, title, kind, planned_start as "planned_start: NaiveDate",
                planned_finish as "planned_finish: NaiveDate", actual_finish as "actual_finish: NaiveDate",
                date_confidence, percent_complete, version
         from milestones where checkpoint_id = $1
         order by coalesce(planned_finish, planned_start) nulls last, id"#,
        checkpoint_id
    )
    .fetch_all(db)
    .await
}

/// A milestone, only if it belongs to `checkpoint_id`.
pub async fn get(db: impl PgExecutor<'_>, checkpoint_id: i64, id: i64) -> sqlx::Result<Option<Milestone>> {
    sqlx::query_as!(
        Milestone,
        r#"select id, checkpoint_id, title, kind, planned_start as "planned_start: NaiveDate",
                planned_finish as "planned_finish: NaiveDate", actual_finish as "actual_finish: NaiveDate",
                date_confidence, percent_complete, version
         from milestones where id = $1 and checkpoint_id = $2"#,
        id,
        checkpoint_id
    )
    .fetch_optional(db)
    .await
}

/// Creates a milestone; its planned dates become baseline revisions. Run it
/// inside a transaction.
pub async fn create(
    conn: &mut PgConnection,
    checkpoint_id: i64,
    input: &MilestoneInput,
    actor: &Actor,
) -> sqlx::Result<i64> {
    let id = sqlx::query_scalar!(
        "insert into milestones (checkpoint_id, title, kind, planned_start, planned_finish, actual_finish,
                                 date_confidence, percent_complete)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         returning id",
        checkpoint_id,
        input.title,
        input.kind.as_str(),
        input.planned_start as Option<NaiveDate>,
        input.planned_finish as Option<NaiveDate>,
        input.actual_finish as Option<NaiveDate>,
        input.date_confidence.as_str(),
        i16::from(input.percent_complete.value()),
    )
    .fetch_one(&mut *conn)
    .await?;
    let target = DateTarget::Milestone { checkpoint_id, milestone_id: id };
    for (field, date) in [(DateField::Start, input.planned_start), (DateField::Finish, input.planned_finish)] {
        if let Some(date) = date {
            date_revisions::record_baseline(conn, target, field, date, "milestone created", &actor.name).await?;
        }
    }
    let after = get(&mut *conn, checkpoint_id, id).await?;
    let change = Change {
        action: "milestone.create",
        entity: "milestone",
        entity_id: Some(id),
        before: None,
        after: after.as_ref().and_then(audit::snapshot),
    };
    audit::record(conn, actor, change).await?;
    Ok(id)
}

/// Updates everything but the planned dates (those change by revision only),
/// if `version` is still current. Audited. Run it inside a transaction.
pub async fn update(
    conn: &mut PgConnection,
    checkpoint_id: i64,
    id: i64,
    version: i32,
    input: &MilestoneInput,
    actor: &Actor,
) -> sqlx::Result<Versioned<i32>> {
    let before = sqlx::query_as!(
        Milestone,
        r#"select id, checkpoint_id, title, kind, planned_start as "planned_start: NaiveDate",
                planned_finish as "planned_finish: NaiveDate", actual_finish as "actual_finish: NaiveDate",
                date_confidence, percent_complete, version
         from milestones where id = $1 and checkpoint_id = $2 and version = $3 for update"#,
        id,
        checkpoint_id,
        version
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(before) = before else { return Ok(Versioned::Stale) };
    let after = sqlx::query_as!(
        Milestone,
        r#"update milestones set title = $2, kind = $3, actual_finish = $4, date_confidence = $5,
                percent_complete = $6, version = version + 1, updated_at = now()
         where id = $1
         returning id, checkpoint_id, title, kind, planned_start as "planned_start: NaiveDate",
                planned_finish as "planned_finish: NaiveDate", actual_finish as "actual_finish: NaiveDate",
                date_confidence, percent_complete, version"#,
        id,
        input.title,
        input.kind.as_str(),
        input.actual_finish as Option<NaiveDate>,
        input.date_confidence.as_str(),
        i16::from(input.percent_complete.value()),
    )
    .fetch_one(&mut *conn)
    .await?;
    let change = Change {
        action: "milestone.update",
        entity: "milestone",
        entity_id: Some(id),
        before: audit::snapshot(&before),
        after: audit::snapshot(&after),
    };
    audit::record(conn, actor, change).await?;
    Ok(Versioned::Saved(after.version))
}
