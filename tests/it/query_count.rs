//! A weekly report's save costs a constant number of queries, whatever the
//! number of checkpoints in it (counted from sqlx's statement log of the
//! request, found by its request id).

use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::IsoWeek;
use scraper::Html;
use serde_json::json;

use crate::support::{TestApp, captured_logs, text};

/// The statements logged for the request with this id.
pub fn statements_of(request_id: &str) -> usize {
    captured_logs().lines().filter(|l| l.contains(request_id) && l.contains("sqlx::query")).count()
}

async fn save(app: &TestApp, token: &str, week: IsoWeek, ids: &[i64]) -> usize {
    let entries: Vec<_> = ids
        .iter()
        .map(|id| {
            json!({ "checkpoint_id": id, "percent_complete": "40", "status": "on_track", "narrative": "Идёт",
            "issues": [{ "category": "internet", "severity": "low", "text": "Нет связи" }] })
        })
        .collect();
    let response = reqwest::Client::new()
        .put(app.url(&format!("/api/v1/reports/transport/{week}/draft")))
        .bearer_auth(token)
        .json(&json!({ "entries": entries }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    statements_of(&id)
}

#[tokio::test]
async fn saving_48_checkpoints_costs_as_many_queries_as_saving_one() {
    let app = TestApp::spawn().await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let response = staff.post_form("/tokens", &[("label", "count")]).await;
    let token = text(&Html::parse_document(&response.text().await.unwrap()), "#new-token");
    let ids: Vec<i64> =
        sqlx::query_scalar("select id from checkpoints order by id").fetch_all(&app.pool).await.unwrap();
    assert_eq!(ids.len(), 48);
    let week = IsoWeek::at(chrono::Utc::now());
    let one = save(&app, &token, week.previous(), &ids[..1]).await;
    let all = save(&app, &token, week, &ids).await;
    println!("queries: 1 entry {one}, 48 entries {all}");
    assert!(one > 0, "the statement log is captured");
    assert_eq!(one, all, "the count does not grow with the entries");
}
