//! User journeys in a real headless Chromium.

use checkpoint_tracker::clock::Clock;
use checkpoint_tracker::domain::user::Role;

use crate::support::{PASSWORD, TestApp};
use crate::webdriver::Browser;

/// Submits the login form (reached by asking for the register).
async fn try_log_in(browser: &Browser, app: &TestApp, username: &str, password: &str) {
    browser.goto(&app.url("/checkpoints")).await;
    assert!(browser.current_path().await.starts_with("/login?next="), "sent to the login page");
    browser.fill("#username", username).await;
    browser.fill("#password", password).await;
    browser.click("form[action='/login'] button[type=submit]").await;
}

/// Logs out and waits for the login page, so that the next navigation
/// cannot overtake the logout.
pub(crate) async fn log_out(browser: &Browser) {
    browser.click("form.logout button").await;
    browser.text("label[for=username]").await;
}

/// Logs in and waits for the signed-in page, so that the next navigation
/// cannot race the login's redirect.
pub(crate) async fn log_in(browser: &Browser, app: &TestApp, username: &str, password: &str) {
    try_log_in(browser, app, username, password).await;
    browser.text("#signed-in-as").await;
}

#[tokio::test]
async fn an_official_logs_in_sees_the_register_and_logs_out() {
    let app = TestApp::spawn().await;
    let browser = Browser::start().await;

    log_in(&browser, &app, "admin", PASSWORD).await;
    assert_eq!(browser.text("#result-count").await, "48 checkpoints");
    assert_eq!(browser.current_path().await, "/checkpoints");
    assert_eq!(browser.text("#signed-in-as").await, "Test admin");

    log_out(&browser).await;
    assert_eq!(browser.text("label[for=username]").await, "Username");
    browser.goto(&app.url("/checkpoints")).await;
    assert!(browser.current_path().await.starts_with("/login"), "the session is over");
    browser.close().await;
}

#[tokio::test]
async fn a_wrong_password_is_told_in_the_page() {
    let app = TestApp::spawn().await;
    let browser = Browser::start().await;

    try_log_in(&browser, &app, "admin", "not the password at all").await;
    assert_eq!(browser.text("#login-error").await, "The username or password is not correct.");
    assert_eq!(
        browser.client.find(fantoccini::Locator::Css("#username")).await.unwrap().prop("value").await.unwrap(),
        Some("admin".into())
    );
    browser.close().await;
}

#[tokio::test]
async fn an_analyst_reads_the_register_but_cannot_reach_an_edit_form() {
    let app = TestApp::spawn().await;
    app.visitor(Role::Analyst, None).await; // creates the account
    let id = app.checkpoint_id("Kordai").await;
    let browser = Browser::start().await;

    log_in(&browser, &app, "analyst-all", PASSWORD).await;
    assert_eq!(browser.text("#result-count").await, "48 checkpoints");
    browser.goto(&app.url(&format!("/checkpoints/{id}"))).await;
    assert_eq!(browser.text("#planned-commissioning").await, "Not set");
    let edit_links = browser.client.find_all(fantoccini::Locator::Css("a[href$='/edit']")).await.unwrap();
    assert!(edit_links.is_empty(), "no edit action is offered");

    browser.goto(&app.url(&format!("/checkpoints/{id}/edit"))).await;
    assert_eq!(browser.text("h1").await, "Access denied");
    browser.close().await;
}

/// Opens the body's form from the reports list and submits Kordai's percent.
async fn file_kordai(browser: &Browser, app: &TestApp, kordai: i64, percent: &str) {
    browser.goto(&app.url("/reports")).await;
    browser.click("#file-report").await;
    browser.fill(&format!("[name='c{kordai}.percent']"), percent).await;
}

#[tokio::test]
async fn a_proposed_date_is_accepted_a_report_returned_and_corrected_and_the_grid_shows_both() {
    // Friday 27 November 2026 (2026-W48), 15:00 in Astana: before the deadline.
    let app = TestApp::spawn_with_clock(Clock::manual("2026-11-27T10:00:00Z".parse().unwrap())).await;
    app.visitor(Role::MinistryStaff, Some("transport")).await;
    app.visitor(Role::MinistryStaff, Some("finance")).await;
    app.visitor(Role::PmOffice, None).await;
    let kordai = app.checkpoint_id("Kordai").await;
    let browser = Browser::start().await;

    // Transport files its week and proposes a new date for Kordai.
    log_in(&browser, &app, "ministry-staff-transport", PASSWORD).await;
    file_kordai(&browser, &app, kordai, "90").await;
    browser.click(&format!("#c{kordai} details.more summary")).await;
    browser.fill(&format!("[name='c{kordai}.proposed_date']"), "31.03.2027").await;
    browser.fill(&format!("[name='c{kordai}.proposed_reason']"), "Поставка сканеров").await;
    browser.click("#submit-report").await;
    assert!(browser.text("#revision-state").await.starts_with("Revision 1 · Submitted"));
    assert!(browser.text("li.proposal .fate").await.starts_with("Waiting"));
    log_out(&browser).await;

    // Finance files too.
    log_in(&browser, &app, "ministry-staff-finance", PASSWORD).await;
    file_kordai(&browser, &app, kordai, "40").await;
    browser.click("#submit-report").await;
    assert!(browser.text("#revision-state").await.starts_with("Revision 1 · Submitted"));
    log_out(&browser).await;

    // The PM office opens the queue, accepts the date, returns the other.
    log_in(&browser, &app, "pm-office-all", PASSWORD).await;
    assert_eq!(browser.text("#nav-queue").await, "To review: 2");
    browser.click("#nav-queue").await;
    browser.click("table.queue a[href='/reports/transport/2026-W48']").await;
    browser.click(&format!("input[name='p{kordai}.choice'][value=accept]")).await;
    browser.click("#mark-reviewed").await;
    assert!(browser.text("li.proposal .fate").await.starts_with("Accepted by Test pm-office-all"));
    browser.goto(&app.url(&format!("/checkpoints/{kordai}"))).await;
    assert_eq!(browser.text("#planned-commissioning").await, "2027-03-31");
    browser.goto(&app.url("/reports/queue")).await;
    browser.click("table.queue a[href='/reports/finance/2026-W48']").await;
    browser.fill("#comment", "Уточните процент по Кордаю").await;
    browser.click("#return").await;
    assert!(browser.text("#review-comment").await.contains("Уточните процент по Кордаю"));
    browser.goto(&app.url("/reports/compliance")).await;
    assert_eq!(browser.text("tr[data-body=finance] td[data-week='2026-W48']").await, "Returned, correction due");
    log_out(&browser).await;

    // Finance reads the comment on its form and corrects the report.
    log_in(&browser, &app, "ministry-staff-finance", PASSWORD).await;
    browser.goto(&app.url("/reports/finance/2026-W48")).await;
    browser.click("#amend").await;
    assert!(browser.text("#returned").await.contains("Уточните процент по Кордаю"));
    browser.fill(&format!("[name='c{kordai}.percent']"), "45").await;
    browser.click("#submit-report").await;
    assert!(browser.text("#revision-state").await.starts_with("Revision 2 · Submitted"));

    // Saturday: the deadline has passed; both outcomes are on the grid.
    app.clock.set("2026-11-28T06:00:00Z".parse().unwrap());
    browser.goto(&app.url("/reports/compliance")).await;
    assert_eq!(browser.text("tr[data-body=transport] td[data-week='2026-W48']").await, "On time");
    assert_eq!(browser.text("tr[data-body=finance] td[data-week='2026-W48']").await, "On time");
    assert_eq!(browser.text("tr[data-body=border_service] td[data-week='2026-W48']").await, "Missing");
    browser.close().await;
}

#[tokio::test]
async fn in_kazakh_a_validation_message_is_read_and_the_form_fixed() {
    use checkpoint_tracker::i18n::{Lang, Tr};
    let kk = Tr::new(Lang::Kk);
    let app = TestApp::spawn().await;
    let browser = Browser::start().await;

    browser.goto(&app.url("/checkpoints?lang=kk")).await;
    assert_eq!(browser.text("label[for=username]").await, kk.t("field-username"));
    browser.fill("#username", "admin").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form[action='/login'] button[type=submit]").await;
    browser.text("#signed-in-as").await;

    browser.goto(&app.url("/checkpoints/new")).await;
    browser.fill("#name_en", "Nur Zholy").await;
    browser.click("form[novalidate] button[type=submit]").await;
    assert_eq!(browser.text("#name_ru-error").await, kk.t("error-required"));
    assert_eq!(
        browser.client.find(fantoccini::Locator::Css("#name_en")).await.unwrap().prop("value").await.unwrap(),
        Some("Nur Zholy".into())
    );

    browser.fill("#name_ru", "Нұр Жолы").await;
    browser.click("form[novalidate] button[type=submit]").await;
    // Only the checkpoint's own page has this: the form's h1 is gone by then.
    browser.text("#planned-commissioning").await;
    assert_eq!(browser.text("h1").await, "Нұр Жолы Nur Zholy");
    browser.close().await;
}

#[tokio::test]
async fn the_overview_with_its_slipping_list_does_not_scroll_sideways_on_a_390_px_phone() {
    let app = TestApp::spawn().await;
    let browser = Browser::start().await;
    browser.client.set_window_size(390, 844).await.unwrap();
    log_in(&browser, &app, "admin", PASSWORD).await;
    browser.goto(&app.url("/")).await;
    // Zhibek Zholy's plan (30 June 2026) has passed: it is listed, red.
    assert!(browser.text("table.slipping tbody").await.contains("Zhibek Zholy"));
    let widths = browser
        .client
        .execute("return [document.documentElement.scrollWidth, document.documentElement.clientWidth];", vec![])
        .await
        .unwrap();
    let widths: Vec<i64> = serde_json::from_value(widths).unwrap();
    assert!(widths[1] <= 390, "a phone's window: {widths:?}");
    assert!(widths[0] <= widths[1], "the page is {} px wide in a {} px window", widths[0], widths[1]);
    browser.close().await;
}

#[tokio::test]
async fn the_pm_office_follows_a_slipping_checkpoint_overrides_its_colour_and_looks_a_month_back() {
    let app = TestApp::spawn().await;
    app.visitor(Role::PmOffice, None).await; // creates the account
    // A checkpoint of the reference data past its plan: red by rule.
    let kordai = app.checkpoint_id("Kordai").await;
    sqlx::query("update checkpoints set status = 'in_reconstruction', actual_commissioning = null where id = $1")
        .bind(kordai)
        .execute(&app.pool)
        .await
        .unwrap();
    let form = [("new_date", "2026-03-31"), ("reason", "Срок по графику")];
    assert_eq!(app.post_form(&format!("/checkpoints/{kordai}/commissioning-date"), &form).await.status(), 303);
    let browser = Browser::start().await;
    log_in(&browser, &app, "pm-office-all", PASSWORD).await;
    browser.goto(&app.url("/?lang=en")).await;
    let row = format!("table.slipping tr[data-checkpoint='{kordai}']");
    assert_eq!(browser.text(&format!("{row} td.rag-cell")).await, "Red");

    // To the checkpoint's page, and its colour set to amber with a reason.
    browser.click(&format!("{row} th a")).await;
    assert_eq!(browser.current_path().await, format!("/checkpoints/{kordai}"));
    browser.click(&format!("a[href='/checkpoints/{kordai}/rag']")).await;
    browser.find("#rag").await.select_by_value("amber").await.unwrap();
    browser.fill("#reason", "Подрядчик ускорил работы, проверено на месте").await;
    browser.click("form[action$='/rag'] button[type=submit]").await;
    assert_eq!(browser.current_path().await, format!("/checkpoints/{kordai}"));

    // Back on the overview: amber, set by the PM office, red by rule.
    browser.click("#nav-overview").await;
    let cell = browser.text(&format!("{row} td.rag-cell")).await;
    assert!(cell.starts_with("Amber") && cell.contains("Red"), "{cell}");

    // Four weeks ago nobody had overridden it (nor moved its plan).
    browser.click("nav.as-of-links a:nth-of-type(2)").await;
    assert!(browser.current_path().await.starts_with("/?as_of="));
    assert!(browser.text("#as-of-banner").await.starts_with("As known at the end of "));
    browser.close().await;
}
