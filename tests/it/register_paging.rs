//! The register pages: 50 rows a page, filters and sort kept in every page
//! link and column header, "rows X–Y of Z", and pages past either end.

use checkpoint_tracker::db::checkpoints::{self, CodeFilter, ListFilter, SortKey};
use scraper::{Html, Selector};

use crate::support::{TestApp, text, texts};

/// The 48 reference checkpoints and `n` more on the Russian border.
async fn app_with(n: i64) -> TestApp {
    let app = TestApp::spawn().await;
    sqlx::query(
        "insert into checkpoints (name_en, name_ru, border_country, programme, status)
         select 'Paging ' || lpad(i::text, 3, '0'), 'Страница ' || lpad(i::text, 3, '0'), 'RU', 'eaeu_internal',
                (array['planned', 'in_reconstruction', 'commissioned'])[1 + i % 3]
         from generate_series(1, $1) i",
    )
    .bind(n)
    .execute(&app.pool)
    .await
    .unwrap();
    app
}

fn hrefs(page: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    page.select(&selector).filter_map(|a| a.value().attr("href")).map(str::to_owned).collect()
}

fn names(page: &Html) -> Vec<String> {
    texts(page, "table.register tbody a.name")
}

#[tokio::test]
async fn page_2_of_a_filtered_sorted_register_keeps_its_filter_and_sort() {
    let app = app_with(120).await;
    let ru: i64 = sqlx::query_scalar("select count(*) from checkpoints where border_country = 'RU'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(ru > 100, "three pages of Russian-border checkpoints");
    let filter = ListFilter { border: CodeFilter::Is("RU".into()), ..Default::default() };
    let all = checkpoints::list(&app.pool, &filter, SortKey::Name, true).await.unwrap();

    let first = app.page("/checkpoints?border=RU&sort=name&dir=desc", 200).await;
    let second = app.page("/checkpoints?border=RU&sort=name&dir=desc&page=2", 200).await;

    let expected: Vec<String> = all[50..100].iter().map(|c| c.name_en.clone()).collect();
    assert_eq!(names(&second), expected, "rows 51 to 100 of the whole sorted list");
    assert_eq!(names(&first).len(), 50);
    assert_eq!(text(&second, "#result-count"), format!("{ru} checkpoints"));
    assert_eq!(text(&second, "#page-range"), format!("Rows 51–100 of {ru}"));
    assert_eq!(text(&second, "#register-page"), format!("Page 2 of {}", (ru + 49) / 50));
    // Every link of the pager and every column header keeps the filter;
    // the pager keeps the sort too, a header sets its own.
    let prev = hrefs(&second, "nav.pager a[rel=prev]");
    let next = hrefs(&second, "nav.pager a[rel=next]");
    assert_eq!(prev, ["/checkpoints?border=RU&sort=name&dir=desc"]);
    assert_eq!(next, ["/checkpoints?border=RU&sort=name&dir=desc&page=3"]);
    for href in hrefs(&second, "table.register thead a") {
        assert!(href.contains("border=RU") && href.contains("sort=") && !href.contains("page="), "{href}");
    }
    // The filter form keeps the sort when the filters change.
    assert_eq!(crate::support::value(&second, "form.filters input[name=sort]"), "name");
    assert_eq!(crate::support::value(&second, "form.filters input[name=dir]"), "desc");
    // The facet counts are those of the whole list, on every page.
    for facet in ["border", "programme", "status"] {
        let selector = format!("select[name={facet}] option");
        assert_eq!(texts(&first, &selector), texts(&second, &selector), "{facet}");
    }
}

#[tokio::test]
async fn pages_past_either_end_show_the_first_or_the_last() {
    let app = app_with(60).await; // 108 checkpoints: pages of 50, 50 and 8.
    let last = app.page("/checkpoints?page=3", 200).await;
    assert_eq!(names(&last).len(), 8);
    assert_eq!(text(&last, "#page-range"), "Rows 101–108 of 108");
    assert!(hrefs(&last, "nav.pager a[rel=next]").is_empty());
    assert_eq!(hrefs(&last, "nav.pager a[rel=prev]"), ["/checkpoints?page=2"]);

    for beyond in ["/checkpoints?page=4", "/checkpoints?page=999999999999"] {
        let page = app.page(beyond, 200).await;
        assert_eq!(names(&page), names(&last), "{beyond} shows the last page");
        assert_eq!(text(&page, "#register-page"), "Page 3 of 3");
    }
    for before in ["/checkpoints?page=0", "/checkpoints?page=-1", "/checkpoints?page=abc", "/checkpoints"] {
        let page = app.page(before, 200).await;
        assert_eq!(text(&page, "#page-range"), "Rows 1–50 of 108", "{before}");
        assert!(hrefs(&page, "nav.pager a[rel=prev]").is_empty());
        assert_eq!(hrefs(&page, "nav.pager a[rel=next]"), ["/checkpoints?page=2"]);
    }
}

#[tokio::test]
async fn one_page_has_no_pager_and_an_empty_result_no_range() {
    let app = app_with(2).await; // exactly 50
    let page = app.page("/checkpoints", 200).await;
    assert_eq!(names(&page).len(), 50);
    assert_eq!(text(&page, "#page-range"), "Rows 1–50 of 50");
    assert!(texts(&page, "nav.pager").is_empty());

    let none = app.page("/checkpoints?q=nothing-like-this&page=3", 200).await;
    assert_eq!(text(&none, "#result-count"), "0 checkpoints");
    assert!(texts(&none, "#page-range").is_empty());
    assert!(texts(&none, "nav.pager").is_empty());
}
