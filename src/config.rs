//! The command line. Every option can also come from the environment.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Largest request body accepted (forms; CSV uploads come later). Here, not
/// in `web`, because the CSRF check in `auth` reads bodies too.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// checkpoint-tracker: weekly progress of the reconstruction of Kazakhstan's
/// road border checkpoints.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to serve HTTP on.
    #[arg(long, env = "LISTEN", default_value = "127.0.0.1:8080", global = true)]
    pub listen: SocketAddr,

    /// PostgreSQL server to use. Without it, the app runs its own private
    /// cluster under DATA_DIR/postgres.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<DatabaseUrl>,

    /// Where the embedded PostgreSQL cluster keeps its data.
    #[arg(long, env = "DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// When each week's report is due: a weekday and a time in UTC+5.
    #[arg(long, env = "REPORT_DEADLINE", default_value = "fri 18:00", global = true)]
    pub report_deadline: crate::domain::week::Deadline,

    /// Working days (Monday to Friday) a body has to correct a report the
    /// PM office returned.
    #[arg(long, env = "CORRECTION_DAYS", default_value_t = crate::domain::review::DEFAULT_CORRECTION_DAYS, global = true)]
    pub correction_days: u32,

    /// The interface language when neither the person nor the browser
    /// chooses one: kk, ru or en.
    #[arg(long, env = "DEFAULT_LANGUAGE", default_value = "ru", global = true)]
    pub default_language: crate::i18n::Lang,

    /// Mark the session cookie Secure: set it when the app is served over HTTPS.
    #[arg(long, env = "SECURE_COOKIES", global = true)]
    pub secure_cookies: bool,

    /// Reverse proxies in front of the app (comma-separated CIDRs): behind
    /// them the client is the right-most address of X-Forwarded-For that
    /// is not one of them. Unset: the TCP peer.
    #[arg(long, env = "TRUSTED_PROXIES", default_value = "", global = true)]
    pub trusted_proxies: crate::web::client_addr::TrustedProxies,
    /// Minutes a session may go unused before it ends.
    #[arg(long, env = "SESSION_IDLE_MINUTES", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=10080), global = true)]
    pub session_idle_minutes: u32,

    /// Hours after sign-in a session ends, however busy.
    #[arg(long, env = "SESSION_ABSOLUTE_HOURS", default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=720), global = true)]
    pub session_absolute_hours: u32,

    /// The URL people reach the app at (e.g. https://tracker.example.kz),
    /// printed at start. When it is https://, every response carries
    /// Strict-Transport-Security and every cookie is Secure.
    #[arg(long, env = "PUBLIC_URL", global = true)]
    pub public_url: Option<PublicUrl>,
}

/// The app's public address: an http:// or https:// URL, without a
/// trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(String);

impl PublicUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Served over HTTPS: HSTS and Secure cookies.
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

impl std::str::FromStr for PublicUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().trim_end_matches('/');
        let host = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
        match host {
            Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(PublicUrl(s.to_owned())),
            _ => Err("expected an http:// or https:// URL".to_owned()),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (the default).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Import records from a file.
    #[command(subcommand)]
    Import(Import),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Write a consistent backup of the database to FILE (pg_dump, custom
    /// format), also while the app runs.
    Backup {
        /// The backup file; written as FILE.partial, then renamed.
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Restore a backup into an empty database (pg_restore, one transaction).
    Restore {
        /// A file written by `backup`.
        file: PathBuf,
        /// Also into a database that is not empty: drop everything in it first.
        #[arg(long)]
        force: bool,
    },
    /// Fill the database with a synthetic history of weekly reports (demo
    /// rows are authored by the disabled `demo.*` accounts).
    DemoData {
        /// Weeks of history, up to and including the current week.
        #[arg(long)]
        weeks: u32,
        /// 1: the reference checkpoints only; K: plus (K-1) × 48 synthetic
        /// ones ("Demo checkpoint 0042").
        #[arg(long, default_value_t = 1)]
        scale: u32,
        /// Also when real reports exist (the weeks they cover are left alone).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a personal API token for an account and print it (once).
    Create {
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "")]
        label: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input (one
    /// line), unless --generate-password prints a new one.
    Add {
        #[arg(long)]
        username: String,
        /// admin, pm_office, ministry_staff or analyst.
        #[arg(long)]
        role: String,
        /// The reporting body (transport, finance, border_service); ministry_staff only.
        #[arg(long)]
        body: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        generate_password: bool,
    },
    /// Set an account's password, read from standard input; its sessions end.
    SetPassword { username: String },
    /// Disable an account; its sessions stop working at once.
    Disable { username: String },
}

#[derive(Debug, Subcommand)]
pub enum Import {
    /// Create or update checkpoints from a CSV file with the reference file's
    /// columns. All or nothing.
    Checkpoints {
        /// The CSV file (UTF-8).
        file: PathBuf,
    },
}

/// A database URL. It may hold a password, so it never prints itself.
#[derive(Clone)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DatabaseUrl(<redacted>)")
    }
}

impl std::str::FromStr for DatabaseUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Ok(DatabaseUrl(s.to_owned()))
        } else {
            Err("expected a postgres:// or postgresql:// URL".to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_subcommand_means_serve_with_defaults() {
        let cli = Cli::try_parse_from(["checkpoint-tracker"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.config.listen.to_string(), "127.0.0.1:8080");
    }

    #[test]
    fn import_takes_a_file_and_global_options() {
        let cli =
            Cli::try_parse_from(["checkpoint-tracker", "import", "checkpoints", "x.csv", "--data-dir", "/d"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Import(Import::Checkpoints { .. }))));
        assert_eq!(cli.config.data_dir, PathBuf::from("/d"));
    }

    #[test]
    fn trusted_proxies_are_a_list_of_cidrs() {
        let cli = Cli::try_parse_from(["checkpoint-tracker", "--trusted-proxies", "10.0.0.0/8,::1"]).unwrap();
        assert_eq!(cli.config.trusted_proxies.to_string(), "10.0.0.0/8,::1/128");
        assert!(Cli::try_parse_from(["checkpoint-tracker", "--trusted-proxies", "proxy.example"]).is_err());
        assert!(Cli::try_parse_from(["checkpoint-tracker"]).unwrap().config.trusted_proxies.is_empty());
    }

    #[test]
    fn session_lifetimes_and_the_public_url() {
        let cli = Cli::try_parse_from(["checkpoint-tracker"]).unwrap();
        assert_eq!((cli.config.session_idle_minutes, cli.config.session_absolute_hours), (60, 12));
        assert_eq!(cli.config.public_url, None);
        let cli = Cli::try_parse_from([
            "checkpoint-tracker",
            "--session-idle-minutes",
            "15",
            "--session-absolute-hours",
            "8",
            "--public-url",
            "https://tracker.example.kz/",
        ])
        .unwrap();
        assert_eq!((cli.config.session_idle_minutes, cli.config.session_absolute_hours), (15, 8));
        let url = cli.config.public_url.unwrap();
        assert_eq!(url.as_str(), "https://tracker.example.kz");
        assert!(url.is_https());
        assert!(!"http://localhost:8080".parse::<PublicUrl>().unwrap().is_https());
        assert!("tracker.example.kz".parse::<PublicUrl>().is_err());
        assert!(Cli::try_parse_from(["checkpoint-tracker", "--session-idle-minutes", "0"]).is_err());
    }

    #[test]
    fn the_database_url_is_never_printed() {
        let url: DatabaseUrl = "postgres://u:secret@h/db".parse().unwrap();
        assert!(!format!("{url:?}").contains("secret"));
    }
}
