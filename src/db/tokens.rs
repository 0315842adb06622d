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
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Creates a token for `user_id` and returns it in clear, the only time it
/// exists so (audited, without the token).
pub async fn create(conn: &mut PgConnection, user_id: i64, label: &str, actor: &Actor) -> sqlx::Result<String> {
    let secret: [u8; 32] = rand::rng().random();
    let token = format!("{PREFIX}{}", hex::encode(secret));
    let id = sqlx::query_scalar!(
        "insert into api_tokens (user_id, label, token_hash, prefix) values ($1, $2, $3, $4) returning id",
        user_id,
        label,
        hash(&token),
        &token[..PREFIX.len() + 6],
    )
    .fetch_one(&mut *conn)
    .await?;
    let change = Change {
        action: "token.create",
        entity: "api_token",
        entity_id: Some(id),
        before: None,
        after: Some(serde_json::json!({ "user_id": user_id, "label": label })),
    };
    audit::record(conn, actor, change).await?;
    Ok(token)
}

/// A user's tokens, newest first.
pub async fn for_user(db: impl PgExecutor<'_>, user_id: i64) -> sqlx::Result<Vec<Token>> {
    sqlx::query_as!(
        Token,
        r#"select id, label, prefix, created_at as "created_at: DateTime<Utc>",
                  last_used_at as "last_used_at: DateTime<Utc>", revoked_at as "revoked_at: DateTime<Utc>"
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

/// The active account a live token belongs to, noting its use.
pub async fn user_of(db: impl PgExecutor<'_>, token: &str) -> sqlx::Result<Option<i64>> {
    if !token.starts_with(PREFIX) {
        return Ok(None);
    }
    sqlx::query_scalar!(
        "update api_tokens t set last_used_at = now()
         from users u
         where t.token_hash = $1 and t.revoked_at is null and u.id = t.user_id and u.active
           -- An administrator's password reset or a disabled account ends
           -- tokens as it ends sessions (the owner's own change does not).
           and t.created_at >= u.tokens_valid_after
         returning t.user_id",
        hash(token)
    )
    .fetch_optional(db)
    .await
}
