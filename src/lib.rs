//! checkpoint-tracker: weekly progress of the reconstruction of Kazakhstan's
//! road border checkpoints.
//!
//! `main.rs` parses the command line and calls into here; tests call the
//! same functions with a port-0 listener and their own database.

pub mod accounts;
pub mod auth;
pub mod backup;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod embedded_pg;
pub mod error;
pub mod export;
pub mod i18n;
pub mod import;
pub mod maintenance;
pub mod server;
pub mod state;
pub mod web;
pub mod workflow;

use std::future::Future;

use anyhow::Context;
use sqlx::PgPool;
use tokio::net::TcpListener;

pub use state::AppState;
pub use web::app;

use crate::clock::Clock;
use crate::config::Config;
use crate::embedded_pg::EmbeddedPg;

/// The database the embedded cluster creates for the app.
pub const EMBEDDED_DATABASE: &str = "checkpoint_tracker";

/// An open database, and the private cluster behind it when there is one.
pub struct Database {
    pub pool: PgPool,
    pub embedded: Option<EmbeddedPg>,
}

impl Database {
    /// Connects to `DATABASE_URL`, or starts the private cluster under
    /// `DATA_DIR` when none is given.
    pub async fn open(config: &Config) -> anyhow::Result<Database> {
        match &config.database_url {
            Some(url) => {
                let options: sqlx::postgres::PgConnectOptions =
                    url.expose().parse().context("DATABASE_URL is not a valid PostgreSQL URL")?;
                let pool = db::connect(options).await.context("cannot connect to DATABASE_URL")?;
                Ok(Database { pool, embedded: None })
            }
            None => {
                let options = embedded_pg::Options { data_dir: config.data_dir.clone(), durable: true };
                let pg = EmbeddedPg::start(options).await?;
                pg.create_database_if_missing(EMBEDDED_DATABASE).await?;
                let pool = db::connect(pg.connect_options(EMBEDDED_DATABASE)).await?;
                Ok(Database { pool, embedded: Some(pg) })
            }
        }
    }

    /// Closes the pool, then stops the private cluster (fast shutdown).
    pub async fn close(self) -> anyhow::Result<()> {
        self.pool.close().await;
        if let Some(pg) = self.embedded {
            pg.stop().await?;
        }
        Ok(())
    }
}

/// Applies the migrations and, on the first start of an empty database,
/// loads the shipped reference data.
pub async fn prepare(pool: &PgPool, clock: &Clock) -> anyhow::Result<()> {
    db::MIGRATOR.run(pool).await.context("cannot apply the database migrations")?;
    tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
        .migrate()
        .await
        .context("cannot create the session table")?;
    if let Some(summary) = import::load_reference_data(pool, clock.today()).await? {
        tracing::info!(added = summary.added, "loaded the reference checkpoints");
    }
    let named = import::load_kazakh_names(pool).await?;
    if named > 0 {
        tracing::info!(named, "gave the reference checkpoints their Kazakh names");
    }
    Ok(())
}

/// Serves the app on `listener` until `shutdown` resolves, then finishes the
/// requests in flight. The maintenance task runs meanwhile, and stops with
/// the server.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let maintenance = maintenance::spawn(state.pool.clone());
    let limits = state.settings.limits;
    let draining = state.clone();
    let shutdown = async move {
        shutdown.await;
        draining.draining.store(true, std::sync::atomic::Ordering::SeqCst);
    };
    let served = server::run(listener, app(state), limits, shutdown).await;
    // A round cut short rolls back; the next start runs one again.
    maintenance.abort();
    served
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).expect("cannot install the SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
    tracing::info!("shutting down: finishing requests in flight");
}
