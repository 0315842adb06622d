//! A programme's target, edited by an administrator.

use sqlx::{PgConnection, PgExecutor};

use super::Versioned;
use super::audit::{self, Actor, Change};
use crate::domain::programme::Target;

/// A programme as its target form shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Programme {
    pub code: String,
    pub target: Option<Target>,
    pub version: i32,
}

pub async fn get(db: impl PgExecutor<'_>, code: &str) -> sqlx::Result<Option<Programme>> {
    let row = sqlx::query!("select code, target_count, target_year, version from programmes where code = $1", code)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| Programme {
        code: r.code,
        target: r.target_count.zip(r.target_year).map(|(count, year)| Target { count, year }),
        version: r.version,
    }))
}

/// Sets (or, with `None`, clears) the target if `version` is still current.
/// Audited with the programme before and after. Run it inside a transaction.
pub async fn set_target(
    conn: &mut PgConnection,
    code: &str,
    version: i32,
    target: Option<Target>,
    actor: &Actor,
) -> sqlx::Result<Versioned<i32>> {
    let before = sqlx::query!(
        "select target_count, target_year from programmes where code = $1 and version = $2 for update",
        code,
        version
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(before) = before else { return Ok(Versioned::Stale) };
    let before = Programme {
        code: code.to_owned(),
        target: before.target_count.zip(before.target_year).map(|(count, year)| Target { count, year }),
        version,
    };
    let after_version = sqlx::query_scalar!(
        "update programmes set target_count = $3, target_year = $4, version = version + 1
         where code = $1 and version = $2 returning version",
        code,
        version,
        target.map(|t| t.count),
        target.map(|t| t.year),
    )
    .fetch_one(&mut *conn)
    .await?;
    let after = Programme { code: code.to_owned(), target, version: after_version };
    let change = Change {
        action: "programme.target",
        entity: "programme",
        entity_id: None,
        before: audit::snapshot(&before),
        after: audit::snapshot(&after),
    };
    audit::record(conn, actor, change).await?;
    Ok(Versioned::Saved(after_version))
}
