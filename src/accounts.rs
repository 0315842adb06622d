//! Account operations of the command line and of the first start: the same
//! rules and audit trail as the administration pages.

use anyhow::{Context, bail};
use sqlx::PgPool;

use crate::auth::password;
use crate::db::audit::Actor;
use crate::db::{self, users};
use crate::domain::user::{UserForm, check_password};

/// The account the first start creates.
pub const FIRST_ADMIN: &str = "admin";

/// When the database has no administrator account, creates `admin` with a
/// random password and returns the password (to be shown once); otherwise
/// does nothing.
pub async fn ensure_first_admin(pool: &PgPool) -> anyhow::Result<Option<String>> {
    // Other accounts may exist without one (e.g. the disabled `demo.*`
    // accounts of a database `demo-data` filled first): nobody could log in.
    if users::count_admins(pool).await? > 0 {
        return Ok(None);
    }
    let password = password::generate();
    let form = UserForm {
        username: FIRST_ADMIN.into(),
        display_name: "Administrator".into(),
        role: "admin".into(),
        active: Some("on".into()),
        ..Default::default()
    };
    add(pool, &form, &password, &Actor::system("system")).await?;
    Ok(Some(password))
}

/// Creates an account; errors name each bad field in plain English.
pub async fn add(pool: &PgPool, form: &UserForm, password: &str, actor: &Actor) -> anyhow::Result<i64> {
    let bodies: Vec<String> = db::codes::bodies(pool).await?.into_iter().map(|b| b.code).collect();
    let input = form.parse(&bodies).map_err(|errors| anyhow::anyhow!("invalid account: {}", describe(&errors)))?;
    if let Err(key) = check_password(password) {
        bail!("invalid password: {}", english(key));
    }
    let hash = password::hash(password.to_owned()).await?;
    let mut tx = pool.begin().await?;
    let id = match users::create(&mut tx, &input, &hash, actor).await {
        Err(e) if db::violated_unique(&e).is_some() => bail!("the username {} is taken", input.username),
        other => other?,
    };
    tx.commit().await?;
    Ok(id)
}

pub async fn set_password(pool: &PgPool, username: &str, password: &str, actor: &Actor) -> anyhow::Result<()> {
    if let Err(key) = check_password(password) {
        bail!("invalid password: {}", english(key));
    }
    let user = users::by_username(pool, username).await?.with_context(|| format!("no account {username}"))?;
    let hash = password::hash(password.to_owned()).await?;
    let mut tx = pool.begin().await?;
    users::set_password(&mut tx, user.id, &hash, users::PasswordChange::Reset, actor).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn disable(pool: &PgPool, username: &str, actor: &Actor) -> anyhow::Result<()> {
    let user = users::by_username(pool, username).await?.with_context(|| format!("no account {username}"))?;
    let mut tx = pool.begin().await?;
    users::disable(&mut tx, user.id, actor).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates a personal API token for an active account, valid for a year.
pub async fn create_token(pool: &PgPool, username: &str, label: &str, actor: &Actor) -> anyhow::Result<String> {
    let user = users::by_username(pool, username).await?.with_context(|| format!("no account {username}"))?;
    if !user.active {
        bail!("the account {username} is disabled");
    }
    let mut tx = pool.begin().await?;
    let expires_at = crate::domain::token_expiry::default_expiry(chrono::Utc::now());
    let token = crate::db::tokens::create(&mut tx, user.id, label, expires_at, actor).await?;
    tx.commit().await?;
    Ok(token)
}

fn english(key: &str) -> String {
    crate::i18n::Tr::new(crate::i18n::Lang::En).t(key)
}

fn describe(errors: &crate::domain::FieldErrors) -> String {
    ["username", "display_name", "role", "body"]
        .into_iter()
        .filter_map(|f| errors.get(f).map(|key| format!("{f}: {}", english(key))))
        .collect::<Vec<_>>()
        .join("; ")
}
