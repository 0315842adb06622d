//! The checkpoint page: what the reports say (latest figures per body, open
//! issues), the milestone timeline with baseline and current dates, the
//! page as known at the end of a past week (`?as_of=`), and its charts,
//! each of which must be well-formed SVG with a title.

use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::IsoWeek;
use chrono::{Duration, Utc};
use scraper::Html;

use crate::query_count::statements_of;
use crate::reports::{entry, file, this_week};
use crate::support::{TestApp, text, texts};

/// Zhibek Zholy: in reconstruction, planned for 2026-06-30 in the reference data.
async fn zhibek_zholy(app: &TestApp) -> i64 {
    app.checkpoint_id("Zhibek Zholy").await
}

/// Every `<svg>…</svg>` of a page exactly as served, each parsed as XML:
/// its `<title>` text.
fn svg_titles(html: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("a closed <svg>") + start + "</svg>".len();
        let svg = &rest[start..end];
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("an SVG that is not XML ({e}): {svg}"));
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        let title = root.children().find(|n| n.has_tag_name("title")).expect("an SVG without a <title>");
        assert!(root.children().any(|n| n.has_tag_name("desc")), "an SVG without a <desc>");
        titles.push(title.text().unwrap_or_default().to_owned());
        rest = &rest[end..];
    }
    titles
}

async fn page_text(app: &TestApp, path: &str, status: u16) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), status, "{path}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn the_page_shows_each_bodys_latest_figures_open_issues_and_baseline_against_current_dates() {
    let app = TestApp::spawn().await;
    let id = zhibek_zholy(&app).await;
    let milestone = app
        .add_milestone(
            id,
            &[
                ("title", "Сканеры"),
                ("kind", "equipment"),
                ("planned_start", "2026-03-01"),
                ("planned_finish", "2026-06-30"),
            ],
        )
        .await;
    let revised = app
        .post_form(
            &format!("/checkpoints/{id}/milestones/{milestone}/dates"),
            &[("field", "finish"), ("new_date", "2026-09-15"), ("reason", "Поставка задерживается")],
        )
        .await;
    assert_eq!(revised.status(), 303);

    let week = this_week();
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let fields = entry(
        id,
        &[
            ("percent", "40"),
            ("status", "at_risk"),
            ("narrative", "Монтаж сканеров идёт по графику поставки"),
            ("issue0.category", "internet"),
            ("issue0.severity", "high"),
            ("issue0.text", "Нет связи"),
        ],
    );
    file(&transport, "transport", week.previous(), entry(id, &[("percent", "20"), ("status", "at_risk")])).await;
    file(&transport, "transport", week, fields).await;
    let finance = app.visitor(Role::MinistryStaff, Some("finance")).await;
    file(&finance, "finance", week, entry(id, &[("percent", "60"), ("status", "on_track")])).await;
    // A draft never counts.
    let border = app.visitor(Role::MinistryStaff, Some("border_service")).await;
    let on = crate::reports::open_form(&border, "border_service", week).await;
    let draft =
        crate::reports::post_draft(&border, "border_service", week, &on, "save", entry(id, &[("percent", "99")]));
    assert_eq!(draft.await.status(), 303);

    let analyst = app.visitor(Role::Analyst, None).await;
    let response = analyst.get(&format!("/checkpoints/{id}")).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let page = Html::parse_document(&html);

    // Latest figures, one row per body that reported, never the draft.
    let row = |body: &str, cell: &str| text(&page, &format!("table.latest-figures tr[data-body={body}] {cell}"));
    assert_eq!(texts(&page, "table.latest-figures tbody tr").len(), 2);
    assert_eq!(row("transport", "td.percent"), "40%");
    assert_eq!(row("transport", "td.proposed-status"), "At risk");
    assert_eq!(row("transport", "td.week"), format!("week {} of {}", week.week(), week.year()));
    assert_eq!(row("transport", "td.narrative"), "Монтаж сканеров идёт по графику поставки");
    assert_eq!(row("finance", "td.percent"), "60%");
    assert!(!html.contains("99%"), "a draft's figure is not shown");

    // The open issue, with its body and since when.
    assert_eq!(texts(&page, "table.open-issues tbody tr").len(), 1);
    let issue = |cell: &str| text(&page, &format!("table.open-issues tr[data-category=internet] {cell}"));
    assert_eq!(issue("th"), "Internet access");
    assert_eq!(issue("td.prose"), "Нет связи");
    assert_eq!(issue("td.severity"), "High");
    assert_eq!(issue("td.since"), format!("week {} of {} (1 week)", week.week(), week.year()));

    // Its plan (30 June 2026) has passed unfinished: red by the rules, with the slip said.
    assert!(
        text(&page, "#rag-computed").starts_with("Colour by the rules: Red · slip of"),
        "{}",
        text(&page, "#rag-computed")
    );

    // The milestone's baseline beside its current plan.
    let milestone_row = |cell: &str| text(&page, &format!("table.milestones tr[data-milestone='{milestone}'] {cell}"));
    assert_eq!(milestone_row("td.baseline"), "2026-03-01 – 2026-06-30");
    assert!(milestone_row("td.planned-finish").starts_with("2026-09-15"));
    assert_eq!(milestone_row("td.planned-start"), "2026-03-01");

    // The trend and the timeline, each with its title and its table.
    assert_eq!(svg_titles(&html), ["Reported progress per week", "Milestone timeline: baseline and current plan"]);
    assert_eq!(texts(&page, "#chart-trend-figure details tbody tr").len(), 2, "two reported weeks");
    assert_eq!(texts(&page, "#chart-gantt-figure details tbody tr").len(), 1);
    // The trend's week takes the highest figure when no body is responsible.
    assert_eq!(
        text(&page, "#chart-trend-figure details tbody tr:last-child td:nth-child(2)"),
        "60%",
        "finance's 60 over transport's 40"
    );
}

#[tokio::test]
async fn as_of_a_week_shows_nothing_recorded_after_its_end() {
    let app = TestApp::spawn().await;
    let id = zhibek_zholy(&app).await;
    let week = this_week();
    let past = week.previous().previous();
    let long_ago = past.end() - Duration::days(20);

    // What was known in the past week: the checkpoint, planned, with its
    // first plan (backdated rows, as the demo data writes them).
    sqlx::query(
        "insert into status_revisions (checkpoint_id, status, changed_by, changed_at) values ($1, 'planned', 'test', $2)",
    )
    .bind(id)
    .bind(long_ago)
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into date_revisions (checkpoint_id, field, new_date, reason, changed_by, changed_at)
         values ($1, 'commissioning', '2026-03-31', 'first plan', 'test', $2)",
    )
    .bind(id)
    .bind(long_ago)
    .execute(&app.pool)
    .await
    .unwrap();
    // A report for that week, submitted within it.
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    file(&transport, "transport", past, entry(id, &[("percent", "30"), ("status", "on_track")])).await;
    backdate_submission(&app, past, past.end() - Duration::hours(30)).await;

    // After its end: a report, a status change, a date revision and a RAG override.
    file(&transport, "transport", week, entry(id, &[("percent", "55"), ("status", "delayed")])).await;
    sqlx::query("update checkpoints set status = 'suspended' where id = $1").bind(id).execute(&app.pool).await.unwrap();
    let revised = app
        .post_form(
            &format!("/checkpoints/{id}/commissioning-date"),
            &[("new_date", "2027-03-31"), ("reason", "Поставка")],
        )
        .await;
    assert_eq!(revised.status(), 303);

    sqlx::query(
        "insert into rag_overrides (checkpoint_id, rag, reason, set_by)
         select $1, 'red', 'Срыв поставки', id from users where username = 'admin'",
    )
    .bind(id)
    .execute(&app.pool)
    .await
    .unwrap();

    let then = app.page(&format!("/checkpoints/{id}?as_of={past}"), 200).await;
    assert_eq!(
        text(&then, "#as-of-banner"),
        format!("As of week {} of {} (ending {}) Back to now", past.week(), past.year(), app_long_date(past.sunday())),
    );
    assert_eq!(text(&then, "#status"), "Planned");
    assert!(
        text(&then, "#planned-commissioning").starts_with("2026-03-31"),
        "{}",
        text(&then, "#planned-commissioning")
    );
    assert_eq!(text(&then, "table.latest-figures tr[data-body=transport] td.percent"), "30%");
    assert_eq!(
        text(&then, "table.latest-figures tr[data-body=transport] td.week"),
        format!("week {} of {}", past.week(), past.year())
    );
    assert!(texts(&then, "a[href$='/edit'], a[href$='/commissioning-date']").is_empty(), "no edit buttons");
    assert_eq!(texts(&then, "input[type=week][name=as_of]").len(), 1);
    assert!(!then.html().contains("55%") && !then.html().contains("2027-03-31"));
    assert_eq!(text(&then, "#rag-current"), "The colour is computed by the rules; the PM office has not set one.");

    let now = app.page(&format!("/checkpoints/{id}"), 200).await;
    assert!(texts(&now, "#as-of-banner").is_empty());
    assert_eq!(text(&now, "#status"), "Suspended");
    assert!(text(&now, "#planned-commissioning").starts_with("2027-03-31"));
    assert_eq!(text(&now, "table.latest-figures tr[data-body=transport] td.percent"), "55%");
    assert_eq!(texts(&now, "a[href$='/commissioning-date']").len(), 1);
    assert!(text(&now, "#rag-current .status-rag").contains("Red"));

    // Before it was in the register: said on the page, not an error.
    let before = past.previous().previous().previous().previous();
    let page = app.page(&format!("/checkpoints/{id}?as_of={before}"), 200).await;
    assert!(!text(&page, "#not-yet").is_empty());
    assert!(texts(&page, "table.latest-figures").is_empty());

    // The programme's S-curve sees the same history.
    let curve = checkpoint_tracker::db::progress::programme_curve(&app.pool, Utc::now(), 3).await.unwrap();
    let weeks: Vec<IsoWeek> = curve.iter().map(|w| w.week).collect();
    assert_eq!(weeks, [past, past.next(), week]);
    assert_eq!((curve[0].reported, curve[0].reported_count), (Some(30.0), 1));
    assert_eq!((curve[2].reported, curve[2].reported_count), (Some(55.0), 1));
    assert!(curve.iter().all(|w| w.planned.is_some_and(|p| (0.0..=100.0).contains(&p))));
    let view = checkpoint_tracker::web::charts::s_curve_view(
        &checkpoint_tracker::i18n::Tr::new(checkpoint_tracker::i18n::Lang::Ru),
        &curve,
    );
    assert_eq!(svg_titles(&view.svg), ["S-кривая программы: плановая и фактическая готовность"]);
    assert_eq!(view.rows.len(), 3);
}

/// Moves the submission of the week's revisions to `at`, past the
/// database's guard (as a data fix would): the only way to file "last week"
/// in a test that runs today.
async fn backdate_submission(app: &TestApp, week: IsoWeek, at: chrono::DateTime<Utc>) {
    let mut tx = app.pool.begin().await.unwrap();
    sqlx::query("set local session_replication_role = replica").execute(&mut *tx).await.unwrap();
    sqlx::query(
        "update report_revisions set submitted_at = $3, created_at = $3, updated_at = $3
         where report_id in (select id from reports where iso_year = $1 and iso_week = $2)",
    )
    .bind(week.year())
    .bind(week.week() as i32)
    .bind(at)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

fn app_long_date(date: chrono::NaiveDate) -> String {
    checkpoint_tracker::i18n::Tr::new(checkpoint_tracker::i18n::Lang::En).long_date(&date)
}

#[tokio::test]
async fn an_invalid_week_is_a_400_that_says_so() {
    let app = TestApp::spawn().await;
    let id = zhibek_zholy(&app).await;
    for bad in ["2026-W99", "last-week", "2026-05", "<script>"] {
        let query: String = url::form_urlencoded::byte_serialize(bad.as_bytes()).collect();
        let html = page_text(&app, &format!("/checkpoints/{id}?as_of={query}"), 400).await;
        let page = Html::parse_document(&html);
        assert!(text(&page, "#as-of-error").contains(bad), "{bad}: {}", text(&page, "#as-of-error"));
        assert_eq!(texts(&page, "input[type=week][name=as_of]").len(), 1);
    }
    // A blank week (the picker submitted empty) is "now".
    page_text(&app, &format!("/checkpoints/{id}?as_of="), 200).await;
}

#[tokio::test]
async fn the_page_costs_as_many_queries_with_milestones_and_reports_as_without() {
    let app = TestApp::spawn().await;
    let id = zhibek_zholy(&app).await;
    let bare = app.checkpoint_id("Kordai").await;
    for n in 0..3 {
        app.add_milestone(id, &[("title", &format!("Этап {n}")), ("kind", "other"), ("planned_finish", "2026-12-01")])
            .await;
    }
    let week = this_week();
    for body in ["transport", "finance"] {
        let staff = app.visitor(Role::MinistryStaff, Some(body)).await;
        let fields = entry(
            id,
            &[
                ("percent", "40"),
                ("status", "on_track"),
                ("issue0.category", "equipment"),
                ("issue0.severity", "low"),
                ("issue0.text", "Ждём"),
            ],
        );
        file(&staff, body, week, fields).await;
    }
    let count = |path: String| {
        let app = &app;
        async move {
            let response = app.get(&path).await;
            assert_eq!(response.status(), 200);
            statements_of(response.headers()["x-request-id"].to_str().unwrap())
        }
    };
    let empty = count(format!("/checkpoints/{bare}")).await;
    let full = count(format!("/checkpoints/{id}")).await;
    let as_of = count(format!("/checkpoints/{id}?as_of={}", week.previous())).await;
    assert!(empty > 0, "the statement log is captured");
    assert_eq!((full, as_of), (empty, empty), "the count does not grow with milestones, bodies or weeks");
}

#[tokio::test]
async fn the_page_with_its_charts_does_not_scroll_sideways_on_a_390_px_phone() {
    use crate::support::PASSWORD;
    use crate::webdriver::Browser;

    let app = TestApp::spawn().await;
    let id = zhibek_zholy(&app).await;
    app.add_milestone(
        id,
        &[
            ("title", "Оснащение оборудованием досмотра транспортных средств"),
            ("kind", "equipment"),
            ("planned_start", "2026-01-15"),
            ("planned_finish", "2026-08-31"),
        ],
    )
    .await;
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    file(&transport, "transport", this_week(), entry(id, &[("percent", "45"), ("status", "delayed")])).await;

    let browser = Browser::start().await;
    browser.client.set_window_size(390, 844).await.unwrap();
    browser.goto(&app.url("/checkpoints")).await;
    browser.fill("#username", "admin").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form[action='/login'] button[type=submit]").await;
    browser.text("#signed-in-as").await;
    browser.goto(&app.url(&format!("/checkpoints/{id}"))).await;
    assert_eq!(browser.text("table.latest-figures td.percent").await, "45%");
    let widths = browser
        .client
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                     document.querySelector('#chart-gantt').getBoundingClientRect().width];",
            vec![],
        )
        .await
        .unwrap();
    let widths: Vec<f64> = serde_json::from_value(widths).unwrap();
    assert!(widths[1] <= 390.0, "a phone's window: {widths:?}");
    assert!(widths[0] <= widths[1], "the page is {} px wide in a {} px window", widths[0], widths[1]);
    assert!(widths[2] > 200.0 && widths[2] <= widths[1], "the timeline fills the width: {widths:?}");
    browser.close().await;
}
