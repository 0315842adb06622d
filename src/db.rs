//! The data layer: SQL as free functions over an executor, one module per
//! aggregate. Writes that belong together take a `&mut PgConnection` inside
//! the caller's transaction.

pub mod audit;
pub mod checkpoint_page;
pub mod checkpoints;
pub mod codes;
pub mod date_revisions;
pub mod milestones;
pub mod officials;
pub mod overview;
pub mod programmes;
pub mod progress;
pub mod rag;
pub mod reports;
pub mod throttles;
pub mod tokens;
pub mod users;

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

/// The migrations in `migrations/`, compiled into the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// Opens the pool. Every connection works in UTC; Kazakhstan's time zone is
/// applied where dates are shown or compared (see `domain::dates`).
pub async fn connect(options: PgConnectOptions) -> Result<PgPool, sqlx::Error> {
    PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options.options([("timezone", "UTC")]))
        .await
}

/// The name of the unique index or constraint a write violated, if that is
/// why it failed.
pub fn violated_unique(err: &sqlx::Error) -> Option<&str> {
    match err {
        sqlx::Error::Database(db) if db.is_unique_violation() => db.constraint(),
        _ => None,
    }
}

/// The outcome of an update guarded by an optimistic-lock version.
#[derive(Debug, PartialEq, Eq)]
pub enum Versioned<T> {
    Saved(T),
    /// Someone else saved first (or the row is gone): the caller's version
    /// is stale.
    Stale,
}
