//! The PM office's decisions on a revision's proposals and milestone
//! progress, and what a checkpoint's page shows of them.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgExecutor};

use crate::domain::body::Body;
use crate::domain::review::Decision;

/// Records the PM office's review of a submitted revision.
pub async fn mark_reviewed(
    conn: &mut PgConnection,
    revision_id: i64,
    decision: Decision,
    comment: &str,
    user_id: i64,
    now: DateTime<Utc>,
    correction_due: Option<DateTime<Utc>>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update report_revisions set status = $2, review_comment = $3, reviewed_by = $4, reviewed_at = $5,
                correction_due = $6
         where id = $1 and status = 'submitted'",
        revision_id,
        decision.as_str(),
        comment,
        user_id,
        now as DateTime<Utc>,
        correction_due as Option<DateTime<Utc>>,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The PM office's decision on one proposal or milestone update.
#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[schema(as = ReviewDecision)]
pub struct Fate {
    /// The checkpoint (proposals) or milestone (updates) decided on.
    pub target_id: i64,
    pub accepted: bool,
    pub reason: String,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}

pub async fn record_proposal_fate(
    conn: &mut PgConnection,
    revision_id: i64,
    checkpoint_id: i64,
    accepted: bool,
    reason: &str,
    user_id: i64,
    date_revision_id: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into proposal_decisions (revision_id, checkpoint_id, accepted, reason, decided_by, date_revision_id)
         values ($1, $2, $3, $4, $5, $6)",
        revision_id,
        checkpoint_id,
        accepted,
        reason,
        user_id,
        date_revision_id,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn record_milestone_fate(
    conn: &mut PgConnection,
    revision_id: i64,
    milestone_id: i64,
    accepted: bool,
    reason: &str,
    user_id: i64,
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into milestone_update_decisions (revision_id, milestone_id, accepted, reason, decided_by)
         values ($1, $2, $3, $4, $5)",
        revision_id,
        milestone_id,
        accepted,
        reason,
        user_id,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a milestone as done on `date`, as the PM office accepted it.
pub async fn record_milestone_done(conn: &mut PgConnection, milestone_id: i64, date: NaiveDate) -> sqlx::Result<()> {
    sqlx::query!(
        "update milestones set actual_finish = $2, percent_complete = 100, version = version + 1, updated_at = now()
         where id = $1",
        milestone_id,
        date as NaiveDate,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The fates of a revision's proposals (by checkpoint) and milestone
/// updates (by milestone).
pub async fn fates(conn: &mut PgConnection, revision_id: i64) -> sqlx::Result<(Vec<Fate>, Vec<Fate>)> {
    let proposals = sqlx::query_as!(
        Fate,
        r#"select d.checkpoint_id as target_id, d.accepted, d.reason, u.display_name as decided_by,
                  d.decided_at as "decided_at: DateTime<Utc>"
           from proposal_decisions d join users u on u.id = d.decided_by where d.revision_id = $1"#,
        revision_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let milestones = sqlx::query_as!(
        Fate,
        r#"select d.milestone_id as target_id, d.accepted, d.reason, u.display_name as decided_by,
                  d.decided_at as "decided_at: DateTime<Utc>"
           from milestone_update_decisions d join users u on u.id = d.decided_by where d.revision_id = $1"#,
        revision_id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok((proposals, milestones))
}

/// One proposal of a checkpoint, as its page shows it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CheckpointProposal {
    pub body: Body,
    pub iso_year: i32,
    pub iso_week: i32,
    pub number: i32,
    pub proposed_date: NaiveDate,
    pub reason: String,
    /// None while the PM office has not decided.
    pub accepted: Option<bool>,
    pub decline_reason: Option<String>,
}

/// Milestone progress reported for a checkpoint: each body's latest
/// report of each milestone, with the PM office's decision on it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ReportedMilestone {
    pub title: String,
    pub body: Body,
    pub iso_year: i32,
    pub iso_week: i32,
    pub number: i32,
    pub actual_date: Option<NaiveDate>,
    pub accepted: Option<bool>,
    pub reason: Option<String>,
}

pub async fn milestone_reports_for_checkpoint(
    db: impl PgExecutor<'_>,
    checkpoint_id: i64,
) -> sqlx::Result<Vec<ReportedMilestone>> {
    sqlx::query_as!(
        ReportedMilestone,
        r#"select title as "title!", body as "body!: Body", iso_year as "iso_year!", iso_week as "iso_week!",
                number as "number!", actual_date as "actual_date?: NaiveDate", accepted as "accepted?",
                reason as "reason?"
         from (
             select distinct on (u.milestone_id, r.body) m.title, r.body, r.iso_year, r.iso_week, v.number,
                    u.actual_date, d.accepted, d.reason, v.submitted_at
             from report_milestone_updates u
             join report_revisions v on v.id = u.revision_id
             join reports r on r.id = v.report_id
             join milestones m on m.id = u.milestone_id
             left join milestone_update_decisions d on d.revision_id = u.revision_id and d.milestone_id = u.milestone_id
             where u.checkpoint_id = $1 and v.status <> 'draft'
             order by u.milestone_id, r.body, v.submitted_at desc, v.id desc
         ) latest
         order by submitted_at desc"#,
        checkpoint_id
    )
    .fetch_all(db)
    .await
}

/// Every date proposed for a checkpoint in submitted reports, newest first.
pub async fn proposals_for_checkpoint(
    db: impl PgExecutor<'_>,
    checkpoint_id: i64,
) -> sqlx::Result<Vec<CheckpointProposal>> {
    sqlx::query_as!(
        CheckpointProposal,
        r#"select r.body as "body: Body", r.iso_year, r.iso_week, v.number,
                e.proposed_date as "proposed_date!: NaiveDate", e.proposed_date_reason as reason, d.accepted as "accepted?", d.reason as "decline_reason?"
         from report_entries e
         join report_revisions v on v.id = e.revision_id
         join reports r on r.id = v.report_id
         left join proposal_decisions d on d.revision_id = e.revision_id and d.checkpoint_id = e.checkpoint_id
         where e.checkpoint_id = $1 and e.proposed_date is not null and v.status <> 'draft'
         order by v.submitted_at desc, v.id desc"#,
        checkpoint_id
    )
    .fetch_all(db)
    .await
}
