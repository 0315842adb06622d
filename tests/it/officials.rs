//! Accountable officials and regional coordinators: an administrator records
//! appointments and vacancies, each new one supersedes the previous one from
//! its date while the history keeps them all, an as-of view knows only what
//! was recorded by then, and nobody else may record.

use checkpoint_tracker::db::officials::{self, Appointment};
use checkpoint_tracker::domain::user::Role;
use chrono::{DateTime, Utc};

use crate::support::{TestApp, text, texts, value};

const FIRST: &str = "  Жанна Ёлкина-Қасымова ";
const POSITION: &str = "Председатель Комитета государственных доходов Министерства финансов Республики Казахстан";

async fn appoint(app: &TestApp, post: &str, name: &str, position: &str, from: &str) -> reqwest::Response {
    app.post_form("/officials/appointments", &[("post", post), ("name", name), ("position", position), ("from", from)])
        .await
}

async fn recorded_at(app: &TestApp, name: &str) -> DateTime<Utc> {
    sqlx::query_scalar("select recorded_at from accountable_officials where name = $1")
        .bind(name)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// An audit entry: action, entity, actor, the name before and after.
type TrailLine = (String, String, String, Option<String>, Option<String>);

fn finance(list: Vec<Appointment>) -> Option<Appointment> {
    list.into_iter().find(|a| a.target == "finance")
}

#[tokio::test]
async fn a_new_appointment_supersedes_the_previous_one_which_stays_in_the_history_and_in_the_past() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;

    let response = appoint(&app, "body:finance", FIRST, POSITION, "15.01.2026").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/officials#bodies");
    let page = analyst.page("/officials", 200).await;
    assert_eq!(text(&page, "#body-finance td.holder"), "Жанна Ёлкина-Қасымова", "Cyrillic kept, trimmed");
    assert!(texts(&page, "#body-finance td").contains(&POSITION.to_owned()));
    assert_eq!(text(&page, "#body-transport td.holder"), "Nobody appointed");
    assert!(texts(&page, "form[action^='/officials/']").is_empty(), "an analyst only reads");
    let forms = app.page("/officials", 200).await;
    assert_eq!(texts(&forms, "form[action^='/officials/'][method=post]").len(), 2, "an administrator records");
    let stored: String =
        sqlx::query_scalar("select name from accountable_officials").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, FIRST.trim(), "stored exactly as typed, trimmed");
    let first_recorded = recorded_at(&app, FIRST.trim()).await;

    // The second appointment, from a later date, takes over.
    let response = appoint(&app, "body:finance", "Марат Серіков", "", "2026-06-01").await;
    assert_eq!(response.status(), 303);
    let page = analyst.page("/officials", 200).await;
    assert_eq!(text(&page, "#body-finance td.holder"), "Марат Серіков");
    let history = texts(&page, "#body-finance details li");
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history[0].starts_with("Марат Серіков from 2026-06-01"), "{history:?}");
    assert!(history[1].starts_with(&format!("Жанна Ёлкина-Қасымова {POSITION} from 2026-01-15")), "{history:?}");
    assert!(history[1].contains("Recorded by Test admin"), "{history:?}");

    // What was known when the first was recorded: the first.
    let then = finance(officials::accountable_at(&app.pool, first_recorded).await.unwrap()).unwrap();
    assert_eq!((then.name.as_str(), then.position.as_str()), ("Жанна Ёлкина-Қасымова", POSITION));
    assert_eq!(then.since.to_string(), "2026-01-15");
    let before = first_recorded - chrono::Duration::microseconds(1);
    assert_eq!(finance(officials::accountable_at(&app.pool, before).await.unwrap()), None, "not yet recorded");
    let now = finance(officials::accountable_at(&app.pool, Utc::now()).await.unwrap()).unwrap();
    assert_eq!((now.name.as_str(), now.since.to_string()), ("Марат Серіков", "2026-06-01".to_owned()));

    // One from a future date is recorded but not yet in force.
    let ahead = (checkpoint_tracker::domain::dates::local_date(Utc::now()) + chrono::Days::new(30)).to_string();
    assert_eq!(appoint(&app, "body:finance", "Future Person", "", &ahead).await.status(), 303);
    let page = analyst.page("/officials", 200).await;
    assert_eq!(text(&page, "#body-finance td.holder"), "Марат Серіков");
    assert!(texts(&page, "#body-finance details li")[0].contains("not yet in force"));

    // The audit trail has each change, by whom, with who held the post before.
    let trail: Vec<TrailLine> = sqlx::query_as(
        "select action, entity, actor, before->>'name', after->>'name' from audit_log
         where action like 'official.%' order by id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let appointed = |before: Option<&str>, name: &str| {
        let (action, entity, actor) = ("official.appoint".into(), "accountable_official".into(), "admin".into());
        (action, entity, actor, before.map(str::to_owned), Some(name.to_owned()))
    };
    assert_eq!(
        trail,
        [
            appointed(None, FIRST.trim()),
            appointed(Some(FIRST.trim()), "Марат Серіков"),
            appointed(Some("Марат Серіков"), "Future Person"),
        ]
    );
}

#[tokio::test]
async fn a_regions_coordinator_is_appointed_then_the_post_is_left_vacant() {
    let app = TestApp::spawn().await;
    let response = appoint(&app, "region:Zhambyl", "Айдос Нұрланұлы", "Вице-министр транспорта", "2026-02-01").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/officials#regions");
    let coordinators = officials::coordinators_at(&app.pool, Utc::now()).await.unwrap();
    assert_eq!(
        coordinators.iter().map(|a| (a.target.as_str(), a.name.as_str())).collect::<Vec<_>>(),
        [("Zhambyl", "Айдос Нұрланұлы")]
    );

    let response = app
        .post_form("/officials/vacancies", &[("vacant_post", "region:Zhambyl"), ("vacant_from", "01.03.2026")])
        .await;
    assert_eq!(response.status(), 303);
    assert!(officials::coordinators_at(&app.pool, Utc::now()).await.unwrap().is_empty(), "vacant now");
    let page = app.page("/officials", 200).await;
    let row = page
        .select(&scraper::Selector::parse("#regions tr[id^=region-]").unwrap())
        .find(|r| r.text().any(|t| t.contains("Zhambyl")))
        .expect("Zhambyl's row");
    let row = scraper::Html::parse_fragment(&format!("<table>{}</table>", row.html()));
    assert_eq!(text(&row, "td.holder"), "Nobody appointed");
    let history = texts(&row, "details li");
    assert!(history[0].starts_with("Post vacant from 2026-03-01"), "{history:?}");
    assert!(history[1].starts_with("Айдос Нұрланұлы Вице-министр транспорта from 2026-02-01"), "{history:?}");
    let actions: Vec<String> =
        sqlx::query_scalar("select action from audit_log where entity = 'region_coordinator' order by id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(actions, ["official.appoint", "official.vacate"]);
}

#[tokio::test]
async fn only_administrators_record_and_bad_input_comes_back_beside_its_field_with_nothing_saved() {
    let app = TestApp::spawn().await;
    for (role, body) in [(Role::PmOffice, None), (Role::MinistryStaff, Some("finance")), (Role::Analyst, None)] {
        let visitor = app.visitor(role, body).await;
        let form = [("post", "body:finance"), ("name", "Someone"), ("from", "2026-01-15")];
        assert_eq!(visitor.post_form("/officials/appointments", &form).await.status(), 403, "{role:?}");
        let vacancy = [("vacant_post", "body:finance"), ("vacant_from", "2026-01-15")];
        assert_eq!(visitor.post_form("/officials/vacancies", &vacancy).await.status(), 403, "{role:?}");
    }

    // An administrator's session without the form's CSRF token.
    let forged = [("post", "body:finance"), ("name", "Someone"), ("from", "2026-01-15")];
    let response = app.client.post(app.url("/officials/appointments")).form(&forged).send().await.unwrap();
    assert_eq!(response.status(), 403, "no CSRF token");

    let response = appoint(&app, "body:finance", "  ", "Председатель", "2019-12-31").await;
    assert_eq!(response.status(), 422);
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#name-error"), "This field is required.");
    assert!(text(&page, "#from-error").starts_with("Enter a date from 2020-01-01"));
    assert_eq!(value(&page, "input[name=position]"), "Председатель", "the input is kept");
    assert_eq!(value(&page, "input[name=from]"), "2019-12-31");
    assert_eq!(value(&page, "select[name=post] option[selected]"), "body:finance");
    assert!(texts(&page, "#vacant_from-error").is_empty(), "the other form is untouched");

    let response = appoint(&app, "region:Atlantis", "Name", "", "2026-01-15").await;
    assert_eq!(response.status(), 422, "a region the register does not have");
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#post-error"), "Choose one of the listed values.");

    let response = app.post_form("/officials/vacancies", &[("vacant_post", "body:finance"), ("vacant_from", "")]).await;
    assert_eq!(response.status(), 422);
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#vacant_from-error"), "This field is required.");

    assert_eq!(app.rows("accountable_officials").await + app.rows("region_coordinators").await, 0);
    let audited: i64 = sqlx::query_scalar("select count(*) from audit_log where action like 'official.%'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(audited, 0);
}

#[tokio::test]
async fn the_history_is_append_only_and_reading_the_page_writes_nothing() {
    let app = TestApp::spawn().await;
    assert_eq!(appoint(&app, "body:transport", "Ivanov", "", "2026-01-15").await.status(), 303);
    let generation =
        || async { sqlx::query_scalar::<_, i64>("select n from data_generation").fetch_one(&app.pool).await.unwrap() };
    let before = generation().await;
    app.page("/officials", 200).await;
    assert_eq!(generation().await, before, "a GET changed nothing the overview shows");
    assert_eq!(app.rows("accountable_officials").await, 1);
    for statement in ["update accountable_officials set name = 'X'", "delete from accountable_officials"] {
        assert!(sqlx::query(statement).execute(&app.pool).await.is_err(), "{statement}");
    }
    assert_eq!(appoint(&app, "body:transport", "Petrov", "", "2026-02-01").await.status(), 303);
    assert!(generation().await > before, "a recorded appointment bumps the data generation");
}

#[tokio::test]
async fn an_appointment_takes_effect_at_midnight_astana_time_of_its_date() {
    let app = TestApp::spawn().await;
    let tomorrow = checkpoint_tracker::domain::dates::local_date(Utc::now()) + chrono::Days::new(1);
    let response = appoint(&app, "region:Almaty", "Серік Ахметов", "", &tomorrow.to_string()).await;
    assert_eq!(response.status(), 303);
    // Midnight in UTC+5 is 19:00 UTC the day before.
    let midnight = tomorrow.and_hms_opt(0, 0, 0).unwrap().and_utc() - chrono::Duration::hours(5);
    let evening = officials::coordinators_at(&app.pool, midnight - chrono::Duration::seconds(1)).await.unwrap();
    assert!(evening.is_empty(), "the evening before");
    let coordinators = officials::coordinators_at(&app.pool, midnight).await.unwrap();
    assert_eq!(coordinators.len(), 1);
    assert_eq!((coordinators[0].target.as_str(), coordinators[0].since), ("Almaty", tomorrow));
}
