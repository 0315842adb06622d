//! Every signed-in person changes their own password at `/account/password`.

use checkpoint_tracker::domain::user::Role;
use scraper::Html;

use crate::support::{PASSWORD, TestApp, captured_logs, text, value};

const NEW_PASSWORD: &str = "a brand new passphrase";

#[tokio::test]
async fn a_wrong_current_password_or_a_short_new_one_is_a_field_error_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let header = analyst.page("/checkpoints", 200).await;
    assert_eq!(text(&header, "header a#change-password"), "Change password");
    let hash = || async {
        sqlx::query_scalar::<_, String>("select password_hash from users where username = 'analyst-all'")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let before = hash().await;

    let form =
        [("current_password", "not my password"), ("new_password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD)];
    let response = analyst.post_form("/account/password", &form).await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#current_password-error"), "This is not your current password.");
    for field in ["current_password", "new_password", "confirm_password"] {
        assert_eq!(value(&page, &format!("input#{field}")), "", "a password is never sent back");
    }

    let form = [("current_password", PASSWORD), ("new_password", "short"), ("confirm_password", "short")];
    let response = analyst.post_form("/account/password", &form).await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#new_password-error"), "A password needs at least 12 characters.");

    let form = [("current_password", PASSWORD), ("new_password", NEW_PASSWORD), ("confirm_password", "typo")];
    let response = analyst.post_form("/account/password", &form).await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#confirm_password-error"), "The two new passwords are not the same.");

    assert_eq!(hash().await, before, "nothing saved");
    assert_eq!(analyst.get("/checkpoints").await.status(), 200, "still signed in");
}

#[tokio::test]
async fn a_change_ends_the_other_sessions_keeps_this_one_and_the_old_password() {
    let app = TestApp::spawn().await;
    let mut here = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let mut elsewhere = app.anonymous();
    elsewhere.log_in("ministry-staff-transport", PASSWORD).await;
    let user_id: i64 = sqlx::query_scalar("select id from users where username = 'ministry-staff-transport'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let mut tx = app.pool.begin().await.unwrap();
    let token = checkpoint_tracker::db::tokens::create(
        &mut tx,
        user_id,
        "system",
        checkpoint_tracker::domain::token_expiry::default_expiry(chrono::Utc::now()),
        &checkpoint_tracker::db::audit::Actor::system("test"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let form = [("current_password", PASSWORD), ("new_password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD)];
    let response = here.post_form("/account/password", &form).await;
    assert_eq!(response.status(), 200);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(text(&page, "#password-changed").contains("Your API tokens keep working"));

    // This session continues (under a new id and CSRF token); the other ends.
    here.refresh_csrf().await;
    assert_eq!(here.get("/checkpoints").await.status(), 200);
    let response = elsewhere.get("/checkpoints").await;
    assert_eq!(response.status(), 303);
    assert!(response.headers()["location"].to_str().unwrap().starts_with("/login"));
    let week = checkpoint_tracker::domain::week::IsoWeek::at(chrono::Utc::now());
    let api = reqwest::Client::new().get(app.url(&format!("/api/v1/reports/transport/{week}"))).bearer_auth(&token);
    assert_ne!(api.send().await.unwrap().status(), 401, "API tokens stay");

    // The old password no longer opens the account; the new one does.
    assert_eq!(elsewhere.try_log_in("ministry-staff-transport", PASSWORD).await.status(), 401);
    elsewhere.log_in("ministry-staff-transport", NEW_PASSWORD).await;

    let audited: Vec<(String, Option<i64>)> = sqlx::query_as(
        "select actor, entity_id from audit_log where action = 'user.change_own_password' and before is null and after is null",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, [("ministry-staff-transport".to_owned(), Some(user_id))]);
    assert!(!captured_logs().contains(NEW_PASSWORD), "a password reached the logs");
}
