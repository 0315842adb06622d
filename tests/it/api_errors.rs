//! Every answer under `/api/` is JSON, errors included: `{"error": code,
//! "request_id": …}` with the status, whatever layer refused the request.

use checkpoint_tracker::db::audit::Actor;
use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::IsoWeek;
use serde_json::Value;

use crate::support::{TestApp, text};

/// A live token of the transport ministry's staff account.
async fn transport_token(app: &TestApp) -> String {
    app.visitor(Role::MinistryStaff, Some("transport")).await;
    let user =
        checkpoint_tracker::db::users::by_username(&app.pool, "ministry-staff-transport").await.unwrap().unwrap();
    let mut tx = app.pool.begin().await.unwrap();
    let token = checkpoint_tracker::db::tokens::create(
        &mut tx,
        user.id,
        "test",
        checkpoint_tracker::domain::token_expiry::default_expiry(chrono::Utc::now()),
        &Actor::system("test"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    token
}

/// This week's transport report, and its draft.
fn report_path() -> String {
    format!("/api/v1/reports/transport/{}", IsoWeek::at(chrono::Utc::now()))
}

fn draft_path() -> String {
    format!("{}/draft", report_path())
}

/// Asserts a JSON error with this status and code, carrying the response's
/// request id; returns the response's headers.
async fn assert_json_error(response: reqwest::Response, status: u16, code: &str) -> reqwest::header::HeaderMap {
    assert_eq!(response.status().as_u16(), status, "{}", response.url());
    let headers = response.headers().clone();
    assert!(headers["content-type"].to_str().unwrap().starts_with("application/json"), "{headers:?}");
    let request_id = headers["x-request-id"].to_str().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({ "error": code, "request_id": request_id }));
    headers
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404() {
    let app = TestApp::spawn().await;
    assert_json_error(app.get("/api/v1/nope").await, 404, "not_found").await;
    // Pages keep their HTML 404.
    assert_eq!(text(&app.page("/nope", 404).await, "h1"), "Page not found");
}

#[tokio::test]
async fn a_wrong_method_on_an_api_route_is_a_json_405_with_allow() {
    let app = TestApp::spawn().await;
    let response = app.client.delete(app.url(&report_path())).send().await.unwrap();
    let headers = assert_json_error(response, 405, "method_not_allowed").await;
    assert!(headers["allow"].to_str().unwrap().contains("GET"), "{headers:?}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_json_413_with_or_without_a_length() {
    let app = TestApp::spawn().await;
    let token = transport_token(&app).await;
    let oversized = vec![b' '; checkpoint_tracker::web::BODY_LIMIT + 1];
    let client = reqwest::Client::new();

    let response = client
        .put(app.url(&draft_path()))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(oversized.clone())
        .send()
        .await
        .unwrap();
    assert_json_error(response, 413, "payload_too_large").await;

    // A streamed body has no Content-Length: it is refused once read.
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &oversized).unwrap();
    let stream = tokio::fs::File::open(file.path()).await.unwrap();
    let request = client
        .put(app.url(&draft_path()))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(reqwest::Body::from(stream))
        .build()
        .unwrap();
    assert!(request.body().and_then(reqwest::Body::as_bytes).is_none(), "sent chunked, of unknown length");
    assert_json_error(client.execute(request).await.unwrap(), 413, "payload_too_large").await;
}

#[tokio::test]
async fn no_token_is_a_json_401() {
    let app = TestApp::spawn().await;
    let response = reqwest::Client::new().get(app.url(&report_path())).send().await.unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.json::<Value>().await.unwrap()["error"], "unauthorized");
}

#[tokio::test]
async fn a_database_outage_is_a_json_503_for_the_api_and_a_page_for_people() {
    let app = TestApp::spawn().await;
    let token = transport_token(&app).await;
    app.pool.close().await;

    let response = reqwest::Client::new().get(app.url(&report_path())).bearer_auth(&token).send().await.unwrap();
    let headers = assert_json_error(response, 503, "unavailable").await;
    assert!(headers.contains_key("retry-after"), "{headers:?}");

    let response = app.get("/checkpoints").await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    assert!(text(&page, "p.muted").starts_with("Request id: "));
}
