//! The append-only history of planned dates. The current plan on a
//! checkpoint or milestone row is only ever changed here, together with the
//! revision row that explains it, in the caller's transaction.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgExecutor};

use super::audit::{self, Actor, Change};
use crate::domain::milestone::DateField;

/// Whose planned date a revision changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateTarget {
    Checkpoint(i64),
    Milestone { checkpoint_id: i64, milestone_id: i64 },
}

/// One revision, with the milestone's title when it is a milestone date.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DateRevision {
    pub id: i64,
    pub milestone_id: Option<i64>,
    pub milestone_title: Option<String>,
    pub field: String,
    pub old_date: Option<NaiveDate>,
    pub new_date: Option<NaiveDate>,
    pub reason: String,
    pub changed_by: String,
    pub changed_at: DateTime<Utc>,
    /// The submitted report revision that proposed this date, if any.
    pub report_revision_id: Option<i64>,
}

/// Why a revision was not recorded.
#[derive(Debug, PartialEq, Eq)]
pub enum ReviseError {
    NotFound,
    /// The new date equals the current plan: nothing to revise.
    Unchanged,
    /// The milestone would finish before it starts.
    FinishBeforeStart,
}

impl ReviseError {
    /// The translation key of the message shown at the date field.
    pub fn message_key(&self) -> &'static str {
        match self {
            ReviseError::NotFound => "error-not-found",
            ReviseError::Unchanged => "error-date-unchanged",
            ReviseError::FinishBeforeStart => "error-finish-before-start",
        }
    }
}

/// Records the first plan of a date (the baseline) on a row just created.
pub async fn record_baseline(
    conn: &mut PgConnection,
    target: DateTarget,
    field: DateField,
    date: NaiveDate,
    reason: &str,
    actor: &str,
) -> sqlx::Result<()> {
    insert(conn, target, field, (None, Some(date)), reason, actor, None).await
}

/// Changes a planned date: locks the row, appends the revision, updates the
/// current plan and audits it. Run it inside a transaction.
pub async fn revise(
    conn: &mut PgConnection,
    target: DateTarget,
    field: DateField,
    new_date: Option<NaiveDate>,
    reason: &str,
    actor: &Actor,
) -> sqlx::Result<Result<(), ReviseError>> {
    revise_from(conn, target, field, new_date, reason, actor, None).await
}

/// Like [`revise`], recording the submitted report revision that proposed
/// the new date.
pub async fn revise_from(
    conn: &mut PgConnection,
    target: DateTarget,
    field: DateField,
    new_date: Option<NaiveDate>,
    reason: &str,
    actor: &Actor,
    report_revision_id: Option<i64>,
) -> sqlx::Result<Result<(), ReviseError>> {
    let (is_checkpoint, id) = match (target, field) {
        (DateTarget::Checkpoint(id), DateField::Commissioning) => (true, id),
        (DateTarget::Milestone { milestone_id, .. }, DateField::Start | DateField::Finish) => (false, milestone_id),
        _ => return Ok(Err(ReviseError::NotFound)),
    };
    // Lock the row and read both of a milestone's dates: the span is checked
    // here, under the lock, so that two revisions at once cannot break it.
    let current = if is_checkpoint {
        sqlx::query_scalar!(
            r#"select planned_commissioning as "planned_commissioning: NaiveDate"
               from checkpoints where id = $1 for update"#,
            id
        )
        .fetch_optional(&mut *conn)
        .await?
        .map(|date| (date, None))
    } else {
        sqlx::query!(
            r#"select planned_start as "planned_start: NaiveDate", planned_finish as "planned_finish: NaiveDate"
               from milestones where id = $1 for update"#,
            id
        )
        .fetch_optional(&mut *conn)
        .await?
        .map(|m| (m.planned_start, m.planned_finish))
    };
    let Some((first, second)) = current else {
        return Ok(Err(ReviseError::NotFound));
    };
    let (old_date, span) = match field {
        DateField::Commissioning => (first, (None, None)),
        DateField::Start => (first, (new_date, second)),
        DateField::Finish => (second, (first, new_date)),
    };
    if let (Some(start), Some(finish)) = span
        && finish < start
    {
        return Ok(Err(ReviseError::FinishBeforeStart));
    }
    if old_date == new_date {
        return Ok(Err(ReviseError::Unchanged));
    }
    insert(conn, target, field, (old_date, new_date), reason, &actor.name, report_revision_id).await?;
    // One static statement per date column, so that each is checked at
    // compile time (a column name cannot be a parameter).
    let update = match field {
        DateField::Commissioning => sqlx::query!(
            "update checkpoints set planned_commissioning = $2, version = version + 1, updated_at = now()
             where id = $1",
            id,
            new_date as Option<NaiveDate>
        ),
        DateField::Start => sqlx::query!(
            "update milestones set planned_start = $2, version = version + 1, updated_at = now() where id = $1",
            id,
            new_date as Option<NaiveDate>
        ),
        DateField::Finish => sqlx::query!(
            "update milestones set planned_finish = $2, version = version + 1, updated_at = now() where id = $1",
            id,
            new_date as Option<NaiveDate>
        ),
    };
    update.execute(&mut *conn).await?;
    let entity = if is_checkpoint { "checkpoint" } else { "milestone" };
    let change = Change {
        action: "date.revise",
        entity,
        entity_id: Some(id),
        before: Some(serde_json::json!({ "field": field.as_str(), "date": old_date })),
        after: Some(serde_json::json!({ "field": field.as_str(), "date": new_date, "reason": reason })),
    };
    audit::record(conn, actor, change).await?;
    Ok(Ok(()))
}

async fn insert(
    conn: &mut PgConnection,
    target: DateTarget,
    field: DateField,
    (old_date, new_date): (Option<NaiveDate>, Option<NaiveDate>),
    reason: &str,
    actor: &str,
    report_revision_id: Option<i64>,
) -> sqlx::Result<()> {
    let (checkpoint_id, milestone_id) = match target {
        DateTarget::Checkpoint(id) => (id, None),
        DateTarget::Milestone { checkpoint_id, milestone_id } => (checkpoint_id, Some(milestone_id)),
    };
    sqlx::query!(
        "insert into date_revisions (checkpoint_id, milestone_id, field, old_date, new_date, reason, changed_by,
                                     report_revision_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
        checkpoint_id,
        milestone_id,
        field.as_str(),
        old_date as Option<NaiveDate>,
        new_date as Option<NaiveDate>,
        reason,
        actor,
        report_revision_id,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Every revision of a checkpoint's dates and its milestones' dates, oldest
/// first: the baseline, then each change with its reason, and who made it
/// by display name.
pub async fn for_checkpoint(db: impl PgExecutor<'_>, checkpoint_id: i64) -> sqlx::Result<Vec<DateRevision>> {
    sqlx::query_as!(
        DateRevision,
        r#"select r.id, r.milestone_id, m.title as "milestone_title?", r.field,
                  r.old_date as "old_date: NaiveDate", r.new_date as "new_date: NaiveDate",
                  r.reason, coalesce(u.display_name, r.changed_by) as "changed_by!",
                  r.changed_at as "changed_at: DateTime<Utc>", r.report_revision_id
           from date_revisions r
           left join milestones m on m.id = r.milestone_id
           -- People by their display names; the command line and the system by theirs.
           left join users u on u.username = r.changed_by
           where r.checkpoint_id = $1
           order by r.changed_at, r.id"#,
        checkpoint_id
    )
    .fetch_all(db)
    .await
}
