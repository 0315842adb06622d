//! Housekeeping that runs in the background of every instance: expired
//! sessions, login attempts older than 90 days and sign-in throttles a day
//! past their last failure (and any wait) are deleted, once at start
//! and then every hour. Several instances may share one database: each
//! round takes a PostgreSQL advisory lock and is skipped while another
//! instance's round holds it.

use std::time::Duration;

use sqlx::PgPool;
use tokio::task::JoinHandle;

/// The advisory lock of a round: one key for the whole app ("ctmaint").
pub const LOCK_KEY: i64 = 0x0063_746d_6169_6e74;

/// How often a round runs (the first at start).
pub const INTERVAL: Duration = Duration::from_secs(60 * 60);

/// What a round did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    /// Rows deleted.
    Done { sessions: u64, login_attempts: u64, throttles: u64 },
    /// Another instance's round holds the lock: this one did nothing.
    Skipped,
}

/// One round, in one transaction holding the advisory lock (released when
/// it ends, so a crashed instance cannot keep it).
pub async fn run_once(pool: &PgPool) -> sqlx::Result<Round> {
    let mut tx = pool.begin().await?;
    let locked = sqlx::query_scalar!(r#"select pg_try_advisory_xact_lock($1) as "locked!""#, LOCK_KEY)
        .fetch_one(&mut *tx)
        .await?;
    if !locked {
        return Ok(Round::Skipped);
    }
    // Built at run time: the session store creates its table when the app
    // starts (`prepare`), so it is not in the schema the query macros are
    // checked against.
    let sessions = sqlx::query("delete from tower_sessions.session where expiry_date < now()")
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let login_attempts = sqlx::query!("delete from login_attempts where at < now() - interval '90 days'")
        .execute(&mut *tx)
        .await?
        .rows_affected();
    // A throttle forgets its count 15 minutes after its wait (domain::
    // throttle); a day later nothing reads its row, and someone trying many
    // names would otherwise leave one behind for each.
    let throttles = sqlx::query!(
        "delete from login_throttles
         where last_failure_at < now() - interval '1 day' and (blocked_until is null or blocked_until < now())"
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(Round::Done { sessions, login_attempts, throttles })
}

/// Runs a round now and then every [`INTERVAL`] until the task is aborted
/// (`serve` aborts it at shutdown). A failed round is logged and retried at
/// the next tick.
pub fn spawn(pool: PgPool) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match run_once(&pool).await {
                Ok(Round::Done { sessions, login_attempts, throttles }) => {
                    tracing::info!(sessions, login_attempts, throttles, "maintenance: deleted expired rows");
                }
                Ok(Round::Skipped) => tracing::debug!("maintenance: another instance is running a round"),
                Err(e) => tracing::warn!(error = %e, "maintenance: the round failed"),
            }
        }
    })
}
