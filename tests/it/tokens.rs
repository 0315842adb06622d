//! API tokens expire when their creator chose, show when they were last
//! used, and an expired one is answered 401 `token_expired`.

use checkpoint_tracker::domain::user::Role;
use chrono::{DateTime, TimeDelta, Utc};
use scraper::Html;
use serde_json::Value;

use crate::support::{TestApp, TestDb, Visitor, create_user, text, texts};

/// Posts the creation form; returns the status and the page.
async fn create(visitor: &Visitor, fields: &[(&str, &str)]) -> (u16, Html) {
    let response = visitor.post_form("/tokens", fields).await;
    (response.status().as_u16(), Html::parse_document(&response.text().await.unwrap()))
}

async fn expiry_of(app: &TestApp, label: &str) -> DateTime<Utc> {
    sqlx::query_scalar("select expires_at from api_tokens where label = $1")
        .bind(label)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Makes the tokens of `label` (all when `None`) a day old and expired a
/// second ago (an expiry comes after the creation, and a token older than
/// its account's `tokens_valid_after` would be dead, not expired).
async fn expire(app: &TestApp, label: Option<&str>) {
    sqlx::query("update users set tokens_valid_after = tokens_valid_after - interval '2 days'")
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "update api_tokens set created_at = now() - interval '1 day', expires_at = now() - interval '1 second'
         where $1::text is null or label = $1",
    )
    .bind(label)
    .execute(&app.pool)
    .await
    .unwrap();
}

/// An API read with `token`: its status and JSON body.
async fn read(app: &TestApp, token: &str) -> (u16, Value) {
    let response = reqwest::Client::new().get(app.url("/api/v1/checkpoints")).bearer_auth(token).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn a_token_lives_as_long_as_chosen_then_answers_token_expired() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let form = analyst.page("/tokens", 200).await;
    assert_eq!(
        texts(&form, "select#expires option"),
        ["30 days", "90 days", "1 year", "2 years", "Until a date"],
        "the choices"
    );
    assert_eq!(text(&form, "select#expires option[selected]"), "1 year", "a year unless chosen otherwise");

    let before = Utc::now();
    let (status, page) = create(&analyst, &[("label", "monthly"), ("expires", "30")]).await;
    assert_eq!(status, 200);
    let token = text(&page, "#new-token");
    let expires = expiry_of(&app, "monthly").await;
    assert!(expires >= before + TimeDelta::days(30) && expires <= Utc::now() + TimeDelta::days(30), "{expires}");

    // A date: valid through that day in Kazakhstan.
    let day = checkpoint_tracker::domain::dates::local_date(Utc::now()) + TimeDelta::days(10);
    let typed = day.format("%d.%m.%Y").to_string();
    assert_eq!(create(&analyst, &[("label", "dated"), ("expires", "date"), ("expires_on", &typed)]).await.0, 200);
    let end = expiry_of(&app, "dated").await.with_timezone(&checkpoint_tracker::domain::dates::ZONE);
    assert_eq!((end.date_naive(), end.time()), (day + TimeDelta::days(1), chrono::NaiveTime::MIN));
    // A form without the choice (a script, an old page) gets a year.
    assert_eq!(create(&analyst, &[("label", "default")]).await.0, 200);
    let expires = expiry_of(&app, "default").await;
    assert!(expires >= before + TimeDelta::days(365) && expires <= Utc::now() + TimeDelta::days(365));

    assert_eq!(read(&app, &token).await.0, 200, "the token works");
    expire(&app, Some("monthly")).await;
    let (status, body) = read(&app, &token).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("token_expired")), "{body}");
    let (status, body) = read(&app, "ctk_not-a-token").await;
    assert_eq!((status, body["error"].as_str()), (401, Some("unauthorized")), "an unknown token is not 'expired'");

    let list = analyst.page("/tokens", 200).await;
    assert_eq!(texts(&list, "td .token-expired"), ["Expired"], "the expired token is marked, and only it");

    // Both descriptions of the API say so.
    let openapi = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().text().await.unwrap();
    assert!(openapi.contains("`token_expired`"), "the OpenAPI document");
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/API.md")).unwrap();
    assert!(guide.contains(r#"| 401 | `{"error": "token_expired"}` |"#), "docs/API.md");
}

#[tokio::test]
async fn an_expiry_in_the_past_or_beyond_two_years_is_refused_with_the_form_kept() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let today = checkpoint_tracker::domain::dates::local_date(Utc::now());
    let too_far = (today + TimeDelta::days(731)).to_string();
    let cases = [
        (("date", today.to_string()), "expires_on", "Choose a day after today."),
        (("date", too_far), "expires_on", "A token can be valid for two years at most."),
        (("date", "soon".to_owned()), "expires_on", "Enter a date such as 2026-07-31 or 31.07.2026."),
        (("date", String::new()), "expires_on", "This field is required."),
        (("1000", String::new()), "expires", "Choose one of the listed values."),
    ];
    for ((choice, date), field, message) in cases {
        let (status, page) =
            create(&analyst, &[("label", "refused"), ("expires", choice), ("expires_on", &date)]).await;
        assert_eq!(status, 422, "{choice} {date}");
        assert_eq!(text(&page, &format!("#{field}-error")), message, "{choice} {date}");
        assert_eq!(crate::support::value(&page, "input#label"), "refused", "the label is kept");
    }
    assert_eq!(app.rows("api_tokens").await, 0, "nothing was created");
}

#[tokio::test]
async fn last_use_is_shown_and_written_at_most_once_a_minute() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let token = text(&create(&analyst, &[("label", "BI")]).await.1, "#new-token");
    let last_used = || async {
        let at: Option<DateTime<Utc>> =
            sqlx::query_scalar("select last_used_at from api_tokens").fetch_one(&app.pool).await.unwrap();
        at
    };
    assert_eq!(text(&analyst.page("/tokens", 200).await, "td.last-used"), "Never");

    assert_eq!(read(&app, &token).await.0, 200);
    let first = last_used().await.expect("the first use is noted");
    assert_eq!(read(&app, &token).await.0, 200);
    assert_eq!(last_used().await, Some(first), "a read within the minute writes nothing");

    sqlx::query("update api_tokens set last_used_at = last_used_at - interval '61 seconds'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(read(&app, &token).await.0, 200);
    assert!(last_used().await.unwrap() >= first, "a minute later the use is noted again");
    assert_ne!(text(&analyst.page("/tokens", 200).await, "td.last-used"), "Never");

    // An expired token's attempts are not a use.
    sqlx::query("update api_tokens set last_used_at = null").execute(&app.pool).await.unwrap();
    expire(&app, None).await;
    assert_eq!(read(&app, &token).await.0, 401);
    assert_eq!(last_used().await, None);
}

#[tokio::test]
async fn tokens_that_exist_before_the_migration_get_a_year_from_their_creation() {
    let db = TestDb::create().await;
    let pool = db.pool().await;
    const MIGRATION: i64 = 20261202000013;
    for migration in checkpoint_tracker::db::MIGRATOR.iter().filter(|m| m.version < MIGRATION) {
        sqlx::raw_sql(&migration.sql).execute(&pool).await.unwrap();
    }
    let user_id = create_user(&pool, "old-system", Role::Analyst, None).await;
    sqlx::query(
        "insert into api_tokens (user_id, label, token_hash, prefix, created_at)
         values ($1, 'old', sha256('x'), 'ctk_ab', '2026-01-15 10:00:00+00')",
    )
    .bind(user_id)
    .execute(&pool)
    .await
    .unwrap();
    let migration = checkpoint_tracker::db::MIGRATOR.iter().find(|m| m.version == MIGRATION).unwrap();
    sqlx::raw_sql(&migration.sql).execute(&pool).await.unwrap();
    let expires: DateTime<Utc> =
        sqlx::query_scalar("select expires_at from api_tokens").fetch_one(&pool).await.unwrap();
    assert_eq!(expires.to_rfc3339(), "2027-01-15T10:00:00+00:00");
}
