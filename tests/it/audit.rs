//! The audit trail: every change, with who, when, from where, and the
//! record before and after — written in the same transaction as the change.

use serde_json::Value;

use crate::support::{TestApp, text, texts, value};

#[derive(Debug, sqlx::FromRow)]
struct Row {
    actor: String,
    action: String,
    entity: String,
    before: Option<Value>,
    after: Option<Value>,
    request_id: Option<String>,
    client: Option<String>,
}

async fn entries(app: &TestApp, entity_id: i64) -> Vec<Row> {
    sqlx::query_as(
        "select actor, action, entity, before, after, request_id, host(client_addr) as client
         from audit_log where entity_id = $1 and actor <> 'system' order by id",
    )
    .bind(entity_id)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_reference_load_is_audited_as_the_system() {
    let app = TestApp::spawn().await;
    let n: i64 =
        sqlx::query_scalar("select count(*) from audit_log where actor = 'system' and action = 'checkpoint.create'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(n, 48);
}

#[tokio::test]
async fn an_edit_records_before_after_request_id_and_client_address() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Kordai").await;
    let version = app.edit_version(id).await;

    let response = app.edit_kordai_notes(id, &version, "Полосы: 8").await;
    assert_eq!(response.status(), 303);
    let request_id = response.headers()["x-request-id"].to_str().unwrap().to_owned();

    let rows = entries(&app, id).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(
        (row.actor.as_str(), row.action.as_str(), row.entity.as_str()),
        ("admin", "checkpoint.update", "checkpoint")
    );
    assert_eq!(
        row.before.as_ref().unwrap()["notes"],
        "reconstructed 2020-2021: lanes 4 to 8 and passport booths 20 to 40; cost 5.5 bn KZT"
    );
    assert_eq!(row.after.as_ref().unwrap()["notes"], "Полосы: 8");
    assert_eq!(row.request_id.as_deref(), Some(request_id.as_str()));
    assert_eq!(row.client.as_deref(), Some("127.0.0.1"));
}

#[tokio::test]
async fn date_revisions_and_milestones_are_audited_and_refused_input_is_not() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Karasu").await;

    let refused = app.post_form(&format!("/checkpoints/{id}/commissioning-date"), &[("new_date", "2027-01-01")]).await;
    assert_eq!(refused.status(), 422);
    assert!(entries(&app, id).await.is_empty());

    app.post_form(
        &format!("/checkpoints/{id}/commissioning-date"),
        &[("new_date", "2027-01-01"), ("reason", "Design approved late")],
    )
    .await;
    app.add_milestone(id, &[("title", "Scanners"), ("kind", "equipment")]).await;

    let rows = entries(&app, id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "date.revise");
    assert_eq!(rows[0].before, Some(serde_json::json!({"field": "commissioning", "date": null})));
    assert_eq!(rows[0].after.as_ref().unwrap()["reason"], "Design approved late");
    let milestone: (String, String) =
        sqlx::query_as("select action, after->>'title' from audit_log where entity = 'milestone'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(milestone, ("milestone.create".to_owned(), "Scanners".to_owned()));
}

#[tokio::test]
async fn the_audit_trail_is_append_only_in_the_database_itself() {
    let app = TestApp::spawn().await;
    for sql in ["update audit_log set actor = 'someone else'", "delete from audit_log", "truncate audit_log"] {
        let err = sqlx::query(sql).execute(&app.pool).await.expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

/// The actions of the page's rows: the words shown and the code in `title`.
fn actions(page: &scraper::Html) -> Vec<(String, String)> {
    let selector = scraper::Selector::parse("table.audit > tbody > tr .action").unwrap();
    page.select(&selector)
        .map(|e| {
            (e.text().collect::<String>().trim().to_owned(), e.value().attr("title").unwrap_or_default().to_owned())
        })
        .collect()
}

/// Writes `n` entries by `actor` for users 1..=n, an hour apart and three
/// to a timestamp (so that paging must break ties by id).
async fn insert_entries(app: &TestApp, actor: &str, n: i64) {
    sqlx::query(
        "insert into audit_log (actor, action, entity, entity_id, at)
         select $1, 'user.update', 'user', i, now() - interval '1 hour' * (i / 3) - interval '2 days'
         from generate_series(1, $2) as i",
    )
    .bind(actor)
    .bind(n)
    .execute(&app.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_trail_shows_actions_and_records_in_words_with_the_code_in_the_title() {
    let app = TestApp::spawn().await;
    let id = app.checkpoint_id("Kordai").await;
    let version = app.edit_version(id).await;
    assert_eq!(app.edit_kordai_notes(id, &version, "Полосы: 8").await.status(), 303);
    sqlx::query("insert into audit_log (actor, action, entity) values ('old', 'retired.action', 'gone')")
        .execute(&app.pool)
        .await
        .unwrap();

    let page = app.page("/audit", 200).await;
    let shown = actions(&page);
    assert!(shown.contains(&("Checkpoint edited".to_owned(), "checkpoint.update".to_owned())), "{shown:?}");
    assert!(shown.contains(&("Signed in".to_owned(), "auth.login".to_owned())), "{shown:?}");
    // An action the interface has no words for is shown as its code.
    assert!(shown.contains(&("retired.action".to_owned(), "retired.action".to_owned())), "{shown:?}");
    let html = page.html();
    assert!(!html.contains(">checkpoint.update<"), "the code is shown as text");
    // The changed field under its form label, with both values.
    let fields = texts(&page, "table.fields th[title=notes]");
    assert!(fields.iter().any(|f| f == "Notes"), "{fields:?}");
    assert!(texts(&page, "table.fields td").iter().any(|v| v == "Полосы: 8"));
    assert!(texts(&page, "p.count")[0].ends_with("entries"));

    let ru = app.page("/audit?lang=ru&action=checkpoint.update", 200).await;
    let shown = actions(&ru);
    assert_eq!(shown, [("Пункт пропуска изменён".to_owned(), "checkpoint.update".to_owned())]);
    assert_eq!(text(&ru, "p.count"), "1 запись");
    assert!(texts(&ru, "select#action option").contains(&"Отчёт представлен".to_owned()));
}

#[tokio::test]
async fn filters_by_action_entity_actor_and_astana_days_narrow_the_rows() {
    let app = TestApp::spawn().await;
    insert_entries(&app, "pager", 6).await;
    // 19:30 UTC on 1 March is already 2 March in Astana (UTC+5).
    sqlx::query(
        "insert into audit_log (actor, action, entity, entity_id, at) values
         ('dated', 'report.submit', 'report_revision', 1, '2026-03-01 18:30:00+00'),
         ('dated', 'report.submit', 'report_revision', 2, '2026-03-01 19:30:00+00'),
         ('dated', 'report.review', 'report_revision', 3, '2026-03-03 10:00:00+00')",
    )
    .execute(&app.pool)
    .await
    .unwrap();

    let page = app.page("/audit?action=report.submit", 200).await;
    assert_eq!(actions(&page).len(), 2);
    assert_eq!(value(&page, "select#action option[selected]"), "report.submit");
    let page = app.page("/audit?actor=pager&entity=user", 200).await;
    assert_eq!(actions(&page).len(), 6);
    assert_eq!(value(&page, "input#actor"), "pager");

    let days = |from: &str, to: &str| format!("/audit?actor=dated&from={from}&to={to}");
    assert_eq!(actions(&app.page(&days("2026-03-02", "2026-03-02"), 200).await).len(), 1);
    assert_eq!(actions(&app.page(&days("2026-03-01", "2026-03-02"), 200).await).len(), 2);
    let page = app.page(&days("2026-03-02", ""), 200).await;
    assert_eq!(actions(&page).len(), 2);
    assert_eq!(value(&page, "input#from"), "2026-03-02");
    assert_eq!(text(&page, "p.count"), "2 entries");
}

#[tokio::test]
async fn a_bad_date_is_refused_beside_its_field() {
    let app = TestApp::spawn().await;
    let page = app.page("/audit?from=yesterday&to=2026-02-30", 422).await;
    assert_eq!(text(&page, "#from-error"), "Enter a date, for example 2026-07-31.");
    assert_eq!(text(&page, "#to-error"), "Enter a date, for example 2026-07-31.");
    assert_eq!(value(&page, "input#from"), "yesterday");
    assert!(actions(&page).is_empty());
}

#[tokio::test]
async fn older_and_newer_links_page_through_every_entry_exactly_once() {
    let app = TestApp::spawn().await;
    insert_entries(&app, "pager", 120).await;
    let record = |page: &scraper::Html| -> Vec<String> {
        texts(page, "table.audit > tbody > tr > td:nth-child(4)")
            .into_iter()
            .filter(|t| t.starts_with("Account"))
            .collect()
    };
    let link = |page: &scraper::Html, rel: &str| -> Option<String> {
        let selector = scraper::Selector::parse(&format!("nav.pager a[rel={rel}]")).unwrap();
        page.select(&selector).next().map(|a| a.value().attr("href").unwrap().to_owned())
    };

    let mut path = "/audit?actor=pager".to_owned();
    let mut pages = Vec::new();
    loop {
        let page = app.page(&path, 200).await;
        assert_eq!(text(&page, "p.count"), "120 entries");
        pages.push(record(&page));
        match link(&page, "next") {
            Some(next) => {
                assert!(next.contains("actor=pager"), "{next}");
                path = next;
            }
            None => break,
        }
        if pages.len() == 1 {
            assert!(link(&page, "prev").is_none(), "the newest page has no newer link");
        }
    }
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [50, 50, 20]);
    let seen: Vec<String> = pages.concat();
    // Newest first: user 1 (the latest hour) down to user 120.
    let expected: Vec<String> = (1..=120).map(|i| format!("Account {i}")).collect();
    let mut sorted = seen.clone();
    sorted.sort_by_key(|s| s[8..].parse::<i64>().unwrap());
    assert_eq!(sorted, expected, "every entry exactly once");
    let hours: Vec<i64> = seen.iter().map(|s| s[8..].parse::<i64>().unwrap() / 3).collect();
    assert!(hours.windows(2).all(|w| w[0] <= w[1]), "newest first: {hours:?}");

    // Back from the last page through the newer links.
    let last = app.page(&path, 200).await;
    let back = link(&last, "prev").expect("a newer link");
    let middle = app.page(&back, 200).await;
    assert_eq!(record(&middle), pages[1]);
    let first = app.page(&link(&middle, "prev").unwrap(), 200).await;
    assert_eq!(record(&first), pages[0]);
    assert!(link(&first, "prev").is_none());
}
