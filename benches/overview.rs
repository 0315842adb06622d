//! The overview (`/`), an "as of" view, a checkpoint page and the register
//! on demo data (`checkpoint-tracker demo-data`) at realistic scale (the 48
//! reference checkpoints, 104 weeks) and at 100× (4,800 checkpoints, 260
//! weeks), served over real HTTP on a random port and read by a PM office
//! user: the median and p99 latency of each page, the SQL statements one
//! request of each makes (counted from sqlx's statement log), then requests
//! per second under 64 connections with `wrk`, next to a constant page
//! (`/healthz`) measured in the same run.
//!
//! Run: `cargo bench --bench overview` (DATABASE_URL if set, else a
//! throwaway embedded cluster). `BENCH_SCALES=1` or `=100` runs one scale
//! only; with DATABASE_URL, `BENCH_KEEP=1` keeps the generated databases and
//! reuses them in the next run. The throughput part needs `wrk` (Debian: `apt-get install -y wrk`);
//! without it the latency part still runs.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use checkpoint_tracker::clock::Clock;
use checkpoint_tracker::db::audit::Actor;
use checkpoint_tracker::demo::{self, DemoOptions};
use checkpoint_tracker::domain::user::UserForm;
use checkpoint_tracker::domain::week::IsoWeek;
use checkpoint_tracker::embedded_pg::{EmbeddedPg, Options};
use checkpoint_tracker::state::Settings;
use checkpoint_tracker::{AppState, accounts, db, prepare, serve};
use reqwest::cookie::{CookieStore, Jar};
use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;
use tracing_subscriber::layer::SubscriberExt;

const PASSWORD: &str = "benchmark password";
/// Requests per page for the latencies (fewer when a page is slow: at most
/// about 20 s per page).
const ROUNDS: usize = 200;
const BUDGET: Duration = Duration::from_secs(20);

/// Counts sqlx's statement events (one per statement executed).
static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

struct CountStatements;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[tokio::main]
async fn main() {
    let filter = tracing_subscriber::filter::Targets::new().with_target("sqlx::query", tracing::Level::TRACE);
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(CountStatements.with_filter(filter)))
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let (admin, _pg): (PgConnectOptions, Option<EmbeddedPg>) = match std::env::var("DATABASE_URL") {
        Ok(url) => (url.parse().unwrap(), None),
        Err(_) => {
            let pg = EmbeddedPg::start(Options { data_dir: tmp.path().join("data"), durable: false }).await.unwrap();
            (pg.connect_options("postgres"), Some(pg))
        }
    };
    let scales = std::env::var("BENCH_SCALES").unwrap_or_else(|_| "1,100".into());
    let wrk = Command::new("wrk").arg("--version").output().is_ok();
    if !wrk {
        println!("wrk is not installed: the throughput part is skipped (Debian: apt-get install -y wrk)");
    }
    for scale in scales.split(',').map(|s| s.trim().parse::<u32>().unwrap()) {
        let weeks = if scale == 1 { 104 } else { 260 };
        run(&admin, scale, weeks, wrk).await;
    }
}

use tracing_subscriber::Layer as _;

async fn run(admin: &PgConnectOptions, scale: u32, weeks: u32, wrk: bool) {
    let name = format!("ct_bench_overview_{scale}x");
    let (base, pool) = app(admin, &name, scale, weeks).await;
    let (client, cookie) = signed_in(&base).await;
    let as_of = IsoWeek::at(chrono::Utc::now()).last(53)[52];
    let checkpoint: i64 = sqlx::query_scalar!(
        r#"select id as "id!" from checkpoints order by (name_en like 'Demo checkpoint %') desc, id limit 1"#
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    // The overview last: at 100× it may run into the app's 30 s timeout,
    // and its queries would disturb the pages measured after it.
    let paths = [
        ("/healthz", "/healthz".to_owned()),
        ("a checkpoint page", format!("/checkpoints/{checkpoint}")),
        ("register, first page", "/checkpoints".to_owned()),
        ("register, page 3, border=RU", "/checkpoints?border=RU&sort=planned&dir=desc&page=3".to_owned()),
        ("overview /", "/".to_owned()),
        ("overview as of a year ago", format!("/?as_of={as_of}")),
    ];
    println!("\n{scale}× ({weeks} weeks): {base}");
    println!("{:<30} {:>10} {:>10} {:>6} {:>10} {:>11}", "request", "median", "p99", "n", "statements", "bytes");
    let mut slow = Vec::new();
    for (label, path) in &paths {
        let url = format!("{base}{path}");
        let (statements, first) = {
            let before = STATEMENTS.load(Ordering::Relaxed);
            let start = Instant::now();
            let response = client.get(&url).send().await.unwrap();
            let status = response.status();
            response.bytes().await.unwrap();
            (STATEMENTS.load(Ordering::Relaxed) - before, (status, start.elapsed()))
        };
        if !first.0.is_success() {
            println!("{label:<30} answered {} after {:.1} s: not measured further", first.0, first.1.as_secs_f64());
            slow.push(path.as_str());
            continue;
        }
        let (median, p99, n, bytes) = latency(&client, &url).await;
        println!("{label:<30} {:>8.2}ms {:>8.2}ms {n:>6} {statements:>10} {bytes:>11}", ms(median), ms(p99));
        if median > Duration::from_secs(1) {
            slow.push(path.as_str());
        }
    }
    if wrk {
        let mut constant = None;
        for path in ["/healthz", "/checkpoints", "/"] {
            if slow.contains(&path) {
                println!("wrk -t2 -c64 -d10s {path:<14} skipped: a request takes more than a second");
                continue;
            }
            let rps = throughput(&format!("{base}{path}"), &cookie);
            let ratio = match constant {
                None => {
                    constant = Some(rps);
                    String::new()
                }
                Some(c) => format!("  ({:.1} % of /healthz)", rps / c * 100.0),
            };
            println!("wrk -t2 -c64 -d10s {path:<14} {rps:>10.0} requests/s{ratio}");
        }
    }
    pool.close().await;
    if !keep() {
        drop_db(admin, &name).await;
    }
}

/// BENCH_KEEP=1: keep the generated databases (with DATABASE_URL) and reuse
/// them in the next run.
fn keep() -> bool {
    std::env::var("BENCH_KEEP").is_ok_and(|v| v == "1")
}

/// Requests per second of `url` under 64 connections for 10 s.
fn throughput(url: &str, cookie: &str) -> f64 {
    let output = Command::new("wrk")
        .args(["-t2", "-c64", "-d10s", "--latency", "-H", &format!("Cookie: {cookie}"), url])
        .output()
        .expect("wrk runs");
    let text = String::from_utf8_lossy(&output.stdout);
    if let Some(line) = text.lines().find(|l| l.contains("Non-2xx")) {
        println!("  wrk {url}: {}", line.trim());
    }
    text.lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no Requests/sec in wrk's output: {text}"))
}

/// Median, p99, number of requests, and the body's size.
async fn latency(client: &reqwest::Client, url: &str) -> (Duration, Duration, usize, usize) {
    for _ in 0..3 {
        client.get(url).send().await.unwrap().bytes().await.unwrap();
    }
    let mut times = Vec::with_capacity(ROUNDS);
    let mut size = 0;
    let started = Instant::now();
    while times.len() < ROUNDS && (times.len() < 5 || started.elapsed() < BUDGET) {
        let start = Instant::now();
        let body = client.get(url).send().await.unwrap().bytes().await.unwrap();
        times.push(start.elapsed());
        size = body.len();
    }
    times.sort();
    let n = times.len();
    (times[n / 2], times[(n * 99).div_ceil(100) - 1], n, size)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A fresh database with `weeks` weeks of demo data at `scale`, served.
async fn app(admin: &PgConnectOptions, name: &str, scale: u32, weeks: u32) -> (String, PgPool) {
    let settings = Settings::default();
    if keep() {
        // Reuse the database a run with BENCH_KEEP=1 left, if it has this scale.
        if let Ok(pool) = db::connect(admin.clone().database(name)).await {
            let loaded = sqlx::query_scalar!(
                r#"select count(*) as "n!" from demo_loads where weeks = $1 and scale = $2"#,
                weeks as i32,
                scale as i32
            )
            .fetch_one(&pool)
            .await;
            if matches!(loaded, Ok(1)) {
                println!("reusing {name} (BENCH_KEEP=1): {weeks} weeks at scale {scale}");
                prepare(&pool, &Clock::System).await.unwrap();
                ensure_bench_user(&pool).await;
                pool.close().await;
                return serve_bench(admin, name, settings).await;
            }
            pool.close().await;
        }
    }
    drop_db(admin, name).await;
    let a = db::connect(admin.clone()).await.unwrap();
    sqlx::query(&format!("create database {name}")).execute(&a).await.unwrap();
    a.close().await;
    let pool = db::connect(admin.clone().database(name)).await.unwrap();
    prepare(&pool, &Clock::System).await.unwrap();
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
    ensure_bench_user(&pool).await;
    pool.close().await;
    serve_bench(admin, name, settings).await
}

/// The PM office account the bench signs in with (also in a database that
/// `checkpoint-tracker demo-data` filled).
async fn ensure_bench_user(pool: &PgPool) {
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

/// Serves the database on a random port. Its statements time out after 35 s:
/// a page that runs into the app's 30 s timeout leaves its query running
/// otherwise, which would weigh on everything measured after it.
async fn serve_bench(admin: &PgConnectOptions, name: &str, settings: Settings) -> (String, PgPool) {
    let options = admin.clone().database(name).options([("statement_timeout", "35s")]);
    let pool = db::connect(options).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve(listener, AppState::new(pool.clone(), Clock::System, settings), std::future::pending()));
    (base, pool)
}

/// A client signed in as the PM office user, and its session cookie (for wrk).
async fn signed_in(base: &str) -> (reqwest::Client, String) {
    let jar = std::sync::Arc::new(Jar::default());
    let client = reqwest::Client::builder().cookie_provider(jar.clone()).build().unwrap();
    let page = client.get(format!("{base}/login")).send().await.unwrap().text().await.unwrap();
    let html = scraper::Html::parse_document(&page);
    let selector = scraper::Selector::parse("input[name=csrf_token]").unwrap();
    let csrf = html.select(&selector).next().unwrap().value().attr("value").unwrap().to_owned();
    let form = [("username", "bench-pm"), ("password", PASSWORD), ("csrf_token", &csrf)];
    let response = client.post(format!("{base}/login")).form(&form).send().await.unwrap();
    assert!(response.status().is_success(), "login: {}", response.status());
    let cookie = jar.cookies(&base.parse().unwrap()).unwrap().to_str().unwrap().to_owned();
    (client, cookie)
}

async fn drop_db(admin: &PgConnectOptions, name: &str) {
    let a = db::connect(admin.clone()).await.unwrap();
    sqlx::query(&format!("drop database if exists {name} with (force)")).execute(&a).await.unwrap();
    a.close().await;
}
