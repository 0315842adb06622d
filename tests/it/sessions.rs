//! Sessions: anonymous visitors store nothing on the server (the login
//! form's CSRF protection is a double-submit cookie), lifetimes come from the
//! settings, and a person can sign out everywhere.

use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::state::Settings;

use crate::support::{PASSWORD, TestApp, Visitor, serve_with, set_cookie, value};

const SESSIONS: &str = "tower_sessions.session";

#[tokio::test]
async fn anonymous_visitors_leave_no_rows_and_can_still_sign_in() {
    let app = TestApp::spawn().await;
    let sessions = app.rows(SESSIONS).await;
    let paths = [
        "/login",
        "/login?next=%2Freports",
        "/login?lang=kk",
        "/checkpoints",
        "/healthz",
        "/static/css/app.css",
        "/no-such-page",
        "/api/v1/openapi.json",
    ];
    for _ in 0..5 {
        for path in paths {
            // A new client each time, as many different visitors would be.
            let status = app.anonymous().get(path).await.status().as_u16();
            assert!(matches!(status, 200 | 303 | 404), "GET {path}: {status}");
        }
    }
    // The switcher and a failed sign-in before signing in store nothing either.
    let mut visitor = app.anonymous();
    visitor.csrf = value(&visitor.page("/login", 200).await, "input[name=csrf_token]");
    let response = visitor.post_form("/language", &[("lang", "kk"), ("next", "/login")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(visitor.try_log_in("admin", "not the password").await.status(), 401);
    assert_eq!(app.rows(SESSIONS).await, sessions, "anonymous requests wrote sessions");

    visitor.log_in("admin", PASSWORD).await;
    assert_eq!(app.rows(SESSIONS).await, sessions + 1, "signing in stores one session");
}

#[tokio::test]
async fn the_login_csrf_token_is_a_strict_http_only_cookie_matched_by_the_form() {
    let app = TestApp::spawn().await;
    let raw = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = raw.get(app.url("/login")).send().await.unwrap();
    let cookie = set_cookie(&response, "ct_csrf").expect("the login page sets its CSRF cookie");
    for attribute in ["Path=/", "HttpOnly", "SameSite=Strict"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "not Secure over plain HTTP: {cookie}");
    let token = value(&scraper::Html::parse_document(&response.text().await.unwrap()), "input[name=csrf_token]");
    assert_eq!(cookie.split(';').next().unwrap(), format!("ct_csrf={token}"), "the field repeats the cookie");

    let login = |cookie: Option<String>, field: Option<String>, headers: Vec<(&'static str, String)>| {
        let mut form = vec![("username", "admin".to_owned()), ("password", PASSWORD.to_owned())];
        form.extend(field.map(|f| ("csrf_token", f)));
        let mut request = raw.post(app.url("/login")).form(&form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", format!("ct_csrf={cookie}"));
        }
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request.send()
    };
    let other = "0".repeat(64);
    let attempts = app.rows("login_attempts").await;
    let both = || (Some(token.clone()), Some(token.clone()));
    let refused = [
        ((None, None), vec![], "neither cookie nor field"),
        ((None, Some(token.clone())), vec![], "the field without the cookie"),
        ((Some(token.clone()), None), vec![], "the cookie without the field"),
        ((Some(token.clone()), Some(other.clone())), vec![], "a field that is not the cookie"),
        ((Some(other.clone()), Some(token.clone())), vec![], "a cookie that is not the field"),
        (both(), vec![("origin", "https://evil.example".to_owned())], "another site's origin"),
        (both(), vec![("sec-fetch-site", "cross-site".to_owned())], "a cross-site request"),
    ];
    for ((cookie, field), headers, why) in refused {
        assert_eq!(login(cookie, field, headers).await.unwrap().status(), 403, "{why}");
    }
    assert_eq!(app.rows("login_attempts").await, attempts, "a refused form is not even an attempt");

    let same_site = vec![("origin", app.url("")), ("sec-fetch-site", "same-origin".to_owned())];
    let (cookie, field) = both();
    let response = login(cookie, field, same_site).await.unwrap();
    assert_eq!(response.status(), 303, "the same site's form signs in");
}

#[tokio::test]
async fn session_lifetimes_come_from_the_settings() {
    let app = TestApp::spawn().await;
    let settings = Settings {
        session_idle: std::time::Duration::from_secs(15 * 60),
        session_absolute: chrono::TimeDelta::zero(),
        ..Settings::default()
    };
    let addr = serve_with(&app.pool, settings).await;
    let mut visitor = Visitor::anonymous(addr);
    let response = visitor.try_log_in("admin", PASSWORD).await;
    assert_eq!(response.status(), 303);
    let cookie = set_cookie(&response, "ct_session").unwrap();
    assert!(cookie.contains("Max-Age=900"), "15 minutes unused: {cookie}");
    let expiry: f64 = sqlx::query_scalar(
        // The administrator's session, from the first server, ends later.
        "select extract(epoch from min(expiry_date) - now())::float8 from tower_sessions.session",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!((800.0..=900.0).contains(&expiry), "the stored session ends in 15 minutes: {expiry}");
    // An absolute lifetime of zero: the session is over at its next request.
    assert_eq!(visitor.get("/checkpoints").await.status(), 303);
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_account() {
    let app = TestApp::spawn().await;
    let mut laptop = app.visitor(Role::Analyst, None).await;
    let phone = app.visitor(Role::Analyst, None).await;
    let other_account = app.visitor(Role::PmOffice, None).await;
    let page = laptop.page("/account/password", 200).await;
    laptop.csrf = value(&page, "form#sign-out-everywhere input[name=csrf_token]");

    let response = laptop.post_form("/account/sign-out-everywhere", &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login");
    for visitor in [&laptop, &phone] {
        let response = visitor.get("/checkpoints").await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/login?next=%2Fcheckpoints");
    }
    assert_eq!(other_account.get("/checkpoints").await.status(), 200, "other accounts keep theirs");
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'auth.logout_all' and actor = 'analyst-all'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);

    // Without the form's token, nothing happens.
    let response = other_account.client.post(other_account.url("/account/sign-out-everywhere")).send().await.unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(other_account.get("/checkpoints").await.status(), 200);
    // Signing in again works at once.
    laptop.log_in("analyst-all", PASSWORD).await;
}
