//! The maintenance round: expired sessions, old login attempts and stale
//! sign-in throttles go, fresh ones stay, and two instances never run a round at once. The rounds are
//! called directly on a database no app serves, so nothing else runs one.

use checkpoint_tracker::clock::Clock;
use checkpoint_tracker::maintenance::{LOCK_KEY, Round, run_once};
use checkpoint_tracker::prepare;
use sqlx::PgPool;

use crate::support::TestDb;

async fn prepared() -> (TestDb, PgPool) {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    prepare(&pool, &Clock::System).await.unwrap();
    sqlx::query(
        "insert into tower_sessions.session (id, data, expiry_date) values
             ('expired', '\\x80', now() - interval '1 minute'),
             ('live', '\\x80', now() + interval '1 hour')",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into login_attempts (username, client_addr, success, at) values
             ('old', '10.0.0.1', false, now() - interval '91 days'),
             ('recent', '10.0.0.1', false, now() - interval '89 days'),
             ('today', '10.0.0.1', true, now())",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into login_throttles (scope, username, client_addr, failures, last_failure_at, blocked_until) values
             ('account', 'stale', '10.0.0.1', 5, now() - interval '2 days', now() - interval '2 days'),
             ('account', 'waiting', '10.0.0.1', 30, now() - interval '2 days', now() + interval '1 hour'),
             ('address', '', '10.0.0.2', 3, now() - interval '1 hour', null)",
    )
    .execute(&pool)
    .await
    .unwrap();
    (db, pool)
}

async fn left(pool: &PgPool) -> (Vec<String>, Vec<String>, Vec<String>) {
    let sessions = sqlx::query_scalar("select id from tower_sessions.session order by id").fetch_all(pool);
    let attempts = sqlx::query_scalar("select username from login_attempts order by at").fetch_all(pool);
    let throttles = sqlx::query_scalar("select client_addr::text from login_throttles order by id").fetch_all(pool);
    (sessions.await.unwrap(), attempts.await.unwrap(), throttles.await.unwrap())
}

#[tokio::test]
async fn a_round_deletes_expired_sessions_and_login_attempts_older_than_90_days() {
    let (_db, pool) = prepared().await;
    assert_eq!(run_once(&pool).await.unwrap(), Round::Done { sessions: 1, login_attempts: 1, throttles: 1 });
    let (sessions, attempts, throttles) = left(&pool).await;
    assert_eq!(sessions, ["live"]);
    assert_eq!(attempts, ["recent", "today"]);
    assert_eq!(throttles, ["10.0.0.1/32", "10.0.0.2/32"], "a throttle still waiting, and a recent one, stay");
    let again = run_once(&pool).await.unwrap();
    assert_eq!(again, Round::Done { sessions: 0, login_attempts: 0, throttles: 0 }, "nothing left to do");
}

#[tokio::test]
async fn a_round_is_skipped_while_another_instance_holds_the_lock() {
    let (_db, pool) = prepared().await;
    let mut other = pool.begin().await.unwrap();
    let locked: bool =
        sqlx::query_scalar("select pg_try_advisory_xact_lock($1)").bind(LOCK_KEY).fetch_one(&mut *other).await.unwrap();
    assert!(locked);

    assert_eq!(run_once(&pool).await.unwrap(), Round::Skipped);
    assert_eq!(left(&pool).await.0.len(), 2, "a skipped round deletes nothing");

    // The lock goes with the other instance's transaction.
    other.rollback().await.unwrap();
    assert_eq!(run_once(&pool).await.unwrap(), Round::Done { sessions: 1, login_attempts: 1, throttles: 1 });
}
