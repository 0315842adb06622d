//! Issue 13, point 5: what fuzzing the state-changing routes found, kept
//! as plain cases.

use crate::support::TestApp;

#[tokio::test]
async fn a_nul_in_a_login_name_is_refused_not_a_server_error() {
    let app = TestApp::spawn().await;
    let mut visitor = app.anonymous();
    let response = visitor.try_log_in("ad\0min", "wrong").await;
    assert_eq!(response.status(), 401);
    let actor: String = sqlx::query_scalar("select actor from audit_log where action = 'auth.login_failed'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(actor, "ad\u{fffd}min", "the name as typed, its NUL made storable");
}

#[tokio::test]
async fn a_nul_in_a_programme_code_is_not_found_not_a_server_error() {
    let app = TestApp::spawn().await;
    let form = [("version", "1"), ("target_count", "9"), ("target_year", "2025")];
    assert_eq!(app.post_form("/programmes/%00/target", &form).await.status(), 404);
    assert_eq!(app.get("/programmes/eaeu%00/target").await.status(), 404);
}
