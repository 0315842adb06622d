//! RAG overrides: the PM office's colour for a checkpoint, kept as an
//! append-only history (a row without a colour lifts the override).

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgExecutor};

use super::audit::{self, Actor, Change};
use crate::domain::status::{Rag, RagOverride};

/// The override in force on a checkpoint, if any.
pub async fn current(db: impl PgExecutor<'_>, checkpoint_id: i64) -> sqlx::Result<Option<RagOverride>> {
    let row = sqlx::query!(
        r#"select rag as "rag!", reason as "reason!", set_by as "set_by!", set_at as "set_at!: DateTime<Utc>"
           from current_rag_overrides where checkpoint_id = $1"#,
        checkpoint_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|r| Some(RagOverride { rag: Rag::parse(&r.rag)?, reason: r.reason, by: r.set_by, at: r.set_at })))
}

fn snapshot(o: Option<&RagOverride>) -> Option<serde_json::Value> {
    o.map(|o| serde_json::json!({ "rag": o.rag.code(), "reason": o.reason, "by": o.by, "at": o.at }))
}

/// Sets (`Some`) or lifts (`None`) the override of a checkpoint, audited in
/// the caller's transaction. Lifting when no override is in force records
/// nothing.
pub async fn set(
    conn: &mut PgConnection,
    checkpoint_id: i64,
    user_id: i64,
    rag: Option<Rag>,
    reason: &str,
    actor: &Actor,
) -> sqlx::Result<()> {
    // Serializes concurrent changes to the same checkpoint's override.
    sqlx::query!("select id from checkpoints where id = $1 for update", checkpoint_id).fetch_one(&mut *conn).await?;
    let before = current(&mut *conn, checkpoint_id).await?;
    if rag.is_none() && before.is_none() {
        return Ok(());
    }
    sqlx::query!(
        "insert into rag_overrides (checkpoint_id, rag, reason, set_by) values ($1, $2, $3, $4)",
        checkpoint_id,
        rag.map(Rag::code),
        reason,
        user_id,
    )
    .execute(&mut *conn)
    .await?;
    let after = current(&mut *conn, checkpoint_id).await?;
    let change = Change {
        action: if rag.is_some() { "checkpoint.rag_override" } else { "checkpoint.rag_lift" },
        entity: "checkpoint",
        entity_id: Some(checkpoint_id),
        before: snapshot(before.as_ref()),
        after: match rag {
            Some(_) => snapshot(after.as_ref()),
            None => Some(serde_json::json!({ "reason": reason })),
        },
    };
    audit::record(conn, actor, change).await?;
    Ok(())
}
