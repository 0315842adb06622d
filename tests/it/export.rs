//! Exports: every dataset as CSV and as JSON pages, the file format
//! (quoting, BOM, delimiter, CRLF, no formula), filters, access, gzip and
//! the import round trip.

use std::collections::BTreeMap;
use std::io::Read as _;

use checkpoint_tracker::demo::{self, DemoOptions};
use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::IsoWeek;
use checkpoint_tracker::export::{DATASETS, Kind};
use chrono::Utc;
use scraper::Html;
use serde_json::Value;
use sqlx::PgPool;

use crate::support::{TestApp, Visitor, text};

/// Reads a CSV download back: the header and the records.
fn parse(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(bytes);
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

async fn download(visitor: &Visitor, path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let response = visitor.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.ends_with(b"\r\n"), "{path}: RFC 4180 records end in CRLF");
    parse(&bytes, b',')
}

async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Six weeks of demo reports, a milestone update, and a staff draft.
async fn history(app: &TestApp) {
    let options = DemoOptions {
        weeks: 6,
        scale: 1,
        force: false,
        now: Utc::now(),
        deadline: "fri 18:00".parse().unwrap(),
        correction_days: 3,
    };
    demo::generate(&app.pool, options).await.unwrap();
    // Milestone progress in a submitted revision (the demo has none):
    // written past the immutability triggers, as only a test may.
    let mut conn = app.pool.acquire().await.unwrap();
    for sql in [
        "set session_replication_role = replica",
        "insert into milestones (checkpoint_id, title, kind, planned_finish)
         select id, 'Сканеры установлены', 'equipment', date '2026-11-30' from checkpoints where name_en = 'Kordai'",
        "insert into report_milestone_updates (revision_id, checkpoint_id, milestone_id, done, actual_date)
         select e.revision_id, e.checkpoint_id, m.id, true, date '2026-11-20'
         from report_entries e join checkpoints c on c.id = e.checkpoint_id
         join milestones m on m.checkpoint_id = e.checkpoint_id and m.title = 'Сканеры установлены'
         where c.name_en = 'Kordai'
           and e.revision_id = (select max(v.id) from report_revisions v join report_entries e2 on e2.revision_id = v.id
                                where e2.checkpoint_id = c.id and v.status <> 'draft')",
        "reset session_replication_role",
    ] {
        sqlx::query(sql).execute(&mut *conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

#[tokio::test]
async fn the_register_downloads_as_csv_with_cyrillic_intact_in_both_excel_variants() {
    let app = TestApp::spawn().await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let response = analyst.get("/export/checkpoints.csv").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8; header=present");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let today = app.clock.today();
    assert_eq!(
        response.headers()["content-disposition"].to_str().unwrap(),
        format!("attachment; filename=\"checkpoint-tracker_checkpoints_{today}.csv\"")
    );
    let bytes = response.bytes().await.unwrap();
    let (header, rows) = parse(&bytes, b',');
    let columns: Vec<&str> = DATASETS[0].column_names().collect();
    assert_eq!(header, columns);
    assert_eq!(rows.len(), 48);
    let stored: BTreeMap<String, String> = sqlx::query_as("select id::text, name_ru from checkpoints")
        .fetch_all(&app.pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let exported: BTreeMap<String, String> = rows.iter().map(|r| (r[0].clone(), r[2].clone())).collect();
    assert_eq!(exported, stored, "every id with its Russian name, Cyrillic intact");

    let response = analyst.get("/export/checkpoints.csv?bom=1&delimiter=semicolon&border=CN").await;
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid;name_en;name_ru;"), "BOM, then ;");
    let (_, rows) = parse(&bytes[3..], b';');
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r[4] == "CN"));

    // Unknown is an empty cell, never "null".
    assert!(!String::from_utf8_lossy(&bytes).contains("null"));
    let alakol = rows.iter().find(|r| r[1] == "Alakol");
    assert!(alakol.is_none(), "Alakol has no border");
}

/// A dataset's download with one filter, and what the database says.
struct Case {
    path: String,
    expected: String,
}

#[tokio::test]
async fn every_dataset_with_a_filter_holds_the_rows_the_database_holds() {
    let app = TestApp::spawn().await;
    history(&app).await;
    let pm = app.visitor(Role::PmOffice, None).await;
    let pool = &app.pool;
    let first = IsoWeek::at(Utc::now()).last(6)[5];
    let third = IsoWeek::at(Utc::now()).last(6)[3];
    let kordai = app.checkpoint_id("Kordai").await;
    let current_revisions = "(select distinct on (report_id) * from report_revisions where status <> 'draft'
                              order by report_id, number desc)";
    let cases = [
        Case {
            path: "checkpoints.csv?status=in_reconstruction".into(),
            expected: "select count(*) from checkpoints where status = 'in_reconstruction'".into(),
        },
        Case {
            path: "milestones.csv?border=KG".into(),
            expected: "select count(*) from milestones m join checkpoints c on c.id = m.checkpoint_id
                       where c.border_country = 'KG'"
                .into(),
        },
        Case {
            path: format!("date_revisions.csv?from={third}"),
            expected: format!(
                "select count(*) from date_revisions where changed_at >= ('{}'::timestamp at time zone interval '+05:00')",
                third.monday()
            ),
        },
        Case {
            path: "reports.csv?body=finance&revisions=all".into(),
            expected: "select count(*) from report_revisions v join reports r on r.id = v.report_id
                       where r.body = 'finance' and v.status <> 'draft'"
                .into(),
        },
        Case {
            path: "reports.csv?status=reviewed".into(),
            expected: format!("select count(*) from {current_revisions} v where v.status = 'reviewed'"),
        },
        Case {
            path: format!("report_entries.csv?border=UZ&from={third}&to={third}"),
            expected: format!(
                "select count(*) from {current_revisions} v join reports r on r.id = v.report_id
                 join report_entries e on e.revision_id = v.id join checkpoints c on c.id = e.checkpoint_id
                 where c.border_country = 'UZ' and (r.iso_year, r.iso_week) = ({}, {})",
                third.year(),
                third.week()
            ),
        },
        Case {
            path: "report_issues.csv?body=transport&revisions=all".into(),
            expected: "select count(*) from report_issues i join report_revisions v on v.id = i.revision_id
                       join reports r on r.id = v.report_id where r.body = 'transport' and v.status <> 'draft'"
                .into(),
        },
        Case {
            path: format!("milestone_updates.csv?checkpoint={kordai}"),
            expected: format!(
                "select count(*) from {current_revisions} v join report_milestone_updates u on u.revision_id = v.id
                 where u.checkpoint_id = {kordai}"
            ),
        },
        Case {
            path: "proposals.csv?status=accepted&revisions=all".into(),
            expected: "select count(*) from proposal_decisions where accepted".into(),
        },
        Case { path: format!("compliance.csv?body=finance&from={first}"), expected: "select 6::bigint".into() },
    ];
    for case in &cases {
        let expected = scalar(pool, &case.expected).await;
        assert!(expected > 0, "{}: the fixture has rows", case.path);
        let (header, rows) = download(&pm, &format!("/export/{}", case.path)).await;
        assert_eq!(rows.len() as i64, expected, "{}", case.path);
        let name = case.path.split('.').next().unwrap();
        let dataset = DATASETS.iter().find(|d| d.name == name).unwrap();
        assert_eq!(header, dataset.column_names().collect::<Vec<_>>(), "{name}");
    }

    // Values, not only counts: every current entry's percent by its key.
    let (header, rows) = download(&pm, "/export/report_entries.csv").await;
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let exported: BTreeMap<(i64, i64), String> = rows
        .iter()
        .map(|r| {
            (
                (r[at("revision_id")].parse().unwrap(), r[at("checkpoint_id")].parse().unwrap()),
                r[at("percent_complete")].clone(),
            )
        })
        .collect();
    let stored: Vec<(i64, i64, Option<i16>)> = sqlx::query_as(&format!(
        "select e.revision_id, e.checkpoint_id, e.percent_complete from {current_revisions} v
         join report_entries e on e.revision_id = v.id"
    ))
    .fetch_all(pool)
    .await
    .unwrap();
    let stored: BTreeMap<(i64, i64), String> =
        stored.into_iter().map(|(r, c, p)| ((r, c), p.map(|p| p.to_string()).unwrap_or_default())).collect();
    assert_eq!(exported, stored);

    // The week's verdicts as stored at submission.
    let (header, rows) = download(&pm, &format!("/export/compliance.csv?body=transport&from={first}")).await;
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    for row in &rows {
        let week: IsoWeek = row[at("week")].parse().unwrap();
        let late: Option<bool> = sqlx::query_scalar(
            "select v.late from report_revisions v join reports r on r.id = v.report_id
             where r.body = 'transport' and r.iso_year = $1 and r.iso_week = $2 and v.kind = 'first'",
        )
        .bind(week.year())
        .bind(week.week() as i32)
        .fetch_optional(pool)
        .await
        .unwrap()
        .flatten();
        let verdict = &row[at("verdict")];
        match late {
            Some(true) => assert_eq!(verdict, "late", "{week}"),
            Some(false) => assert_eq!(verdict, "on_time", "{week}"),
            None => assert!(verdict == "missing" || verdict == "not_due", "{week}: {verdict}"),
        }
    }

    // The audit trail, last: each download above is in it, with its rows.
    let downloads = scalar(pool, "select count(*) from audit_log where action = 'export.download'").await;
    assert_eq!(downloads, cases.len() as i64 + 2);
    let recorded: Value = sqlx::query_scalar(
        "select after from audit_log where action = 'export.download' and after->>'dataset' = 'report_entries'
         order by id limit 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(recorded["filters"]["border"], "UZ");
    assert_eq!(recorded["format"], "csv");
    assert!(recorded["rows"].as_i64().unwrap() > 0);
    let expected = scalar(pool, "select count(*) from audit_log").await;
    let (_, rows) = download(&pm, "/export/audit.csv").await;
    assert_eq!(rows.len() as i64, expected);
}

/// Payloads a spreadsheet would evaluate, one per kind of start.
const PAYLOADS: [&str; 7] = ["=HYPERLINK(\"http://x\",\"y\")", "+7 701", "-2+3", "@SUM(A1)", "\tx", "\rx", "'already"];

#[tokio::test]
async fn formula_payloads_in_every_text_column_are_neutralised_and_numbers_stay_numbers() {
    let app = TestApp::spawn().await;
    history(&app).await;
    let admin = app.visitor(Role::Admin, None).await;
    // Every free-text column of every table the datasets read, through
    // the immutability triggers as only a test may.
    let mut conn = app.pool.acquire().await.unwrap();
    sqlx::query("set session_replication_role = replica").execute(&mut *conn).await.unwrap();
    let p = |i: usize| PAYLOADS[i % PAYLOADS.len()].replace('\'', "''");
    let updates = [
        format!(
            "update checkpoints set name_en = '{}' || id, name_ru = '{}' || id, name_kk = '{}' || id, region = '{}',
                notes = '{}', sources = '{}'",
            p(0),
            p(1),
            p(2),
            p(3),
            p(4),
            p(5)
        ),
        format!("update milestones set title = '{}'", p(1)),
        format!("update date_revisions set reason = '{}', changed_by = '{}'", p(2), p(3)),
        format!("update users set display_name = '{}' || id", p(0)),
        format!("update report_revisions set review_comment = '{}'", p(6)),
        format!(
            "update report_entries set narrative = '{}', next_week_plan = '{}', decrease_explanation = '{}',
                proposed_date_reason = case when proposed_date is null then '' else '{}' end",
            p(0),
            p(1),
            p(2),
            p(3)
        ),
        format!("update report_issues set text = '{}'", p(4)),
        format!("update proposal_decisions set reason = '{}'", p(5)),
        format!("update milestone_update_decisions set reason = '{}'", p(5)),
        format!(
            "update audit_log set actor = '{}', request_id = '{}', entity_id = -5,
                after = '{{\"x\": 1}}' where id = (select min(id) from audit_log)",
            p(0),
            p(3)
        ),
    ];
    for sql in &updates {
        sqlx::query(sql).execute(&mut *conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    sqlx::query("reset session_replication_role").execute(&mut *conn).await.unwrap();
    drop(conn);

    for dataset in DATASETS {
        let (header, rows) = download(
            &admin,
            &format!("/export/{}.csv?revisions=all", dataset.name)
                .replace("?revisions=all", if dataset.by_revision { "?revisions=all" } else { "" }),
        )
        .await;
        assert!(!rows.is_empty(), "{}", dataset.name);
        for (i, column) in dataset.columns.iter().enumerate() {
            assert_eq!(header[i], column.name);
            for row in &rows {
                let cell = &row[i];
                let starts = |at: usize| cell.as_bytes().get(at).copied();
                let trigger = |b: Option<u8>| matches!(b, Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\''));
                match column.kind {
                    // Never a formula; an apostrophe only in front of what needed it.
                    Kind::Text => assert!(
                        !trigger(starts(0)) || starts(0) == Some(b'\'') && trigger(starts(1)),
                        "{}.{}: {cell:?}",
                        dataset.name,
                        column.name
                    ),
                    _ => assert!(!cell.starts_with('\''), "{}.{}: {cell:?}", dataset.name, column.name),
                }
            }
        }
    }
    // Each payload came back with exactly one apostrophe in front.
    let (header, rows) = download(&admin, "/export/checkpoints.csv").await;
    let notes = header.iter().position(|h| h == "notes").unwrap();
    assert!(rows.iter().all(|r| r[notes] == format!("'{}", PAYLOADS[4])));
    let (header, rows) = download(&admin, "/export/reports.csv?revisions=all").await;
    let comment = header.iter().position(|h| h == "review_comment").unwrap();
    assert!(rows.iter().all(|r| r[comment] == "''already"));
    // A negative number is a number.
    let (header, rows) = download(&admin, "/export/audit.csv").await;
    let entity_id = header.iter().position(|h| h == "entity_id").unwrap();
    assert!(rows.iter().any(|r| r[entity_id] == "-5"));
}

/// A personal API token of `visitor`, created on the tokens page.
async fn token_of(visitor: &Visitor) -> String {
    let response = visitor.post_form("/tokens", &[("label", "BI")]).await;
    assert_eq!(response.status(), 200);
    text(&Html::parse_document(&response.text().await.unwrap()), "#new-token")
}

async fn api(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new().get(app.url(path)).bearer_auth(token).send().await.unwrap()
}

#[tokio::test]
async fn each_role_reads_the_datasets_its_pages_show_and_the_audit_only_admin_and_pm_office() {
    let app = TestApp::spawn().await;
    for (role, body) in
        [(Role::Admin, None), (Role::PmOffice, None), (Role::Analyst, None), (Role::MinistryStaff, Some("finance"))]
    {
        let visitor = app.visitor(role, body).await;
        let token = token_of(&visitor).await;
        for dataset in DATASETS {
            let allowed = dataset.name != "audit" || matches!(role, Role::Admin | Role::PmOffice);
            let expected = if allowed { 200 } else { 403 };
            let page = visitor.get(&format!("/export/{}.csv", dataset.name)).await;
            assert_eq!(page.status(), expected, "{role:?} {}", dataset.name);
            let response = api(&app, &token, &format!("/api/v1/{}", dataset.name)).await;
            assert_eq!(response.status(), expected, "{role:?} api {}", dataset.name);
            let body: Value = response.json().await.unwrap();
            if !allowed {
                assert_eq!(body, serde_json::json!({ "error": "forbidden" }));
            }
        }
    }
    // Anonymous and revoked: 401 in JSON.
    let response = reqwest::get(app.url("/api/v1/checkpoints")).await.unwrap();
    assert_eq!(response.status(), 401);
    let analyst = app.visitor(Role::Analyst, None).await;
    let token = token_of(&analyst).await;
    assert_eq!(api(&app, &token, "/api/v1/checkpoints").await.status(), 200);
    let id: i64 = sqlx::query_scalar("select max(id) from api_tokens").fetch_one(&app.pool).await.unwrap();
    assert_eq!(analyst.post_form(&format!("/tokens/{id}/revoke"), &[]).await.status(), 303);
    let response = api(&app, &token, "/api/v1/checkpoints").await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.json::<Value>().await.unwrap()["error"], "unauthorized");
}

#[tokio::test]
async fn a_draft_is_exported_only_to_its_own_body_and_only_among_all_revisions() {
    let app = TestApp::spawn().await;
    let week = crate::reports::this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let staff = app.visitor(Role::MinistryStaff, Some("finance")).await;
    let opened = crate::reports::open_form(&staff, "finance", week).await;
    let fields = crate::reports::entry(kordai, &[("percent", "40"), ("status", "on_track"), ("narrative", "Черновик")]);
    let response = crate::reports::post_draft(&staff, "finance", week, &opened, "save", fields).await;
    assert!(response.status().is_success() || response.status().is_redirection(), "{}", response.status());

    let other = app.visitor(Role::MinistryStaff, Some("transport")).await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let own = download(&staff, "/export/report_entries.csv?revisions=all").await.1;
    assert_eq!(own.len(), 1);
    assert!(own[0].contains(&"Черновик".to_owned()) && own[0].contains(&"draft".to_owned()));
    assert!(download(&staff, "/export/report_entries.csv").await.1.is_empty(), "current: submitted only");
    for visitor in [&other, &analyst] {
        assert!(download(visitor, "/export/report_entries.csv?revisions=all").await.1.is_empty());
        assert!(download(visitor, "/export/reports.csv?revisions=all&status=draft").await.1.is_empty());
    }
}

#[tokio::test]
async fn the_api_pages_through_every_row_with_a_cursor() {
    let app = TestApp::spawn().await;
    history(&app).await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let token = token_of(&analyst).await;
    let (_, rows) = download(&analyst, "/export/report_entries.csv?revisions=all&body=transport").await;
    let mut seen = Vec::new();
    let mut next = Some("/api/v1/report_entries?revisions=all&body=transport&limit=50".to_owned());
    let mut pages = 0;
    while let Some(path) = next {
        let response = api(&app, &token, &path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store");
        let page: Value = response.json().await.unwrap();
        for row in page["rows"].as_array().unwrap() {
            assert!(row["percent_complete"].is_number() || row["percent_complete"].is_null());
            seen.push((row["revision_id"].as_i64().unwrap(), row["checkpoint_id"].as_i64().unwrap()));
        }
        next = page["next"].as_str().map(str::to_owned);
        pages += 1;
    }
    let expected: Vec<(i64, i64)> = rows.iter().map(|r| (r[0].parse().unwrap(), r[5].parse().unwrap())).collect();
    assert_eq!(seen, expected, "the same rows in the same order");
    assert!(pages > 2, "{pages} pages");

    // Bad input: JSON errors, never a 500.
    let response = api(&app, &token, "/api/v1/report_entries?border=XX&limit=0").await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"]["border"]["code"], "export-unknown-border");
    assert_eq!(body["errors"]["limit"]["code"], "export-bad-limit", "every invalid parameter at once");
    let response = api(&app, &token, "/api/v1/report_entries?cursor=1'--").await;
    assert_eq!(response.status(), 400);
    assert_eq!(response.json::<Value>().await.unwrap(), serde_json::json!({ "error": "invalid_cursor" }));
    let response = api(&app, &token, "/api/v1/checkpoints?from=2026-W05").await;
    assert_eq!(response.status(), 422);
    assert_eq!(response.json::<Value>().await.unwrap()["errors"]["from"]["code"], "export-filter-not-applicable");
}

#[tokio::test]
async fn a_gzip_download_is_complete() {
    let app = TestApp::spawn().await;
    history(&app).await;
    let analyst = app.visitor(Role::Analyst, None).await;
    let plain = analyst.get("/export/report_entries.csv?revisions=all").await.bytes().await.unwrap();
    assert!(plain.len() > 100_000, "large enough to stream in many chunks: {}", plain.len());
    // reqwest is built without gzip decoding: the bytes arrive as sent.
    let response = analyst
        .client
        .get(app.url("/export/report_entries.csv?revisions=all"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let compressed = response.bytes().await.unwrap();
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&compressed[..]).read_to_end(&mut unzipped).unwrap();
    assert_eq!(unzipped, plain.to_vec());

    // A workbook is a zip already: it goes as it is.
    let response =
        analyst.client.get(app.url("/export/checkpoints.xlsx")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn an_exported_register_imports_back_unchanged() {
    let app = TestApp::spawn().await;
    // Text a spreadsheet would take for a formula survives the trip.
    sqlx::query("update checkpoints set notes = '=1+1', sources = '''quoted' where name_en = 'Kordai'")
        .execute(&app.pool)
        .await
        .unwrap();
    let dump = "select string_agg(t::text, E'\\n' order by t.id) from checkpoints t";
    let dates = "select count(*) from date_revisions";
    let before: String = sqlx::query_scalar(dump).fetch_one(&app.pool).await.unwrap();
    let revisions = scalar(&app.pool, dates).await;
    let analyst = app.visitor(Role::Analyst, None).await;
    for variant in ["", "?bom=1&delimiter=semicolon"] {
        let bytes = analyst.get(&format!("/export/checkpoints.csv{variant}")).await.bytes().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("checkpoints.csv");
        std::fs::write(&file, &bytes).unwrap();
        let output = std::process::Command::new(crate::support::binary())
            .args(["import", "checkpoints"])
            .arg(&file)
            .env("DATABASE_URL", app.db.url())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{variant}: {stdout} {}", String::from_utf8_lossy(&output.stderr));
        assert!(stdout.contains("0 added, 0 updated, 48 unchanged"), "{variant}: {stdout}");
        let after: String = sqlx::query_scalar(dump).fetch_one(&app.pool).await.unwrap();
        assert_eq!(after, before, "{variant}");
        assert_eq!(scalar(&app.pool, dates).await, revisions);
    }
}

/// A spool whose `COPY` fails after many rows were already sent, served
/// over real HTTP: the client sees a broken download, never a clean end.
#[tokio::test]
async fn a_failure_in_mid_stream_aborts_the_download_and_is_audited_as_incomplete() {
    use checkpoint_tracker::export::spool::End;

    let app = TestApp::spawn().await;
    // Division by zero at row 200,000, long after the first rows left.
    let copy = "copy (select case when g < 200000 then g::text else (1 / (g - 200000))::text end as n
                from generate_series(1, 300000) g) to stdout with (format csv, header true)";
    let (spool, ended_rx) = started_spool(&app, copy).await;
    let body = std::sync::Arc::new(std::sync::Mutex::new(Some(spool.into_body())));
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(move || {
            let body = body.lock().unwrap().take().expect("one request");
            async move { axum::response::Response::new(body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });

    let response = reqwest::get(format!("http://{addr}/")).await.unwrap();
    assert_eq!(response.status(), 200, "the header row was out");
    let mut received = 0;
    let mut stream = response.bytes_stream();
    let mut broken = false;
    while let Some(chunk) = futures_util::StreamExt::next(&mut stream).await {
        match chunk {
            Ok(bytes) => received += bytes.len(),
            Err(_) => {
                broken = true;
                break;
            }
        }
    }
    assert!(broken, "the download must end in an error, not cleanly");
    assert!(received > 100_000, "rows had arrived before the failure: {received} bytes");
    assert_eq!(ended_rx.await.unwrap(), End::Failed);
}

/// A client that leaves stops its export: the query ends and the spool
/// is not filled for nobody.
#[tokio::test]
async fn a_client_that_leaves_stops_the_query() {
    use checkpoint_tracker::export::spool::End;

    let app = TestApp::spawn().await;
    let copy = "copy (select g, repeat('x', 100) from generate_series(1, 20000000) g)
                to stdout with (format csv, header true)";
    let (spool, ended_rx) = started_spool(&app, copy).await;
    drop(spool);
    assert_eq!(ended_rx.await.unwrap(), End::Failed, "stopped, not run to its 20 million rows");
    let running: i64 = sqlx::query_scalar(
        "select count(*) from pg_stat_activity where state = 'active' and query like 'copy (select g, repeat%'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(running, 0, "the query ended with its connection");
}

/// A spool of `copy` whose header row is out, and how it will end.
async fn started_spool(
    app: &TestApp,
    copy: &str,
) -> (checkpoint_tracker::export::spool::Spool, tokio::sync::oneshot::Receiver<checkpoint_tracker::export::spool::End>)
{
    use checkpoint_tracker::export::spool::{Source, Spool};

    let (ended_tx, ended_rx) = tokio::sync::oneshot::channel();
    let source = Source {
        pool: app.pool.clone(),
        slots: std::sync::Arc::new(tokio::sync::Semaphore::new(1)),
        copy: copy.into(),
        bom: false,
    };
    let mut spool = Spool::start(source, move |end| async move {
        let _ = ended_tx.send(end);
    })
    .unwrap();
    spool.started().await.unwrap();
    (spool, ended_rx)
}
