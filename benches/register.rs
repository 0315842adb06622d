//! The register at realistic scale (the 48 reference checkpoints) and at
//! 100× (4,800 checkpoints, 8 milestones and 3 date revisions each), served
//! over real HTTP from one process. Prints medians and the 100×/1× ratios,
//! which are what to compare between runs on a shared, noisy machine.
//!
//! It also times a weekly report of 55 checkpoints (the size of the whole
//! programme) saved and submitted through the JSON API.
//!
//! Run: `cargo bench --bench register` (uses DATABASE_URL if set, else a
//! throwaway embedded cluster).

use std::time::{Duration, Instant};

use checkpoint_tracker::clock::Clock;
use checkpoint_tracker::db::audit::Actor;
use checkpoint_tracker::domain::user::UserForm;
use checkpoint_tracker::embedded_pg::{EmbeddedPg, Options};
use checkpoint_tracker::state::Settings;
use checkpoint_tracker::{AppState, accounts, db, prepare, serve};
use sqlx::PgPool;

const PASSWORD: &str = "benchmark password";
use sqlx::postgres::PgConnectOptions;

const ROUNDS: usize = 60;

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
    let small = app(&admin, "ct_bench_1x", 0).await;
    let large = app(&admin, "ct_bench_100x", 4_800 - 48).await;

    let paths = [
        ("register, all", "/checkpoints".to_owned()),
        ("register, border=RU", "/checkpoints?border=RU".to_owned()),
        ("register, search", "/checkpoints?q=%D0%BA%D0%BE%D1%80".to_owned()),
        ("register, sorted by plan", "/checkpoints?sort=planned&dir=desc".to_owned()),
        ("one checkpoint page", "/checkpoints/5".to_owned()),
        ("healthz", "/healthz".to_owned()),
    ];
    println!("{:<28} {:>12} {:>12} {:>8}", "request", "1× median", "100× median", "ratio");
    for (label, path) in &paths {
        let a = median(&small.0, path).await;
        let b = median(&large.0, path).await;
        println!("{label:<28} {:>10.2}ms {:>10.2}ms {:>7.1}×", ms(a), ms(b), b.as_secs_f64() / a.as_secs_f64());
    }
    // The translation layer: the register in each language, and the share of
    // the page's time that goes to message lookups.
    let per_lookup = {
        let tr = checkpoint_tracker::i18n::Tr::new(checkpoint_tracker::i18n::Lang::Ru);
        let start = Instant::now();
        for _ in 0..100_000 {
            std::hint::black_box(tr.t(std::hint::black_box("status-commissioned")));
        }
        start.elapsed() / 100_000
    };
    for lang in ["kk", "ru", "en"] {
        for (scale, base) in [("1×", &small.0), ("100×", &large.0)] {
            let path = format!("/checkpoints?lang={lang}");
            let page = median(base, &path).await;
            let client = signed_in(base).await;
            let before = checkpoint_tracker::i18n::LOOKUPS.load(std::sync::atomic::Ordering::Relaxed);
            client.get(format!("{base}{path}")).send().await.unwrap().bytes().await.unwrap();
            let lookups = checkpoint_tracker::i18n::LOOKUPS.load(std::sync::atomic::Ordering::Relaxed) - before;
            let share = (per_lookup * lookups as u32).as_secs_f64() / page.as_secs_f64() * 100.0;
            println!(
                "{:<28} {:>10.2}ms ({lookups} lookups of ~{:.2} µs: ~{share:.0}% of the page)",
                format!("register in {lang}, {scale}"),
                ms(page),
                per_lookup.as_secs_f64() * 1e6
            );
        }
    }
    // A login is dominated by one argon2id verification (see auth::password).
    let mut logins: Vec<Duration> = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        signed_in(&small.0).await;
        logins.push(start.elapsed());
    }
    logins.sort();
    println!("{:<28} {:>10.2}ms (GET /login + POST /login, median of 20)", "login", ms(logins[10]));
    report_timings(&admin).await;
    for (_, pool, name) in [small, large] {
        pool.close().await;
        drop_db(&admin, &name).await;
    }
}

/// Saves and submits weekly reports through the API, week after week
/// (each draft starts from the previous week's report): one body reports on
/// the 48 reference checkpoints, another on the 55 of the programme.
async fn report_timings(admin: &PgConnectOptions) {
    let (base, pool, name) = app(admin, "ct_bench_reports", 0).await;
    sqlx::query!(
        "insert into checkpoints (name_en, name_ru, programme, status)
         select 'Extra ' || i, 'Доп ' || i, 'eaeu_internal', 'planned' from generate_series(1, 55 - 38) i"
    )
    .execute(&pool)
    .await
    .unwrap();
    let programme =
        sqlx::query_scalar!("select id from checkpoints where programme is not null").fetch_all(&pool).await.unwrap();
    let reference = sqlx::query_scalar!("select id from checkpoints where name_en not like 'Extra %' order by id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!((reference.len(), programme.len()), (48, 55));
    for (body, ids) in [("transport", &reference), ("finance", &programme)] {
        let form = UserForm {
            username: format!("src-{body}"),
            display_name: "SRC".into(),
            role: "ministry_staff".into(),
            body: body.into(),
            active: Some("on".into()),
            ..Default::default()
        };
        let user_id = accounts::add(&pool, &form, PASSWORD, &Actor::system("bench")).await.unwrap();
        let mut tx = pool.begin().await.unwrap();
        let token = db::tokens::create(
            &mut tx,
            user_id,
            "bench",
            checkpoint_tracker::domain::token_expiry::default_expiry(chrono::Utc::now()),
            &Actor::system("bench"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        report_rounds(&base, &token, body, ids).await;
    }
    pool.close().await;
    drop_db(admin, &name).await;
}

/// 12 weeks of a body's reports on `ids`; prints the median save and submit.
async fn report_rounds(base: &str, token: &str, body: &str, ids: &[i64]) {
    let client = reqwest::Client::new();
    let (mut saves, mut submits) = (Vec::new(), Vec::new());
    let mut week = checkpoint_tracker::domain::week::IsoWeek::at(chrono::Utc::now()).last(12)[11];
    for round in 0..12 {
        let entries: Vec<serde_json::Value> = ids
            .iter()
            .map(|id| {
                serde_json::json!({
                    "checkpoint_id": id, "percent_complete": (round * 8).to_string(), "status": "on_track",
                    "narrative": "Работы идут по графику; подрядчик на объекте.", "next_week_plan": "Монтаж оборудования",
                    "issues": [{ "category": "equipment", "severity": "medium", "text": "Поставка сканеров" }]
                })
            })
            .collect();
        let path = format!("{base}/api/v1/reports/{body}/{week}");
        let start = Instant::now();
        let response = client
            .put(format!("{path}/draft"))
            .bearer_auth(token)
            .json(&serde_json::json!({ "entries": entries }))
            .send()
            .await
            .unwrap();
        saves.push(start.elapsed());
        assert!(response.status().is_success(), "save: {}", response.status());
        let start = Instant::now();
        let response = client.post(format!("{path}/submit")).bearer_auth(token).send().await.unwrap();
        submits.push(start.elapsed());
        assert!(response.status().is_success(), "submit: {}", response.status());
        week = week.next();
    }
    saves.sort();
    submits.sort();
    let n = ids.len();
    println!(
        "{:<28} {:>10.2}ms (PUT …/draft, {n} entries with an issue each, median of 12)",
        format!("save a {n}-checkpoint report"),
        ms(saves[6])
    );
    println!("{:<28} {:>10.2}ms (POST …/submit, median of 12)", "submit it", ms(submits[6]));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Serves a fresh database with the reference data plus `extra` generated
/// checkpoints.
async fn app(admin: &PgConnectOptions, name: &str, extra: i64) -> (String, PgPool, String) {
    drop_db(admin, name).await;
    let a = db::connect(admin.clone()).await.unwrap();
    sqlx::query(&format!("create database {name}")).execute(&a).await.unwrap();
    a.close().await;
    let pool = db::connect(admin.clone().database(name)).await.unwrap();
    prepare(&pool, &Clock::System).await.unwrap();
    let started = Instant::now();
    generate(&pool, extra).await;
    if extra > 0 {
        println!(
            "generated {extra} checkpoints with milestones and revisions in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve(
        listener,
        AppState::new(pool.clone(), Clock::System, Settings::default()),
        std::future::pending(),
    ));
    let form = UserForm {
        username: "bench".into(),
        display_name: "Bench".into(),
        role: "analyst".into(),
        active: Some("on".into()),
        ..Default::default()
    };
    accounts::add(&pool, &form, PASSWORD, &Actor::system("bench")).await.unwrap();
    (base, pool, name.to_owned())
}

/// Generated data in the shape of the real register.
async fn generate(pool: &PgPool, n: i64) {
    if n == 0 {
        return;
    }
    sqlx::raw_sql(&format!(
        "insert into checkpoints (name_en, name_ru, border_country, region, kind, programme, status)
         select 'Generated ' || i, 'Сгенерированный ' || i,
                (array['CN','UZ','TM','RU','KG','RU','RU'])[1 + i % 7], 'Region ' || (i % 17), 'road',
                (array['eaeu_internal','eaeu_external_2025',null])[1 + i % 3],
                (array['planned','in_reconstruction','commissioned','suspended','unknown'])[1 + i % 5]
         from generate_series(1, {n}) i;
         insert into milestones (checkpoint_id, title, kind, planned_start, planned_finish, percent_complete)
         select c.id, 'Milestone ' || k, (array['design','contract','construction_start','roads_lanes',
                'buildings','equipment','internet','acceptance'])[k],
                date '2026-01-01' + k * 30, date '2026-01-01' + k * 30 + 25, (k * 12) % 101
         from checkpoints c, generate_series(1, 8) k where c.name_en like 'Generated %';
         insert into date_revisions (checkpoint_id, field, old_date, new_date, reason, changed_by)
         select c.id, 'commissioning', case when r = 1 then null else date '2026-06-30' + (r - 2) * 31 end,
                date '2026-06-30' + (r - 1) * 31, 'generated revision ' || r, 'bench'
         from checkpoints c, generate_series(1, 3) r where c.name_en like 'Generated %';
         update checkpoints set planned_commissioning = date '2026-06-30' + 62 where name_en like 'Generated %';
         analyze;"
    ))
    .execute(pool)
    .await
    .unwrap();
}

/// A client signed in as the analyst `bench`.
async fn signed_in(base: &str) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let page = client.get(format!("{base}/login")).send().await.unwrap().text().await.unwrap();
    let html = scraper::Html::parse_document(&page);
    let selector = scraper::Selector::parse("input[name=csrf_token]").unwrap();
    let csrf = html.select(&selector).next().unwrap().value().attr("value").unwrap().to_owned();
    let form = [("username", "bench"), ("password", PASSWORD), ("csrf_token", &csrf)];
    let response = client.post(format!("{base}/login")).form(&form).send().await.unwrap();
    assert!(response.status().is_success(), "login: {}", response.status());
    client
}

async fn median(base: &str, path: &str) -> Duration {
    let client = signed_in(base).await;
    let url = format!("{base}{path}");
    // Warm up connections and caches.
    for _ in 0..5 {
        assert!(client.get(&url).send().await.unwrap().status().is_success(), "{url}");
    }
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let body = client.get(&url).send().await.unwrap().bytes().await.unwrap();
        times.push(start.elapsed());
        assert!(!body.is_empty());
    }
    times.sort();
    times[ROUNDS / 2]
}

async fn drop_db(admin: &PgConnectOptions, name: &str) {
    let a = db::connect(admin.clone()).await.unwrap();
    sqlx::query(&format!("drop database if exists {name} with (force)")).execute(&a).await.unwrap();
    a.close().await;
}
