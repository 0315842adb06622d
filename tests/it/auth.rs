//! Accounts and sessions: who gets in, how sessions start and end, and that
//! a password never reaches the logs.

use checkpoint_tracker::domain::user::Role;

use crate::support::{PASSWORD, TestApp, Visitor, captured_logs, text, value};

#[tokio::test]
async fn anonymous_visitors_reach_only_the_login_page_health_and_assets() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();

    let response = anonymous.get("/checkpoints?border=CN").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login?next=%2Fcheckpoints%3Fborder%3DCN");
    assert_eq!(anonymous.get("/login").await.status(), 200);
    assert_eq!(anonymous.get("/healthz").await.status(), 200);
    assert_eq!(anonymous.get("/static/css/app.css").await.status(), 200);
    let response = anonymous.client.post(anonymous.url("/checkpoints")).form(&[("name_en", "X")]).send().await.unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn logging_in_returns_to_the_page_asked_for() {
    let app = TestApp::spawn().await;
    let mut visitor = app.anonymous();
    visitor.csrf =
        value(&visitor.page("/login?next=%2Fcheckpoints%3Fborder%3DKG", 200).await, "input[name=csrf_token]");
    let response = visitor
        .post_form("/login", &[("username", "Admin"), ("password", PASSWORD), ("next", "/checkpoints?border=KG")])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/checkpoints?border=KG");

    // A "next" to another site is ignored.
    let mut other = app.anonymous();
    other.csrf = value(&other.page("/login", 200).await, "input[name=csrf_token]");
    let response =
        other.post_form("/login", &[("username", "admin"), ("password", PASSWORD), ("next", "//evil.example/")]).await;
    assert_eq!(response.headers()["location"], "/");
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_gets_one_generic_message() {
    let app = TestApp::spawn().await;
    for (username, password) in [("admin", "wrong password!"), ("nobody", PASSWORD)] {
        let mut visitor = app.anonymous();
        let response = visitor.try_log_in(username, password).await;
        assert_eq!(response.status(), 401);
        let page = scraper::Html::parse_document(&response.text().await.unwrap());
        assert_eq!(text(&page, "#login-error"), "The username or password is not correct.");
        assert_eq!(value(&page, "input#username"), username, "the username is kept");
        assert_eq!(value(&page, "input#password"), "", "the password is not sent back");
    }
    let failures: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'auth.login_failed'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(failures, 2);
}

/// The session cookie set by a response, if any.
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    let cookie = crate::support::set_cookie(response, "ct_session")?;
    cookie.split(';').next()?.strip_prefix("ct_session=").map(str::to_owned)
}

#[tokio::test]
async fn the_session_id_changes_at_login_and_logout_ends_it_on_the_server() {
    let app = TestApp::spawn().await;
    let raw = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let get =
        |cookie: String, path: &str| raw.get(app.url(path)).header("cookie", format!("ct_session={cookie}")).send();

    let response = raw.get(app.url("/login")).send().await.unwrap();
    assert_eq!(session_cookie(&response), None, "the login page starts no session");
    let csrf = value(&scraper::Html::parse_document(&response.text().await.unwrap()), "input[name=csrf_token]");

    // A session id planted by someone else is never the one signed in.
    let before = "AAAAAAAAAAAAAAAAAAAAAA".to_owned();
    let response = raw
        .post(app.url("/login"))
        .header("cookie", format!("ct_session={before}; ct_csrf={csrf}"))
        .form(&[("username", "admin"), ("password", PASSWORD), ("csrf_token", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let set_cookie = crate::support::set_cookie(&response, "ct_session").expect("a session at login");
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    let after = session_cookie(&response).expect("a new session id at login");
    assert_ne!(before, after);
    assert_eq!(get(before.clone(), "/checkpoints").await.unwrap().status(), 303, "the old id is worthless");
    let page = get(after.clone(), "/checkpoints").await.unwrap();
    assert_eq!(page.status(), 200);
    let csrf = value(&scraper::Html::parse_document(&page.text().await.unwrap()), "form.logout input[name=csrf_token]");

    let response = raw
        .post(app.url("/logout"))
        .header("cookie", format!("ct_session={after}"))
        .form(&[("csrf_token", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    // Even a client that kept the cookie is signed out.
    assert_eq!(get(after, "/checkpoints").await.unwrap().status(), 303);
}

#[tokio::test]
async fn a_disabled_account_or_a_reset_password_ends_open_sessions_at_once() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    assert_eq!(analyst.get("/checkpoints").await.status(), 200);
    assert_eq!(staff.get("/checkpoints").await.status(), 200);

    let output = std::process::Command::new(crate::support::binary())
        .args(["user", "disable", "analyst-all"])
        .env("DATABASE_URL", app.db.url())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(analyst.get("/checkpoints").await.status(), 303);
    let mut again = app.anonymous();
    assert_eq!(again.try_log_in("analyst-all", PASSWORD).await.status(), 401);

    let id: i64 = sqlx::query_scalar("select id from users where username = 'ministry-staff-transport'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let form = app.page(&format!("/users/{id}/password"), 200).await;
    assert!(form.select(&scraper::Selector::parse("input[name=generate]").unwrap()).next().is_some());
    let response = app.post_form(&format!("/users/{id}/password"), &[("generate", "on")]).await;
    assert_eq!(response.status(), 200);
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    let generated = text(&page, "#generated-password");
    assert_eq!(generated.len(), 20);
    assert_eq!(staff.get("/checkpoints").await.status(), 303, "the reset ended the session");
    let mut staff_again = app.anonymous();
    staff_again.log_in("ministry-staff-transport", &generated).await;
}

#[tokio::test]
async fn a_password_never_reaches_the_logs() {
    let app = TestApp::spawn().await;
    let mut visitor = app.anonymous();
    visitor.try_log_in("admin", "a wrong secret for the logs").await;
    visitor.log_in("admin", PASSWORD).await;

    let logs = captured_logs();
    assert!(logs.contains("path=/login"), "the capture works");
    assert!(!logs.contains(PASSWORD) && !logs.contains("a wrong secret"), "a password was logged");
}

#[tokio::test]
async fn a_state_change_without_the_right_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Kordai").await;
    let version = app.edit_version(id).await;
    let form = |token: &'static str| {
        vec![("version", version.clone()), ("name_en", "Hacked".into()), ("csrf_token", token.into())]
    };

    for token in ["", "not-the-token"] {
        let fields: Vec<_> = form(token).into_iter().filter(|(_, v)| !v.is_empty()).collect();
        let response = app.client.post(app.url(&format!("/checkpoints/{id}/edit"))).form(&fields).send().await.unwrap();
        assert_eq!(response.status(), 403, "token {token:?}");
    }
    // Another session's valid token does not work either.
    let other = app.visitor(Role::Analyst, None).await;
    let fields =
        [("version", version.as_str()), ("name_en", "Hacked"), ("name_ru", "Взлом"), ("csrf_token", &other.csrf)];
    let response = app.client.post(app.url(&format!("/checkpoints/{id}/edit"))).form(&fields).send().await.unwrap();
    assert_eq!(response.status(), 403);
    let logout = app.client.post(app.url("/logout")).form(&[("csrf_token", "wrong")]).send().await.unwrap();
    assert_eq!(logout.status(), 403);

    let name: String = sqlx::query_scalar("select name_en from checkpoints where id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(name, "Kordai");
    assert_eq!(app.get("/checkpoints").await.status(), 200, "still signed in");
}

#[tokio::test]
async fn a_ministry_user_sees_the_register_but_no_edit_actions() {
    let app = TestApp::spawn().await;
    let staff: Visitor = app.visitor(Role::MinistryStaff, Some("finance")).await;
    let id = app.checkpoint_id("Kordai").await;
    let page = staff.page(&format!("/checkpoints/{id}"), 200).await;
    assert!(page.select(&scraper::Selector::parse("a[href$='/edit']").unwrap()).next().is_none());
    assert_eq!(text(&page, "#signed-in-as"), "Test ministry-staff-finance");
    assert_eq!(staff.get(&format!("/checkpoints/{id}/edit")).await.status(), 403);
}

#[tokio::test]
async fn a_next_with_control_characters_or_backslashes_stays_on_this_site() {
    let app = TestApp::spawn().await;
    for next in ["/\t/evil.example", "/\n", "/\\evil.example", "//evil.example"] {
        let mut visitor = app.anonymous();
        visitor.csrf = value(&visitor.page("/login", 200).await, "input[name=csrf_token]");
        let response =
            visitor.post_form("/login", &[("username", "admin"), ("password", PASSWORD), ("next", next)]).await;
        assert_eq!(response.status(), 303, "{next:?}");
        assert_eq!(response.headers()["location"], "/", "{next:?}");
    }
}
