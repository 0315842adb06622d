//! Accounts and login attempts. Password hashes never leave this module
//! except to be verified, and never enter the audit trail.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use sqlx::types::ipnet::IpNet;
use sqlx::{PgConnection, PgExecutor};

use super::Versioned;
use super::audit::{self, Actor, Change};
use crate::domain::body::Body;
use crate::domain::user::{Role, UserInput};

/// An account as pages and the audit trail see it: no password hash.
#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub body: Option<Body>,
    pub active: bool,
    #[serde(skip)]
    pub sessions_valid_after: DateTime<Utc>,
    pub version: i32,
}

/// How many administrator accounts there are, enabled or not.
pub async fn count_admins(db: impl PgExecutor<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar!(r#"select count(*) as "count!" from users where role = 'admin'"#).fetch_one(db).await
}

pub async fn list(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<User>> {
    // The account's columns are written out in each query that reads one:
    // the query macros take a literal only.
    sqlx::query_as!(
        User,
        r#"select id, username, display_name, role as "role: Role", body as "body: Body", active,
                  sessions_valid_after as "sessions_valid_after: DateTime<Utc>", version
           from users order by active desc, username"#
    )
    .fetch_all(db)
    .await
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> sqlx::Result<Option<User>> {
    sqlx::query_as!(
        User,
        r#"select id, username, display_name, role as "role: Role", body as "body: Body", active,
                  sessions_valid_after as "sessions_valid_after: DateTime<Utc>", version
           from users where id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

pub async fn by_username(db: impl PgExecutor<'_>, username: &str) -> sqlx::Result<Option<User>> {
    sqlx::query_as!(
        User,
        r#"select id, username, display_name, role as "role: Role", body as "body: Body", active,
                  sessions_valid_after as "sessions_valid_after: DateTime<Utc>", version
           from users where username = $1"#,
        username
    )
    .fetch_optional(db)
    .await
}

/// The stored password hash of an active account, for verifying a login.
pub async fn password_hash(db: impl PgExecutor<'_>, username: &str) -> sqlx::Result<Option<(i64, String)>> {
    let row = sqlx::query!("select id, password_hash from users where username = $1 and active", username)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| (r.id, r.password_hash)))
}

/// Creates an account (audited). A taken username fails with the unique
/// violation of `users_username_key`.
pub async fn create(
    conn: &mut PgConnection,
    input: &UserInput,
    password_hash: &str,
    actor: &Actor,
) -> sqlx::Result<i64> {
    let user = sqlx::query_as!(
        User,
        r#"insert into users (username, display_name, role, body, active, password_hash)
           values ($1, $2, $3, $4, $5, $6)
           returning id, username, display_name, role as "role: Role", body as "body: Body", active,
                  sessions_valid_after as "sessions_valid_after: DateTime<Utc>", version"#,
        input.username,
        input.display_name,
        input.role.as_str(),
        input.body.map(Body::as_str),
        input.active,
        password_hash,
    )
    .fetch_one(&mut *conn)
    .await?;
    let change = Change {
        action: "user.create",
        entity: "user",
        entity_id: Some(user.id),
        before: None,
        after: audit::snapshot(&user),
    };
    audit::record(conn, actor, change).await?;
    Ok(user.id)
}

/// Updates name, role, body and the active flag if `version` is current
/// (audited). Disabling ends the account's sessions.
pub async fn update(
    conn: &mut PgConnection,
    id: i64,
    version: i32,
    input: &UserInput,
    actor: &Actor,
) -> sqlx::Result<Versioned<i32>> {
    let before = sqlx::query_as!(
        User,
        r#"select id, username, display_name, role as "role: Role", body as "body: Body", active,
                  sessions_valid_after as "sessions_valid_after: DateTime<Utc>", version
           from users where id = $1 and version = $2 for update"#,
        id,
        version
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(before) = before else { return Ok(Versioned::Stale) };
    let after = sqlx::query_as!(
        User,
        r#"update users set username = $2, display_name = $3, role = $4, body = $5, active = $6,
                  sessions_valid_after = case when $6 then sessions_valid_after else now() end,
                  tokens_valid_after = case when $6 then tokens_valid_after else now() end,
                  version = version + 1, updated_at = now()
           where id = $1
           returning id, username, display_name, role as "role: Role", body as "body: Body", active,
                  sessions_valid_after as "sessions_valid_after: DateTime<Utc>", version"#,
        id,
        input.username,
        input.display_name,
        input.role.as_str(),
        input.body.map(Body::as_str),
        input.active,
    )
    .fetch_one(&mut *conn)
    .await?;
    let change = Change {
        action: "user.update",
        entity: "user",
        entity_id: Some(id),
        before: audit::snapshot(&before),
        after: audit::snapshot(&after),
    };
    audit::record(conn, actor, change).await?;
    Ok(Versioned::Saved(after.version))
}

/// Who sets a password, which decides what else ends with the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordChange {
    /// An administrator or the command line: the account may be in the
    /// wrong hands, so its sessions and API tokens end.
    Reset,
    /// The owner, who has just given the current password: their sessions
    /// end (the caller starts the current one afresh), their tokens stay.
    Own,
}

/// Sets a new password hash and ends the account's existing sessions, and
/// on a reset its API tokens (audited, without the hash).
pub async fn set_password(
    conn: &mut PgConnection,
    id: i64,
    password_hash: &str,
    kind: PasswordChange,
    actor: &Actor,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "update users set password_hash = $2, sessions_valid_after = now(),
                tokens_valid_after = case when $3 then now() else tokens_valid_after end,
                version = version + 1, updated_at = now()
         where id = $1",
        id,
        password_hash,
        kind == PasswordChange::Reset,
    )
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if done {
        let action = match kind {
            PasswordChange::Reset => "user.set_password",
            PasswordChange::Own => "user.change_own_password",
        };
        let change = Change { action, entity: "user", entity_id: Some(id), before: None, after: None };
        audit::record(conn, actor, change).await?;
    }
    Ok(done)
}

/// Ends every session of the account at once, wherever it is open (its
/// owner's "sign out everywhere"; audited). Its API tokens stay.
pub async fn end_sessions(conn: &mut PgConnection, id: i64, actor: &Actor) -> sqlx::Result<()> {
    sqlx::query!("update users set sessions_valid_after = now() where id = $1", id).execute(&mut *conn).await?;
    let change = Change { action: "auth.logout_all", entity: "user", entity_id: Some(id), before: None, after: None };
    audit::record(conn, actor, change).await
}

/// Disables an account at once: its sessions stop working (audited).
pub async fn disable(conn: &mut PgConnection, id: i64, actor: &Actor) -> sqlx::Result<()> {
    sqlx::query!(
        "update users set active = false, sessions_valid_after = now(), tokens_valid_after = now(),
                version = version + 1, updated_at = now()
         where id = $1",
        id
    )
    .execute(&mut *conn)
    .await?;
    let change = Change {
        action: "user.disable",
        entity: "user",
        entity_id: Some(id),
        before: Some(serde_json::json!({ "active": true })),
        after: Some(serde_json::json!({ "active": false })),
    };
    audit::record(conn, actor, change).await
}

/// Remembers the interface language a person chose, by its code (`kk`,
/// `ru`, `en`; the database's check constraint refuses others).
pub async fn set_language(db: impl PgExecutor<'_>, id: i64, code: &str) -> sqlx::Result<()> {
    sqlx::query!("update users set language = $2 where id = $1 and language is distinct from $2", id, code)
        .execute(db)
        .await?;
    Ok(())
}

/// The code of the interface language a person chose, if any.
pub async fn language(db: impl PgExecutor<'_>, id: i64) -> sqlx::Result<Option<String>> {
    Ok(sqlx::query_scalar!("select language from users where id = $1", id).fetch_optional(db).await?.flatten())
}

pub async fn record_attempt(
    db: impl PgExecutor<'_>,
    username: &str,
    client_addr: Option<IpAddr>,
    success: bool,
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into login_attempts (username, client_addr, success) values ($1, $2, $3)",
        username,
        client_addr.map(IpNet::from),
        success,
    )
    .execute(db)
    .await?;
    Ok(())
}
