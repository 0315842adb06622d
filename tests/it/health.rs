//! Health endpoints: `/livez` says the process serves, whatever the
//! database does; `/readyz` (and its older name `/healthz`) whether this
//! instance can serve requests, which needs its database.

use serde_json::{Value, json};

use crate::support::TestApp;

#[tokio::test]
async fn readiness_follows_the_database_and_liveness_does_not() {
    let app = TestApp::spawn().await;
    let status = |path: &'static str| {
        let app = &app;
        async move {
            let response = app.get(path).await;
            (response.status().as_u16(), response.json::<Value>().await.unwrap())
        }
    };
    for path in ["/readyz", "/healthz"] {
        assert_eq!(status(path).await, (200, json!({"status": "ok"})), "{path}");
    }
    assert_eq!(status("/livez").await, (200, json!({"status": "live"})));

    app.db.take_down().await;

    for path in ["/readyz", "/healthz"] {
        assert_eq!(status(path).await, (503, json!({"status": "unavailable"})), "{path}");
    }
    assert_eq!(status("/livez").await, (200, json!({"status": "live"})), "an outage must not get instances restarted");
}
