//! Sign-in throttles (table `login_throttles`): per (account, client
//! address) and per client address. The rule is `domain::throttle`; here it
//! is applied under the rows' locks so that parallel attempts take turns.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use sqlx::PgExecutor;
use sqlx::types::ipnet::IpNet;

use super::audit::{self, Actor, Change};
use crate::domain::throttle::{Scope, State};

/// What the gate decided for one login attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Go on and check the password; the attempt is already counted as a
    /// failure (see [`succeeded`]).
    Open,
    /// Refused without checking the password, until then.
    Refused { until: DateTime<Utc> },
}

/// Decides whether a login attempt for `username` from `addr` may check its
/// password and counts it, atomically: the throttle rows are locked (always
/// the address's first, so two attempts cannot deadlock) and the decision
/// is taken from their state before this attempt. An attempt let through
/// counts as a failure at once, so N parallel guesses count as N before any
/// of them is verified; [`succeeded`] takes it back. Run in the caller's
/// transaction, which holds the locks only for these few statements (never
/// while a password is hashed).
pub async fn check_and_count(conn: &mut PgConnection, username: &str, addr: IpAddr) -> sqlx::Result<Gate> {
    let net = IpNet::from(addr);
    sqlx::query!(
        "insert into login_throttles (scope, username, client_addr) values ('address', '', $2), ('account', $1, $2)
         on conflict (scope, username, client_addr) do nothing",
        username,
        net,
    )
    .execute(&mut *conn)
    .await?;
    let rows = sqlx::query!(
        r#"select id, scope, failures, refused, last_failure_at as "last_failure_at: DateTime<Utc>",
                  blocked_until as "blocked_until: DateTime<Utc>", now() as "now!: DateTime<Utc>"
           from login_throttles
           where client_addr = $2 and (scope = 'address' or (scope = 'account' and username = $1))
           order by scope desc
           for update"#,
        username,
        net,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut throttles = Vec::with_capacity(rows.len());
    for row in rows {
        let scope = Scope::parse(&row.scope).unwrap_or(Scope::Account);
        let state = State {
            failures: row.failures,
            refused: row.refused,
            last_failure_at: row.last_failure_at,
            blocked_until: row.blocked_until,
        };
        throttles.push((row.id, scope, state, row.now));
    }
    let refused_until = throttles.iter().filter_map(|(_, _, state, now)| state.refuses_until(*now)).max();
    for (id, scope, state, now) in throttles {
        let after = match refused_until {
            Some(_) if state.refuses_until(now).is_some() => state.after_refusal(now),
            Some(_) => continue,
            None => state.after_failure(scope, now),
        };
        store(&mut *conn, id, after).await?;
    }
    Ok(refused_until.map_or(Gate::Open, |until| Gate::Refused { until }))
}

async fn store(db: impl PgExecutor<'_>, id: i64, state: State) -> sqlx::Result<()> {
    sqlx::query!(
        "update login_throttles set failures = $2, refused = $3, last_failure_at = $4, blocked_until = $5 where id = $1",
        id,
        state.failures,
        state.refused,
        state.last_failure_at as DateTime<Utc>,
        state.blocked_until as Option<DateTime<Utc>>,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The password was right: the address's throttle takes back the failure
/// counted in advance, and the account's throttle from this address is
/// cleared. In that order, the order [`check_and_count`] locks them in, so
/// that a success and a parallel attempt cannot deadlock.
pub async fn succeeded(conn: &mut PgConnection, username: &str, addr: IpAddr) -> sqlx::Result<()> {
    let net = IpNet::from(addr);
    sqlx::query!(
        "update login_throttles
            set failures = greatest(failures - 1, 0),
                blocked_until = case when failures - 1 >= $2 then blocked_until end
          where scope = 'address' and client_addr = $1",
        net,
        Scope::Address.free_failures(),
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "delete from login_throttles where scope = 'account' and username = $1 and client_addr = $2",
        username,
        net
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A throttle as the administrators' page shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Throttle {
    pub id: i64,
    pub scope: String,
    /// '' for an address's throttle (across accounts).
    pub username: String,
    pub client_addr: IpAddr,
    pub failures: i32,
    pub refused: i32,
    pub last_failure_at: DateTime<Utc>,
    pub blocked_until: DateTime<Utc>,
}

/// The throttles in force now, the longest first.
pub async fn active(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Throttle>> {
    sqlx::query_as!(
        Throttle,
        r#"select id, scope, username, client_addr as "client_addr: IpAddr", failures, refused,
                  last_failure_at as "last_failure_at: DateTime<Utc>",
                  blocked_until as "blocked_until!: DateTime<Utc>"
           from login_throttles
           where blocked_until > now()
           order by blocked_until desc, id"#
    )
    .fetch_all(db)
    .await
}

/// Clears a throttle: its failures are forgotten (audited with what it
/// was). False when there is no such throttle (already cleared).
pub async fn clear(conn: &mut PgConnection, id: i64, actor: &Actor) -> sqlx::Result<bool> {
    let cleared = sqlx::query_as!(
        Throttle,
        r#"delete from login_throttles where id = $1
           returning id, scope, username, client_addr as "client_addr: IpAddr", failures, refused,
                     last_failure_at as "last_failure_at: DateTime<Utc>",
                     coalesce(blocked_until, last_failure_at) as "blocked_until!: DateTime<Utc>""#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(cleared) = cleared else { return Ok(false) };
    let change = Change {
        action: "auth.throttle_cleared",
        entity: "login_throttle",
        entity_id: Some(id),
        before: audit::snapshot(&cleared),
        after: None,
    };
    audit::record(conn, actor, change).await?;
    Ok(true)
}
