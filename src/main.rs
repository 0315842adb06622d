//! The command line: serve (the default), migrate, import.

use std::process::ExitCode;

use anyhow::Context;
use checkpoint_tracker::clock::Clock;
use checkpoint_tracker::config::{Cli, Command, Config, Import};
use checkpoint_tracker::db::audit::Actor;
use checkpoint_tracker::import::ImportError;
use checkpoint_tracker::{AppState, Database, import, prepare, serve, shutdown_signal};
use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => run_server(&cli.config).await,
        Command::Migrate => migrate(&cli.config).await,
        Command::Import(Import::Checkpoints { file }) => import_checkpoints(&cli.config, &file).await,
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run_server(config: &Config) -> anyhow::Result<ExitCode> {
    let database = Database::open(config).await?;
    let clock = Clock::System;
    let result = async {
        prepare(&database.pool, clock).await?;
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let addr = listener.local_addr()?;
        println!("checkpoint-tracker is serving http://{addr}/checkpoints");
        serve(listener, AppState::new(database.pool.clone(), clock), shutdown_signal()).await?;
        anyhow::Ok(())
    }
    .await;
    database.close().await?;
    result.map(|()| ExitCode::SUCCESS)
}

async fn migrate(config: &Config) -> anyhow::Result<ExitCode> {
    let database = Database::open(config).await?;
    let result = checkpoint_tracker::db::MIGRATOR.run(&database.pool).await;
    database.close().await?;
    result.context("cannot apply the database migrations")?;
    println!("migrations applied");
    Ok(ExitCode::SUCCESS)
}

async fn import_checkpoints(config: &Config, file: &std::path::Path) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let database = Database::open(config).await?;
    let result = async {
        prepare(&database.pool, Clock::System).await?;
        let name = file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
        let today = Clock::System.today();
        anyhow::Ok(import::import_checkpoints(&database.pool, &bytes, &name, &Actor::system("import"), today).await)
    }
    .await;
    database.close().await?;
    match result? {
        Ok(s) => {
            println!(
                "imported {}: {} added, {} updated, {} unchanged",
                file.display(),
                s.added,
                s.updated,
                s.unchanged
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Invalid(errors)) => {
            eprintln!("{}: nothing was imported; {} invalid row(s):", file.display(), errors.len());
            for e in errors {
                eprintln!("  line {}: {}", e.line, e.reason);
            }
            Ok(ExitCode::from(2))
        }
        Err(ImportError::Database(e)) => Err(e).context("import failed"),
    }
}
