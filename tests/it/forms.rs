//! Every form: bad input comes back with a message next to each bad field,
//! the user's input kept, status 422, and nothing saved.

use scraper::Html;

use crate::support::{TestApp, text, texts, value};

/// A milestone with both planned dates: April to August 2026.
const LANES: [(&str, &str); 4] =
    [("title", "Lanes"), ("kind", "roads_lanes"), ("planned_start", "2026-04-01"), ("planned_finish", "2026-08-01")];

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("select count(*) from {table}")).fetch_one(&app.pool).await.unwrap()
}

async fn post_page(app: &TestApp, path: &str, form: &[(&str, &str)], status: u16) -> Html {
    let response = app.post_form(path, form).await;
    assert_eq!(response.status().as_u16(), status, "POST {path}");
    Html::parse_document(&response.text().await.unwrap())
}

#[tokio::test]
async fn creating_a_checkpoint_with_bad_input_saves_nothing_and_keeps_the_input() {
    let app = TestApp::spawn().await;
    let before = count(&app, "checkpoints").await;

    let page = post_page(
        &app,
        "/checkpoints",
        &[
            ("name_en", ""),
            ("name_ru", "Новый пункт"),
            ("border_country", "XX"),
            ("planned_commissioning", "31/12/2026"),
            ("actual_commissioning", "2099-01-01"),
            ("notes", "Заметка"),
        ],
        422,
    )
    .await;

    assert_eq!(text(&page, "#name_en-error"), "This field is required.");
    assert_eq!(text(&page, "#border_country-error"), "Choose one of the listed values.");
    assert_eq!(text(&page, "#planned_commissioning-error"), "Enter a date such as 2026-07-31 or 31.07.2026.");
    assert_eq!(text(&page, "#actual_commissioning-error"), "An actual date cannot be in the future.");
    assert_eq!(text(&page, "[role=alert]"), "Please correct the 4 fields marked below.");
    assert_eq!(value(&page, "input#name_ru"), "Новый пункт");
    assert_eq!(value(&page, "input#planned_commissioning"), "31/12/2026");
    assert_eq!(text(&page, "textarea#notes"), "Заметка");
    assert_eq!(count(&app, "checkpoints").await, before);
    assert_eq!(count(&app, "date_revisions").await, 1, "only the reference baseline");
}

#[tokio::test]
async fn a_taken_name_is_a_field_error_not_a_server_error() {
    let app = TestApp::spawn().await;
    let page = post_page(&app, "/checkpoints", &[("name_en", "kordai"), ("name_ru", "Другое имя")], 422).await;
    assert_eq!(text(&page, "#name_en-error"), "Another checkpoint already has this name.");
    assert_eq!(count(&app, "checkpoints").await, 48);
}

#[tokio::test]
async fn editing_a_checkpoint_with_bad_input_changes_nothing() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Kordai").await;
    let form = app.page(&format!("/checkpoints/{id}/edit"), 200).await;
    let version = value(&form, "input[name=version]");

    let page = post_page(
        &app,
        &format!("/checkpoints/{id}/edit"),
        &[("version", &version), ("name_en", "Kordai"), ("name_ru", ""), ("status", "finished")],
        422,
    )
    .await;
    assert_eq!(text(&page, "#name_ru-error"), "This field is required.");
    assert_eq!(text(&page, "#status-error"), "Choose one of the listed values.");
    let name_ru: String = sqlx::query_scalar("select name_ru from checkpoints where id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(name_ru, "Кордай");
}

#[tokio::test]
async fn a_cyrillic_edit_round_trips_through_the_form() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Alakol").await;
    let form = app.page(&format!("/checkpoints/{id}/edit"), 200).await;
    let version = value(&form, "input[name=version]");
    let response = app
        .post_form(
            &format!("/checkpoints/{id}/edit"),
            &[
                ("version", &version),
                ("name_en", "Alakol"),
                ("name_ru", "Алаколь"),
                ("border_country", "CN"),
                ("region", "Abai"),
                ("status", "commissioned"),
                ("notes", "Граница подтверждена «администратором»"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = app.page(&format!("/checkpoints/{id}"), 200).await;
    let facts = texts(&page, "dl.facts dd");
    assert!(facts.contains(&"Abai Region".to_owned()), "{facts:?}");
    assert!(facts.contains(&"Граница подтверждена «администратором»".to_owned()), "{facts:?}");
    assert!(facts.contains(&"China".to_owned()), "{facts:?}");
}

#[tokio::test]
async fn the_second_of_two_concurrent_edits_is_refused_and_keeps_its_input() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Kordai").await;
    let version = app.edit_version(id).await;

    assert_eq!(app.edit_kordai_notes(id, &version, "first editor").await.status(), 303);
    let second = app.edit_kordai_notes(id, &version, "second editor").await;
    assert_eq!(second.status(), 409);
    let page = Html::parse_document(&second.text().await.unwrap());
    assert!(text(&page, "#stale").starts_with("Someone else saved this record"));
    assert_eq!(text(&page, "textarea#notes"), "second editor");
    let notes: String =
        sqlx::query_scalar("select notes from checkpoints where id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(notes, "first editor");

    // Saving again, having seen the warning, goes through.
    let again = value(&page, "input[name=version]");
    let response = app.edit_kordai_notes(id, &again, "second editor").await;
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn a_milestone_with_bad_input_is_not_created() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Karasu").await;
    let page = post_page(
        &app,
        &format!("/checkpoints/{id}/milestones"),
        &[
            ("title", "Сканеры"),
            ("kind", ""),
            ("planned_start", "2026-06-01"),
            ("planned_finish", "2026-05-01"),
            ("percent_complete", "120"),
        ],
        422,
    )
    .await;
    assert_eq!(text(&page, "#kind-error"), "This field is required.");
    assert_eq!(text(&page, "#planned_finish-error"), "The finish cannot be before the start.");
    assert_eq!(text(&page, "#percent_complete-error"), "Enter a whole number from 0 to 100.");
    assert_eq!(value(&page, "input#title"), "Сканеры");
    assert_eq!(count(&app, "milestones").await, 0);
}

#[tokio::test]
async fn editing_a_milestone_with_bad_input_changes_nothing() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Karasu").await;
    let mid = app.add_milestone(id, &[("title", "Scanners"), ("kind", "equipment")]).await;
    let path = format!("/checkpoints/{id}/milestones/{mid}/edit");
    let form = app.page(&path, 200).await;
    let version = value(&form, "input[name=version]");

    let page = post_page(
        &app,
        &path,
        &[
            ("version", &version),
            ("title", "Scanners"),
            ("kind", "equipment"),
            ("actual_finish", "2099-12-31"),
            ("percent_complete", "half"),
        ],
        422,
    )
    .await;
    assert_eq!(text(&page, "#actual_finish-error"), "An actual date cannot be in the future.");
    assert_eq!(text(&page, "#percent_complete-error"), "Enter a whole number from 0 to 100.");
    assert_eq!(value(&page, "input#percent_complete"), "half");
    let percent: i16 =
        sqlx::query_scalar("select percent_complete from milestones").fetch_one(&app.pool).await.unwrap();
    assert_eq!(percent, 0);
}

#[tokio::test]
async fn revising_a_date_needs_a_reason_and_a_real_change() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Zhibek Zholy").await;
    let path = format!("/checkpoints/{id}/commissioning-date");

    let page = post_page(&app, &path, &[("new_date", "2026-07-31"), ("reason", "  ")], 422).await;
    assert_eq!(text(&page, "#reason-error"), "Say why the date changes.");
    assert_eq!(value(&page, "input#new_date"), "2026-07-31");

    let page = post_page(&app, &path, &[("new_date", "30.06.2026"), ("reason", "No change really")], 422).await;
    assert_eq!(text(&page, "#new_date-error"), "This is already the planned date.");
    assert_eq!(text(&page, "textarea#reason"), "No change really");

    let page = post_page(&app, &path, &[("new_date", "someday"), ("reason", "Slip")], 422).await;
    assert_eq!(text(&page, "#new_date-error"), "Enter a date such as 2026-07-31 or 31.07.2026.");
    assert_eq!(count(&app, "date_revisions").await, 1);
}

#[tokio::test]
async fn revising_a_milestone_date_checks_the_span() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Karasu").await;
    let mid = app.add_milestone(id, &LANES).await;
    let page = post_page(
        &app,
        &format!("/checkpoints/{id}/milestones/{mid}/dates"),
        &[("field", "finish"), ("new_date", "2026-03-01"), ("reason", "Typo")],
        422,
    )
    .await;
    assert_eq!(text(&page, "#new_date-error"), "The finish cannot be before the start.");
    let page = post_page(
        &app,
        &format!("/checkpoints/{id}/milestones/{mid}/dates"),
        &[("field", "commissioning"), ("new_date", "2026-09-01"), ("reason", "Wrong field")],
        422,
    )
    .await;
    assert_eq!(text(&page, "#field-error"), "Choose one of the listed values.");
    assert_eq!(count(&app, "date_revisions where milestone_id is not null").await, 2);
}

#[tokio::test]
async fn a_nul_character_is_a_field_error_not_a_server_error() {
    let app = TestApp::spawn().await;
    let page = post_page(&app, "/checkpoints", &[("name_en", "Bad\0Name"), ("name_ru", "Имя")], 422).await;
    assert_eq!(text(&page, "#name_en-error"), "This contains characters that cannot be stored.");
    let page = app.page("/checkpoints?q=Kor%00dai", 200).await;
    assert_eq!(texts(&page, "table.register tbody a.name"), vec!["Kordai"]);
}

#[tokio::test]
async fn two_revisions_at_once_cannot_break_a_milestone_span() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Karasu").await;
    let mid = app.add_milestone(id, &LANES).await;
    let path = format!("/checkpoints/{id}/milestones/{mid}/dates");
    // Each is valid against the dates its user saw; together they are not.
    let later_start =
        app.post_form(&path, &[("field", "start"), ("new_date", "2026-07-01"), ("reason", "Late design")]);
    let earlier_finish =
        app.post_form(&path, &[("field", "finish"), ("new_date", "2026-06-01"), ("reason", "Fast track")]);
    let (a, b) = tokio::join!(later_start, earlier_finish);
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [303, 422], "one wins, the other is told why");
    let (start, finish): (chrono::NaiveDate, chrono::NaiveDate) =
        sqlx::query_as("select planned_start, planned_finish from milestones").fetch_one(&app.pool).await.unwrap();
    assert!(start <= finish);
}
