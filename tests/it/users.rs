//! Account administration: the pages, the command line, and the audit page.

use std::io::Write;
use std::process::{Command, Stdio};

use checkpoint_tracker::domain::user::Role;
use scraper::Html;

use crate::support::{PASSWORD, TestApp, binary, text, texts, value};

async fn count_users(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from users").fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn an_administrator_creates_an_account_and_bad_input_saves_nothing() {
    let app = TestApp::spawn().await;
    let before = count_users(&app).await;

    let response = app
        .post_form(
            "/users",
            &[
                ("username", "Нурлан"),
                ("display_name", "Нурлан Сауранбаев"),
                ("role", "ministry_staff"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(text(&page, "#username-error").starts_with("Use 2 to 63 lower-case Latin letters"));
    assert_eq!(text(&page, "#body-error"), "Ministry staff must belong to a reporting body.");
    assert_eq!(text(&page, "#password-error"), "A password needs at least 12 characters.");
    assert_eq!(value(&page, "input#display_name"), "Нурлан Сауранбаев");
    assert_eq!(value(&page, "input#password"), "", "a password is never sent back");
    assert_eq!(count_users(&app).await, before);

    let response = app
        .post_form(
            "/users",
            &[
                ("username", "n.sauranbayev"),
                ("display_name", "Нурлан Сауранбаев"),
                ("role", "ministry_staff"),
                ("body", "transport"),
                ("active", "on"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = app.page("/users", 200).await;
    assert!(texts(&page, "table.users td").contains(&"Нурлан Сауранбаев".to_owned()));
    let mut newcomer = app.anonymous();
    newcomer.log_in("n.sauranbayev", "a long enough password").await;

    let response = app
        .post_form(
            "/users",
            &[
                ("username", "N.Sauranbayev"),
                ("display_name", "Twin"),
                ("role", "analyst"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#username-error"), "Another account already has this username.");
    let hash: String = sqlx::query_scalar("select password_hash from users where username = 'n.sauranbayev'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "stored hashed");
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'user.create' and after->>'username' = 'n.sauranbayev'
         and not (after ? 'password_hash')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn editing_an_account_changes_its_rights_at_once_but_not_your_own_admin_rights() {
    let app = TestApp::spawn().await;
    let pm = app.visitor(Role::PmOffice, None).await;
    assert_eq!(pm.get("/audit").await.status(), 200);
    let id: i64 =
        sqlx::query_scalar("select id from users where username = 'pm-office-all'").fetch_one(&app.pool).await.unwrap();
    let form = app.page(&format!("/users/{id}/edit"), 200).await;
    let version = value(&form, "input[name=version]");
    let response = app
        .post_form(
            &format!("/users/{id}/edit"),
            &[
                ("version", &version),
                ("username", "pm-office-all"),
                ("display_name", "Demoted"),
                ("role", "analyst"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(pm.get("/audit").await.status(), 403, "the new role applies to the open session");

    let me: i64 =
        sqlx::query_scalar("select id from users where username = 'admin'").fetch_one(&app.pool).await.unwrap();
    let form = app.page(&format!("/users/{me}/edit"), 200).await;
    let version = value(&form, "input[name=version]");
    let response = app
        .post_form(
            &format!("/users/{me}/edit"),
            &[("version", &version), ("username", "admin"), ("display_name", "Admin"), ("role", "admin")],
        )
        .await;
    assert_eq!(response.status(), 422, "unticking your own Active box is refused");
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(
        text(&page, "#role-error"),
        "You cannot remove your own administrator rights or disable your own account."
    );
}

fn cli(app: &TestApp, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(binary())
        .args(args)
        .env("DATABASE_URL", app.db.url())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn the_command_line_adds_accounts_sets_passwords_and_disables() {
    let app = TestApp::spawn().await;

    let out = cli(
        &app,
        &["user", "add", "--username", "kgd.almaty", "--role", "ministry_staff", "--body", "finance"],
        "too short\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 12 characters"));

    let out = cli(
        &app,
        &[
            "user",
            "add",
            "--username",
            "kgd.almaty",
            "--role",
            "ministry_staff",
            "--body",
            "finance",
            "--display-name",
            "КГД Алматы",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut staff = app.anonymous();
    staff.log_in("kgd.almaty", PASSWORD).await;
    assert_eq!(text(&staff.page("/checkpoints", 200).await, "#signed-in-as"), "КГД Алматы");

    let out = cli(&app, &["user", "add", "--username", "analyst1", "--role", "analyst", "--generate-password"], "");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let generated =
        stdout.lines().find_map(|l| l.strip_prefix("password: ")).expect("the generated password is printed");
    let mut analyst = app.anonymous();
    analyst.log_in("analyst1", generated).await;

    let out = cli(&app, &["user", "set-password", "analyst1"], "a brand new password\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(analyst.get("/checkpoints").await.status(), 303, "sessions end with a new password");
    analyst.log_in("analyst1", "a brand new password").await;

    let out = cli(&app, &["user", "disable", "nobody-here"], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no account nobody-here"));
}

#[tokio::test]
async fn the_audit_page_lists_logins_and_changes_with_filters() {
    let app = TestApp::spawn().await;
    let mut visitor = app.anonymous();
    visitor.try_log_in("admin", "not my password").await;
    let pm = app.visitor(Role::PmOffice, None).await;

    let page = pm.page("/audit?action=auth.login_failed", 200).await;
    let rows = texts(&page, "table.audit tbody tr");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("Sign-in failed") && rows[0].contains("127.0.0.1"), "{rows:?}");
    let page = pm.page("/audit?actor=pm-office-all", 200).await;
    assert!(texts(&page, "table.audit tbody td .action[title='auth.login']").contains(&"Signed in".to_owned()));
}
