//! The JSON API for the ministries' systems, with personal API tokens.

use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::IsoWeek;
use scraper::Html;
use serde_json::{Value, json};

use crate::support::{TestApp, Visitor, binary, text};

/// Creates a token through the page and returns it (shown once).
async fn token_of(visitor: &Visitor, label: &str) -> String {
    let response = visitor.post_form("/tokens", &[("label", label)]).await;
    assert_eq!(response.status(), 200);
    text(&Html::parse_document(&response.text().await.unwrap()), "#new-token")
}

fn api(app: &TestApp, token: &str, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new().request(method, app.url(path)).bearer_auth(token)
}

#[tokio::test]
async fn a_ministry_system_saves_and_submits_through_the_api_with_the_form_rules() {
    let app = TestApp::spawn().await;
    let week = IsoWeek::at(chrono::Utc::now());
    let kordai = app.checkpoint_id("Kordai").await;
    let staff = app.visitor(Role::MinistryStaff, Some("finance")).await;
    let token = token_of(&staff, "SRC system").await;
    let stored: Vec<u8> = sqlx::query_scalar("select token_hash from api_tokens").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored.len(), 32, "only a hash is stored");
    let path = format!("/api/v1/reports/finance/{week}");

    assert_eq!(
        api(&app, &token, reqwest::Method::GET, &path).send().await.unwrap().status(),
        404,
        "nothing submitted yet"
    );

    // Field-by-field errors, as JSON.
    let bad = json!({ "entries": [{ "checkpoint_id": kordai, "percent_complete": "150", "status": "green" }] });
    let response = api(&app, &token, reqwest::Method::PUT, &format!("{path}/draft")).json(&bad).send().await.unwrap();
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][format!("c{kordai}.percent")]["code"], "error-percent");
    assert_eq!(body["errors"][format!("c{kordai}.status")]["message"], "Choose one of the listed values.");

    let good = json!({ "entries": [{
        "checkpoint_id": kordai, "percent_complete": "70", "status": "on_track",
        "narrative": "Таможенный пост укомплектован",
        "issues": [{ "category": "customs_staffing", "severity": "medium", "text": "2 вакансии" }]
    }] });
    let response = api(&app, &token, reqwest::Method::PUT, &format!("{path}/draft")).json(&good).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let saved: Value = response.json().await.unwrap();
    assert_eq!(saved["version"], 1);

    // The version as the API answered it (a number) is accepted.
    let again = json!({ "version": saved["version"], "entries": good["entries"] });
    let response = api(&app, &token, reqwest::Method::PUT, &format!("{path}/draft")).json(&again).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.unwrap()["version"], 2);

    // A stale version is a conflict that says the current one.
    let stale = json!({ "version": "1", "entries": [] });
    let response = api(&app, &token, reqwest::Method::PUT, &format!("{path}/draft")).json(&stale).send().await.unwrap();
    assert_eq!(response.status(), 409);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({ "error": "stale", "version": 2 }));

    // Submit, twice (a retry): one submission.
    for _ in 0..2 {
        let response =
            api(&app, &token, reqwest::Method::POST, &format!("{path}/submit")).json(&json!({})).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.json::<Value>().await.unwrap()["number"], 1);
    }
    let report: Value = api(&app, &token, reqwest::Method::GET, &path).send().await.unwrap().json().await.unwrap();
    assert_eq!(report["status"], "submitted");
    assert_eq!(report["entries"][0]["narrative"], "Таможенный пост укомплектован");
    assert_eq!(report["issues"][0]["text"], "2 вакансии");
}

#[tokio::test]
async fn tokens_are_for_the_api_only_and_another_body_gets_403() {
    let app = TestApp::spawn().await;
    let week = IsoWeek::at(chrono::Utc::now());
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let finance_token = token_of(&app.visitor(Role::MinistryStaff, Some("finance")).await, "").await;
    let transport_token = token_of(&transport, "").await;
    let put = json!({ "entries": [] });
    api(&app, &transport_token, reqwest::Method::PUT, &format!("/api/v1/reports/transport/{week}/draft"))
        .json(&put)
        .send()
        .await
        .unwrap();

    for (method, path) in [
        (reqwest::Method::PUT, format!("/api/v1/reports/transport/{week}/draft")),
        (reqwest::Method::POST, format!("/api/v1/reports/transport/{week}/submit")),
    ] {
        let response = api(&app, &finance_token, method, &path).json(&put).send().await.unwrap();
        assert_eq!(response.status(), 403, "{path}");
        assert_eq!(response.json::<Value>().await.unwrap()["error"], "forbidden", "{path}");
    }
    // Another body's draft is not visible through the API either.
    let response = api(&app, &finance_token, reqwest::Method::GET, &format!("/api/v1/reports/transport/{week}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);

    // Pages take no tokens; the API takes no sessions.
    let page = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = page.get(app.url("/checkpoints")).bearer_auth(&transport_token).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let response = transport.get(&format!("/api/v1/reports/transport/{week}")).await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({ "error": "unauthorized" }));

    // A revoked token stops working.
    let id: i64 = sqlx::query_scalar(
        "select t.id from api_tokens t join users u on u.id = t.user_id where u.username = 'ministry-staff-transport'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(transport.post_form(&format!("/tokens/{id}/revoke"), &[]).await.status(), 303);
    let response =
        api(&app, &transport_token, reqwest::Method::PUT, &format!("/api/v1/reports/transport/{week}/draft"))
            .json(&put)
            .send()
            .await
            .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn the_command_line_provisions_a_token() {
    let app = TestApp::spawn().await;
    app.visitor(Role::Analyst, None).await;
    let output = std::process::Command::new(binary())
        .args(["token", "create", "--username", "analyst-all", "--label", "BI"])
        .env("DATABASE_URL", app.db.url())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let token = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    assert!(token.starts_with("ctk_"), "{token}");
    let week = IsoWeek::at(chrono::Utc::now());
    let response =
        api(&app, &token, reqwest::Method::GET, &format!("/api/v1/reports/transport/{week}")).send().await.unwrap();
    assert_eq!(response.status(), 404, "the token works (and there is no report)");
    let response = api(&app, &token, reqwest::Method::PUT, &format!("/api/v1/reports/transport/{week}/draft"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "an analyst does not write reports");
}

#[tokio::test]
async fn a_password_reset_ends_the_accounts_tokens() {
    let app = TestApp::spawn().await;
    let staff = app.visitor(Role::MinistryStaff, Some("finance")).await;
    let token = token_of(&staff, "").await;
    let week = IsoWeek::at(chrono::Utc::now());
    let path = format!("/api/v1/reports/finance/{week}");
    assert_eq!(api(&app, &token, reqwest::Method::GET, &path).send().await.unwrap().status(), 404, "the token works");
    let id: i64 = sqlx::query_scalar("select id from users where username = 'ministry-staff-finance'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(app.post_form(&format!("/users/{id}/password"), &[("generate", "on")]).await.status(), 200);
    assert_eq!(api(&app, &token, reqwest::Method::GET, &path).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn the_api_answers_every_refusal_in_json_and_a_refusal_changes_nothing() {
    let app = TestApp::spawn().await;
    let week = IsoWeek::at(chrono::Utc::now());
    let kordai = app.checkpoint_id("Kordai").await;
    let token = token_of(&app.visitor(Role::MinistryStaff, Some("transport")).await, "").await;
    let path = format!("/api/v1/reports/transport/{week}");
    let client = reqwest::Client::new();
    let send = |method: reqwest::Method, tail: &str, content_type: &str, body: &'static str| {
        client
            .request(method, app.url(&format!("{path}{tail}")))
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let expect = |status: u16, code: &'static str| {
        move |(got, body): (u16, Value)| {
            assert_eq!((got, body["error"].as_str().unwrap_or_default()), (status, code), "{body}");
        }
    };
    async fn json_of(response: reqwest::Response) -> (u16, Value) {
        let status = response.status().as_u16();
        assert!(
            response.headers()["content-type"].to_str().unwrap().starts_with("application/json"),
            "{status} is JSON"
        );
        (status, response.json().await.unwrap())
    }

    expect(400, "invalid_json")(
        json_of(send(reqwest::Method::POST, "/submit", "application/json", "{nope").await.unwrap()).await,
    );
    expect(400, "invalid_json")(
        json_of(send(reqwest::Method::POST, "/submit", "application/json", r#"{"version": "abc"}"#).await.unwrap())
            .await,
    );
    expect(400, "invalid_json")(
        json_of(send(reqwest::Method::PUT, "/draft", "application/json", "[1, 2").await.unwrap()).await,
    );
    expect(415, "unsupported_media_type")(
        json_of(send(reqwest::Method::PUT, "/draft", "text/plain", r#"{"entries": []}"#).await.unwrap()).await,
    );
    expect(404, "not_found")(
        json_of(send(reqwest::Method::POST, "/submit", "application/json", "{}").await.unwrap()).await,
    );

    // 422 and 409 leave no draft behind.
    let bad = r#"{"entries": [{"checkpoint_id": 999999}]}"#;
    let (status, body) = json_of(send(reqwest::Method::PUT, "/draft", "application/json", bad).await.unwrap()).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"]["c999999.include"]["code"], "error-unknown-checkpoint");
    let stale = r#"{"version": 7, "entries": []}"#;
    expect(409, "stale")(json_of(send(reqwest::Method::PUT, "/draft", "application/json", stale).await.unwrap()).await);
    assert_eq!(app.rows("report_revisions").await, 0);
    assert_eq!(app.rows("reports").await, 0);

    // Submitting an empty draft: 422 with the rule's field.
    let empty = r#"{"entries": []}"#;
    assert_eq!(json_of(send(reqwest::Method::PUT, "/draft", "application/json", empty).await.unwrap()).await.0, 200);
    let (status, body) = json_of(send(reqwest::Method::POST, "/submit", "application/json", "").await.unwrap()).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"]["no_change"]["code"], "error-report-empty");
    let _ = kordai;
}
