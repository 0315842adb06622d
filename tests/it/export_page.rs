//! The export page: the datasets each role is offered, the count of the
//! rows that match and the links that download them, every error beside
//! its field with the input kept, and an analyst's journey in a browser.

use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::IsoWeek;
use checkpoint_tracker::i18n::{Lang, Tr};
use scraper::{Html, Selector};

use crate::reports::{entry, file, this_week};
use crate::support::{PASSWORD, TestApp, text, texts, value};
use crate::webdriver::Browser;

/// The values of a select's options.
fn offered(page: &Html, select: &str) -> Vec<String> {
    let options = Selector::parse(&format!("{select} option")).unwrap();
    page.select(&options).map(|o| o.value().attr("value").unwrap_or_default().to_owned()).collect()
}

/// The value of a select's selected option.
fn selected(page: &Html, select: &str) -> String {
    value(page, &format!("{select} option[selected]"))
}

fn attr(page: &Html, selector: &str, name: &str) -> String {
    let s = Selector::parse(selector).unwrap();
    let element = page.select(&s).next().unwrap_or_else(|| panic!("no {selector}"));
    element.value().attr(name).unwrap_or_default().to_owned()
}

/// The header and records of a CSV download.
fn records(bytes: &[u8]) -> (Vec<String>, usize) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    (header, reader.records().inspect(|r| assert!(r.is_ok(), "{r:?}")).count())
}

/// Transport's reports: this week on two checkpoints on the Chinese border
/// and Kordai (Kyrgyz border), last week on one of the two.
async fn file_reports(app: &TestApp) -> IsoWeek {
    let week = this_week();
    let kolzhat = app.checkpoint_id("Kolzhat").await;
    let khorgos = app.checkpoint_id("Khorgos").await;
    let kordai = app.checkpoint_id("Kordai").await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let mut entries = entry(kolzhat, &[("percent", "10")]);
    entries.extend(entry(khorgos, &[("percent", "20")]));
    entries.extend(entry(kordai, &[("percent", "30")]));
    file(&staff, "transport", week, entries).await;
    file(&staff, "transport", week.previous(), entry(kolzhat, &[("percent", "5")])).await;
    week
}

#[tokio::test]
async fn an_analyst_is_offered_every_dataset_but_the_audit_trail_and_the_pm_office_that_too() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;

    let page = analyst.page("/export", 200).await;
    assert_eq!(text(&page, "h1"), "Export data");
    assert_eq!(text(&page, "#nav-export"), "Export");
    let datasets = offered(&page, "#dataset");
    assert_eq!(datasets[0], "", "nothing chosen yet");
    assert!(datasets.iter().any(|d| d == "report_entries") && datasets.iter().any(|d| d == "checkpoints"));
    assert!(!datasets.iter().any(|d| d == "audit"), "{datasets:?}");
    assert!(texts(&page, "#export-count").is_empty(), "no count before a choice");

    // Asked for by name, it is refused beside the field.
    let page = analyst.page("/export?dataset=audit", 422).await;
    assert_eq!(text(&page, "#dataset-error"), "Choose one of the datasets listed.");
    assert_eq!(attr(&page, "#dataset", "aria-describedby"), "dataset-error");
    let page = analyst.page("/export?dataset=nothing_like_it", 422).await;
    assert_eq!(text(&page, "#dataset-error"), "Choose one of the datasets listed.");
    assert_eq!(selected(&page, "#dataset"), "nothing_like_it", "the input is kept");

    let pm = app.visitor(Role::PmOffice, None).await;
    let page = pm.page("/export", 200).await;
    assert!(offered(&page, "#dataset").iter().any(|d| d == "audit"));
    let page = pm.page("/export?dataset=audit", 200).await;
    assert!(text(&page, "#dataset-filters").contains("Period"), "the audit trail is filtered by period only");
    assert!(texts(&page, "table.export-columns tbody th code").contains(&"actor".to_owned()));
    assert_eq!(attr(&page, "#download-csv", "href"), "/export/audit.csv");
}

#[tokio::test]
async fn the_count_shown_is_the_number_of_rows_the_csv_link_downloads() {
    let app = TestApp::spawn().await;
    let week = file_reports(&app).await;
    let analyst = app.visitor(Role::Analyst, None).await;

    let page = analyst.page("/export?dataset=report_entries&border=CN&revisions=current&delimiter=comma", 200).await;
    assert_eq!(text(&page, "#export-count"), "3 rows match");
    assert_eq!(selected(&page, "#dataset"), "report_entries");
    assert_eq!(selected(&page, "#border"), "CN");
    assert!(text(&page, "#dataset-filters").starts_with("Filters for this dataset: Border, Programme"));
    // The status select holds this dataset's values.
    assert_eq!(offered(&page, "#status"), ["", "on_track", "at_risk", "delayed", "commissioned"]);
    let csv = attr(&page, "#download-csv", "href");
    assert_eq!(csv, "/export/report_entries.csv?border=CN", "set parameters only, defaults left out");
    assert_eq!(attr(&page, "#download-xlsx", "href"), "/export/report_entries.xlsx?border=CN");
    assert_eq!(text(&page, "#api-url"), "/api/v1/report_entries?border=CN");
    let columns = texts(&page, "table.export-columns tbody th code");
    let dataset = checkpoint_tracker::export::datasets::find("report_entries").unwrap();
    assert_eq!(columns, dataset.column_names().collect::<Vec<_>>());

    let response = analyst.get(&csv).await;
    assert_eq!(response.status(), 200);
    let (header, rows) = records(&response.bytes().await.unwrap());
    assert_eq!(header, columns);
    assert_eq!(rows, 3);

    // A week, and the file options: only the CSV link carries those.
    let path = format!("/export?dataset=report_entries&border=CN&from={week}&to={week}&delimiter=semicolon&bom=1");
    let page = analyst.page(&path, 200).await;
    assert_eq!(text(&page, "#export-count"), "2 rows match");
    assert_eq!(value(&page, "#from"), week.to_string());
    assert_eq!(attr(&page, "#bom", "checked"), "", "the box stays ticked");
    let csv = attr(&page, "#download-csv", "href");
    assert_eq!(csv, format!("/export/report_entries.csv?border=CN&from={week}&to={week}&delimiter=semicolon&bom=1"));
    assert_eq!(
        attr(&page, "#download-xlsx", "href"),
        format!("/export/report_entries.xlsx?border=CN&from={week}&to={week}")
    );
    let bytes = analyst.get(&csv).await.bytes().await.unwrap();
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(&bytes[3..]);
    assert_eq!(reader.records().count(), 2);

    let page = analyst.page("/export?dataset=report_entries&border=RU", 200).await;
    assert_eq!(text(&page, "#export-count"), "0 rows match");
}

#[tokio::test]
async fn a_bad_period_is_told_beside_its_field_with_the_input_kept() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;

    let page = analyst.page("/export?dataset=report_entries&border=CN&from=2026-W99&to=2026-W10", 422).await;
    assert_eq!(text(&page, "#from-error"), "Enter an ISO week such as 2026-W05 or a date such as 2026-02-01.");
    assert_eq!(value(&page, "#from"), "2026-W99");
    assert_eq!(attr(&page, "#from", "aria-invalid"), "true");
    assert_eq!(attr(&page, "#from", "aria-describedby"), "from-hint from-error");
    assert_eq!(value(&page, "#to"), "2026-W10");
    assert_eq!(selected(&page, "#border"), "CN");
    assert_eq!(text(&page, "div.alert.error"), "Please correct the field marked below.");
    assert!(texts(&page, "#export-count").is_empty(), "no count for a wrong choice");

    let page = analyst.page("/export?dataset=report_entries&from=2026-W10&to=2026-W09&status=green", 422).await;
    assert_eq!(text(&page, "#to-error"), "The end of the period is before its start.");
    assert_eq!(text(&page, "#status-error"), "This dataset has no such value: choose one of those listed.");
    assert_eq!(selected(&page, "#status"), "green");
}

#[tokio::test]
async fn a_download_with_a_filter_its_dataset_lacks_answers_with_the_page_and_the_message() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;

    let response = analyst.get("/export/checkpoints.csv?from=2026-W05&border=CN").await;
    assert_eq!(response.status(), 422);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#from-error"), "This dataset does not take this filter: leave it empty.");
    assert_eq!(value(&page, "#from"), "2026-W05");
    assert_eq!(selected(&page, "#dataset"), "checkpoints");
    assert_eq!(selected(&page, "#border"), "CN");
    assert!(text(&page, "#dataset-filters").contains("Checkpoint"));

    let response = analyst.get("/export/checkpoints.xlsx?delimiter=tab").await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "#delimiter-error"), "Choose comma or semicolon.");
}

#[test]
fn the_count_follows_the_plural_rules_of_each_language() {
    let (en, ru, kk) = (Tr::new(Lang::En), Tr::new(Lang::Ru), Tr::new(Lang::Kk));
    assert_eq!(en.count("export-count", 1), "1 row matches");
    assert_eq!(en.count("export-count", 4800), "4,800 rows match");
    let forms: Vec<String> = [1, 3, 5, 21, 22, 11].into_iter().map(|n| ru.count("export-count", n)).collect();
    assert_eq!(
        forms,
        [
            "Подходит 1 строка",
            "Подходят 3 строки",
            "Подходят 5 строк",
            "Подходит 21 строка",
            "Подходят 22 строки",
            "Подходят 11 строк"
        ]
    );
    assert_eq!(kk.count("export-count", 5), "5 жол сәйкес келеді");
}

#[tokio::test]
async fn an_analyst_filters_report_entries_in_the_browser_and_downloads_as_many_rows_as_shown() {
    let app = TestApp::spawn().await;
    let week = file_reports(&app).await;
    app.visitor(Role::Analyst, None).await; // creates the account
    let browser = Browser::start().await;
    crate::browser::log_in(&browser, &app, "analyst-all", PASSWORD).await;

    browser.click("#nav-export").await;
    assert_eq!(browser.text("h1").await, "Export data");
    browser.find("#dataset").await.select_by_value("report_entries").await.unwrap();
    browser.find("#border").await.select_by_value("CN").await.unwrap();
    browser.fill("#from", &week.previous().to_string()).await;
    browser.fill("#to", &week.to_string()).await;
    browser.click("#export-show").await;
    let count = browser.text("#export-count").await;
    assert_eq!(count, "3 rows match");
    let shown: usize = count.split_whitespace().next().unwrap().parse().unwrap();
    assert!(browser.current_path().await.starts_with("/export?dataset=report_entries&border=CN"));

    // On a 390 px phone the page, its columns and the API address fit.
    browser.client.set_window_size(390, 844).await.unwrap();
    let widths = browser
        .client
        .execute("return [document.documentElement.scrollWidth, document.documentElement.clientWidth];", vec![])
        .await
        .unwrap();
    let widths: Vec<i64> = serde_json::from_value(widths).unwrap();
    assert!(widths[1] <= 390 && widths[0] <= widths[1], "the page is {} px wide in {} px", widths[0], widths[1]);

    // The browser's own session fetches the file the link points to.
    let href = browser.find("#download-csv").await.attr("href").await.unwrap().expect("a link");
    let cookies = browser.client.get_all_cookies().await.unwrap();
    let cookie = cookies.iter().map(|c| format!("{}={}", c.name(), c.value())).collect::<Vec<_>>().join("; ");
    let response = reqwest::Client::new().get(app.url(&href)).header("cookie", cookie).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"checkpoint-tracker_report_entries_"), "{disposition}");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.ends_with(b"\r\n"), "the last record is complete");
    let (header, rows) = records(&bytes);
    assert_eq!(header[0], "revision_id");
    assert_eq!(rows, shown, "the file holds as many rows as the page said");
    browser.close().await;
}
