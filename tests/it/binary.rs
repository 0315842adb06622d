//! The real binary on its embedded default: a private PostgreSQL cluster
//! under DATA_DIR that starts, survives restarts and crashes, and stops with
//! the app.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::support::{Visitor, binary};

/// The app running as a child process on the embedded default.
pub struct Running {
    child: Child,
    pub base: String,
    log: PathBuf,
    /// The administrator's password, printed on the first start only.
    pub admin_password: Option<String>,
}

impl Running {
    /// Starts the binary on `data_dir` and waits for it to print its URL.
    pub async fn start(data_dir: &Path) -> Running {
        let log = data_dir.with_extension("log");
        let stderr = std::fs::OpenOptions::new().create(true).append(true).open(&log).unwrap();
        let mut child = Command::new(binary())
            .env_remove("DATABASE_URL")
            .env("DATA_DIR", data_dir)
            .env("LISTEN", "127.0.0.1:0")
            .env("DEFAULT_LANGUAGE", "en")
            .stdout(Stdio::piped())
            .stderr(stderr)
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut admin_password = None;
        let read_url = async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(password) = line.split("with the password: ").nth(1) {
                    admin_password = Some(password.trim().to_owned());
                }
                if let Some(rest) = line.split("serving ").nth(1) {
                    return rest.trim_end_matches('/').to_owned();
                }
            }
            let pg_log = std::fs::read_to_string(data_dir.join("postgres.log")).unwrap_or_default();
            panic!(
                "the app exited before serving:\n{}\n--- postgres.log:\n{pg_log}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        };
        let base = tokio::time::timeout(Duration::from_secs(120), read_url).await.expect("the app prints its URL");
        Running { child, base, log, admin_password }
    }

    /// A visitor signed in as `admin`.
    pub async fn admin(&self, password: &str) -> Visitor {
        let mut visitor = Visitor::at(self.base.clone());
        visitor.log_in("admin", password).await;
        visitor
    }

    /// A request without a session, redirects not followed.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        Visitor::at(self.base.clone()).get(path).await
    }

    fn pid(&self) -> Pid {
        Pid::from_raw(self.child.id().unwrap() as i32)
    }

    /// Sends SIGTERM and waits for a clean exit.
    pub async fn terminate(mut self) {
        kill(self.pid(), Signal::SIGTERM).unwrap();
        let status = tokio::time::timeout(Duration::from_secs(60), self.child.wait()).await.unwrap().unwrap();
        assert!(status.success(), "exit {status}:\n{}", std::fs::read_to_string(&self.log).unwrap_or_default());
    }
}

/// The postmaster's pid, read from its lock file.
fn postmaster_pid(data_dir: &Path) -> Option<Pid> {
    let text = std::fs::read_to_string(data_dir.join("postgres/postmaster.pid")).ok()?;
    text.lines().next()?.trim().parse().ok().map(Pid::from_raw)
}

fn is_alive(pid: Pid) -> bool {
    kill(pid, None).is_ok()
}

#[tokio::test]
async fn on_an_empty_data_dir_it_serves_and_stops_on_sigterm_leaving_no_postgres_behind() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");

    let app = Running::start(&data_dir).await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    // Without a session the register sends you to the login page...
    let response = app.get("/checkpoints").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login?next=%2Fcheckpoints");
    // ...and the administrator's password printed on the first start opens it.
    let password = app.admin_password.clone().expect("the first start prints the admin password");
    let admin = app.admin(&password).await;
    let page = admin.get("/checkpoints").await.text().await.unwrap();
    assert!(page.contains("48 checkpoints"));
    assert!(data_dir.join("postgres/PG_VERSION").exists(), "the cluster lives under DATA_DIR/postgres");
    let postmaster = postmaster_pid(&data_dir).expect("the server is running");

    app.terminate().await;

    assert!(!is_alive(postmaster), "PostgreSQL still runs after the app stopped");
    assert!(!data_dir.join("postgres/postmaster.pid").exists());
}

#[tokio::test]
async fn data_survives_a_restart_and_a_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");

    let app = Running::start(&data_dir).await;
    let password = app.admin_password.clone().expect("the first start prints the admin password");
    let admin = app.admin(&password).await;
    let response = admin.post_form("/checkpoints", &[("name_en", "Survivor"), ("name_ru", "Выживший")]).await;
    assert_eq!(response.status(), 303);
    app.terminate().await;

    // A clean restart finds the data (and the account: no new password).
    let app = Running::start(&data_dir).await;
    assert_eq!(app.admin_password, None);
    let admin = app.admin(&password).await;
    assert!(admin.get("/checkpoints?q=Survivor").await.text().await.unwrap().contains("Выживший"));

    // kill -9 of the app: neither the orphaned server nor its postmaster.pid
    // may block the next start, and nothing committed is lost.
    let mut app = app;
    app.child.start_kill().unwrap();
    app.child.wait().await.unwrap();

    let app = Running::start(&data_dir).await;
    let admin = app.admin(&password).await;
    let page = admin.get("/checkpoints?q=%D0%B2%D1%8B%D0%B6%D0%B8%D0%B2").await.text().await.unwrap();
    assert!(page.contains("Survivor"), "{page}");
    let page = admin.get("/checkpoints").await.text().await.unwrap();
    assert!(page.contains("49 checkpoints"), "the reference data is not loaded twice");
    app.terminate().await;
}
