//! `backup FILE` and `restore FILE`: PostgreSQL's own `pg_dump` and `pg_restore` in custom
//! format, on DATABASE_URL's database or the embedded one. A running app's embedded server is
//! shared (a second one on the same data would be refused); otherwise the command starts the
//! cluster for its own run, as every other command does.

mod client;

use std::fmt;
use std::fs;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};

use client::Client;

use crate::EMBEDDED_DATABASE;
use crate::config::Config;
use crate::embedded_pg::{self, EmbeddedPg};

/// Why a backup or restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Nothing was written or changed; the message says what to do instead.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// What a backup or restore did: its one-line summary.
#[derive(Debug)]
pub struct Summary {
    restored: bool,
    file: PathBuf,
    database: String,
    bytes: u64,
    tables: usize,
    elapsed: Duration,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, database, tables) = (self.file.display(), &self.database, self.tables);
        let (size, seconds) = (megabytes(self.bytes), self.elapsed.as_secs_f64());
        if self.restored {
            write!(
                f,
                "restored {file} ({size}, {tables} tables) into database {database} in {seconds:.1} s; \
                 migrations newer than the backup apply on the next start"
            )
        } else {
            write!(f, "backed up database {database} to {file}: {size}, {tables} tables, {seconds:.1} s")
        }
    }
}

fn megabytes(bytes: u64) -> String {
    match bytes {
        0..1_000_000 => format!("{} kB", bytes.div_ceil(1000)),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// Writes a backup of the database to `file` (through `file.partial`, renamed when complete),
/// readable by its owner only. pg_dump reads one snapshot, so the app may keep writing.
pub async fn backup(config: &Config, file: &Path, force: bool) -> Result<Summary, Error> {
    let began = Instant::now();
    if !force && fs::symlink_metadata(file).is_ok() {
        let why = format!("{} exists; choose another file, or pass --force to replace it", file.display());
        return Err(Error::Refused(why));
    }
    let cluster = config.data_dir.join("postgres");
    if config.database_url.is_none() && !cluster.join("PG_VERSION").exists() {
        // Rather than a new, empty cluster for a mistyped DATA_DIR.
        let why = format!("there is no database in {}; set DATA_DIR or DATABASE_URL", cluster.display());
        return Err(Error::Refused(why));
    }
    let target = Target::open(config).await?;
    let database = target.client.database().to_owned();
    let result = dump(&target.client, file).await;
    target.close().await?;
    let (bytes, tables) = result?;
    Ok(Summary { restored: false, file: file.to_owned(), database, bytes, tables, elapsed: began.elapsed() })
}

/// Restores the backup in `file` into the database in one transaction. A database with any
/// table is refused unless `force`, which first drops every schema in it.
pub async fn restore(config: &Config, file: &Path, force: bool) -> Result<Summary, Error> {
    let began = Instant::now();
    let bytes = fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?.len();
    let mut target = Target::open(config).await?;
    let database = target.client.database().to_owned();
    let result = load(&mut target, file, force).await;
    target.close().await?;
    let tables = result?;
    Ok(Summary { restored: true, file: file.to_owned(), database, bytes, tables, elapsed: began.elapsed() })
}

async fn dump(client: &Client, file: &Path) -> anyhow::Result<(u64, usize)> {
    let mut partial = file.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let result = async {
        // Owner-only from the first byte: a backup holds password hashes and session ids.
        let open = fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&partial);
        open.with_context(|| format!("cannot create {}", partial.display()))?;
        fs::set_permissions(&partial, fs::Permissions::from_mode(0o600))?; // a left-over one may be wider
        let mut cmd = client.command("pg_dump");
        cmd.args(["--format=custom", "--no-password", "--lock-wait-timeout=60s", "--file"]).arg(&partial);
        client.run(cmd, "pg_dump").await?;
        // Reading the archive back proves it complete before it replaces anything.
        let tables = client.tables_in(&partial).await?;
        let written = fs::File::open(&partial)?;
        written.sync_all()?;
        let bytes = written.metadata()?.len();
        fs::rename(&partial, file)
            .with_context(|| format!("cannot rename {} to {}", partial.display(), file.display()))?;
        let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::File::open(dir)?.sync_all()?;
        anyhow::Ok((bytes, tables))
    }
    .await;
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result
}

async fn load(target: &mut Target, file: &Path, force: bool) -> Result<usize, Error> {
    // Read first: a file that is not a backup must not cost a database its contents.
    let tables = target.client.tables_in(file).await?;
    let present = user_tables(&mut target.conn).await.context("cannot list the database's tables")?;
    if let Some(first) = present.first() {
        let database = target.client.database();
        if !force {
            let count = present.len();
            return Err(Error::Refused(format!(
                "database {database} is not empty ({count} tables, e.g. {first}); restore into an empty \
                 database, or pass --force to drop everything in it first"
            )));
        }
        // Dropping the tables under a running app would break its requests half-way.
        let others = other_sessions(&mut target.conn).await.context("cannot list the database's sessions")?;
        if others > 0 {
            return Err(Error::Refused(format!(
                "{others} other connection(s) use database {database} (a running app?); stop them \
                 before restore --force replaces everything in it"
            )));
        }
        drop_schemas(&mut target.conn).await.context("cannot empty the database")?;
        tracing::warn!(tables = present.len(), "restore --force: dropped every schema of the database");
    }
    let emptied = !present.is_empty();
    let client = &target.client;
    let mut cmd = client.command("pg_restore");
    // No owners or grants: the backup's roles need not exist here; whoever restores owns all.
    cmd.args(["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--no-password"]);
    cmd.arg("--dbname").arg(conninfo_dbname(client.database())).arg(file);
    let restored = client.run(cmd, "pg_restore").await;
    restored.with_context(|| match emptied {
        true => "nothing was restored, and --force had already emptied the database",
        false => "nothing was restored; the database is still empty",
    })?;
    Ok(tables)
}

/// `dbname='…'` in libpq's conninfo syntax, so that no database name is read as a connection
/// string (pg_restore needs the name as an argument; everything else is in the environment).
fn conninfo_dbname(name: &str) -> String {
    format!("dbname='{}'", name.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Tables outside PostgreSQL's own schemas, by qualified name.
async fn user_tables(conn: &mut PgConnection) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"select n.nspname || '.' || c.relname as "name!"
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where c.relkind in ('r', 'p')
             and n.nspname <> 'information_schema' and n.nspname not like 'pg\_%'
           order by 1"#
    )
    .fetch_all(conn)
    .await
}

/// How many other clients are connected to the database.
async fn other_sessions(conn: &mut PgConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'"#
    )
    .fetch_one(conn)
    .await
}

/// Drops every schema but PostgreSQL's own, then creates an empty `public` as a new database has.
async fn drop_schemas(conn: &mut PgConnection) -> sqlx::Result<()> {
    let mut tx = conn.begin().await?;
    let drops = sqlx::query_scalar!(
        r#"select format('drop schema %I cascade', nspname) as "sql!"
           from pg_namespace where nspname <> 'information_schema' and nspname not like 'pg\_%'"#
    )
    .fetch_all(&mut *tx)
    .await?;
    // Runtime SQL: schema names are identifiers (quoted by format's %I above).
    for drop in
        drops.iter().map(String::as_str).chain(["create schema public", "grant usage on schema public to public"])
    {
        sqlx::query(drop).execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// The database a command works on: a connection for catalogue queries, the client programs,
/// and the embedded cluster when this command had to start it.
struct Target {
    conn: PgConnection,
    client: Client,
    embedded: Option<EmbeddedPg>,
}

impl Target {
    async fn open(config: &Config) -> anyhow::Result<Target> {
        if let Some(url) = &config.database_url {
            let options: PgConnectOptions =
                url.expose().parse().context("DATABASE_URL is not a valid PostgreSQL URL")?;
            let mut conn = options.connect().await.context("cannot connect to DATABASE_URL")?;
            let version = sqlx::query_scalar!(r#"select current_setting('server_version_num')::int as "v!""#)
                .fetch_one(&mut conn)
                .await?;
            let client = Client::for_url(url.expose(), &options, (version / 10_000) as u32)?;
            return Ok(Target { conn, client, embedded: None });
        }
        let (admin, embedded) = match embedded_pg::running(&config.data_dir).await {
            Some(admin) => (admin, None),
            None => {
                let options = embedded_pg::Options { data_dir: config.data_dir.clone(), durable: true };
                let pg = EmbeddedPg::start(options).await?;
                (pg.connect_options("postgres"), Some(pg))
            }
        };
        embedded_pg::create_database_if_missing(&admin, EMBEDDED_DATABASE).await?;
        let options = admin.database(EMBEDDED_DATABASE);
        let conn = options.connect().await?;
        Ok(Target { conn, client: Client::embedded(&options)?, embedded })
    }

    /// Closes the connection, then stops the cluster if this command started it.
    async fn close(self) -> anyhow::Result<()> {
        self.conn.close().await?;
        if let Some(pg) = self.embedded {
            pg.stop().await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_name_is_never_read_as_a_connection_string() {
        assert_eq!(conninfo_dbname("app"), "dbname='app'");
        assert_eq!(conninfo_dbname(r"host=evil o'k\"), r"dbname='host=evil o\'k\\'");
    }

    #[test]
    fn the_summary_is_one_line_with_size_tables_and_time() {
        let summary = Summary {
            restored: false,
            file: "b.dump".into(),
            database: "checkpoint_tracker".into(),
            bytes: 1_234_567,
            tables: 27,
            elapsed: Duration::from_millis(640),
        };
        assert_eq!(summary.to_string(), "backed up database checkpoint_tracker to b.dump: 1.2 MB, 27 tables, 0.6 s");
        assert_eq!(megabytes(103_447), "104 kB");
    }
}
