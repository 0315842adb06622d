//! `backup` and `restore` through the real binary: a database with reports restored into a
//! fresh data directory holds the same rows in every table; a database that is not empty is
//! refused unless --force; a backup taken while the app serves writes is consistent and leaves
//! the app running.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use checkpoint_tracker::demo;
use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::embedded_pg::{self, EmbeddedPg};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};
use tokio::process::Command;

use crate::binary::Running;
use crate::reports::{entry, file, this_week};
use crate::support::{TestApp, TestDb, binary};

/// The binary with `args`, on DATABASE_URL `url` or else on the embedded cluster in `data_dir`.
async fn run(url: Option<&str>, data_dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(binary());
    cmd.env_remove("DATABASE_URL").env("DATA_DIR", data_dir).env("RUST_LOG", "warn").args(args);
    if let Some(url) = url {
        cmd.env("DATABASE_URL", url);
    }
    cmd.output().await.unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every table outside PostgreSQL's own schemas: its row count and a digest of its rows.
async fn fingerprint(options: PgConnectOptions) -> BTreeMap<String, (i64, String)> {
    // The same time zone on both sides, so that timestamps print alike.
    let mut conn = options.options([("timezone", "UTC")]).connect().await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "select format('%I.%I', schemaname, tablename) from pg_tables
         where schemaname <> 'information_schema' and schemaname not like 'pg\\_%' order by 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut digests = BTreeMap::new();
    for table in tables {
        // Runtime SQL: the table name is an identifier (quoted by format's %I above).
        let sql =
            format!("select count(*), md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from {table} t");
        let digest: (i64, String) = sqlx::query_as(&sql).fetch_one(&mut conn).await.unwrap();
        digests.insert(table, digest);
    }
    conn.close().await.unwrap();
    digests
}

/// A database with weekly reports: one filed through the form, six weeks of demo history.
async fn app_with_reports() -> TestApp {
    let app = TestApp::spawn().await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let kordai = app.checkpoint_id("Kordai").await;
    file(&staff, "transport", this_week(), entry(kordai, &[("percent", "100"), ("status", "commissioned")])).await;
    demo::generate(&app.pool, crate::demo::options(6, true)).await.unwrap();
    app
}

#[tokio::test]
async fn a_backup_restored_into_a_fresh_data_dir_has_every_row_of_every_table() {
    let app = app_with_reports().await;
    let source = fingerprint(app.db.options()).await;
    for table in
        ["public._sqlx_migrations", "public.report_revisions", "public.report_entries", "tower_sessions.session"]
    {
        assert!(source.get(table).is_some_and(|(rows, _)| *rows > 0), "{table} has rows in the source: {source:?}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let backup_file = tmp.path().join("tracker.dump");
    let backup_arg = backup_file.to_str().unwrap();
    let url = app.db.url();

    let out = run(Some(&url), tmp.path(), &["backup", backup_arg]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stdout(&out);
    let tables = source.len();
    assert!(summary.starts_with(&format!("backed up database {} to {backup_arg}: ", app.db.name)), "{summary}");
    assert!(summary.contains(&format!(", {tables} tables, ")), "{summary}");
    let mode = std::fs::metadata(&backup_file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "a backup holds password hashes: its owner's only");
    assert!(!tmp.path().join("tracker.dump.partial").exists());

    // An existing file is kept unless --force; a DATA_DIR without a cluster is not a database.
    let out = run(None, &tmp.path().join("typo"), &["backup", tmp.path().join("other.dump").to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("there is no database in "), "{}", stderr(&out));
    assert!(!tmp.path().join("typo/postgres").exists() && !tmp.path().join("other.dump").exists());
    let before = std::fs::read(&backup_file).unwrap();
    let out = run(Some(&url), tmp.path(), &["backup", backup_arg]).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("exists; choose another file, or pass --force"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&backup_file).unwrap(), before);

    // Restored by the binary into its own new cluster: DATA_DIR with nothing in it.
    let data_dir = tmp.path().join("restored");
    let out = run(None, &data_dir, &["restore", backup_arg]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with(&format!("restored {backup_arg} (")), "{}", stdout(&out));
    assert!(stdout(&out).contains(&format!(", {tables} tables) into database checkpoint_tracker")), "{}", stdout(&out));

    let pg = EmbeddedPg::start(embedded_pg::Options { data_dir: data_dir.clone(), durable: false }).await.unwrap();
    let restored = pg.connect_options(checkpoint_tracker::EMBEDDED_DATABASE);
    assert_eq!(fingerprint(restored.clone()).await, source, "every table, row for row");

    // While that cluster runs, the binary shares it. A database with tables is refused...
    let out = run(None, &data_dir, &["restore", backup_arg]).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let refusal = stderr(&out);
    assert!(refusal.contains("restore: nothing was done: database checkpoint_tracker is not empty ("), "{refusal}");
    assert!(refusal.contains("pass --force"), "{refusal}");
    // ...a file that is not a backup costs it nothing, even with --force...
    let mut conn = restored.clone().connect().await.unwrap();
    sqlx::query("update checkpoints set notes = 'changed after the backup'").execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    let changed = fingerprint(restored.clone()).await;
    assert_ne!(changed, source);
    let not_a_backup = tmp.path().join("notes.txt");
    std::fs::write(&not_a_backup, "not a backup").unwrap();
    let out = run(None, &data_dir, &["restore", "--force", not_a_backup.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("pg_restore --list failed"), "{}", stderr(&out));
    assert_eq!(fingerprint(restored.clone()).await, changed);
    // ...and --force replaces everything in it with the backup.
    let out = run(None, &data_dir, &["restore", "--force", backup_arg]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fingerprint(restored).await, source);
    pg.stop().await.unwrap();

    // The migrations table came along: the app finds nothing left to apply.
    let out = run(None, &data_dir, &["migrate"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
}

#[tokio::test]
async fn a_backup_while_the_app_serves_writes_is_consistent_and_the_app_keeps_running() {
    let tmp = tempfile::tempdir().unwrap();
    let data_dir = tmp.path().join("data");
    let app = Running::start(&data_dir).await;
    let password = app.admin_password.clone().expect("the first start prints the admin password");
    let admin = app.admin(&password).await;

    // The administrator keeps adding checkpoints until told to stop.
    let (stop, written) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let (first_three, three_written) = tokio::sync::oneshot::channel();
    let writer = tokio::spawn({
        let (stop, written) = (stop.clone(), written.clone());
        async move {
            let mut first_three = Some(first_three);
            while !stop.load(Ordering::SeqCst) {
                let n = written.load(Ordering::SeqCst) + 1;
                let name = format!("Backup load {n:04}");
                let response = admin.post_form("/checkpoints", &[("name_en", &name), ("name_ru", &name)]).await;
                assert_eq!(response.status(), 303, "adding {name} during the backup");
                written.store(n, Ordering::SeqCst);
                if n == 3 {
                    first_three.take().unwrap().send(()).unwrap();
                }
            }
        }
    });
    three_written.await.unwrap();
    let acknowledged_before = written.load(Ordering::SeqCst);

    // The app's own server is shared: same DATA_DIR, no DATABASE_URL.
    let backup_file = tmp.path().join("live.dump");
    let out = run(None, &data_dir, &["backup", backup_file.to_str().unwrap()]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(app.get("/healthz").await.status(), 200, "the app still serves after the backup");
    // Its database is not replaced under it, even with --force.
    let out = run(None, &data_dir, &["restore", "--force", backup_file.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("other connection(s) use database checkpoint_tracker"), "{}", stderr(&out));
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    let acknowledged = written.load(Ordering::SeqCst);

    // Restored into an empty database of another server (DATABASE_URL).
    let db = TestDb::create().await;
    let out = run(Some(&db.url()), tmp.path(), &["restore", backup_file.to_str().unwrap()]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let mut conn = db.options().connect().await.unwrap();
    let (added, with_history): (i64, i64) = sqlx::query_as(
        "select count(*), count(*) filter (where exists (select 1 from status_revisions s where s.checkpoint_id = c.id))
         from checkpoints c where name_en like 'Backup load %'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    assert!((acknowledged_before as i64..=acknowledged as i64).contains(&added), "{added} of {acknowledged}");
    assert_eq!(with_history, added, "one snapshot: each checkpoint with the history row its transaction wrote");
    app.terminate().await;
}
