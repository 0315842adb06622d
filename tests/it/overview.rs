//! The overview at `/`: counts per programme (against its target) and per
//! border from the reference data, the target an administrator sets, and
//! the reporting section, which never shows a draft's contents, and the
//! checkpoints needing attention (slipping, disagreeing, recurring
//! problems) from series of reports filed over several weeks.

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
    assert!(text(&page, "#queue-oldest").starts_with("Oldest: Transport, week 48 of 2026 (23\u{2013}29 Nov)"));
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
async fn the_overview_costs_eight_queries_more_than_the_review_queue_then_one_until_the_data_changes() {
    let app = TestApp::spawn().await;
    let pm = app.visitor(Role::PmOffice, None).await;
    // The queue page: the session, the navigation's count and the queue.
    let queue = statements(&pm, "/reports/queue").await;
    // The overview reads the data's generation, then the counts per
    // programme and border, the checkpoints' facts, the open problems, the
    // standings of two weeks and the queue: aggregated in SQL, not per
    // checkpoint or body.
    // And who answers for each body and region, and the S-curve: three more.
    assert_eq!(statements(&pm, "/").await, queue + 8);
    // Until something changes, only the generation is read.
    assert_eq!(statements(&pm, "/").await, queue, "the shared figures are reused");
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let week = crate::reports::this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    crate::reports::file(&transport, "transport", week, entry(kordai, &[("percent", "10")])).await;
    assert_eq!(statements(&pm, "/").await, queue + 8, "a filed report is read afresh, whatever its size");
    assert_eq!(statements(&pm, "/").await, queue);
}

/// Moves the app's clock to the Wednesday of `week`, before its deadline.
fn wednesday_of(app: &TestApp, week: &str) -> IsoWeek {
    let week: IsoWeek = week.parse().unwrap();
    let wednesday = week.monday().succ_opt().unwrap().succ_opt().unwrap();
    app.clock.set(wednesday.and_hms_opt(7, 0, 0).unwrap().and_utc());
    week
}

/// Adds a checkpoint through the register's form (Transport responsible)
/// and returns its id.
async fn add_checkpoint(app: &TestApp, name_en: &str, name_ru: &str, planned: &str) -> i64 {
    let form = [
        ("name_en", name_en),
        ("name_ru", name_ru),
        ("border_country", "CN"),
        ("status", "in_reconstruction"),
        ("programme", "eaeu_external_2025"),
        ("planned_commissioning", planned),
        ("responsible_body", "transport"),
    ];
    assert_eq!(app.post_form("/checkpoints", &form).await.status(), 303);
    app.checkpoint_id(name_en).await
}

fn slipping_cell(page: &Html, id: i64, class: &str) -> String {
    text(page, &format!("table.slipping tr[data-checkpoint='{id}'] td.{class}"))
}

#[tokio::test]
async fn a_steady_trend_past_its_plan_slips_and_two_reports_are_too_few_for_a_forecast() {
    let app = TestApp::spawn_with_clock(Clock::manual("2026-11-04T07:00:00Z".parse().unwrap())).await;
    // Planned for 15 December, then moved to 31 December: the baseline stays.
    let nur = add_checkpoint(&app, "Nur Zholy", "Нур Жолы", "2026-12-15").await;
    let form = [("new_date", "2026-12-31"), ("reason", "Подрядчик сменён")];
    assert_eq!(app.post_form(&format!("/checkpoints/{nur}/commissioning-date"), &form).await.status(), 303);
    let ak = add_checkpoint(&app, "Ak Zhol", "Ак Жол", "2026-11-01").await;
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let finance = app.visitor(Role::MinistryStaff, Some("finance")).await;

    // Nur Zholy: 10 points a week from 20 % in W45; Ak Zhol reported twice.
    for (week, percent) in [("2026-W45", "20"), ("2026-W46", "30"), ("2026-W47", "40"), ("2026-W48", "50")] {
        let week = wednesday_of(&app, week);
        let mut entries = entry(nur, &[("percent", percent)]);
        if week.week() >= 47 {
            let mut ak_fields = vec![("status", "delayed")];
            if week.week() == 47 {
                ak_fields.push(("percent", "10"));
            } else {
                // A new date proposed in W48, which the PM office has not decided on.
                ak_fields.extend([
                    ("percent", "20"),
                    ("proposed_date", "2027-03-01"),
                    ("proposed_reason", "Нет подрядчика"),
                ]);
            }
            entries.extend(entry(ak, &ak_fields));
        }
        crate::reports::file(&transport, "transport", week, entries).await;
    }
    // Finance's draft of W48 would disagree and forecast otherwise: it never counts.
    let w48: IsoWeek = "2026-W48".parse().unwrap();
    let on = open_form(&finance, "finance", w48).await;
    let draft = entry(nur, &[("percent", "95")]);
    assert_eq!(post_draft(&finance, "finance", w48, &on, "save", draft).await.status(), 303);

    let page = app.visitor(Role::Analyst, None).await.page("/", 200).await;
    // The line reaches 100 % on Sunday 3 January: 3 days after the plan,
    // 19 after the baseline; not yet due, so amber.
    let row = format!("table.slipping tr[data-checkpoint='{nur}']");
    assert_eq!(value_of(&page, &row, "data-rag"), "amber");
    assert_eq!(slipping_cell(&page, nur, "rag-cell"), "Amber", "the colour is named, not only shown");
    assert_eq!(slipping_cell(&page, nur, "forecast"), "2027-01-03");
    assert_eq!(slipping_cell(&page, nur, "slip"), "3");
    assert_eq!(slipping_cell(&page, nur, "baseline-slip"), "19");
    assert_eq!(slipping_cell(&page, nur, "baseline"), "2026-12-15");
    assert_eq!(slipping_cell(&page, nur, "planned"), "2026-12-31");
    assert_eq!(slipping_cell(&page, nur, "latest"), "Transport: 50%", "the draft's 95 never counts");
    assert_eq!(slipping_cell(&page, nur, "body"), "Transport");
    assert_eq!(
        value_of(&page, &format!("{row} td.body abbr"), "title"),
        "Committee of Automobile Roads of the Ministry of Transport of the Republic of Kazakhstan"
    );
    assert_eq!(value_of(&page, &format!("{row} th a"), "href"), format!("/checkpoints/{nur}"));
    assert_eq!(value_of(&page, &format!("{row} td.last-report a"), "href"), format!("/reports/transport/{w48}"));

    // Ak Zhol: two reports make no forecast; past its plan of 1 November it
    // is red, slipping by the 24 days since.
    assert_eq!(value_of(&page, &format!("table.slipping tr[data-checkpoint='{ak}']"), "data-rag"), "red");
    assert_eq!(slipping_cell(&page, ak, "forecast"), "too few reports for a forecast");
    assert_eq!(slipping_cell(&page, ak, "slip"), "24");
    assert_eq!(slipping_cell(&page, ak, "proposed-status"), "Behind schedule");
    assert_eq!(slipping_cell(&page, ak, "pending"), "2027-03-01", "awaiting the PM office");
    assert_eq!(slipping_cell(&page, nur, "pending"), "—");

    // Largest slip first: Ak Zhol before Nur Zholy.
    let order: Vec<String> = texts(&page, "table.slipping tbody th a");
    let position = |name: &str| order.iter().position(|n| n == name).unwrap_or_else(|| panic!("{name} in {order:?}"));
    assert!(position("Ak Zhol") < position("Nur Zholy"), "{order:?}");
    assert!(texts(&page, "table.disagreements").is_empty(), "a draft makes no disagreement");
}

#[tokio::test]
async fn bodies_more_than_15_points_apart_disagree_and_a_problem_reported_3_weeks_runs_3_weeks() {
    let app = TestApp::spawn_with_clock(Clock::manual("2026-11-11T07:00:00Z".parse().unwrap())).await;
    let (kordai, karasu) = (app.checkpoint_id("Kordai").await, app.checkpoint_id("Karasu").await);
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let finance = app.visitor(Role::MinistryStaff, Some("finance")).await;
    let internet = [("issue0.category", "internet"), ("issue0.severity", "high"), ("issue0.text", "Нет оптоволокна")];

    for week in ["2026-W46", "2026-W47", "2026-W48"] {
        let week = wednesday_of(&app, week);
        let mut fields = vec![("percent", "40")];
        fields.extend(internet);
        crate::reports::file(&transport, "transport", week, entry(karasu, &fields)).await;
    }
    let w48: IsoWeek = "2026-W48".parse().unwrap();
    // Transport's W48 amended to add Kordai; its issue on Karasu stays.
    let response = transport.post_form(&format!("/reports/transport/{w48}/amend"), &[]).await;
    assert_eq!(response.status(), 303);
    let on = open_form(&transport, "transport", w48).await;
    let mut amended = entry(kordai, &[("percent", "40")]);
    let mut karasu_fields = vec![("percent", "40")];
    karasu_fields.extend(internet);
    amended.extend(entry(karasu, &karasu_fields));
    let response = post_draft(&transport, "transport", w48, &on, "submit", amended).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let mut figures = entry(kordai, &[("percent", "56")]);
    figures.extend(entry(karasu, &[("percent", "25")]));
    crate::reports::file(&finance, "finance", w48, figures).await;

    let page = app.visitor(Role::Analyst, None).await.page("/", 200).await;
    // 40 against 56 is 16 points apart; 40 against 25 is 15: agreement.
    let rows = format!("table.disagreements tr[data-checkpoint='{kordai}']");
    assert_eq!(text(&page, &format!("{rows} td.spread")), "16");
    assert_eq!(texts(&page, &format!("{rows} td.latest .figure")), ["Finance: 56%", "Transport: 40%"]);
    assert!(texts(&page, &format!("table.disagreements tr[data-checkpoint='{karasu}']")).is_empty());

    // The internet problem on Karasu, reported W46 to W48.
    let problem = format!("table.problems tr[data-category=internet] li[data-checkpoint='{karasu}']");
    assert_eq!(text(&page, &format!("{problem} .weeks")), "3 weeks running");
    assert_eq!(text(&page, "table.problems tr[data-category=internet] th"), "Internet access");
    // An open high-severity issue makes Karasu amber, with no plan to slip against.
    let karasu_row = format!("table.slipping tr[data-checkpoint='{karasu}']");
    assert_eq!(value_of(&page, &karasu_row, "data-rag"), "amber");
    assert_eq!(slipping_cell(&page, karasu, "slip"), "—");
    assert_eq!(slipping_cell(&page, karasu, "forecast"), "no progress");

    // In Russian the weeks are counted in Russian.
    let page = app.visitor(Role::Analyst, None).await.page("/?lang=ru", 200).await;
    assert_eq!(text(&page, &format!("{problem} .weeks")), "3 недели подряд");
}

#[tokio::test]
async fn the_slipping_list_shows_25_a_page_largest_slip_first_and_keeps_the_language() {
    let app = TestApp::spawn_with_clock(Clock::manual("2026-11-25T07:00:00Z".parse().unwrap())).await;
    // Every unfinished checkpoint past its plan, each a day later than the last.
    let past_due: u64 = sqlx::query(
        "update checkpoints set planned_commissioning = date '2026-01-01' + id::int where status <> 'commissioned'",
    )
    .execute(&app.pool)
    .await
    .unwrap()
    .rows_affected();
    assert_eq!(past_due, 43);
    let analyst = app.visitor(Role::Analyst, None).await;
    let slips = |page: &Html| -> Vec<i64> {
        texts(page, "table.slipping td.slip").iter().map(|t| t.parse().unwrap()).collect()
    };

    let first = analyst.page("/?lang=en", 200).await;
    assert_eq!(texts(&first, "table.slipping tbody tr").len(), 25);
    assert_eq!(texts(&first, "table.slipping tbody tr[data-rag=red]").len(), 25, "past due: red");
    assert_eq!(text(&first, "#slipping-page"), "Page 1 of 2");
    let next = value_of(&first, "a[rel=next]", "href");
    assert_eq!(next, "/?lang=en&page=2#slipping");
    let second = analyst.page(&next, 200).await;
    assert_eq!(texts(&second, "table.slipping tbody tr").len(), 18);
    assert_eq!(value_of(&second, "a[rel=prev]", "href"), "/?lang=en#slipping");
    let all: Vec<i64> = [slips(&first), slips(&second)].concat();
    assert!(all.windows(2).all(|w| w[0] >= w[1]), "largest slip first: {all:?}");
    assert_eq!(
        text(&analyst.page("/?page=99", 200).await, "#slipping-page"),
        "Page 2 of 2",
        "past the end: the last page"
    );
}

/// The text of each section of the overview that shows the programme's
/// state, to compare two views of the same week.
fn state_sections(page: &Html) -> Vec<String> {
    ["#programmes", "#borders", "#reporting", "#slipping", "#disagreement", "#problems"]
        .iter()
        .map(|s| texts(page, s).join(" "))
        .collect()
}

#[tokio::test]
async fn what_is_done_in_a_week_changes_no_view_of_the_weeks_before_it() {
    let now = chrono::Utc::now();
    let app = TestApp::spawn_with_clock(Clock::manual(now)).await;
    let this_week = IsoWeek::at(now);
    let last_week = this_week.previous();
    // A checkpoint past its plan since a month ago (its history backdated).
    let nur = add_checkpoint(&app, "Nur Zholy", "Нур Жолы", "2026-06-30").await;
    sqlx::query(
        "insert into status_revisions (checkpoint_id, status, changed_by, changed_at)
         values ($1, 'in_reconstruction', 'test', now() - interval '30 days')",
    )
    .bind(nur)
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into date_revisions (checkpoint_id, field, new_date, reason, changed_by, changed_at)
         values ($1, 'commissioning', date '2026-06-30', 'baseline', 'test', now() - interval '30 days')",
    )
    .bind(nur)
    .execute(&app.pool)
    .await
    .unwrap();
    let analyst = app.visitor(Role::Analyst, None).await;
    let last_week_view = format!("/?as_of={last_week}&lang=en");
    let before = analyst.page(&last_week_view, 200).await;
    let week = checkpoint_tracker::i18n::Tr::new(checkpoint_tracker::i18n::Lang::En).week_short(&last_week);
    assert!(text(&before, "#as-of-banner").starts_with(&format!("As known at the end of {week} (Sunday ")));
    assert_eq!(slipping_cell(&before, nur, "planned"), "2026-06-30");
    // Only what was known then: Nur Zholy, in reconstruction.
    let programme = "table.programmes tr[data-programme='eaeu_external_2025']";
    assert_eq!(counts(&before, programme), line([0, 1, 0, 0, 0, 1]));

    // This week: the plan moves, the status changes, a report is filed.
    let form = [("new_date", "2027-06-30"), ("reason", "Новый подрядчик")];
    assert_eq!(app.post_form(&format!("/checkpoints/{nur}/commissioning-date"), &form).await.status(), 303);
    sqlx::query("update checkpoints set status = 'suspended' where id = $1")
        .bind(nur)
        .execute(&app.pool)
        .await
        .unwrap();
    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    crate::reports::file(&transport, "transport", this_week, entry(nur, &[("percent", "40")])).await;

    // Last week's view is exactly what it was.
    let after = analyst.page(&last_week_view, 200).await;
    assert_eq!(state_sections(&after), state_sections(&before));

    // Next week, this week's view shows all three.
    let wednesday = this_week.next().monday() + chrono::Duration::days(2);
    app.clock.set(wednesday.and_hms_opt(7, 0, 0).unwrap().and_utc());
    let this_week_view = analyst.page(&format!("/?as_of={this_week}&lang=en"), 200).await;
    assert_ne!(state_sections(&this_week_view), state_sections(&before));
    // The reference data, loaded this week, is known from this week on.
    let now_view = analyst.page("/?lang=en", 200).await;
    let programme = "table.programmes tr[data-programme='eaeu_external_2025']";
    assert_eq!(counts(&this_week_view, programme), counts(&now_view, programme));
    assert_eq!(counts(&this_week_view, programme), line([4, 0, 0, 1, 0, 5]), "Nur Zholy suspended");
    assert!(
        texts(&this_week_view, &format!("table.slipping tr[data-checkpoint='{nur}']")).is_empty(),
        "planned for 2027 and suspended: no longer past due"
    );
    let row = "table.reporting tr[data-body='transport'] td";
    assert_eq!(texts(&this_week_view, row).first().map(String::as_str), Some("On time"));
    assert!(texts(&now_view, "#as-of-banner").is_empty());
}

#[tokio::test]
async fn a_week_that_is_not_a_week_is_refused_beside_the_picker_and_kept() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let page = analyst.page("/?as_of=2026-W99&lang=en", 400).await;
    assert_eq!(text(&page, "#as_of-error"), "Enter a week as year and week number, e.g. 2026-W05.");
    assert_eq!(value(&page, "#as_of"), "2026-W99");
    assert_eq!(value_of(&page, "#as_of", "aria-invalid"), "true");
    // The page itself still shows the overview now.
    assert!(!texts(&page, "table.programmes tbody tr").is_empty());
    // A week that has not ended cannot be known yet: the overview now.
    let next = IsoWeek::at(chrono::Utc::now()).next();
    let page = analyst.page(&format!("/?as_of={next}"), 200).await;
    assert!(texts(&page, "#as-of-banner").is_empty());
}

#[tokio::test]
async fn the_briefing_hides_the_navigation_and_names_the_week() {
    let app = TestApp::spawn().await;
    let pm = app.visitor(Role::PmOffice, None).await;
    let page = pm.page("/?lang=en", 200).await;
    assert_eq!(value_of(&page, "#print-link", "href"), "/?lang=en&view=print");
    let briefing = pm.page("/?lang=en&view=print", 200).await;
    assert_eq!(value_of(&briefing, "html", "class"), "briefing");
    let this_week = IsoWeek::at(chrono::Utc::now());
    let week = checkpoint_tracker::i18n::Tr::new(checkpoint_tracker::i18n::Lang::En).week(&this_week);
    assert!(text(&briefing, "#briefing-head").starts_with(&format!("Programme overview, {week}. Printed ")));
    let css = pm.get("/static/css/app.css").await.text().await.unwrap();
    assert!(css.contains("@media print") && css.contains("counter(pages)"), "the print stylesheet numbers pages");
}

#[tokio::test]
async fn a_second_instance_shows_a_report_filed_through_the_first_at_once() {
    let app = TestApp::spawn().await;
    // Another app instance on the same database, with its own shared figures.
    let second = app.second_server(checkpoint_tracker::state::Settings::default()).await;
    let week = crate::reports::this_week();
    let link = format!("table.reporting tr[data-body='transport'] td[data-week='{week}'] a");
    let before = second.page("/?lang=en", 200).await;
    assert!(texts(&before, &link).is_empty(), "nothing filed yet");
    let again = second.page("/?lang=en", 200).await;
    assert_eq!(state_sections(&again), state_sections(&before), "kept while nothing changes");

    let transport = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let kordai = app.checkpoint_id("Kordai").await;
    crate::reports::file(&transport, "transport", week, entry(kordai, &[("percent", "10")])).await;

    let after = second.page("/?lang=en", 200).await;
    assert_eq!(texts(&after, &link).len(), 1, "the report filed through the first instance");
}

#[tokio::test]
async fn the_accountable_official_and_the_regional_coordinator_stand_beside_the_body() {
    let app = TestApp::spawn().await;
    // Kordai (Zhambyl region, on the Kyrgyz border) past its plan.
    let kordai = app.checkpoint_id("Kordai").await;
    sqlx::query(
        "update checkpoints set status = 'in_reconstruction', actual_commissioning = null,
                responsible_body = 'transport' where id = $1",
    )
    .bind(kordai)
    .execute(&app.pool)
    .await
    .unwrap();
    let form = [("new_date", "2026-03-31"), ("reason", "По графику")];
    assert_eq!(app.post_form(&format!("/checkpoints/{kordai}/commissioning-date"), &form).await.status(), 303);
    let analyst = app.visitor(Role::Analyst, None).await;
    let row = format!("table.slipping tr[data-checkpoint='{kordai}']");
    let before = analyst.page("/?lang=en", 200).await;
    assert!(texts(&before, &format!("{row} .official")).is_empty(), "nobody appointed yet");

    let appoint = |post: &'static str, name: &'static str, position: &'static str| {
        let app = &app;
        async move {
            let form = [("post", post), ("name", name), ("position", position), ("from", "2026-01-15")];
            assert_eq!(app.post_form("/officials/appointments", &form).await.status(), 303);
        }
    };
    appoint("body:transport", "Ержан Сапаров", "Председатель Комитета автомобильных дорог").await;
    appoint("region:Zhambyl", "Айгуль Нурланова", "Вице-министр транспорта").await;

    let page = analyst.page("/?lang=en", 200).await;
    assert_eq!(
        text(&page, &format!("{row} .official")),
        "Accountable: Ержан Сапаров, Председатель Комитета автомобильных дорог"
    );
    assert_eq!(text(&page, &format!("{row} .coordinator")), "Coordinator: Айгуль Нурланова, Вице-министр транспорта");
    assert_eq!(
        text(&page, "table.borders tr[data-border='KG'] td.coordinators"),
        "Zhambyl Region: Айгуль Нурланова, Вице-министр транспорта"
    );
    assert_eq!(text(&page, "table.borders tr[data-border='KG'] td.slipping-count"), "1");
    // And on the checkpoint's page.
    let page = analyst.page(&format!("/checkpoints/{kordai}?lang=en"), 200).await;
    assert_eq!(text(&page, "#official"), "Accountable: Ержан Сапаров, Председатель Комитета автомобильных дорог");
    assert_eq!(text(&page, "#coordinator"), "Coordinator: Айгуль Нурланова, Вице-министр транспорта");
}
