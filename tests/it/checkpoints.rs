//! The register: the reference data, filters, search, sorting, the
//! checkpoint page and the history of planned dates.

use crate::support::{TestApp, text, texts};

#[tokio::test]
async fn the_first_start_loads_the_48_reference_checkpoints_once() {
    let app = TestApp::spawn().await;

    let page = app.page("/checkpoints", 200).await;
    assert_eq!(texts(&page, "table.register tbody tr").len(), 48);
    assert_eq!(text(&page, "#result-count"), "48 checkpoints");

    // A second start over the same database does not load them again.
    checkpoint_tracker::prepare(&app.pool, &checkpoint_tracker::clock::Clock::System).await.unwrap();
    let count: i64 = sqlx::query_scalar("select count(*) from checkpoints").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 48);
}

#[tokio::test]
async fn unknown_stays_blank_in_the_reference_data() {
    let app = TestApp::spawn().await;
    let (border, planned): (Option<String>, Option<chrono::NaiveDate>) =
        sqlx::query_as("select border_country, planned_commissioning from checkpoints where name_en = 'Alakol'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(border, None);
    assert_eq!(planned, None);

    // Zhibek Zholy's planned date arrives as its baseline revision.
    let id = app.checkpoint_id("Zhibek Zholy").await;
    let page = app.page(&format!("/checkpoints/{id}"), 200).await;
    assert_eq!(text(&page, "#planned-commissioning").split(' ').next(), Some("2026-06-30"));
    assert!(text(&page, ".timeline .baseline").contains("Baseline 2026-06-30"));
}

#[tokio::test]
async fn filters_narrow_the_register_and_show_counts_per_value() {
    let app = TestApp::spawn().await;

    let page = app.page("/checkpoints?border=CN", 200).await;
    let names = texts(&page, "table.register tbody td:first-child a.name");
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(names.contains(&"Khorgos".to_owned()));
    // Each choice shows how many it would give, given the other filters.
    let borders = texts(&page, "select#border option");
    assert!(borders.contains(&"China (5)".to_owned()), "{borders:?}");
    assert!(borders.contains(&"Uzbekistan (8)".to_owned()), "{borders:?}");
    assert!(borders.contains(&"Unknown (1)".to_owned()), "{borders:?}");
    let selected = texts(&page, "select#border option[selected]");
    assert_eq!(selected, vec!["China (5)"]);

    let page = app.page("/checkpoints?border=KG&status=in_reconstruction", 200).await;
    let names = texts(&page, "table.register tbody a.name");
    assert_eq!(names, vec!["Besagash", "Karasu"]);
    let statuses = texts(&page, "select#status option");
    assert!(statuses.contains(&"Commissioned (1)".to_owned()), "{statuses:?}");

    let page = app.page("/checkpoints?border=unknown", 200).await;
    assert_eq!(texts(&page, "table.register tbody a.name"), vec!["Alakol"]);

    let page = app.page("/checkpoints?programme=additional", 200).await;
    assert_eq!(texts(&page, "table.register tbody a.name"), vec!["Zhibek Zholy"]);
}

#[tokio::test]
async fn search_matches_both_name_forms_in_any_case() {
    let app = TestApp::spawn().await;

    for (query, expected) in [
        ("%D0%BA%D0%B0%D0%BF%D0%BB", "Kaplanbek"), // "капл"
        ("%D0%9A%D0%90%D0%9F%D0%9B", "Kaplanbek"), // "КАПЛ"
        ("KORD", "Kordai"),
        ("%D0%96%D0%B8%D0%B1%D0%B5%D0%BA", "Zhibek Zholy"), // "Жибек"
    ] {
        let page = app.page(&format!("/checkpoints?q={query}"), 200).await;
        assert_eq!(texts(&page, "table.register tbody a.name"), vec![expected], "q={query}");
    }

    // The search is kept in the form, and wildcards are taken literally.
    let page = app.page("/checkpoints?q=%25", 200).await;
    assert!(texts(&page, "table.register tbody tr").is_empty());
    assert_eq!(text(&page, "#result-count"), "0 checkpoints");
    assert_eq!(crate::support::value(&page, "input#q"), "%");
}

#[tokio::test]
async fn columns_sort_both_ways_and_keep_the_filters() {
    let app = TestApp::spawn().await;

    let page = app.page("/checkpoints?border=CN&sort=name&dir=desc", 200).await;
    let names = texts(&page, "table.register tbody a.name");
    assert_eq!(names, vec!["Maikapshagai", "Kolzhat", "Khorgos", "Dostyk", "Bakhty"]);
    let sorted = scraper::Selector::parse("th[aria-sort=descending] a").unwrap();
    let link = page.select(&sorted).next().expect("the sorted column is marked").value().attr("href").unwrap();
    assert_eq!(link, "/checkpoints?border=CN&sort=name&dir=asc");

    let page = app.page("/checkpoints?sort=planned", 200).await;
    let first = texts(&page, "table.register tbody a.name");
    assert_eq!(first[0], "Zhibek Zholy", "the only dated checkpoint comes first; blanks last");
}

#[tokio::test]
async fn a_checkpoint_page_shows_facts_milestones_and_the_date_timeline() {
    let app = TestApp::spawn().await;

    let response = app
        .post_form(
            "/checkpoints",
            &[
                ("name_en", "Nur Zholy"),
                ("name_ru", "Нур Жолы"),
                ("border_country", "CN"),
                ("status", "in_reconstruction"),
                ("programme", "eaeu_external_2025"),
                ("planned_commissioning", "31.12.2025"),
                ("responsible_body", "transport"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();

    let response = app
        .post_form(
            &format!("{location}/commissioning-date"),
            &[("new_date", "2026-07-31"), ("reason", "State Revenue Committee named 31 July for the reopening")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = app
        .post_form(
            &format!("{location}/milestones"),
            &[
                ("title", "Six-lane access road"),
                ("kind", "roads_lanes"),
                ("planned_start", "2026-03-01"),
                ("planned_finish", "2026-06-30"),
                ("percent_complete", "40"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);

    let page = app.page(&location, 200).await;
    assert_eq!(text(&page, "h1"), "Nur Zholy Нур Жолы");
    assert!(text(&page, "#planned-commissioning").starts_with("2026-07-31 (baseline 2025-12-31)"));
    assert_eq!(texts(&page, "table.milestones tbody td:first-child"), vec!["Six-lane access road"]);
    let timeline = texts(&page, ".timeline li .what");
    assert_eq!(
        timeline,
        vec![
            "Planned commissioning: Baseline 2025-12-31",
            "Planned commissioning: 2025-12-31 → 2026-07-31",
            "Six-lane access road, Planned start: Baseline 2026-03-01",
            "Six-lane access road, Planned finish: Baseline 2026-06-30",
        ]
    );
    assert_eq!(texts(&page, ".timeline li .why")[1], "State Revenue Committee named 31 July for the reopening");
}

#[tokio::test]
async fn date_history_is_append_only_in_the_database_itself() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Zhibek Zholy").await;

    for sql in ["update date_revisions set reason = 'x'", "delete from date_revisions", "truncate date_revisions"] {
        let err = sqlx::query(sql).execute(&app.pool).await.expect_err(sql);
        // A truncate is refused before its trigger runs when decisions cite the rows.
        let refused = err.to_string().contains("append-only") || err.to_string().contains("foreign key");
        assert!(refused, "{sql}: {err}");
    }
    let count: i64 = sqlx::query_scalar("select count(*) from date_revisions where checkpoint_id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn a_milestone_date_revision_keeps_the_old_date_and_the_reason() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Karasu").await;
    let mid = app
        .add_milestone(id, &[("title", "Main building"), ("kind", "buildings"), ("planned_finish", "2026-09-30")])
        .await;

    let response = app
        .post_form(
            &format!("/checkpoints/{id}/milestones/{mid}/dates"),
            &[("field", "finish"), ("new_date", "15.11.2026"), ("reason", "Steel delivery late")],
        )
        .await;
    assert_eq!(response.status(), 303);

    let rows: Vec<(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>, String)> =
        sqlx::query_as("select old_date, new_date, reason from date_revisions where milestone_id = $1 order by id")
            .bind(mid)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let d = |s: &str| Some(s.parse::<chrono::NaiveDate>().unwrap());
    assert_eq!(
        rows,
        vec![
            (None, d("2026-09-30"), "milestone created".to_owned()),
            (d("2026-09-30"), d("2026-11-15"), "Steel delivery late".to_owned()),
        ]
    );
    let finish: Option<chrono::NaiveDate> = sqlx::query_scalar("select planned_finish from milestones where id = $1")
        .bind(mid)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(finish, d("2026-11-15"));
}

#[tokio::test]
async fn unknown_pages_and_ids_get_the_404_page() {
    let app = TestApp::spawn().await;
    for path in ["/nowhere", "/checkpoints/999999", "/checkpoints/abc", "/checkpoints/1/milestones/999/edit"] {
        let page = app.page(path, 404).await;
        assert_eq!(text(&page, "h1"), "Page not found", "{path}");
        assert!(text(&page, "p.muted").starts_with("Request id: "), "{path}");
    }
}

#[tokio::test]
async fn an_internal_error_shows_a_request_id_and_no_internals() {
    let app = TestApp::spawn().await;
    sqlx::query("alter table checkpoints rename to checkpoints_gone").execute(&app.pool).await.unwrap();

    // A checkpoint's page (the register's list may be served from the
    // figures read before the table went).
    let response = app.get("/checkpoints/1").await;
    assert_eq!(response.status(), 500);
    let request_id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body = response.text().await.unwrap();
    assert!(body.contains(&format!("Request id: {request_id}")), "{body}");
    assert!(!body.contains("checkpoints_gone") && !body.contains("relation"), "{body}");
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_assets_are_served() {
    let app = TestApp::spawn().await;
    let response = app.get("/checkpoints").await;
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    let css = scraper::Selector::parse("link[rel=stylesheet]").unwrap();
    let href = page.select(&css).next().unwrap().value().attr("href").unwrap().to_owned();
    assert!(href.starts_with("/static/css/app.css?v="));
    let response = app.get(&href).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
}

#[tokio::test]
async fn malformed_requests_get_a_translated_page_not_plain_text() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Kordai").await;

    // A repeated field cannot come from our forms; it is refused, with a page.
    let fields = [("name_en", "A"), ("name_en", "B"), ("csrf_token", app.csrf.as_str())];
    let response = app.client.post(app.url("/checkpoints")).form(&fields).send().await.unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "h1"), "Unreadable form");

    let response = app.client.delete(app.url(&format!("/checkpoints/{id}"))).send().await.unwrap();
    assert_eq!(response.status(), 405);
    assert!(response.headers().contains_key("allow"), "405 keeps its Allow header");
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text(&page, "h1"), "Not allowed here");

    let page = app.page("/checkpoints/%FF", 400).await;
    assert_eq!(text(&page, "h1"), "Bad request");
}

#[tokio::test]
async fn a_request_id_sent_by_a_client_is_replaced() {
    let app = TestApp::spawn().await;
    let response =
        app.client.get(app.url("/nowhere")).header("x-request-id", "<script>spoof</script>").send().await.unwrap();
    let id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id, "<script>spoof</script>");
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
}

/// The register's sort is one static statement; it must order as the
/// `order by <column> <dir> nulls last, lower(name_en), id` it replaced, for
/// every column and direction, and count facets as a `group by` would.
#[tokio::test]
async fn the_static_sort_and_facet_queries_match_their_columns() {
    use checkpoint_tracker::db::checkpoints::{self, CodeFilter, Facet, ListFilter, SortKey};
    let app = TestApp::spawn().await;
    // Some planned dates, with ties and blanks, so that the date sort matters.
    sqlx::query("update checkpoints set planned_commissioning = date '2027-01-01' + (id % 4)::int where id % 3 = 0")
        .execute(&app.pool)
        .await
        .unwrap();
    let cn = ListFilter { border: CodeFilter::Is("CN".into()), ..ListFilter::default() };

    for (filter, condition) in [(ListFilter::default(), "true"), (cn.clone(), "border_country = 'CN'")] {
        for key in SortKey::ALL {
            for descending in [false, true] {
                let listed = checkpoints::list(&app.pool, &filter, key, descending).await.unwrap();
                let ids: Vec<i64> = listed.iter().map(|c| c.id).collect();
                let column = match key {
                    SortKey::Name => "lower(name_en)",
                    SortKey::Border => "border_country",
                    SortKey::Region => "region",
                    SortKey::Status => "status",
                    SortKey::Planned => "planned_commissioning",
                };
                let dir = if descending { "desc" } else { "asc" };
                // Runtime SQL on purpose: the dynamic statement, as the oracle.
                let oracle = format!(
                    "select id from checkpoints where {condition} order by {column} {dir} nulls last, lower(name_en), id"
                );
                let expected: Vec<i64> = sqlx::query_scalar(&oracle).fetch_all(&app.pool).await.unwrap();
                assert_eq!(ids, expected, "{key:?}, descending: {descending}, where {condition}");
            }
        }
    }

    for (facet, column) in
        [(Facet::Border, "border_country"), (Facet::Programme, "programme"), (Facet::Status, "status")]
    {
        let mut counts = checkpoints::facet_counts(&app.pool, &cn, facet).await.unwrap();
        counts.sort();
        // The facet's own filter is left out; the others apply.
        let condition = if facet == Facet::Border { "true" } else { "border_country = 'CN'" };
        let oracle = format!("select coalesce({column}, ''), count(*) from checkpoints where {condition} group by 1");
        let mut expected: Vec<(String, i64)> = sqlx::query_as(&oracle).fetch_all(&app.pool).await.unwrap();
        expected.sort();
        assert_eq!(counts, expected, "{facet:?}");
    }
}
