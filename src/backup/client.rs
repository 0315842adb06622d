//! PostgreSQL's client programs (`pg_dump`, `pg_restore`): where they are, and the connection
//! they get through libpq's environment variables — never on the command line, where any user
//! could read a password in the process list.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{Context, bail};
use sqlx::postgres::{PgConnectOptions, PgSslMode};
use tokio::process::Command;

use crate::embedded_pg;

const PROGRAMS: [&str; 2] = ["pg_dump", "pg_restore"];

/// Variables that would otherwise reach the programs from our own environment and point them
/// elsewhere than the app's database.
const REPLACED: [&str; 12] = [
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGDATABASE",
    "PGUSER",
    "PGPASSWORD",
    "PGSERVICE",
    "PGSERVICEFILE",
    "PGOPTIONS",
    "PGSSLMODE",
    "PGREQUIRESSL",
    "PGAPPNAME",
];

/// The client programs of one PostgreSQL installation and the connection they are given.
pub struct Client {
    bin_dir: PathBuf,
    env: Vec<(&'static str, String)>,
    database: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: Vec<_> =
            self.env.iter().map(|(k, v)| (*k, if *k == "PGPASSWORD" { "<redacted>" } else { v.as_str() })).collect();
        f.debug_struct("Client").field("bin_dir", &self.bin_dir).field("env", &shown).finish()
    }
}

impl Client {
    /// The programs beside the embedded server's own, so that the dump's format matches it.
    pub fn embedded(options: &PgConnectOptions) -> anyhow::Result<Client> {
        let bin_dir = embedded_pg::find_bin_dir()?;
        if !embedded_pg::has_executables(&bin_dir, &PROGRAMS) {
            bail!("{} has no pg_dump and pg_restore; install the PostgreSQL client package", bin_dir.display());
        }
        Ok(Client::new(bin_dir, options, None))
    }

    /// The first installation whose `pg_dump` is at least as new as the server (pg_dump
    /// refuses newer servers); `url` is DATABASE_URL, which `options` was parsed from.
    pub fn for_url(url: &str, options: &PgConnectOptions, server_major: u32) -> anyhow::Result<Client> {
        let url = url::Url::parse(url).context("DATABASE_URL is not a valid URL")?;
        let bin_dir = if std::env::var_os("PG_BIN").is_some() {
            embedded_pg::find_bin_dir_with(&PROGRAMS)?
        } else {
            let dirs = embedded_pg::candidate_bin_dirs();
            let mut found: Vec<(PathBuf, u32)> = (dirs.into_iter())
                .filter(|dir| embedded_pg::has_executables(dir, &PROGRAMS))
                .filter_map(|dir| Some((dir.clone(), major_version(&dir.join("pg_dump"))?)))
                .collect();
            let Some(first) = found.iter().position(|(_, major)| *major >= server_major) else {
                let newest = found.iter().map(|(_, major)| *major).max();
                let newest = newest.map_or_else(|| "none found".to_owned(), |m| format!("the newest is {m}"));
                bail!(
                    "the server runs PostgreSQL {server_major}, which needs pg_dump {server_major} or newer \
                     ({newest}): install its client package or set PG_BIN"
                );
            };
            found.swap_remove(first).0
        };
        Ok(Client::new(bin_dir, options, Some(&url)))
    }

    fn new(bin_dir: PathBuf, options: &PgConnectOptions, url: Option<&url::Url>) -> Client {
        let database = options.get_database().unwrap_or(options.get_username()).to_owned();
        Client { bin_dir, env: connection_env(options, url), database }
    }

    /// The database the programs connect to.
    pub fn database(&self) -> &str {
        &self.database
    }

    /// `program` with the connection in its environment, no input, its output captured.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.bin_dir.join(program));
        for var in REPLACED {
            cmd.env_remove(var);
        }
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd
    }

    /// Runs `cmd` and returns its standard output; on failure its standard error is the error.
    pub async fn run(&self, mut cmd: Command, what: &str) -> anyhow::Result<String> {
        let out = cmd.output().await.with_context(|| format!("cannot run {what}"))?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            bail!("{what} failed ({}):\n{}", out.status, stderr.trim());
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// How many tables' data the custom-format archive `file` holds; fails if it is not one.
    pub async fn tables_in(&self, file: &Path) -> anyhow::Result<usize> {
        let mut cmd = self.command("pg_restore");
        cmd.arg("--list").arg(file);
        let toc = self.run(cmd, "pg_restore --list").await?;
        Ok(toc.lines().filter(|line| !line.starts_with(';') && line.contains(" TABLE DATA ")).count())
    }
}

/// libpq's variables for the connection sqlx makes with `options`; the password and TLS files,
/// which sqlx does not hand back, come from the URL.
fn connection_env(options: &PgConnectOptions, url: Option<&url::Url>) -> Vec<(&'static str, String)> {
    let host = match options.get_socket() {
        Some(dir) => dir.display().to_string(),
        None => options.get_host().to_owned(),
    };
    let ssl_mode = match options.get_ssl_mode() {
        PgSslMode::Disable => "disable",
        PgSslMode::Allow => "allow",
        PgSslMode::Prefer => "prefer",
        PgSslMode::Require => "require",
        PgSslMode::VerifyCa => "verify-ca",
        PgSslMode::VerifyFull => "verify-full",
    };
    let mut env = vec![
        ("PGHOST", host),
        ("PGPORT", options.get_port().to_string()),
        ("PGUSER", options.get_username().to_owned()),
        ("PGDATABASE", options.get_database().unwrap_or(options.get_username()).to_owned()),
        ("PGSSLMODE", ssl_mode.to_owned()),
        ("PGAPPNAME", "checkpoint-tracker backup".to_owned()),
    ];
    if let Some(o) = options.get_options() {
        env.push(("PGOPTIONS", o.to_owned()));
    }
    let Some(url) = url else { return env };
    let query = |key: &str| url.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned());
    let in_userinfo = url.password().map(percent_decode);
    if let Some(password) = query("password").or(in_userinfo).or_else(|| std::env::var("PGPASSWORD").ok()) {
        env.push(("PGPASSWORD", password));
    }
    for (key, var) in [("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY")] {
        if let Some(value) = query(key) {
            env.push((var, value));
        }
    }
    env
}

fn percent_decode(s: &str) -> String {
    form_urlencoded::parse(format!("p={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map_or_else(String::new, |(_, v)| v.into_owned())
}

/// The major version `program --version` reports ("pg_dump (PostgreSQL) 15.13 (Debian …)").
fn major_version(program: &Path) -> Option<u32> {
    let out = std::process::Command::new(program).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.split(") ").nth(1)?;
    version.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(url: &str) -> Vec<(&'static str, String)> {
        let options: PgConnectOptions = url.parse().unwrap();
        connection_env(&options, Some(&url::Url::parse(url).unwrap()))
    }

    fn var(env: &[(&str, String)], name: &str) -> Option<String> {
        env.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn the_url_becomes_libpq_variables_with_the_password_decoded() {
        let env = env_of("postgres://app:p%40ss%2Bw@db.example:6543/tracker?sslmode=require&sslrootcert=/ca.pem");
        assert_eq!(var(&env, "PGHOST").as_deref(), Some("db.example"));
        assert_eq!(var(&env, "PGPORT").as_deref(), Some("6543"));
        assert_eq!(var(&env, "PGUSER").as_deref(), Some("app"));
        assert_eq!(var(&env, "PGDATABASE").as_deref(), Some("tracker"));
        assert_eq!(var(&env, "PGPASSWORD").as_deref(), Some("p@ss+w"));
        assert_eq!(var(&env, "PGSSLMODE").as_deref(), Some("require"));
        assert_eq!(var(&env, "PGSSLROOTCERT").as_deref(), Some("/ca.pem"));
    }

    #[test]
    fn a_socket_directory_is_the_host() {
        let env = env_of("postgres://postgres@localhost/app?host=/run/pg&port=5499");
        assert_eq!(var(&env, "PGHOST").as_deref(), Some("/run/pg"));
        assert_eq!(var(&env, "PGPORT").as_deref(), Some("5499"));
    }

    #[test]
    fn the_password_is_never_printed() {
        let options: PgConnectOptions = "postgres://u:secret@h/db".parse().unwrap();
        let url = url::Url::parse("postgres://u:secret@h/db").unwrap();
        let client = Client::new(PathBuf::from("/bin"), &options, Some(&url));
        assert!(!format!("{client:?}").contains("secret"));
        assert!(format!("{client:?}").contains("PGPASSWORD"));
    }

    #[test]
    fn versions_are_read_from_the_programs_banner() {
        let dir = embedded_pg::find_bin_dir().unwrap();
        assert!(major_version(&dir.join("pg_dump")).is_some_and(|m| m >= 10));
    }
}
