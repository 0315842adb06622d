//! The audit trail: every change, with who, when, from where, and the
//! record before and after — written in the same transaction as the change.

use serde_json::Value;

use crate::support::TestApp;

#[derive(Debug, sqlx::FromRow)]
struct Row {
    actor: String,
    action: String,
    entity: String,
    before: Option<Value>,
    after: Option<Value>,
    request_id: Option<String>,
    client: Option<String>,
}

async fn entries(app: &TestApp, entity_id: i64) -> Vec<Row> {
    sqlx::query_as(
        "select actor, action, entity, before, after, request_id, host(client_addr) as client
         from audit_log where entity_id = $1 and actor <> 'system' order by id",
    )
    .bind(entity_id)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_reference_load_is_audited_as_the_system() {
    let app = TestApp::spawn().await;
    let n: i64 =
        sqlx::query_scalar("select count(*) from audit_log where actor = 'system' and action = 'checkpoint.create'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(n, 48);
}

#[tokio::test]
async fn an_edit_records_before_after_request_id_and_client_address() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Kordai").await;
    let version = app.edit_version(id).await;

    let response = app.edit_kordai_notes(id, &version, "Полосы: 8").await;
    assert_eq!(response.status(), 303);
    let request_id = response.headers()["x-request-id"].to_str().unwrap().to_owned();

    let rows = entries(&app, id).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(
        (row.actor.as_str(), row.action.as_str(), row.entity.as_str()),
        ("admin", "checkpoint.update", "checkpoint")
    );
    assert_eq!(
        row.before.as_ref().unwrap()["notes"],
        "reconstructed 2020-2021: lanes 4 to 8 and passport booths 20 to 40; cost 5.5 bn KZT"
    );
    assert_eq!(row.after.as_ref().unwrap()["notes"], "Полосы: 8");
    assert_eq!(row.request_id.as_deref(), Some(request_id.as_str()));
    assert_eq!(row.client.as_deref(), Some("127.0.0.1"));
}

#[tokio::test]
async fn date_revisions_and_milestones_are_audited_and_refused_input_is_not() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Karasu").await;

    let refused = app.post_form(&format!("/checkpoints/{id}/commissioning-date"), &[("new_date", "2027-01-01")]).await;
    assert_eq!(refused.status(), 422);
    assert!(entries(&app, id).await.is_empty());

    app.post_form(
        &format!("/checkpoints/{id}/commissioning-date"),
        &[("new_date", "2027-01-01"), ("reason", "Design approved late")],
    )
    .await;
    app.add_milestone(id, &[("title", "Scanners"), ("kind", "equipment")]).await;

    let rows = entries(&app, id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "date.revise");
    assert_eq!(rows[0].before, Some(serde_json::json!({"field": "commissioning", "date": null})));
    assert_eq!(rows[0].after.as_ref().unwrap()["reason"], "Design approved late");
    let milestone: (String, String) =
        sqlx::query_as("select action, after->>'title' from audit_log where entity = 'milestone'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(milestone, ("milestone.create".to_owned(), "Scanners".to_owned()));
}

#[tokio::test]
async fn the_audit_trail_is_append_only_in_the_database_itself() {
    let app = TestApp::spawn().await;
    for sql in ["update audit_log set actor = 'someone else'", "delete from audit_log", "truncate audit_log"] {
        let err = sqlx::query(sql).execute(&app.pool).await.expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}
