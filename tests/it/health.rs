//! `/healthz` tells monitoring whether the app can reach its database.

use crate::support::TestApp;

#[tokio::test]
async fn healthz_is_ok_while_the_database_answers_and_503_when_it_does_not() {
    let app = TestApp::spawn().await;

    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<serde_json::Value>().await.unwrap(), serde_json::json!({"status": "ok"}));

    app.db.take_down().await;

    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.json::<serde_json::Value>().await.unwrap(), serde_json::json!({"status": "unavailable"}));
}
