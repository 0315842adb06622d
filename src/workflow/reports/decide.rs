//! The PM office's review of a submitted revision: decisions on its
//! proposals and milestone progress, or a return with a correction deadline.

use sqlx::PgConnection;

use super::Reviewer;
use crate::db::audit::{self, Change};
use crate::db::date_revisions::{self, DateTarget};
use crate::db::reports;
use crate::domain::body::Body;
use crate::domain::milestone::DateField;
use crate::domain::review::{self, Decision, Fate, Review, RevisionStatus};
use crate::domain::week::IsoWeek;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Records the PM office's review of the week's current revision: the
/// revision must be the one the reviewer read (`review.number`) and still
/// waiting. Returned: a correction deadline, nothing applied. Reviewed:
/// each accepted proposal becomes a date revision citing the report and
/// made by the reviewer, each accepted milestone update is recorded on the
/// milestone; declined ones keep their reason.
pub async fn review(state: &AppState, who: &Reviewer, body: Body, week: IsoWeek, review: &Review) -> AppResult<()> {
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let report_id = reports::lock_report(&mut tx, body, week).await?;
    let revisions = reports::revisions_of(&mut tx, report_id).await?;
    let current = reports::current(&revisions).ok_or(AppError::NotFound)?;
    if current.number != review.number || current.status != RevisionStatus::Submitted {
        return Err(AppError::Conflict);
    }
    let content = reports::content(&mut tx, current.id).await?;
    let correction_due = (review.decision == Decision::Returned)
        .then(|| review::correction_deadline(now, state.settings.correction_days));
    reports::mark_reviewed(&mut tx, current.id, review.decision, &review.comment, who.user_id, now, correction_due)
        .await?;
    for (checkpoint_id, fate) in &review.proposals {
        let entry = content.entry(*checkpoint_id).filter(|e| e.proposed_date.is_some()).ok_or(AppError::Conflict)?;
        decide_proposal(&mut tx, who, current.id, entry, fate).await?;
    }
    for (milestone_id, fate) in &review.milestones {
        let update = content.milestones.iter().find(|m| m.milestone_id == *milestone_id).ok_or(AppError::Conflict)?;
        let (accepted, reason) = split(fate);
        reports::record_milestone_fate(&mut tx, current.id, *milestone_id, accepted, reason, who.user_id).await?;
        if let (true, Some(date)) = (accepted, update.actual_date) {
            reports::record_milestone_done(&mut tx, *milestone_id, date).await?;
        }
    }
    let change = Change {
        action: "report.review",
        entity: "report_revision",
        entity_id: Some(current.id),
        before: None,
        after: Some(serde_json::json!({
            "decision": review.decision,
            "comment": review.comment,
            "correction_due": correction_due,
            "proposals": fates_json(&review.proposals),
            "milestones": fates_json(&review.milestones),
        })),
    };
    audit::record(&mut *tx, &who.actor, change).await?;
    tx.commit().await?;
    Ok(())
}

fn split(fate: &Fate) -> (bool, &str) {
    match fate {
        Fate::Accept => (true, ""),
        Fate::Decline(reason) => (false, reason.as_str()),
    }
}

fn fates_json(fates: &[(i64, Fate)]) -> serde_json::Value {
    fates
        .iter()
        .map(|(id, fate)| serde_json::json!({ "id": id, "accepted": split(fate).0, "reason": split(fate).1 }))
        .collect()
}

async fn decide_proposal(
    conn: &mut PgConnection,
    who: &Reviewer,
    revision_id: i64,
    entry: &reports::Entry,
    fate: &Fate,
) -> AppResult<()> {
    let (accepted, reason) = split(fate);
    let mut date_revision = None;
    if accepted {
        let target = DateTarget::Checkpoint(entry.checkpoint_id);
        let field = DateField::Commissioning;
        let reason = &entry.proposed_date_reason;
        // A proposal equal to the plan already is accepted and changes nothing.
        if date_revisions::revise_from(conn, target, field, entry.proposed_date, reason, &who.actor, Some(revision_id))
            .await?
            .is_ok()
        {
            date_revision = sqlx::query_scalar!(
                "select max(id) from date_revisions where report_revision_id = $1 and checkpoint_id = $2",
                revision_id,
                entry.checkpoint_id
            )
            .fetch_one(&mut *conn)
            .await?;
        }
    }
    reports::record_proposal_fate(conn, revision_id, entry.checkpoint_id, accepted, reason, who.user_id, date_revision)
        .await?;
    Ok(())
}
