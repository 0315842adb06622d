//! Caching and transport headers: nothing private is stored by browsers or
//! proxies, and an https:// `PUBLIC_URL` brings HSTS and Secure cookies.

use checkpoint_tracker::config::Cli;
use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::state::Settings;
use clap::Parser;
use scraper::Html;

use crate::support::{PASSWORD, TestApp, serve_with, set_cookie, text, value};

fn cache_control(response: &reqwest::Response) -> Option<String> {
    response.headers().get("cache-control").map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn private_answers_are_no_store_and_assets_keep_their_caching() {
    let app = TestApp::spawn().await;
    let response = app.visitor(Role::Analyst, None).await.post_form("/tokens", &[("label", "BI")]).await;
    let token = text(&Html::parse_document(&response.text().await.unwrap()), "#new-token");
    let api = |path: &str, token: Option<&str>| {
        let request = reqwest::Client::new().get(app.url(path));
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
        .send()
    };

    for path in ["/checkpoints", "/", "/tokens", "/account/password"] {
        assert_eq!(cache_control(&app.get(path).await).as_deref(), Some("no-store"), "signed-in {path}");
    }
    assert_eq!(cache_control(&app.anonymous().get("/login").await).as_deref(), Some("no-store"), "the login page");
    let answer = api("/api/v1/checkpoints", Some(&token)).await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(cache_control(&answer).as_deref(), Some("no-store"), "an API answer");
    let refusal = api("/api/v1/checkpoints", None).await.unwrap();
    assert_eq!(refusal.status(), 401);
    assert_eq!(cache_control(&refusal).as_deref(), Some("no-store"), "an API refusal");

    let asset = app.get("/static/css/app.css").await;
    assert_eq!(asset.status(), 200);
    let caching = cache_control(&asset).unwrap_or_default();
    assert!(caching.starts_with("public") && !caching.contains("no-store"), "an asset, even signed in: {caching}");
    assert_eq!(cache_control(&app.anonymous().get("/healthz").await), None, "a public answer is left alone");

    // Plain HTTP without PUBLIC_URL: no HSTS, no Secure cookie.
    let login = app.anonymous().get("/login?lang=kk").await;
    assert!(login.headers().get("strict-transport-security").is_none());
    for cookie in login.headers().get_all("set-cookie") {
        assert!(!cookie.to_str().unwrap().contains("Secure"), "{cookie:?}");
    }
}

#[tokio::test]
async fn an_https_public_url_brings_hsts_and_secure_cookies() {
    let app = TestApp::spawn().await;
    let cli = Cli::try_parse_from(["checkpoint-tracker", "--public-url", "https://example.test"]).unwrap();
    let addr = serve_with(&app.pool, Settings::from_config(&cli.config)).await;
    let raw = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let url = |path: &str| format!("http://{addr}{path}");

    for path in ["/healthz", "/login", "/static/css/app.css", "/no-such-page"] {
        let response = raw.get(url(path)).send().await.unwrap();
        assert_eq!(
            response.headers().get("strict-transport-security").map(|v| v.to_str().unwrap()),
            Some("max-age=31536000; includeSubDomains"),
            "{path}"
        );
    }
    let login = raw.get(url("/login?lang=en")).send().await.unwrap();
    let csrf_cookie = set_cookie(&login, "ct_csrf").unwrap();
    let lang_cookie = set_cookie(&login, "lang").unwrap();
    let token = value(&Html::parse_document(&login.text().await.unwrap()), "input[name=csrf_token]");
    let response = raw
        .post(url("/login"))
        .header("cookie", format!("ct_csrf={token}"))
        .form(&[("username", "admin"), ("password", PASSWORD), ("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let session_cookie = set_cookie(&response, "ct_session").unwrap();
    for cookie in [csrf_cookie, lang_cookie, session_cookie] {
        assert!(cookie.contains("; Secure"), "{cookie}");
    }
}
