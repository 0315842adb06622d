//! Personal API tokens: stored as SHA-256 hashes, shown once.

use chrono::{DateTime, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgExecutor};

use super::audit::{self, Actor, Change};

/// Tokens start with this, so that they are recognisable in a leak scan.
const PREFIX: &str = "ctk_";

#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct Token {
    pub id: i64,
    pub label: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Token {
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at <= now
    }
}

/// What a bearer token is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bearer {
    /// A live token of this active account.
    Live(i64),
    /// A token that would be live but for its expiry.
    Expired,
}

fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Creates a token for `user_id`, valid until `expires_at`, and returns it
/// in clear, the only time it exists so (audited, without the token).
pub async fn create(
    conn: &mut PgConnection,
    user_id: i64,
    label: &str,
    expires_at: DateTime<Utc>,
    actor: &Actor,
) -> sqlx::Result<String> {
    let secret: [u8; 32] = rand::rng().random();
    let token = format!("{PREFIX}{}", hex::encode(secret));
    let id = sqlx::query_scalar!(
        "insert into api_tokens (user_id, label, token_hash, prefix, expires_at)
         values ($1, $2, $3, $4, $5) returning id",
        user_id,
        label,
        hash(&token),
        &token[..PREFIX.len() + 6],
        expires_at as DateTime<Utc>,
    )
    .fetch_one(&mut *conn)
    .await?;
    let change = Change {
        action: "token.create",
        entity: "api_token",
        entity_id: Some(id),
        before: None,
        after: Some(serde_json::json!({ "user_id": user_id, "label": label, "expires_at": expires_at })),
    };
    audit::record(conn, actor, change).await?;
    Ok(token)
}

/// A user's tokens, newest first.
pub async fn for_user(db: impl PgExecutor<'_>, user_id: i64) -> sqlx::Result<Vec<Token>> {
    sqlx::query_as!(
        Token,
        r#"select id, label, prefix, created_at as "created_at: DateTime<Utc>",
                  expires_at as "expires_at: DateTime<Utc>", last_used_at as "last_used_at: DateTime<Utc>", revoked_at as "revoked_at: DateTime<Utc>"
           from api_tokens
           where user_id = $1 order by created_at desc, id desc"#,
        user_id
    )
    .fetch_all(db)
    .await
}

/// Revokes one of the user's own tokens (audited); false if there is none.
pub async fn revoke(conn: &mut PgConnection, user_id: i64, token_id: i64, actor: &Actor) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "update api_tokens set revoked_at = now() where id = $1 and user_id = $2 and revoked_at is null",
        token_id,
        user_id
    )
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if done {
        let change = Change {
            action: "token.revoke",
            entity: "api_token",
            entity_id: Some(token_id),
            before: None,
            after: None,
        };
        audit::record(conn, actor, change).await?;
    }
    Ok(done)
}

/// What `token` is worth: the active account of a live token, an expired
/// one, or nothing (unknown, revoked, or its account disabled or reset).
///
/// A live token's use is noted (`last_used_at`, shown on `/tokens`), at
/// most once a minute per token. That is a write on an API GET: bookkeeping
/// that changes nothing the API serves, and the throttle keeps a polling
/// system from writing on every read.
pub async fn authenticate(db: impl PgExecutor<'_>, token: &str) -> sqlx::Result<Option<Bearer>> {
    if !token.starts_with(PREFIX) {
        return Ok(None);
    }
    let found = sqlx::query!(
        r#"with found as (
               select t.id, t.user_id, t.expires_at <= now() as expired
               from api_tokens t join users u on u.id = t.user_id
               where t.token_hash = $1 and t.revoked_at is null and u.active
                 -- An administrator's password reset or a disabled account
                 -- ends tokens as it ends sessions (the owner's own change
                 -- does not).
                 and t.created_at >= u.tokens_valid_after
           ), used as (
               update api_tokens t set last_used_at = now()
               from found
               where t.id = found.id and not found.expired
                 and (t.last_used_at is null or t.last_used_at < now() - interval '1 minute')
           )
           select user_id as "user_id!", expired as "expired!" from found"#,
        hash(token)
    )
    .fetch_optional(db)
    .await?;
    Ok(found.map(|f| if f.expired { Bearer::Expired } else { Bearer::Live(f.user_id) }))
}
