//! Exports of `report_entries` (every revision) on demo data: PostgreSQL's
//! own `COPY … TO STDOUT` of the same query, drained by a client, against
//! the app's CSV download over real HTTP (plain and gzip), the XLSX
//! download and the JSON API's pages, in one run; the server's peak memory
//! during each; then 8 slow downloads at once while reports are submitted.
//!
//! Run: `cargo bench --bench export` (DATABASE_URL if set, else a throwaway
//! embedded cluster). `BENCH_SCALES` (default `1,26`: the 48 reference
//! checkpoints over 104 weeks, then 1,248 over 260 weeks, about 1,000,000
//! entries) chooses the scales; with DATABASE_URL, `BENCH_KEEP=1` keeps
//! the generated databases and reuses them in the next run.
//!
//! The app is served in this process, so "peak memory" is how far this
//! process's resident set rose during a measurement (VmHWM, reset through
//! /proc/self/clear_refs, less the resident set at the reset): the
//! server's, plus a client that only counts the bytes it receives (the
//! JSON one parses each page).

use std::time::{Duration, Instant};

use checkpoint_tracker::clock::Clock;
use checkpoint_tracker::db::audit::Actor;
use checkpoint_tracker::demo::{self, DemoOptions};
use checkpoint_tracker::domain::user::{Role, UserForm};
use checkpoint_tracker::embedded_pg::{EmbeddedPg, Options};
use checkpoint_tracker::export::query::{self, Context, Reader, Shape};
use checkpoint_tracker::export::{Params, Selection, datasets};
use checkpoint_tracker::state::Settings;
use checkpoint_tracker::{AppState, accounts, db, prepare, serve};
use futures_util::StreamExt;
use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;

const PASSWORD: &str = "benchmark password";
const PATH: &str = "/export/report_entries.csv?revisions=all";

#[tokio::main]
async fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let (admin, _pg): (PgConnectOptions, Option<EmbeddedPg>) = match std::env::var("DATABASE_URL") {
        Ok(url) => (url.parse().unwrap(), None),
        Err(_) => {
            let pg = EmbeddedPg::start(Options { data_dir: tmp.path().join("data"), durable: false }).await.unwrap();
            (pg.connect_options("postgres"), Some(pg))
        }
    };
    let scales = std::env::var("BENCH_SCALES").unwrap_or_else(|_| "1,26".into());
    for scale in scales.split(',').map(|s| s.trim().parse::<u32>().unwrap()) {
        let weeks = if scale == 1 { 104 } else { 260 };
        run(&admin, scale, weeks).await;
    }
}

async fn run(admin: &PgConnectOptions, scale: u32, weeks: u32) {
    let name = format!("ct_bench_export_{scale}x");
    let pool = database(admin, &name, scale, weeks).await;
    let rows: i64 = sqlx::query_scalar("select count(*) from report_entries").fetch_one(&pool).await.unwrap();
    let base = serve_bench(&pool).await;
    let client = signed_in(&base).await;
    println!("\n## scale {scale}× ({weeks} weeks): {rows} report_entries rows, {PATH}");

    // The same query the app runs, as PostgreSQL's own COPY.
    let copy_sql = copy_statement();
    let mut copy_times = Vec::new();
    let mut copy_bytes = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let mut conn = pool.acquire().await.unwrap();
        let mut stream = conn.copy_out_raw(&copy_sql).await.unwrap();
        let mut bytes = 0;
        while let Some(chunk) = stream.next().await {
            bytes += chunk.unwrap().len();
        }
        copy_times.push(started.elapsed());
        copy_bytes = bytes;
    }
    let copy = median(&mut copy_times);
    println!(
        "COPY (same query, drained by a client): median {:.0} ms, {:.0} rows/s, {:.1} MB",
        ms(copy),
        rows as f64 / copy.as_secs_f64(),
        copy_bytes as f64 / 1e6
    );

    let csv = measure(&client, &format!("{base}{PATH}"), false, 3).await;
    report("CSV over HTTP", &csv, rows, copy);
    let gzip = measure(&client, &format!("{base}{PATH}"), true, 1).await;
    report("CSV over HTTP, gzip", &gzip, rows, copy);
    let xlsx = measure(&client, &format!("{base}{}", PATH.replace(".csv", ".xlsx")), false, 1).await;
    report("XLSX over HTTP", &xlsx, rows, copy);
    api_pages(&base, &pool, rows, copy).await;
    slow_downloads(&base, &client, &pool).await;
    pool.close().await;
}

fn copy_statement() -> String {
    let dataset = datasets::find("report_entries").unwrap();
    let params = Params { revisions: "all".into(), ..Default::default() };
    let selection = Selection::parse(dataset, &params, &[]).unwrap();
    let ctx = Context {
        reader: Reader { role: Role::PmOffice, body: None },
        now: chrono::Utc::now(),
        deadline: Settings::default().report_deadline,
        first_week: None,
    };
    query::copy(&query::build(&selection, &ctx, &Shape::File { neutralise: true }), false)
}

/// What one kind of download took.
struct Measured {
    time: Duration,
    bytes: usize,
    peak_mb: f64,
}

async fn measure(client: &reqwest::Client, url: &str, gzip: bool, runs: usize) -> Measured {
    let mut times = Vec::new();
    let mut bytes = 0;
    let mut peak_mb: f64 = 0.0;
    for _ in 0..runs {
        reset_peak();
        let started = Instant::now();
        let mut request = client.get(url);
        if gzip {
            request = request.header("accept-encoding", "gzip");
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200, "{url}");
        let mut stream = response.bytes_stream();
        bytes = 0;
        while let Some(chunk) = stream.next().await {
            bytes += chunk.unwrap().len();
        }
        times.push(started.elapsed());
        peak_mb = peak_mb.max(peak());
    }
    Measured { time: median(&mut times), bytes, peak_mb }
}

fn report(what: &str, m: &Measured, rows: i64, copy: Duration) {
    println!(
        "{what}: median {:.0} ms, {:.0} rows/s, {:.2}× COPY, {:.1} MB sent, peak memory +{:.0} MB",
        ms(m.time),
        rows as f64 / m.time.as_secs_f64(),
        copy.as_secs_f64() / m.time.as_secs_f64(),
        m.bytes as f64 / 1e6,
        m.peak_mb
    );
}

/// Every row through the JSON API, 10,000 a page.
async fn api_pages(base: &str, pool: &PgPool, rows: i64, copy: Duration) {
    let token = accounts::create_token(pool, "bench-pm", "bench", &Actor::system("bench")).await.unwrap();
    let client = reqwest::Client::new();
    reset_peak();
    let started = Instant::now();
    let mut next = Some("/api/v1/report_entries?revisions=all&limit=10000".to_owned());
    let mut seen = 0;
    while let Some(path) = next {
        let page: Value =
            client.get(format!("{base}{path}")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        seen += page["rows"].as_array().unwrap().len();
        next = page["next"].as_str().map(str::to_owned);
    }
    let time = started.elapsed();
    assert_eq!(seen as i64, rows);
    println!(
        "JSON API, 10,000 a page: {:.0} ms, {:.0} rows/s, {:.2}× COPY, peak memory +{:.0} MB",
        ms(time),
        rows as f64 / time.as_secs_f64(),
        copy.as_secs_f64() / time.as_secs_f64(),
        peak()
    );
}

/// 8 clients reading about 5 MB/s each while a ministry submits report
/// amendments through the API: submission latency against the same
/// submissions alone, and how long the exports held their connections.
async fn slow_downloads(base: &str, client: &reqwest::Client, pool: &PgPool) {
    let token = staff_token(pool).await;
    let alone = submissions(base, &token, 20).await;
    let audited = |pool: PgPool| async move {
        sqlx::query_scalar::<_, i64>(
            "select count(*) from audit_log where action = 'export.download' and (after->>'complete')::boolean",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let before = audited(pool.clone()).await;
    let started = Instant::now();
    let mut downloads = Vec::new();
    for _ in 0..8 {
        let client = client.clone();
        let url = format!("{base}{PATH}");
        downloads.push(tokio::spawn(async move {
            let response = client.get(url).send().await.unwrap();
            let mut stream = response.bytes_stream();
            let mut bytes = 0;
            while let Some(chunk) = stream.next().await {
                let len = chunk.unwrap().len();
                bytes += len;
                // About 5 MB/s: 50 ms per 256 KiB.
                tokio::time::sleep(Duration::from_micros(len as u64 * 50_000 / (256 * 1024))).await;
            }
            (bytes, started.elapsed())
        }));
    }
    // The rows are all produced (each export audits itself then).
    let watch = {
        let pool = pool.clone();
        tokio::spawn(async move {
            loop {
                if audited(pool.clone()).await >= before + 8 {
                    return started.elapsed();
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let during = submissions(base, &token, 20).await;
    let produced = watch.await.unwrap();
    let mut finished = Duration::ZERO;
    for d in downloads {
        finished = finished.max(d.await.unwrap().1);
    }
    println!(
        "8 slow downloads (about 5 MB/s each): rows produced and connections released after {:.1} s; \
         the slowest client finished after {:.1} s",
        produced.as_secs_f64(),
        finished.as_secs_f64()
    );
    println!(
        "report submission (draft + submit through the API), median / max: alone {:.0} / {:.0} ms, \
         during the downloads {:.0} / {:.0} ms",
        ms(alone.0),
        ms(alone.1),
        ms(during.0),
        ms(during.1)
    );
}

/// `n` amendments of this week's transport report: (median, max).
async fn submissions(base: &str, token: &str, n: usize) -> (Duration, Duration) {
    let client = reqwest::Client::new();
    let week = checkpoint_tracker::domain::week::IsoWeek::at(chrono::Utc::now());
    let path = format!("{base}/api/v1/reports/transport/{week}");
    let mut times = Vec::new();
    for i in 0..n {
        let started = Instant::now();
        let draft = json!({ "entries": [{ "checkpoint_id": 1, "percent_complete": (i % 90).to_string(),
                                           "status": "on_track", "narrative": format!("bench {i}"),
                                           "decrease_explanation": "bench" }] });
        let response = client.put(format!("{path}/draft")).bearer_auth(token).json(&draft).send().await.unwrap();
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        let response = client.post(format!("{path}/submit")).bearer_auth(token).json(&json!({})).send().await.unwrap();
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        times.push(started.elapsed());
    }
    let max = *times.iter().max().unwrap();
    (median(&mut times), max)
}

async fn staff_token(pool: &PgPool) -> String {
    if db::users::by_username(pool, "bench-transport").await.unwrap().is_none() {
        let form = UserForm {
            username: "bench-transport".into(),
            display_name: "Bench transport".into(),
            role: "ministry_staff".into(),
            body: "transport".into(),
            active: Some("on".into()),
            ..Default::default()
        };
        accounts::add(pool, &form, PASSWORD, &Actor::system("bench")).await.unwrap();
    }
    accounts::create_token(pool, "bench-transport", "bench", &Actor::system("bench")).await.unwrap()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Resets this process's peak resident set (Linux: clear_refs 5) to what
/// it holds now, and remembers that.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    START_KB.store(status_kb("VmRSS:") as u64, std::sync::atomic::Ordering::Relaxed);
}

static START_KB: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How far this process's resident set rose above what it held at the last
/// reset, in MB (memory kept from earlier measurements does not count).
fn peak() -> f64 {
    let start = START_KB.load(std::sync::atomic::Ordering::Relaxed) as f64;
    (status_kb("VmHWM:") - start).max(0.0) / 1024.0
}

fn status_kb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0)
}

fn keep() -> bool {
    std::env::var("BENCH_KEEP").is_ok_and(|v| v == "1")
}

/// A database with `weeks` weeks of demo data at `scale` (reused with
/// BENCH_KEEP=1 when a previous run left one).
async fn database(admin: &PgConnectOptions, name: &str, scale: u32, weeks: u32) -> PgPool {
    if keep() {
        if let Ok(pool) = db::connect(admin.clone().database(name)).await {
            let loaded: Result<i64, _> =
                sqlx::query_scalar("select count(*) from demo_loads where weeks = $1 and scale = $2")
                    .bind(weeks as i32)
                    .bind(scale as i32)
                    .fetch_one(&pool)
                    .await;
            if matches!(loaded, Ok(1)) {
                println!("reusing {name} (BENCH_KEEP=1)");
                prepare(&pool, &Clock::System).await.unwrap();
                ensure_user(&pool).await;
                return pool;
            }
            pool.close().await;
        }
    }
    let a = db::connect(admin.clone()).await.unwrap();
    sqlx::query(&format!("drop database if exists {name} with (force)")).execute(&a).await.unwrap();
    sqlx::query(&format!("create database {name}")).execute(&a).await.unwrap();
    a.close().await;
    let pool = db::connect(admin.clone().database(name)).await.unwrap();
    prepare(&pool, &Clock::System).await.unwrap();
    let settings = Settings::default();
    let options = DemoOptions {
        weeks,
        scale,
        force: false,
        now: chrono::Utc::now(),
        deadline: settings.report_deadline,
        correction_days: settings.correction_days,
    };
    let summary = demo::generate(&pool, options).await.unwrap();
    print!("checkpoint-tracker demo-data --weeks {weeks} --scale {scale}: {summary}");
    ensure_user(&pool).await;
    pool
}

async fn ensure_user(pool: &PgPool) {
    if db::users::by_username(pool, "bench-pm").await.unwrap().is_some() {
        return;
    }
    let form = UserForm {
        username: "bench-pm".into(),
        display_name: "Bench PM office".into(),
        role: "pm_office".into(),
        active: Some("on".into()),
        ..Default::default()
    };
    accounts::add(pool, &form, PASSWORD, &Actor::system("bench")).await.unwrap();
}

async fn serve_bench(pool: &PgPool) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(pool.clone(), Clock::System, Settings::default());
    tokio::spawn(serve(listener, state, std::future::pending()));
    base
}

/// A client signed in as the PM office user.
async fn signed_in(base: &str) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let page = client.get(format!("{base}/login")).send().await.unwrap().text().await.unwrap();
    let html = scraper::Html::parse_document(&page);
    let selector = scraper::Selector::parse("input[name=csrf_token]").unwrap();
    let csrf = html.select(&selector).next().unwrap().value().attr("value").unwrap().to_owned();
    let form = [("username", "bench-pm"), ("password", PASSWORD), ("csrf_token", &csrf)];
    let response = client.post(format!("{base}/login")).form(&form).send().await.unwrap();
    assert!(response.status().is_success(), "login: {}", response.status());
    client
}
