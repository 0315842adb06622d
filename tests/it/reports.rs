//! Weekly reports: draft, submit, amend, review; who sees what; the
//! compliance grid.

use checkpoint_tracker::clock::Clock;
use checkpoint_tracker::db::audit::Actor;
use checkpoint_tracker::db::reports;
use checkpoint_tracker::domain::report::DraftForm;
use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::{Deadline, IsoWeek};
use chrono::{DateTime, Utc};
use scraper::Html;

use crate::support::{TestApp, Visitor, text, texts, value};

fn this_week() -> IsoWeek {
    IsoWeek::at(Utc::now())
}

/// Opens the body's draft page and returns the form's version.
async fn open_draft(staff: &Visitor, body: &str, week: IsoWeek) -> String {
    let page = staff.page(&format!("/reports/{body}/{week}/draft"), 200).await;
    value(&page, "input[name=version]")
}

/// One included checkpoint's fields.
fn entry(id: i64, fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs = vec![(format!("c{id}.include"), "on".to_owned())];
    pairs.extend(fields.iter().map(|(k, v)| (format!("c{id}.{k}"), (*v).to_owned())));
    pairs
}

async fn post_draft(
    staff: &Visitor,
    body: &str,
    week: IsoWeek,
    version: &str,
    action: &str,
    entries: Vec<(String, String)>,
) -> reqwest::Response {
    let mut pairs = vec![("version".to_owned(), version.to_owned()), ("action".to_owned(), action.to_owned())];
    pairs.extend(entries);
    staff.post_pairs(&format!("/reports/{body}/{week}/draft"), pairs).await
}

#[tokio::test]
async fn a_ministry_files_a_week_and_the_pm_office_reviews_it() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let karasu = app.checkpoint_id("Karasu").await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;

    // A first draft lists every checkpoint of an active programme.
    let page = staff.page(&format!("/reports/transport/{week}/draft"), 200).await;
    let in_programmes: i64 = sqlx::query_scalar("select count(*) from checkpoints where programme is not null")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(texts(&page, "fieldset.entry.included").len() as i64, in_programmes);
    let version = value(&page, "input[name=version]");

    let mut fields = entry(kordai, &[("percent", "100"), ("status", "commissioned"), ("narrative", "Работает")]);
    fields.extend(entry(
        karasu,
        &[
            ("percent", "35"),
            ("status", "at_risk"),
            ("issue0.category", "internet"),
            ("issue0.severity", "high"),
            ("issue0.text", "Нет оптоволокна"),
            ("proposed_date", "31.12.2026"),
            ("proposed_reason", "Scanners arrive in December"),
        ],
    ));
    let response = post_draft(&staff, "transport", week, &version, "submit", fields).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());

    let page = staff.page(&format!("/reports/transport/{week}"), 200).await;
    assert!(text(&page, "#revision-state").starts_with("Revision 1 · Submitted"));
    assert_eq!(texts(&page, "table.report tbody tr").len(), 2, "the dropped checkpoints are gone");
    assert_eq!(texts(&page, ".date-changes li"), vec!["Karasu: Not set → 2026-12-31"]);
    // The proposed date became a date revision of the checkpoint, citing the report.
    let (planned, source): (Option<chrono::NaiveDate>, Option<i64>) = sqlx::query_as(
        "select c.planned_commissioning, d.report_revision_id from checkpoints c
         join date_revisions d on d.checkpoint_id = c.id where c.id = $1",
    )
    .bind(karasu)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(planned, "2026-12-31".parse().ok());
    assert!(source.is_some());

    // The PM office reviews it.
    let pm = app.visitor(Role::PmOffice, None).await;
    let response = pm
        .post_form(
            &format!("/reports/transport/{week}/review"),
            &[("decision", "reviewed"), ("number", "1"), ("comment", "Принято")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let page = pm.page(&format!("/reports/transport/{week}"), 200).await;
    assert!(text(&page, "#review-comment").contains("Принято"));
    // Only once: a second review of the same revision is a conflict.
    let again =
        pm.post_form(&format!("/reports/transport/{week}/review"), &[("decision", "returned"), ("number", "1")]).await;
    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn a_submitted_revision_never_changes_and_an_amendment_keeps_both() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let staff = app.visitor(Role::MinistryStaff, Some("finance")).await;
    let version = open_draft(&staff, "finance", week).await;
    let response = post_draft(&staff, "finance", week, &version, "submit", entry(kordai, &[("percent", "80")])).await;
    assert_eq!(response.status(), 303);

    // Saving into it again: refused, nothing changed.
    let response = post_draft(&staff, "finance", week, &version, "save", entry(kordai, &[("percent", "10")])).await;
    assert_eq!(response.status(), 409);
    // The database itself refuses, whatever the path.
    for sql in [
        "update report_entries set percent_complete = 1",
        "delete from report_entries",
        "update report_revisions set late = not late",
        "delete from report_revisions",
    ] {
        let err = sqlx::query(sql).execute(&app.pool).await.expect_err(sql);
        assert!(err.to_string().contains("cannot"), "{sql}: {err}");
    }

    // Amend: a new draft starts from the submitted revision.
    let page = staff.page(&format!("/reports/finance/{week}/draft"), 200).await;
    assert_eq!(value(&page, &format!("input[name='c{kordai}.percent']")), "80");
    let version = value(&page, "input[name=version]");
    let response = post_draft(&staff, "finance", week, &version, "submit", entry(kordai, &[("percent", "85")])).await;
    assert_eq!(response.status(), 303);

    let page = app.page(&format!("/reports/finance/{week}"), 200).await;
    assert!(text(&page, "#revision-state").starts_with("Revision 2"));
    assert_eq!(texts(&page, "ol.revisions li").len(), 2);
    let first = app.page(&format!("/reports/finance/{week}/revisions/1"), 200).await;
    assert!(text(&first, "#revision-state").contains("superseded"));
    assert_eq!(texts(&first, "table.report td.percent"), vec!["80 %"]);
}

#[tokio::test]
async fn two_editors_of_one_draft_and_a_double_submit() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let first = app.visitor(Role::MinistryStaff, Some("border_service")).await;
    let mut second = app.anonymous();
    second.log_in("ministry-staff-border-service", crate::support::PASSWORD).await;
    let version = open_draft(&first, "border_service", week).await;
    assert_eq!(open_draft(&second, "border_service", week).await, version, "one draft, shared");

    let saved = post_draft(&first, "border_service", week, &version, "save", entry(kordai, &[("percent", "50")])).await;
    assert_eq!(saved.status(), 303);
    let refused =
        post_draft(&second, "border_service", week, &version, "save", entry(kordai, &[("narrative", "Моя правка")]))
            .await;
    assert_eq!(refused.status(), 409);
    let page = Html::parse_document(&refused.text().await.unwrap());
    assert!(text(&page, "#stale").starts_with("Someone else saved"));
    assert_eq!(text(&page, &format!("textarea[name='c{kordai}.narrative']")), "Моя правка", "the input is kept");

    // Two submits at once (a double click): one submission.
    let version = open_draft(&first, "border_service", week).await;
    let a = post_draft(&first, "border_service", week, &version, "submit", entry(kordai, &[("percent", "55")]));
    let b = post_draft(&first, "border_service", week, &version, "submit", entry(kordai, &[("percent", "55")]));
    let (a, b) = tokio::join!(a, b);
    assert!(a.status().as_u16() < 500 && b.status().as_u16() < 500, "{} {}", a.status(), b.status());
    let submitted: i64 = sqlx::query_scalar("select count(*) from report_revisions where status = 'submitted'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(submitted, 1);
}

#[tokio::test]
async fn another_body_can_neither_write_nor_see_a_draft() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let finance = app.visitor(Role::MinistryStaff, Some("finance")).await;
    open_draft(&transport, "transport", week).await;

    assert_eq!(finance.get(&format!("/reports/transport/{week}/draft")).await.status(), 403);
    let response = post_draft(&finance, "transport", week, "1", "save", vec![]).await;
    assert_eq!(response.status(), 403);
    for visitor in [&finance, &*app, &app.visitor(Role::PmOffice, None).await] {
        assert_eq!(visitor.get(&format!("/reports/transport/{week}")).await.status(), 404);
        assert_eq!(visitor.get(&format!("/reports/transport/{week}/revisions/1")).await.status(), 404);
        let list = visitor.page("/reports", 200).await;
        assert!(texts(&list, "table.reports tbody tr").is_empty());
        let grid = visitor.page("/reports/compliance", 200).await;
        let cell = text(&grid, &format!("tr[data-body=transport] td[data-week='{week}']"));
        assert_ne!(cell, "Draft only");
    }
    // Its own body sees it.
    let grid = transport.page("/reports/compliance", 200).await;
    assert_eq!(text(&grid, &format!("tr[data-body=transport] td[data-week='{week}']")), "Draft only");
}

#[tokio::test]
async fn a_lower_percent_needs_an_explanation_to_be_submitted() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let version = open_draft(&staff, "transport", week.previous()).await;
    post_draft(&staff, "transport", week.previous(), &version, "submit", entry(kordai, &[("percent", "60")])).await;

    let version = open_draft(&staff, "transport", week).await;
    let response = post_draft(&staff, "transport", week, &version, "submit", entry(kordai, &[("percent", "55")])).await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(
        text(&page, &format!("[id='c{kordai}.decrease-error']")),
        "This is lower than last reported: explain why."
    );
    assert_eq!(value(&page, &format!("input[name='c{kordai}.percent']")), "55", "the figure is kept (saved as draft)");

    let version = value(&page, "input[name=version]");
    let response = post_draft(
        &staff,
        "transport",
        week,
        &version,
        "submit",
        entry(kordai, &[("percent", "55"), ("decrease", "Re-surveyed")]),
    )
    .await;
    assert_eq!(response.status(), 303);
    let page = staff.page(&format!("/reports/transport/{week}"), 200).await;
    assert_eq!(text(&page, "td.changes .delta"), "-5 points");
}

/// Submits a report for `week` at `at`, through the data layer.
async fn submit_at(app: &TestApp, body: &str, week: IsoWeek, at: &str) {
    let user_id: i64 =
        sqlx::query_scalar("select id from users where username = 'admin'").fetch_one(&app.pool).await.unwrap();
    let actor = Actor::system("test");
    let at: DateTime<Utc> = at.parse().unwrap();
    let mut tx = app.pool.begin().await.unwrap();
    let draft = reports::open_draft(&mut tx, body, week, user_id, &actor).await.unwrap();
    reports::save_draft(
        &mut tx,
        draft.id,
        draft.version,
        &DraftForm::default().parse(&Default::default(), at.date_naive()).unwrap(),
        &actor,
    )
    .await
    .unwrap();
    let late = Deadline::default().is_late(week, at);
    reports::submit(&mut tx, draft.id, draft.version + 1, user_id, at, late, &actor).await.unwrap().unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_compliance_grid_shows_on_time_late_missing_and_not_yet_due() {
    // Wednesday of 2026-W48, 12:00 in Kazakhstan.
    let now: DateTime<Utc> = "2026-11-25T07:00:00Z".parse().unwrap();
    let app = TestApp::spawn_with_clock(Clock::Fixed(now)).await;
    let w47: IsoWeek = "2026-W47".parse().unwrap();
    let w46: IsoWeek = "2026-W46".parse().unwrap();
    submit_at(&app, "transport", w47, "2026-11-20T13:00:00Z").await; // Friday 18:00:00 sharp
    submit_at(&app, "finance", w47, "2026-11-20T13:00:01Z").await; // one second late
    submit_at(&app, "transport", w46, "2026-11-16T05:00:00Z").await; // the Monday after: late

    let grid = app.page("/reports/compliance", 200).await;
    let cell = |body: &str, week: &str| text(&grid, &format!("tr[data-body={body}] td[data-week='{week}']"));
    assert_eq!(cell("transport", "2026-W47"), "On time");
    assert_eq!(cell("finance", "2026-W47"), "Late");
    assert_eq!(cell("border_service", "2026-W47"), "Missing");
    assert_eq!(cell("transport", "2026-W46"), "Late");
    assert_eq!(cell("finance", "2026-W46"), "Missing");
    assert_eq!(cell("transport", "2026-W48"), "Not yet due");
    assert_eq!(texts(&grid, "table.compliance thead th").len(), 13, "bodies column + 12 weeks");
}

#[tokio::test]
async fn a_week_the_database_cannot_hold_is_a_404_not_a_500() {
    let app = TestApp::spawn().await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    for week in ["2150-W01", "1999-W01", "0001-W01"] {
        assert_eq!(staff.get(&format!("/reports/transport/{week}/draft")).await.status(), 404, "{week}");
        assert_eq!(app.get(&format!("/reports/transport/{week}")).await.status(), 404, "{week}");
    }
}
