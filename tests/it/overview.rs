//! The overview at `/`: counts per programme (against its target) and per
//! border from the reference data, the target an administrator sets, and
//! the reporting section, which never shows a draft's contents.

use checkpoint_tracker::clock::Clock;
use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::IsoWeek;
use scraper::Html;

use crate::reports::{entry, open_form, post_draft};
use crate::support::{TestApp, Visitor, text, texts, value};

const STATUSES: [&str; 5] = ["commissioned", "in_reconstruction", "planned", "suspended", "unknown"];

/// A line's counts in `STATUSES`' order, then its total.
fn counts(page: &Html, row: &str) -> Vec<String> {
    let mut out: Vec<String> = STATUSES.iter().map(|s| text(page, &format!("{row} td[data-status={s}]"))).collect();
    out.push(text(page, &format!("{row} td.total")));
    out
}

fn line(values: [u32; 6]) -> Vec<String> {
    values.iter().map(u32::to_string).collect()
}

fn against_target(page: &Html, programme: &str) -> String {
    text(page, &format!("tr[data-programme={programme}] td.against-target"))
}

#[tokio::test]
async fn counts_per_programme_and_border_match_the_reference_data() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;

    let page = analyst.page("/", 200).await;

    // commissioned, in reconstruction, planned, suspended, unknown, total
    let programme = |code: &str| counts(&page, &format!("table.programmes tr[data-programme={code}]"));
    assert_eq!(programme("eaeu_external_2025"), line([4, 0, 0, 0, 0, 4]));
    assert_eq!(programme("eaeu_internal"), line([1, 6, 0, 0, 26, 33]));
    assert_eq!(programme("additional"), line([0, 1, 0, 0, 0, 1]));
    // The PM meeting's sentence: 9 planned, only 4 of them named in the register.
    assert_eq!(against_target(&page, "eaeu_external_2025"), "4 commissioned of 9 planned; 5 not yet in the register");
    assert_eq!(text(&page, "tr[data-programme=eaeu_external_2025] td.target"), "9 by 2025");
    assert_eq!(against_target(&page, "eaeu_internal"), "No target set");
    assert_eq!(
        texts(&page, "table.programmes tbody th[scope=row]"),
        ["EAEU external borders, 2025 plan", "EAEU internal borders", "Beyond the plan"],
        "the plan first"
    );

    let border = |code: &str| counts(&page, &format!("table.borders tr[data-border={code}]"));
    assert_eq!(border("CN"), line([1, 0, 0, 0, 4, 5]));
    assert_eq!(border("UZ"), line([2, 3, 0, 0, 3, 8]));
    assert_eq!(border("TM"), line([0, 0, 0, 0, 1, 1]));
    assert_eq!(border("RU"), line([0, 4, 0, 0, 22, 26]));
    assert_eq!(border("KG"), line([1, 2, 0, 0, 4, 7]));
    assert_eq!(border("unknown"), line([1, 0, 0, 0, 0, 1]), "Alakol: no border recorded");
    let total: u32 = texts(&page, "table.borders td.total").iter().map(|t| t.parse::<u32>().unwrap()).sum();
    assert_eq!(total, 48, "every checkpoint of the register once");
    assert_eq!(
        texts(&page, "table.borders th[scope=row]"),
        ["China", "Uzbekistan", "Turkmenistan", "Russia", "Kyrgyzstan", "Unknown"]
    );

    // Reached from every page; the brand leads here too.
    let register = analyst.page("/checkpoints", 200).await;
    assert_eq!(value_of(&register, "#nav-overview", "href"), "/");
    assert_eq!(value_of(&register, "#nav-compliance", "href"), "/reports/compliance");
    assert_eq!(value_of(&register, "a.brand", "href"), "/");
    assert!(texts(&page, "a.edit-target").is_empty(), "an analyst edits no target");
}

fn value_of(page: &Html, selector: &str, attribute: &str) -> String {
    let s = scraper::Selector::parse(selector).unwrap();
    let element = page.select(&s).next().unwrap_or_else(|| panic!("no {selector}"));
    element.value().attr(attribute).unwrap_or_default().to_owned()
}

async fn post_target(visitor: &Visitor, code: &str, version: &str, count: &str, year: &str) -> reqwest::Response {
    let form = [("version", version), ("target_count", count), ("target_year", year)];
    visitor.post_form(&format!("/programmes/{code}/target"), &form).await
}

#[tokio::test]
async fn an_administrator_sets_a_target_and_the_overview_compares_against_it() {
    let app = TestApp::spawn().await;
    let overview = app.page("/", 200).await;
    assert_eq!(texts(&overview, "a.edit-target").len(), 3, "one per programme");
    let form = app.page("/programmes/eaeu_internal/target", 200).await;
    let version = value(&form, "input[name=version]");
    assert_eq!(value(&form, "input[name=target_count]"), "");

    // A bad target: 422, the error beside its field, the input kept.
    let response = post_target(&app, "eaeu_internal", &version, "0", "2026").await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#target_count-error"), "Enter a whole number from 1 to 1000.");
    assert_eq!(value(&page, "input[name=target_count]"), "0");
    assert_eq!(value(&page, "input[name=target_year]"), "2026");
    let response = post_target(&app, "eaeu_internal", &version, "40", "").await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#target_year-error"), "Give both the number and the year, or leave both blank.");

    let response = post_target(&app, "eaeu_internal", &version, "40", "2026").await;
    assert_eq!(response.status(), 303);
    let page = app.page("/", 200).await;
    assert_eq!(against_target(&page, "eaeu_internal"), "1 commissioned of 40 planned; 7 not yet in the register");
    assert_eq!(text(&page, "tr[data-programme=eaeu_internal] td.target").split(" Change").next(), Some("40 by 2026"));
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'programme.target' and after->>'code' = 'eaeu_internal'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);

    // A form opened before that save is stale: 409, the input kept.
    let response = post_target(&app, "eaeu_internal", &version, "30", "2027").await;
    assert_eq!(response.status(), 409);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(value(&page, "input[name=target_count]"), "30");
    assert_eq!(texts(&page, "#stale").len(), 1);

    // Fewer planned than the register names: no "not yet in the register".
    let version = value(&app.page("/programmes/eaeu_internal/target", 200).await, "input[name=version]");
    assert_eq!(post_target(&app, "eaeu_internal", &version, "20", "2026").await.status(), 303);
    assert_eq!(against_target(&app.page("/", 200).await, "eaeu_internal"), "1 commissioned of 20 planned");
}

#[tokio::test]
async fn only_an_administrator_sets_a_target() {
    let app = TestApp::spawn().await;
    let version = value(&app.page("/programmes/eaeu_external_2025/target", 200).await, "input[name=version]");
    for visitor in [
        app.visitor(Role::PmOffice, None).await,
        app.visitor(Role::Analyst, None).await,
        app.visitor(Role::MinistryStaff, Some("transport")).await,
    ] {
        assert_eq!(visitor.get("/programmes/eaeu_external_2025/target").await.status(), 403);
        let response = post_target(&visitor, "eaeu_external_2025", &version, "4", "2025").await;
        assert_eq!(response.status(), 403);
        assert!(texts(&visitor.page("/", 200).await, "a.edit-target").is_empty());
    }
    let page = app.page("/", 200).await;
    assert_eq!(against_target(&page, "eaeu_external_2025"), "4 commissioned of 9 planned; 5 not yet in the register");
    assert_eq!(app.get("/programmes/nowhere/target").await.status(), 404);
}

#[tokio::test]
async fn the_reporting_section_shows_standings_and_the_queue_but_never_a_draft() {
    // Wednesday of 2026-W48, before its deadline.
    let app = TestApp::spawn_with_clock(Clock::manual("2026-11-25T07:00:00Z".parse().unwrap())).await;
    let (w48, w47): (IsoWeek, IsoWeek) = ("2026-W48".parse().unwrap(), "2026-W47".parse().unwrap());
    let kordai = app.checkpoint_id("Kordai").await;
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let finance = app.visitor(Role::MinistryStaff, Some("finance")).await;
    let on = open_form(&transport, "transport", w48).await;
    let submitted = entry(kordai, &[("percent", "30"), ("narrative", "Монтаж сканеров")]);
    assert_eq!(post_draft(&transport, "transport", w48, &on, "submit", submitted).await.status(), 303);
    let on = open_form(&finance, "finance", w48).await;
    let draft = entry(kordai, &[("percent", "55"), ("narrative", "Секретный черновик финансов")]);
    assert_eq!(post_draft(&finance, "finance", w48, &on, "save", draft).await.status(), 303);

    let pm = app.visitor(Role::PmOffice, None).await;
    let page = pm.page("/", 200).await;
    let cell = |page: &Html, body: &str, week: IsoWeek| {
        text(page, &format!("table.reporting tr[data-body={body}] td[data-week='{week}']"))
    };
    assert_eq!(cell(&page, "transport", w48), "On time");
    assert_eq!(
        value_of(&page, &format!("tr[data-body=transport] td[data-week='{w48}'] a"), "href"),
        format!("/reports/transport/{w48}")
    );
    assert_eq!(cell(&page, "finance", w48), "Draft started");
    assert_eq!(cell(&page, "border_service", w48), "Not yet due");
    assert_eq!(cell(&page, "transport", w47), "Missing", "last week: nothing filed");
    assert_eq!(text(&page, "#queue-count"), "1 report waiting for review");
    assert_eq!(value_of(&page, "#queue-count", "href"), "/reports/queue");
    assert!(text(&page, "#queue-oldest").starts_with("Oldest: Transport, 2026-W48"));
    assert_eq!(value_of(&page, "#queue-oldest a", "href"), format!("/reports/transport/{w48}"));

    // Nobody outside the finance body reads the draft; nobody reads it here.
    let analyst = app.visitor(Role::Analyst, None).await;
    for (who, visitor) in [("pm", &pm), ("analyst", &analyst), ("transport", &transport), ("finance", &finance)] {
        let html = visitor.get("/").await.text().await.unwrap();
        assert!(!html.contains("Секретный черновик"), "{who} sees the draft's narrative");
        let shown = text(&Html::parse_document(&html), "main");
        assert!(!shown.contains("55"), "{who} sees the draft's percent: {shown}");
    }
    let page = analyst.page("/", 200).await;
    assert_eq!(cell(&page, "transport", w48), "On time");
    assert!(texts(&page, "#queue-summary").is_empty(), "only reviewers see the queue");
}

/// The statements a GET costs, from sqlx's log of the request.
async fn statements(visitor: &Visitor, path: &str) -> usize {
    let response = visitor.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    let id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    crate::query_count::statements_of(&id)
}

#[tokio::test]
async fn the_overview_costs_three_queries_more_than_the_review_queue_whatever_is_filed() {
    let app = TestApp::spawn().await;
    let pm = app.visitor(Role::PmOffice, None).await;
    // The queue page: the session, the navigation's count and the queue.
    let queue = statements(&pm, "/reports/queue").await;
    // The overview adds the counts per programme and per border, and the
    // standings of two weeks: aggregated in SQL, not per checkpoint or body.
    assert_eq!(statements(&pm, "/").await, queue + 3);
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let week = crate::reports::this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    crate::reports::file(&transport, "transport", week, entry(kordai, &[("percent", "10")])).await;
    assert_eq!(statements(&pm, "/").await, queue + 3, "a filed report adds no query");
}
