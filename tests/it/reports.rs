//! Weekly reports through the form: filing, reading without writing, stale
//! forms, who sees what, and every error beside its field.

use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::IsoWeek;
use chrono::Utc;
use scraper::Html;

use crate::support::{TestApp, Visitor, text, texts, value};

pub fn this_week() -> IsoWeek {
    IsoWeek::at(Utc::now())
}

/// The revision number and version a form carries, as typed back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedOn {
    pub number: String,
    pub version: String,
}

/// Opens the body's form for the week and returns what it was opened on.
pub async fn open_form(staff: &Visitor, body: &str, week: IsoWeek) -> OpenedOn {
    let page = staff.page(&format!("/reports/{body}/{week}/draft"), 200).await;
    OpenedOn { number: value(&page, "input[name=number]"), version: value(&page, "input[name=version]") }
}

/// What a form's HTML was opened on (a plain function: a parsed page cannot
/// be held across an await of a spawned task).
pub fn opened_on(html: &str) -> OpenedOn {
    let page = Html::parse_document(html);
    OpenedOn { number: value(&page, "input[name=number]"), version: value(&page, "input[name=version]") }
}

/// One included checkpoint's fields.
pub fn entry(id: i64, fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs = vec![(format!("c{id}.include"), "on".to_owned())];
    pairs.extend(fields.iter().map(|(k, v)| (format!("c{id}.{k}"), (*v).to_owned())));
    pairs
}

pub async fn post_draft(
    staff: &Visitor,
    body: &str,
    week: IsoWeek,
    on: &OpenedOn,
    action: &str,
    entries: Vec<(String, String)>,
) -> reqwest::Response {
    let mut pairs = vec![
        ("number".to_owned(), on.number.clone()),
        ("version".to_owned(), on.version.clone()),
        ("action".to_owned(), action.to_owned()),
    ];
    pairs.extend(entries);
    staff.post_pairs(&format!("/reports/{body}/{week}/draft"), pairs).await
}

/// Opens the form and submits `entries` in one go, asserting it worked.
pub async fn file(staff: &Visitor, body: &str, week: IsoWeek, entries: Vec<(String, String)>) {
    let on = open_form(staff, body, week).await;
    let response = post_draft(staff, body, week, &on, "submit", entries).await;
    assert_eq!(response.status(), 303, "filing {body} {week}: {}", response.text().await.unwrap());
}

#[tokio::test]
async fn a_ministry_files_its_week_on_a_compact_form() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let karasu = app.checkpoint_id("Karasu").await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;

    // A first report lists every checkpoint of an active programme; the
    // rest of the register is folded away.
    let page = staff.page(&format!("/reports/transport/{week}/draft"), 200).await;
    let in_programmes: i64 = sqlx::query_scalar("select count(*) from checkpoints where programme is not null")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(texts(&page, ".entries .entry.included").len() as i64, in_programmes);
    assert_eq!(texts(&page, "details.others .entry").len() as i64, 48 - in_programmes);
    assert_eq!(texts(&page, ".entries details.more[open]").len(), 0, "details open on demand");
    let on = OpenedOn { number: value(&page, "input[name=number]"), version: value(&page, "input[name=version]") };
    assert_eq!(on, OpenedOn { number: "1".into(), version: "0".into() });

    let mut fields = entry(kordai, &[("percent", "100"), ("status", "commissioned"), ("narrative", "Работает")]);
    fields.extend(entry(
        karasu,
        &[
            ("percent", "35"),
            ("status", "at_risk"),
            ("issue0.category", "internet"),
            ("issue0.severity", "high"),
            ("issue0.text", "Нет оптоволокна"),
        ],
    ));
    let response = post_draft(&staff, "transport", week, &on, "submit", fields).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());

    let page = staff.page(&format!("/reports/transport/{week}"), 200).await;
    assert!(text(&page, "#revision-state").starts_with("Revision 1 · Submitted"), "{}", text(&page, "#revision-state"));
    assert!(text(&page, "#revision-state").contains("Test ministry-staff-transport"), "display names, not usernames");
    assert_eq!(texts(&page, "table.report tbody tr").len(), 2, "the dropped checkpoints are gone");
    assert_eq!(texts(&page, "ul.issues li"), vec!["Karasu · Internet access · High: Нет оптоволокна"]);
}

#[tokio::test]
async fn reading_the_form_the_report_and_amend_writes_nothing() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let staff = app.visitor(Role::MinistryStaff, Some("finance")).await;
    let tables = ["reports", "report_revisions", "report_entries", "audit_log", "users"];
    let count = || async {
        let mut counts = Vec::new();
        for t in tables {
            counts.push(app.rows(t).await);
        }
        counts
    };

    let before = count().await;
    staff.page(&format!("/reports/finance/{week}/draft"), 200).await;
    staff.page(&format!("/reports/finance/{week}/draft?lang=ru"), 200).await;
    assert_eq!(count().await, before, "opening the form creates no draft");

    file(&staff, "finance", week, entry(kordai, &[("percent", "80")])).await;
    let before = count().await;
    staff.page(&format!("/reports/finance/{week}"), 200).await;
    assert_eq!(staff.get(&format!("/reports/finance/{week}/amend")).await.status(), 405, "amend is a POST");
    staff.page(&format!("/reports/finance/{week}/draft"), 200).await;
    assert_eq!(count().await, before, "reading the report and its amend link creates nothing");

    // The amend button (a POST) opens the amendment.
    let response = staff.post_form(&format!("/reports/finance/{week}/amend"), &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.rows("report_revisions").await, 2);
}

#[tokio::test]
async fn a_submitted_revision_never_changes_and_an_amendment_keeps_both() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let staff = app.visitor(Role::MinistryStaff, Some("finance")).await;
    file(&staff, "finance", week, entry(kordai, &[("percent", "80")])).await;

    // The database itself refuses, whatever the path.
    for sql in [
        "update report_entries set percent_complete = 1",
        "delete from report_entries",
        "update report_revisions set late = not late",
        "update report_revisions set kind = 'amendment'",
        "delete from report_revisions",
    ] {
        let err = sqlx::query(sql).execute(&app.pool).await.expect_err(sql);
        assert!(err.to_string().contains("cannot"), "{sql}: {err}");
    }

    assert_eq!(staff.post_form(&format!("/reports/finance/{week}/amend"), &[]).await.status(), 303);
    let page = staff.page(&format!("/reports/finance/{week}/draft"), 200).await;
    assert_eq!(value(&page, &format!("input[name='c{kordai}.percent']")), "80", "the amendment starts as a copy");
    let on = OpenedOn { number: value(&page, "input[name=number]"), version: value(&page, "input[name=version]") };
    assert_eq!(on.number, "2");
    let response = post_draft(&staff, "finance", week, &on, "submit", entry(kordai, &[("percent", "85")])).await;
    assert_eq!(response.status(), 303);

    let page = app.page(&format!("/reports/finance/{week}"), 200).await;
    assert!(text(&page, "#revision-state").starts_with("Revision 2"));
    assert_eq!(texts(&page, "ol.revisions li").len(), 2);
    assert_eq!(text(&page, "td.changes .delta"), "+5 points", "compared with the previous revision");
    let first = app.page(&format!("/reports/finance/{week}/revisions/1"), 200).await;
    assert!(text(&first, "#revision-state").contains("superseded"));
    assert_eq!(texts(&first, "table.report td.percent"), vec!["80%"]);
}

#[tokio::test]
async fn a_stale_tab_keeps_the_users_input_beside_what_is_stored() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let first = app.visitor(Role::MinistryStaff, Some("border_service")).await;
    let mut second = app.anonymous();
    second.log_in("ministry-staff-border-service", crate::support::PASSWORD).await;

    // Two tabs open the same empty week; the first saves.
    let tab_a = open_form(&first, "border_service", week).await;
    let tab_b = open_form(&second, "border_service", week).await;
    let saved = post_draft(&first, "border_service", week, &tab_a, "save", entry(kordai, &[("percent", "50")])).await;
    assert_eq!(saved.status(), 303);

    // The second tab's save: a conflict page, the input intact.
    let refused =
        post_draft(&second, "border_service", week, &tab_b, "save", entry(kordai, &[("narrative", "Моя правка")]))
            .await;
    assert_eq!(refused.status(), 409);
    let page = Html::parse_document(&refused.text().await.unwrap());
    assert!(text(&page, "#stale").starts_with("Someone else saved or submitted"));
    assert_eq!(text(&page, &format!("textarea[name='c{kordai}.narrative']")), "Моя правка", "the input is kept");
    assert!(text(&page, ".conflict-current").contains("50%"), "beside the stored content");
    assert_eq!(app.rows("report_revisions").await, 1, "no second draft");

    // The first tab submits; a stale submit from the second tab is a
    // conflict too, not a silent redirect and not a new amendment.
    let now = open_form(&first, "border_service", week).await;
    let response =
        post_draft(&first, "border_service", week, &now, "submit", entry(kordai, &[("percent", "55")])).await;
    assert_eq!(response.status(), 303);
    let stale = post_draft(&second, "border_service", week, &now, "submit", entry(kordai, &[("percent", "60")])).await;
    assert_eq!(stale.status(), 409);
    let page = Html::parse_document(&stale.text().await.unwrap());
    assert_eq!(value(&page, &format!("input[name='c{kordai}.percent']")), "60");
    assert_eq!(app.rows("report_revisions").await, 1, "no amendment nobody asked for");

    // The same submit clicked twice is no conflict: it was filed.
    let week2 = week.previous();
    let on = open_form(&first, "border_service", week2).await;
    let a = post_draft(&first, "border_service", week2, &on, "submit", entry(kordai, &[("percent", "40")]));
    let b = post_draft(&first, "border_service", week2, &on, "submit", entry(kordai, &[("percent", "40")]));
    let (a, b) = tokio::join!(a, b);
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (303, 303));
    let submitted: i64 = sqlx::query_scalar("select count(*) from report_revisions where status = 'submitted'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(submitted, 2, "one submission per week");
}

#[tokio::test]
async fn drafts_stay_private_but_everyone_sees_that_one_was_started() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let finance = app.visitor(Role::MinistryStaff, Some("finance")).await;
    let on = open_form(&transport, "transport", week).await;
    let saved =
        post_draft(&transport, "transport", week, &on, "save", entry(kordai, &[("narrative", "Секретный черновик")]))
            .await;
    assert_eq!(saved.status(), 303);

    assert_eq!(finance.get(&format!("/reports/transport/{week}/draft")).await.status(), 403);
    assert_eq!(post_draft(&finance, "transport", week, &on, "save", vec![]).await.status(), 403);
    let pm = app.visitor(Role::PmOffice, None).await;
    for visitor in [&finance, &*app, &pm] {
        assert_eq!(visitor.get(&format!("/reports/transport/{week}")).await.status(), 404);
        assert_eq!(visitor.get(&format!("/reports/transport/{week}/revisions/1")).await.status(), 404);
        let grid = visitor.page("/reports/compliance", 200).await;
        let cell = text(&grid, &format!("tr[data-body=transport] td[data-week='{week}']"));
        assert!(cell.starts_with("Draft started") || cell.starts_with("Missing (draft started)"), "{cell}");
        let html = visitor.get("/reports/compliance").await.text().await.unwrap();
        assert!(!html.contains("Секретный черновик"));
    }
    // The PM office's audit view says a draft was saved, not what it says.
    let audit = pm.get("/audit").await.text().await.unwrap();
    assert!(!audit.contains("Секретный черновик"), "the PM office reads no draft content");
    let audit = app.get("/audit").await.text().await.unwrap();
    assert!(audit.contains("Секретный черновик"), "administrators do");
}

#[tokio::test]
async fn a_lower_percent_needs_an_explanation_and_amendments_keep_it() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    file(&staff, "transport", week.previous(), entry(kordai, &[("percent", "60")])).await;

    let on = open_form(&staff, "transport", week).await;
    let response = post_draft(&staff, "transport", week, &on, "submit", entry(kordai, &[("percent", "55")])).await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(
        text(&page, &format!("[id='c{kordai}.decrease-error']")),
        "This is lower than last reported: explain why."
    );
    assert_eq!(value(&page, &format!("input[name='c{kordai}.percent']")), "55", "the figure is kept (saved as draft)");
    assert!(!texts(&page, &format!("#c{kordai} details.more[open]")).is_empty(), "the details holding the error open");

    let on = OpenedOn { number: value(&page, "input[name=number]"), version: value(&page, "input[name=version]") };
    let fields = entry(kordai, &[("percent", "55"), ("decrease", "Re-surveyed")]);
    assert_eq!(post_draft(&staff, "transport", week, &on, "submit", fields).await.status(), 303);
    let page = staff.page(&format!("/reports/transport/{week}"), 200).await;
    assert_eq!(text(&page, "td.changes .delta"), "\u{2212}5 points");

    // An amendment carries the explanation forward and submits as it is.
    assert_eq!(staff.post_form(&format!("/reports/transport/{week}/amend"), &[]).await.status(), 303);
    let page = staff.page(&format!("/reports/transport/{week}/draft"), 200).await;
    assert_eq!(text(&page, &format!("textarea[name='c{kordai}.decrease']")), "Re-surveyed");
}

#[tokio::test]
async fn every_field_error_is_shown_beside_its_field_with_the_input_kept() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let milestone = app
        .add_milestone(kordai, &[("title", "Сканеры"), ("kind", "equipment"), ("planned_finish", "2027-01-31")])
        .await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let on = open_form(&staff, "transport", week).await;
    let long = "ж".repeat(10_001);
    let tomorrow = (checkpoint_tracker::domain::dates::local_date(Utc::now()) + chrono::Duration::days(1)).to_string();
    let fields = entry(
        kordai,
        &[
            ("narrative", &long),
            ("next", &long),
            ("issue0.category", "equipment"),
            ("issue0.severity", "high"),
            ("issue0.text", &long),
            ("issue1.category", ""),
            ("issue1.severity", "low"),
            ("issue1.text", "Без категории"),
            (&format!("m{milestone}.date"), &tomorrow),
        ],
    );
    let response = post_draft(&staff, "transport", week, &on, "save", fields).await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    for name in ["narrative", "next", "issue0.text", "issue1.category", &format!("m{milestone}.date")] {
        assert_eq!(texts(&page, &format!("[id='c{kordai}.{name}-error']")).len(), 1, "{name} error beside it");
    }
    assert_eq!(value(&page, &format!("input[name='c{kordai}.issue1.text']")), "Без категории");
    assert_eq!(value(&page, &format!("input[name='c{kordai}.m{milestone}.date']")), tomorrow);
    assert_eq!(app.rows("report_revisions").await, 0, "nothing saved");

    // Closing an issue is one tick, its text unchanged.
    let fields =
        entry(kordai, &[("issue0.category", "internet"), ("issue0.severity", "low"), ("issue0.text", "Нет связи")]);
    assert_eq!(post_draft(&staff, "transport", week, &on, "save", fields).await.status(), 303);
    let on = open_form(&staff, "transport", week).await;
    let fields = entry(
        kordai,
        &[
            ("issue0.category", "internet"),
            ("issue0.severity", "low"),
            ("issue0.text", "Нет связи"),
            ("issue0.close", "on"),
        ],
    );
    assert_eq!(post_draft(&staff, "transport", week, &on, "save", fields).await.status(), 303);
    assert_eq!(app.rows("report_issues").await, 0);
}

#[tokio::test]
async fn a_future_week_and_an_empty_report_are_refused_and_no_change_is_accepted() {
    let app = TestApp::spawn().await;
    let week = this_week();
    let staff = app.visitor(Role::MinistryStaff, Some("finance")).await;
    assert_eq!(staff.get(&format!("/reports/finance/{}/draft", week.next())).await.status(), 404);
    let on = OpenedOn { number: "1".into(), version: "0".into() };
    let kordai = app.checkpoint_id("Kordai").await;
    let response = post_draft(&staff, "finance", week.next(), &on, "save", entry(kordai, &[("percent", "5")])).await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(text(&page, "#week-error").contains("has not started"));
    assert_eq!(app.rows("reports").await, 0);

    // Nothing at all: refused, beside the "no change" box.
    let response = post_draft(&staff, "finance", week, &on, "submit", vec![]).await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(text(&page, "#no_change-error").contains("No change this week"));
    let submitted: i64 = sqlx::query_scalar("select count(*) from report_revisions where status <> 'draft'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(submitted, 0);

    // The statement instead of entries: accepted, and shown as such.
    let page = staff.page(&format!("/reports/finance/{week}/draft"), 200).await;
    let on = OpenedOn { number: value(&page, "input[name=number]"), version: value(&page, "input[name=version]") };
    let response = post_draft(&staff, "finance", week, &on, "submit", vec![("no_change".into(), "on".into())]).await;
    assert_eq!(response.status(), 303);
    let page = app.page(&format!("/reports/finance/{week}"), 200).await;
    assert_eq!(text(&page, "#no-change"), "The body states: no change this week.");
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
