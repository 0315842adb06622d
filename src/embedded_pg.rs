//! A private PostgreSQL cluster that the app runs itself when no DATABASE_URL is given.

use std::ffi::OsStr;
use std::fmt::Display;
use std::fs::{self, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt, lchown};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::sys::prctl::set_pdeathsig;
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{Id, WaitPidFlag, waitid};
use nix::unistd::{Pid, User, geteuid, getpid, getppid};
use sqlx::postgres::{PgConnectOptions, PgSslMode};
use sqlx::{ConnectOptions, Connection};
use tracing::{info, warn};

const PORT: u16 = 5432;
const POLL: Duration = Duration::from_millis(20);
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// Fast shutdown first; SIGQUIT (immediate, crash recovery on next start) only if that hangs.
const SHUTDOWN_STEPS: [(Signal, Duration); 2] =
    [(Signal::SIGINT, Duration::from_secs(30)), (Signal::SIGQUIT, Duration::from_secs(10))];

/// How to run the embedded cluster.
#[derive(Debug, Clone)]
pub struct Options {
    /// The app's DATA_DIR; holds the cluster (`postgres/`) and its log (`postgres.log`).
    pub data_dir: PathBuf,
    /// `false` trades crash safety for speed (fsync off etc.); only the test suite should use it.
    pub durable: bool,
}

/// Why the embedded server could not be set up, started or used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "PostgreSQL server binaries (initdb, postgres) not found: install the PostgreSQL server \
         package (e.g. `apt-get install postgresql`) or set PG_BIN to its bin directory, \
         or set DATABASE_URL to use an existing server"
    )]
    BinariesNotFound,
    #[error("PG_BIN={0} lacks the initdb and postgres executables; fix or unset PG_BIN")]
    BadPgBin(PathBuf),
    #[error(
        "running as root, but there is no `postgres` user to run the server as (PostgreSQL \
         refuses root); install the PostgreSQL server package, run as a normal user, \
         or set DATABASE_URL"
    )]
    NoPostgresUser,
    #[error("cannot use {0} for PostgreSQL: {1}; choose another DATA_DIR or set DATABASE_URL")]
    UnusableDir(PathBuf, &'static str),
    #[error("{0}: {1}")]
    Io(String, #[source] io::Error),
    #[error("initdb failed ({0}):\n{1}")]
    Initdb(String, String),
    /// The message includes the tail of postgres.log, where the reason is.
    #[error("PostgreSQL {0}; last lines of its log:\n{1}")]
    StartFailed(String, String),
    #[error("PostgreSQL (pid {0}) did not shut down even after SIGQUIT; stop it by hand")]
    StopTimeout(i32),
    #[error("another copy of this program (pid {0}) is running on this DATA_DIR; stop it first")]
    InUse(i32),
    #[error("invalid database name {0:?}: use 1-63 characters from a-z, 0-9 and _")]
    InvalidDatabaseName(String),
    #[error("embedded PostgreSQL: {0}")]
    Sql(#[from] sqlx::Error),
}

trait Context<T> {
    fn context(self, what: impl Display) -> Result<T, Error>;
}

impl<T> Context<T> for io::Result<T> {
    fn context(self, what: impl Display) -> Result<T, Error> {
        self.map_err(|e| Error::Io(what.to_string(), e))
    }
}

/// Locates the directory holding `initdb` and `postgres` (see [`find_bin_dir_with`]).
pub fn find_bin_dir() -> Result<PathBuf, Error> {
    find_bin_dir_with(&["initdb", "postgres"])
}

/// Locates a PostgreSQL bin directory holding every program in `names`: PG_BIN when set,
/// else the first of [`candidate_bin_dirs`] that has them.
pub fn find_bin_dir_with(names: &[&str]) -> Result<PathBuf, Error> {
    if let Some(dir) = std::env::var_os("PG_BIN").map(PathBuf::from) {
        // A wrong explicit setting is reported rather than silently replaced by a guess.
        if !has_executables(&dir, names) {
            return Err(Error::BadPgBin(dir));
        }
        return Ok(dir);
    }
    candidate_bin_dirs().into_iter().find(|dir| has_executables(dir, names)).ok_or(Error::BinariesNotFound)
}

/// Where PostgreSQL's programs may be, best first: `pg_config --bindir`, the newest
/// /usr/lib/postgresql/*/bin, then PATH. (PG_BIN, when set, overrides them all.)
pub fn candidate_bin_dirs() -> Vec<PathBuf> {
    // Debian's /usr/bin/pg_config may come from libpq-dev and name a dir without server binaries.
    let pg_config = Command::new("pg_config").arg("--bindir").output();
    let pg_config = (pg_config.ok())
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let mut versioned: Vec<(Vec<u32>, PathBuf)> = (fs::read_dir("/usr/lib/postgresql").into_iter())
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name();
            let key: Option<Vec<u32>> = name.to_str()?.split('.').map(|p| p.parse().ok()).collect();
            Some((key?, e.path().join("bin")))
        })
        .collect();
    versioned.sort(); // numerically, so 9.6 < 10 < 15 < 16
    let path = std::env::var_os("PATH").unwrap_or_default();
    (pg_config.into_iter())
        .chain(versioned.into_iter().rev().map(|(_, dir)| dir))
        .chain(std::env::split_paths(&path).filter(|dir| dir.is_absolute()))
        .collect()
}

/// Whether `dir` holds an executable file of each name.
pub fn has_executables(dir: &Path, names: &[&str]) -> bool {
    let executable = |m: fs::Metadata| m.is_file() && m.permissions().mode() & 0o111 != 0;
    names.iter().all(|name| fs::metadata(dir.join(name)).is_ok_and(executable))
}

/// A running private PostgreSQL server; stopped by [`EmbeddedPg::stop`] or, failing that, on drop.
pub struct EmbeddedPg {
    cluster_dir: PathBuf,
    pid: Pid,
    /// The postmaster's exit status once reaped; locked while signalling, so a reused pid is
    /// never hit.
    exited: Arc<Mutex<Option<String>>>,
    /// The pg-supervisor thread; `None` once shut down.
    supervisor: Option<JoinHandle<()>>,
}

impl EmbeddedPg {
    /// Initialises the cluster if needed, stops an orphan left by a killed previous run, starts
    /// the server and waits until it accepts connections.
    pub async fn start(opts: Options) -> Result<EmbeddedPg, Error> {
        let began = Instant::now();
        // initdb and stopping an orphan block for a while; keep them off the async workers.
        let (pg, log, log_start) = blocking(move || launch(&opts)).await?;
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            // Returning `pg` early drops it, which stops the server.
            if let Some(status) = pg.exit_status() {
                let what = format!("exited during startup ({status})");
                return Err(Error::StartFailed(what, log_tail(&log, log_start)));
            }
            let attempt = pg.connect_options("postgres");
            let attempt = tokio::time::timeout(Duration::from_secs(5), attempt.connect());
            if let Ok(Ok(conn)) = attempt.await {
                let _ = conn.close().await;
                info!("PostgreSQL ready after {} ms", began.elapsed().as_millis());
                return Ok(pg);
            }
            if Instant::now() >= deadline {
                let what = format!("did not accept connections within {READY_TIMEOUT:?}");
                return Err(Error::StartFailed(what, log_tail(&log, log_start)));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Options for connecting through the cluster's Unix socket (there is no TCP listener).
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        socket_options(&self.cluster_dir, database)
    }

    /// The absolute cluster directory (`data_dir/postgres`), which is also the socket directory.
    pub fn cluster_dir(&self) -> &Path {
        &self.cluster_dir
    }

    /// Creates database `name` unless it exists; `name` is restricted so it needs no escaping.
    pub async fn create_database_if_missing(&self, name: &str) -> Result<(), Error> {
        create_database_if_missing(&self.connect_options("postgres"), name).await
    }

    /// Fast shutdown (open transactions are rolled back); returns once the server has exited.
    pub async fn stop(mut self) -> Result<(), Error> {
        blocking(move || self.shutdown()).await
    }

    fn exit_status(&self) -> Option<String> {
        lock(&self.exited).clone()
    }

    /// Idempotent, so that Drop after stop() does nothing.
    fn shutdown(&mut self) -> Result<(), Error> {
        let Some(supervisor) = self.supervisor.take() else {
            return Ok(());
        };
        let signal = |sig| {
            if lock(&self.exited).is_none() {
                let _ = kill(self.pid, sig);
            }
        };
        let was_running = self.exit_status().is_none();
        terminate(self.pid.as_raw(), signal, || self.exit_status().is_some())?;
        let _ = supervisor.join();
        if was_running {
            info!("PostgreSQL stopped");
        }
        Ok(())
    }
}

impl Drop for EmbeddedPg {
    /// Safety net for early returns and panics: the server must not outlive its owner.
    fn drop(&mut self) {
        if let Err(e) = self.shutdown() {
            warn!("{e}");
        }
    }
}

/// Creates database `name` through `admin` (a cluster's `postgres` database) unless it exists;
/// `name` is restricted so it needs no escaping.
pub async fn create_database_if_missing(admin: &PgConnectOptions, name: &str) -> Result<(), Error> {
    let valid = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
    if name.is_empty() || name.len() > 63 || !name.bytes().all(valid) {
        return Err(Error::InvalidDatabaseName(name.to_owned()));
    }
    let mut conn = admin.connect().await?;
    let exists =
        sqlx::query_scalar!(r#"select exists(select 1 from pg_database where datname = $1) as "exists!""#, name)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        // Runtime SQL: a database name is an identifier, which cannot be
        // a parameter (it is validated above instead).
        let create = format!("create database \"{name}\"");
        match sqlx::query(&create).execute(&mut conn).await {
            // 42P04 duplicate_database: another process created it in the meantime.
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {}
            other => _ = other?,
        }
        info!("created database {name}");
    }
    Ok(conn.close().await?)
}

/// Options for connecting to the cluster in `cluster_dir` through its Unix socket.
fn socket_options(cluster_dir: &Path, database: &str) -> PgConnectOptions {
    // All explicit, so PG* environment variables meant for other servers cannot interfere.
    PgConnectOptions::new_without_pgpass()
        .socket(cluster_dir)
        .port(PORT)
        .username("postgres")
        .database(database)
        .ssl_mode(PgSslMode::Disable)
}

/// Options (for the `postgres` database) for the cluster under `data_dir` when a server
/// already accepts connections there (a running app's), so that a command can share it
/// instead of starting a second one.
pub async fn running(data_dir: &Path) -> Option<PgConnectOptions> {
    let cluster = fs::canonicalize(data_dir).ok()?.join("postgres");
    if !cluster.join(format!(".s.PGSQL.{PORT}")).exists() {
        return None;
    }
    let options = socket_options(&cluster, "postgres");
    let attempt = tokio::time::timeout(Duration::from_secs(5), options.connect()).await;
    let conn = attempt.ok()?.ok()?;
    let _ = conn.close().await;
    Some(options)
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let joined = tokio::task::spawn_blocking(f).await;
    joined.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

/// Sends SIGINT, then SIGQUIT if the server is still there after the grace period.
fn terminate(pid: i32, signal: impl Fn(Signal), gone: impl Fn() -> bool) -> Result<(), Error> {
    for (sig, grace) in SHUTDOWN_STEPS {
        signal(sig);
        let deadline = Instant::now() + grace;
        while Instant::now() < deadline {
            if gone() {
                return Ok(());
            }
            std::thread::sleep(POLL);
        }
    }
    Err(Error::StopTimeout(pid))
}

/// The blocking part of `start`; also returns the log path and its length before this run, so
/// that startup errors show only this run's lines.
fn launch(opts: &Options) -> Result<(EmbeddedPg, PathBuf, u64), Error> {
    let bin = std::path::absolute(find_bin_dir()?).context("resolving PostgreSQL's bin dir")?;
    let data_dir = &opts.data_dir;
    fs::create_dir_all(data_dir).context(format!("creating {}", data_dir.display()))?;
    let data_dir = fs::canonicalize(data_dir).context(format!("resolving {}", data_dir.display()))?;
    let cluster = data_dir.join("postgres");
    // The value is a comma-separated list, hence the quotes, which in turn must not occur inside.
    let Some(dir) = cluster.to_str().filter(|d| !d.contains('"')) else {
        return Err(Error::UnusableDir(cluster, "not UTF-8 or contains '\"'"));
    };
    if dir.len() + format!("/.s.PGSQL.{PORT}").len() >= 100 {
        return Err(Error::UnusableDir(cluster, "socket path over 99 bytes"));
    }
    let sockets = format!("unix_socket_directories=\"{dir}\"");
    // initdb and postgres refuse to run as root.
    let postgres_user = || User::from_name("postgres").ok().flatten();
    let owner = match geteuid().is_root() {
        true => Some(postgres_user().ok_or(Error::NoPostgresUser)?),
        false => None,
    };
    if let Some(user) = &owner {
        make_traversable(&data_dir, user)?;
    }
    let fresh = !cluster.join("PG_VERSION").exists();
    if !cluster.exists() {
        let created = fs::DirBuilder::new().mode(0o700).create(&cluster);
        created.context(format!("creating {dir}"))?;
    }
    // An orphan still shutting down creates and removes files: stop it before
    // touching the directory.
    if !fresh {
        stop_orphan(&cluster)?;
    }
    if let Some(user) = &owner {
        // Every start, which also repairs files that a root-run tool may have left behind.
        chown_tree(&cluster, user).context(format!("handing {dir} to the postgres user"))?;
    }
    if fresh {
        initdb(&bin, &cluster, owner.as_ref(), opts.durable)?;
    }
    let state = if fresh { "initialised now" } else { "existing" };
    info!("PostgreSQL data in {dir} ({state})");

    let log = data_dir.join("postgres.log");
    let open = OpenOptions::new().create(true).append(true).open(&log);
    let file = open.context(format!("opening {}", log.display()))?;
    let log_start = file.metadata().map(|m| m.len()).unwrap_or(0);
    let stderr = file.try_clone().context("duplicating a file handle")?;
    // The port is explicit because postgres would otherwise honour PGPORT from our environment.
    let port = format!("port={PORT}");
    let mut settings = vec![sockets.as_str(), &port];
    settings.extend("listen_addresses= unix_socket_permissions=0700".split(' '));
    if !opts.durable {
        settings.extend("fsync=off synchronous_commit=off full_page_writes=off".split(' '));
    }
    let mut cmd = Command::new(bin.join("postgres"));
    cmd.arg("-D").arg(&cluster);
    cmd.args(settings.iter().flat_map(|s| ["-c", s]));
    cmd.stdin(Stdio::null()).stdout(file).stderr(stderr);
    cmd.current_dir(&cluster);
    // Own process group: a terminal Ctrl-C reaches only the app, which then stops us in order.
    cmd.process_group(0);
    run_as(&mut cmd, owner.as_ref());
    Ok((spawn_supervised(cmd, cluster)?, log, log_start))
}

fn run_as(cmd: &mut Command, owner: Option<&User>) {
    if let Some(user) = owner {
        cmd.uid(user.uid.as_raw()).gid(user.gid.as_raw());
    }
}

fn initdb(bin: &Path, cluster: &Path, owner: Option<&User>, durable: bool) -> Result<(), Error> {
    let began = Instant::now();
    let mut cmd = Command::new(bin.join("initdb"));
    cmd.arg("-D").arg(cluster);
    cmd.args("--username=postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8".split(' '));
    if !durable {
        cmd.arg("--no-sync");
    }
    // Our own cwd may be unreadable for the postgres user.
    cmd.current_dir(cluster).stdin(Stdio::null());
    run_as(&mut cmd, owner);
    let out = cmd.output().context("running initdb")?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        return Err(Error::Initdb(out.status.to_string(), stderr));
    }
    info!("initdb finished in {} ms", began.elapsed().as_millis());
    Ok(())
}

/// Without search permission on every ancestor postgres cannot reach its data (e.g. under /root).
fn make_traversable(dir: &Path, user: &User) -> Result<(), Error> {
    for dir in dir.ancestors() {
        let meta = fs::metadata(dir).context(format!("inspecting {}", dir.display()))?;
        let mode = meta.mode();
        let ok = mode & 0o001 != 0
            || (meta.uid() == user.uid.as_raw() && mode & 0o100 != 0)
            || (meta.gid() == user.gid.as_raw() && mode & 0o010 != 0);
        if !ok {
            let added = fs::set_permissions(dir, fs::Permissions::from_mode(mode | 0o001));
            added.context(format!("adding o+x to {}", dir.display()))?;
            let dir = dir.display();
            warn!("added o+x (search only) to {dir} so postgres can reach its data");
        }
    }
    Ok(())
}

fn chown_tree(path: &Path, user: &User) -> io::Result<()> {
    // A file that vanished while we walked (a server's temporary file) needs no owner.
    let gone = |e: &io::Error| e.kind() == io::ErrorKind::NotFound;
    // symlink_metadata/lchown: never follow links out of the cluster (e.g. tablespaces).
    let meta = match fs::symlink_metadata(path) {
        Err(e) if gone(&e) => return Ok(()),
        other => other?,
    };
    if meta.uid() != user.uid.as_raw() || meta.gid() != user.gid.as_raw() {
        match lchown(path, Some(user.uid.as_raw()), Some(user.gid.as_raw())) {
            Err(e) if gone(&e) => return Ok(()),
            other => other?,
        }
    }
    if meta.is_dir() {
        let entries = match fs::read_dir(path) {
            Err(e) if gone(&e) => return Ok(()),
            other => other?,
        };
        for entry in entries {
            chown_tree(&entry?.path(), user)?;
        }
    }
    Ok(())
}

/// Deals with the postmaster.pid of a previous run that was killed before it stopped its server.
fn stop_orphan(cluster: &Path) -> Result<(), Error> {
    let pid_file = cluster.join("postmaster.pid");
    let text = fs::read_to_string(&pid_file).unwrap_or_default();
    let pid = text.lines().next().and_then(|l| l.trim().parse().ok());
    // A dead pid is fine: postgres itself discards a lock file whose process is gone.
    let Some(pid) = pid.filter(|&p: &i32| p > 0 && is_running(p)) else {
        return Ok(());
    };
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let args: Vec<&OsStr> = cmdline.split(|&b| b == 0).map(OsStr::from_bytes).collect();
    let exe = args.first().and_then(|a| Path::new(a).file_name());
    let exe = exe.map(OsStr::as_bytes).unwrap_or_default();
    let is_postgres = exe.starts_with(b"postgres") || exe.starts_with(b"postmaster");
    // postgres chdirs into its data directory; the cwd link is readable for our own processes.
    let cwd = fs::read_link(format!("/proc/{pid}/cwd")).ok();
    let ours = cwd.as_deref() == Some(cluster) || args.iter().any(|a| Path::new(a) == cluster);
    if is_postgres && ours {
        // A server whose parent is a live copy of this program is not an orphan: another
        // instance is using this DATA_DIR, and stopping its database would break it.
        if let Some(owner) = parent_if_same_program(pid) {
            return Err(Error::InUse(owner));
        }
        warn!("stopping orphaned PostgreSQL server (pid {pid}) left running by a previous run");
        let signal = |sig| _ = kill(Pid::from_raw(pid), sig);
        return terminate(pid, signal, || !is_running(pid));
    }
    if !is_postgres || cwd.is_some() {
        // The pid now belongs to an unrelated process (common after a container restart);
        // postgres would refuse to start because of it.
        let shown = pid_file.display();
        warn!("removing stale {shown} (pid {pid} is an unrelated process now)");
        fs::remove_file(&pid_file).context(format!("removing {shown}"))?;
    }
    Ok(())
}

/// The pid of `pid`'s parent when that parent runs this same executable.
fn parent_if_same_program(pid: i32) -> Option<i32> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let ppid: i32 = stat.rfind(')').and_then(|i| stat[i + 1..].split_whitespace().nth(1)?.parse().ok())?;
    let parent_exe = fs::read_link(format!("/proc/{ppid}/exe")).ok()?;
    let own_exe = std::env::current_exe().ok()?;
    (ppid > 1 && parent_exe == own_exe).then_some(ppid)
}

/// Alive and not a zombie (a zombie has exited but still answers kill(pid, 0)).
fn is_running(pid: i32) -> bool {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let state = stat.rfind(')').and_then(|i| stat[i + 1..].trim().chars().next());
    !matches!(state, None | Some('Z' | 'X'))
}

fn log_tail(log: &Path, start: u64) -> String {
    let mut text = String::new();
    if let Ok(mut f) = fs::File::open(log) {
        let _ = f.seek(SeekFrom::Start(start)).and_then(|_| f.read_to_string(&mut text));
    }
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(20)..].join("\n");
    format!("({})\n{tail}", log.display())
}

/// Spawns the postmaster from a dedicated thread that lives exactly as long as the child:
/// PR_SET_PDEATHSIG fires when the *thread* that forked exits, not the process.
fn spawn_supervised(mut cmd: Command, cluster_dir: PathBuf) -> Result<EmbeddedPg, Error> {
    let parent = getpid();
    // SAFETY: only async-signal-safe calls (prctl, getppid) and no allocation after fork.
    // std runs this after setuid/setgid, which matters because a uid change clears PDEATHSIG.
    unsafe {
        cmd.pre_exec(move || {
            set_pdeathsig(Signal::SIGINT)?;
            // If we died before prctl, nothing would ever deliver the signal.
            if getppid() != parent {
                return Err(Errno::ESRCH.into());
            }
            Ok(())
        });
    }
    let exited = Arc::new(Mutex::new(None));
    let (pid_tx, pid_rx) = mpsc::sync_channel(1);
    let status = exited.clone();
    let supervise = move || {
        let mut child = match cmd.spawn() {
            Ok(child) => child,
            Err(e) => return drop(pid_tx.send(Err(e))),
        };
        let pid = Pid::from_raw(child.id() as i32);
        let _ = pid_tx.send(Ok(pid));
        // Observe the exit without reaping, then reap under the lock: a signal sent while
        // holding it cannot hit a recycled pid.
        let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT;
        while waitid(Id::Pid(pid), flags) == Err(Errno::EINTR) {}
        let mut status = lock(&status);
        let reaped = child.wait();
        *status = Some(reaped.map_or_else(|e| format!("unknown status: {e}"), |s| s.to_string()));
    };
    let thread = std::thread::Builder::new().name("pg-supervisor".into()).spawn(supervise);
    let supervisor = Some(thread.context("starting the pg-supervisor thread")?);
    let spawned = pid_rx.recv().map_err(io::Error::other).and_then(|r| r);
    let pid = spawned.context("starting postgres")?;
    Ok(EmbeddedPg { cluster_dir, pid, exited, supervisor })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn start(dir: &tempfile::TempDir) -> EmbeddedPg {
        let _ = tracing_subscriber::fmt().with_test_writer().try_init();
        let data_dir = dir.path().join("data");
        let opts = Options { data_dir, durable: false };
        EmbeddedPg::start(opts).await.unwrap()
    }

    fn postmaster_pid(cluster: &Path) -> Option<i32> {
        let text = fs::read_to_string(cluster.join("postmaster.pid")).ok()?;
        text.lines().next()?.parse().ok()
    }

    /// Stopped means no lock file and no process (postmaster or backend) working in the cluster.
    fn assert_stopped(cluster: &Path) {
        assert_eq!(postmaster_pid(cluster), None);
        let cwd = |e: fs::DirEntry| fs::read_link(e.path().join("cwd"));
        let in_cluster = |e| cwd(e).is_ok_and(|c| c == cluster);
        assert!(!fs::read_dir("/proc").unwrap().flatten().any(in_cluster));
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn data_survives_restart_and_nothing_keeps_running() {
        let tmp = tempfile::tempdir().unwrap();
        let pg = start(&tmp).await;
        pg.create_database_if_missing("app_test").await.unwrap();
        pg.create_database_if_missing("app_test").await.unwrap();
        assert!(pg.create_database_if_missing("Bad-Name").await.is_err());
        let mut conn = pg.connect_options("app_test").connect().await.unwrap();
        // Runtime SQL: two statements on a table that exists only in this test's cluster.
        let sql = "create table t (v text); insert into t values ('kept')";
        sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
        conn.close().await.unwrap();
        let cluster = pg.cluster_dir().to_owned();
        pg.stop().await.unwrap();
        assert_stopped(&cluster);

        let pg = start(&tmp).await;
        let mut conn = pg.connect_options("app_test").connect().await.unwrap();
        // Runtime SQL: table `t` exists only in this test's cluster.
        let v: String = sqlx::query_scalar("select v from t").fetch_one(&mut conn).await.unwrap();
        assert_eq!(v, "kept");
        conn.close().await.unwrap();
        let lock_file = fs::read_to_string(cluster.join("postmaster.pid")).unwrap();
        let (old_pid, rest) = lock_file.split_once('\n').unwrap();
        drop(pg); // Drop must stop the server just like stop()
        assert_stopped(&cluster);

        // Stale lock files: a dead pid (postgres cleans up itself), then a reused live one.
        let mut sleeper = Command::new("sleep").arg("60").spawn().unwrap();
        for pid in [old_pid.to_owned(), sleeper.id().to_string()] {
            fs::write(cluster.join("postmaster.pid"), format!("{pid}\n{rest}")).unwrap();
            start(&tmp).await.stop().await.unwrap();
            assert_stopped(&cluster);
        }
        sleeper.kill().unwrap();
        sleeper.wait().unwrap();
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_server_still_owned_by_a_live_instance_is_not_taken_over() {
        let tmp = tempfile::tempdir().unwrap();
        let pg = start(&tmp).await;
        let cluster = pg.cluster_dir().to_owned();
        let running = postmaster_pid(&cluster).unwrap();
        // As if a second instance started on the same DATA_DIR while this one runs. (A real
        // orphan, after kill -9 of its app, is covered by the binary's integration tests.)
        std::mem::forget(pg);
        let opts = Options { data_dir: tmp.path().join("data"), durable: false };
        let second = EmbeddedPg::start(opts).await;
        assert!(matches!(second, Err(Error::InUse(pid)) if pid == getpid().as_raw()), "{:?}", second.err());
        assert!(is_running(running), "the first instance's server must be left alone");
        terminate(running, |sig| _ = kill(Pid::from_raw(running), sig), || !is_running(running)).unwrap();
    }
}
