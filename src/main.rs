//! The command line: serve (the default), migrate, import, user, token, backup, restore, demo-data.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::Context;
use checkpoint_tracker::clock::Clock;
use checkpoint_tracker::config::{Cli, Command, Config, Import, TokenCommand, UserCommand};
use checkpoint_tracker::db::audit::Actor;
use checkpoint_tracker::domain::user::UserForm;
use checkpoint_tracker::import::ImportError;
use checkpoint_tracker::state::Settings;
use checkpoint_tracker::{AppState, Database, accounts, backup, demo, import, prepare, serve, shutdown_signal};
use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .with_writer(std::io::stderr)
        .init();
    let config = &cli.config;
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => run_server(config).await,
        Command::Migrate => with_database(config, |_| async { Ok(ExitCode::SUCCESS) }).await,
        Command::Import(Import::Checkpoints { file }) => import_checkpoints(config, &file).await,
        Command::User(command) => user(config, command).await,
        Command::Token(TokenCommand::Create { username, label }) => create_token(config, username, label).await,
        Command::DemoData { weeks, scale, force } => demo_data(config, weeks, scale, force).await,
        Command::Backup { file, force } => summarise("backup", backup::backup(config, &file, force).await),
        Command::Restore { file, force } => summarise("restore", backup::restore(config, &file, force).await),
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
        prepare(&database.pool, &clock).await?;
        let first_admin = accounts::ensure_first_admin(&database.pool).await?;
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let addr = listener.local_addr()?;
        // Printed once, to the terminal only: never through the logs.
        if let Some(password) = first_admin {
            println!("Created the administrator account. Log in as `admin` with the password: {password}");
            println!("Change it with: checkpoint-tracker user set-password admin");
        }
        match &config.public_url {
            Some(url) => println!("checkpoint-tracker is serving {}/ (listening on {addr})", url.as_str()),
            None => println!("checkpoint-tracker is serving http://{addr}/"),
        }
        let settings = Settings::from_config(config);
        serve(listener, AppState::new(database.pool.clone(), clock, settings), shutdown_signal()).await?;
        anyhow::Ok(())
    }
    .await;
    database.close().await?;
    result.map(|()| ExitCode::SUCCESS)
}

/// Opens the database, migrates it, runs `f`, and closes it whatever happens.
async fn with_database<F, Fut>(config: &Config, f: F) -> anyhow::Result<ExitCode>
where
    F: FnOnce(sqlx::PgPool) -> Fut,
    Fut: Future<Output = anyhow::Result<ExitCode>>,
{
    let database = Database::open(config).await?;
    let result = async {
        prepare(&database.pool, &Clock::System).await?;
        f(database.pool.clone()).await
    }
    .await;
    database.close().await?;
    result
}

async fn import_checkpoints(config: &Config, file: &std::path::Path) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    with_database(config, |pool| async move {
        let today = Clock::System.today();
        match import::import_checkpoints(&pool, &bytes, &name, &Actor::system("import"), today).await {
            Ok(s) => {
                println!("imported {name}: {} added, {} updated, {} unchanged", s.added, s.updated, s.unchanged);
                Ok(ExitCode::SUCCESS)
            }
            Err(ImportError::Invalid(errors)) => {
                eprintln!("{name}: nothing was imported; {} invalid row(s):", errors.len());
                for e in errors {
                    eprintln!("  line {}: {}", e.line, e.reason);
                }
                Ok(ExitCode::from(2))
            }
            Err(ImportError::Database(e)) => Err(e).context("import failed"),
        }
    })
    .await
}

async fn demo_data(config: &Config, weeks: u32, scale: u32, force: bool) -> anyhow::Result<ExitCode> {
    let options = demo::DemoOptions {
        weeks,
        scale,
        force,
        now: chrono::Utc::now(),
        deadline: config.report_deadline,
        correction_days: config.correction_days,
    };
    with_database(config, |pool| async move {
        match demo::generate(&pool, options).await {
            Ok(summary) => {
                print!("{summary}");
                Ok(ExitCode::SUCCESS)
            }
            Err(demo::DemoError::Refused(why)) => {
                eprintln!("demo-data: nothing was written: {why}");
                Ok(ExitCode::from(2))
            }
            Err(e) => Err(e).context("demo-data failed"),
        }
    })
    .await
}

/// Prints a backup's or restore's summary; a refusal exits with status 2.
fn summarise(command: &str, outcome: Result<backup::Summary, backup::Error>) -> anyhow::Result<ExitCode> {
    match outcome {
        Ok(summary) => {
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Err(backup::Error::Refused(why)) => {
            eprintln!("{command}: nothing was done: {why}");
            Ok(ExitCode::from(2))
        }
        Err(backup::Error::Failed(e)) => Err(e).context(format!("{command} failed")),
    }
}

async fn create_token(config: &Config, username: String, label: String) -> anyhow::Result<ExitCode> {
    with_database(config, |pool| async move {
        let token = accounts::create_token(&pool, &username, &label, &Actor::system("cli")).await?;
        println!("{token}");
        Ok(ExitCode::SUCCESS)
    })
    .await
}

/// One line of standard input, without its line ending.
fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn user(config: &Config, command: UserCommand) -> anyhow::Result<ExitCode> {
    let actor = Actor::system("cli");
    match command {
        UserCommand::Add { username, role, body, display_name, generate_password } => {
            let password =
                if generate_password { checkpoint_tracker::auth::password::generate() } else { read_password()? };
            let form = UserForm {
                display_name: display_name.unwrap_or_else(|| username.clone()),
                username,
                role,
                body: body.unwrap_or_default(),
                active: Some("on".into()),
                ..Default::default()
            };
            with_database(config, |pool| async move {
                accounts::add(&pool, &form, &password, &actor).await?;
                println!("created account {}", form.username.trim().to_lowercase());
                if generate_password {
                    println!("password: {password}");
                }
                Ok(ExitCode::SUCCESS)
            })
            .await
        }
        UserCommand::SetPassword { username } => {
            let password = read_password()?;
            with_database(config, |pool| async move {
                accounts::set_password(&pool, &username, &password, &actor).await?;
                println!("password of {username} changed; its sessions have ended");
                Ok(ExitCode::SUCCESS)
            })
            .await
        }
        UserCommand::Disable { username } => {
            with_database(config, |pool| async move {
                accounts::disable(&pool, &username, &actor).await?;
                println!("account {username} disabled; its sessions have ended");
                Ok(ExitCode::SUCCESS)
            })
            .await
        }
    }
}
