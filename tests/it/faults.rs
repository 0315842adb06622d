//! Faults a government's busiest week brings (issue 13, point 4): the
//! database stopped under a submission load, the connection pool exhausted,
//! more requests than the app takes at once, and slow clients.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use checkpoint_tracker::clock::Clock;
use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::IsoWeek;
use checkpoint_tracker::embedded_pg::{self, EmbeddedPg};
use checkpoint_tracker::server::Limits;
use checkpoint_tracker::state::Settings;
use checkpoint_tracker::{AppState, db, prepare, serve};
use futures_util::future::join_all;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::reports::{entry, opened_on, post_draft, this_week};
use crate::support::{PASSWORD, TestApp, Visitor, create_user, english, submitted_reports, text};

/// The port a visitor's server listens on.
fn addr_of(visitor: &Visitor) -> std::net::SocketAddr {
    visitor.url("").trim_start_matches("http://").parse().unwrap()
}

/// With every connection of the pool taken, requests wait the pool's
/// acquire timeout, then get 503 (a page, or JSON under /api/); past the
/// requests the app takes at once, the rest get 503 at once. Nothing
/// queues without bound and the app serves again as soon as connections
/// are free.
#[tokio::test]
async fn with_the_pool_exhausted_requests_wait_a_bounded_time_then_get_503() {
    let app = TestApp::spawn().await;
    let narrow = app.second_server(Settings { max_in_flight: 4, ..english() }).await;
    // A real token: its lookup needs a connection like any page.
    let response = app.post_form("/tokens", &[("label", "BI")]).await;
    let token = text(&scraper::Html::parse_document(&response.text().await.unwrap()), "#new-token");
    let mut held = Vec::new();
    for _ in 0..10 {
        held.push(app.pool.acquire().await.unwrap());
    }

    let started = Instant::now();
    let requests = (0..200).map(|i| {
        let (client, url) =
            (app.client.clone(), app.url(if i % 2 == 0 { "/checkpoints" } else { "/api/v1/checkpoints" }));
        let bearer = format!("Bearer {token}");
        async move {
            let sent = Instant::now();
            let request = client.get(url);
            let request = if i % 2 == 0 { request } else { request.header("authorization", bearer) };
            let response = request.send().await.unwrap();
            let kind = response.headers()["content-type"].to_str().unwrap().to_owned();
            (response.status().as_u16(), kind, sent.elapsed())
        }
    });
    let answers = join_all(requests).await;
    let slowest = answers.iter().map(|(_, _, t)| *t).max().unwrap();
    let mut statuses = BTreeMap::new();
    for (status, _, _) in &answers {
        *statuses.entry(*status).or_insert(0) += 1;
    }
    println!("pool of 10 held, 200 concurrent requests: {statuses:?}, slowest {slowest:?}");
    assert_eq!(statuses, BTreeMap::from([(503, 200)]));
    for (i, (_, kind, _)) in answers.iter().enumerate() {
        let expected = if i % 2 == 0 { "text/html" } else { "application/json" };
        assert!(kind.starts_with(expected), "request {i}: {kind}");
    }
    // The pool's acquire timeout is 5 s; the rest is a busy machine's.
    assert!(slowest < Duration::from_secs(30), "bounded wait: {slowest:?}");

    // A server that takes 4 requests at once refuses the others at once.
    let refused_at_once = join_all((0..12).map(|_| {
        let (client, url) = (narrow.client.clone(), narrow.url("/checkpoints"));
        async move {
            let sent = Instant::now();
            let response = client.get(url).send().await.unwrap();
            (response.status().as_u16(), response.headers().get("retry-after").is_some(), sent.elapsed())
        }
    }))
    .await;
    assert!(refused_at_once.iter().all(|(status, retry, _)| *status == 503 && *retry), "{refused_at_once:?}");
    let quick = refused_at_once.iter().filter(|(_, _, t)| *t < Duration::from_secs(2)).count();
    assert!(quick >= 8, "at most 4 waited for the pool: {refused_at_once:?}");

    drop(held);
    assert_eq!(app.get("/checkpoints").await.status(), 200, "served again at once");
    println!("the whole exhaustion test took {:?}", started.elapsed());
}

/// A client that never finishes its request headers is cut off, and many
/// of them do not keep anyone else from being served.
#[tokio::test]
async fn slow_clients_are_cut_off_and_do_not_hold_the_server() {
    let app = TestApp::spawn().await;
    let limits = Limits { header_read: Duration::from_secs(1), ..Limits::default() };
    let server = app.second_server(Settings { limits, ..english() }).await;
    let addr = addr_of(&server);

    let mut slow = Vec::new();
    for _ in 0..50 {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(b"GET /livez HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").await.unwrap();
        slow.push(stream);
    }
    // Everyone else is served meanwhile.
    for _ in 0..5 {
        assert_eq!(server.get("/checkpoints").await.status(), 200);
    }
    let cut_off = Instant::now();
    for mut stream in slow {
        let mut rest = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut rest)).await;
        let read = read.expect("the server closes a connection whose headers never end");
        // Closed, with at most a 408 (never a 200: the request never came).
        assert!(read.is_err() || rest.is_empty() || rest.starts_with(b"HTTP/1.1 408"), "{read:?}");
    }
    println!("50 slow clients cut off within {:?} of the header timeout (1 s)", cut_off.elapsed());
}

/// What the load generator saw of one request.
#[derive(Debug, Clone, Copy)]
struct Seen {
    status: u16,
    at: Instant,
    took: Duration,
}

/// PostgreSQL stopped for ten seconds in the middle of a submission load:
/// requests fail fast with 503, nothing hangs, the app recovers by itself
/// when the database returns, and every acknowledged submission is stored.
#[tokio::test]
async fn the_database_stopped_under_load_costs_503s_and_no_acknowledged_submission() {
    // The shared test cluster also sets up the log capture read below.
    drop(crate::support::TestDb::create().await);
    // A cluster of this test's own: stopping the shared one would fail the
    // other tests.
    let root = std::env::temp_dir().join("checkpoint-tracker-tests");
    std::fs::create_dir_all(&root).unwrap();
    let dir = tempfile::Builder::new().prefix("faults-").tempdir_in(&root).unwrap();
    let options = embedded_pg::Options { data_dir: dir.path().to_owned(), durable: true };
    let pg = EmbeddedPg::start(options.clone()).await.unwrap();
    pg.create_database_if_missing("faults").await.unwrap();
    let pool = db::connect(pg.connect_options("faults")).await.unwrap();
    prepare(&pool, &Clock::System).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(listener, AppState::new(pool.clone(), Clock::System, english()), std::future::pending()));
    let kordai: i64 =
        sqlx::query_scalar("select id from checkpoints where name_en = 'Kordai'").fetch_one(&pool).await.unwrap();

    // Two workers per body, each filing its own weeks (the last 16, split).
    let bodies = ["transport", "finance", "border_service"];
    let weeks = this_week().last(16);
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let acknowledged: Arc<Mutex<Vec<(String, IsoWeek)>>> = Arc::default();
    let mut workers = Vec::new();
    for body in bodies {
        create_user(&pool, &format!("staff-{body}"), Role::MinistryStaff, Some(body)).await;
        for half in 0..2 {
            let mut staff = Visitor::anonymous(addr);
            staff.log_in(&format!("staff-{body}"), PASSWORD).await;
            let mine: Vec<IsoWeek> = weeks.iter().copied().skip(half).step_by(2).collect();
            let (seen, acknowledged) = (seen.clone(), acknowledged.clone());
            workers.push(tokio::spawn(async move {
                // A steady pace, as people at their desks would keep.
                let mut pace = tokio::time::interval(Duration::from_millis(40));
                for week in mine {
                    loop {
                        pace.tick().await;
                        let sent = Instant::now();
                        let form = staff.get(&format!("/reports/{body}/{week}/draft")).await;
                        let status = form.status().as_u16();
                        seen.lock().unwrap().push(Seen { status, at: sent, took: sent.elapsed() });
                        if status != 200 {
                            continue;
                        }
                        let on = opened_on(&form.text().await.unwrap());
                        let sent = Instant::now();
                        let fields = entry(kordai, &[("percent", "50")]);
                        let response = post_draft(&staff, body, week, &on, "submit", fields).await;
                        let status = response.status().as_u16();
                        seen.lock().unwrap().push(Seen { status, at: sent, took: sent.elapsed() });
                        if status == 303 {
                            acknowledged.lock().unwrap().push((body.to_owned(), week));
                            break;
                        }
                    }
                }
            }));
        }
    }

    // Stop the database once the load is under way.
    let mut started = tokio::time::interval(Duration::from_millis(20));
    while acknowledged.lock().unwrap().len() < 6 {
        started.tick().await;
        assert!(workers.iter().all(|w| !w.is_finished()), "the load ended before the fault");
    }
    let down = Instant::now();
    pg.stop().await.unwrap();
    let stopped = Instant::now();
    // The fault itself: ten seconds without a database.
    tokio::time::sleep(Duration::from_secs(10)).await;
    let restarting = Instant::now();
    let pg = EmbeddedPg::start(options).await.unwrap();
    let up = Instant::now();

    let finished = tokio::time::timeout(Duration::from_secs(120), join_all(workers)).await;
    for worker in finished.expect("the load finishes once the database is back") {
        worker.unwrap();
    }
    let seen = seen.lock().unwrap().clone();
    let acknowledged = acknowledged.lock().unwrap().clone();

    let during: Vec<&Seen> = seen.iter().filter(|s| s.at >= stopped && s.at < restarting).collect();
    let mut statuses = BTreeMap::new();
    for s in &during {
        *statuses.entry(s.status).or_insert(0) += 1;
    }
    let slowest = during.iter().map(|s| s.took).max().unwrap_or_default();
    let recovered = seen.iter().filter(|s| s.at >= up && s.status == 303).map(|s| s.at).min().unwrap();
    let stored = submitted_reports(&pool).await;
    println!(
        "database down {:?} (stopping took {:?}, starting {:?}); {} requests meanwhile: {statuses:?}, slowest {slowest:?}; \
         first submission {:?} after it returned; {} submissions acknowledged, {} stored; {} requests in all",
        restarting - stopped,
        stopped - down,
        up - restarting,
        during.len(),
        recovered - up,
        acknowledged.len(),
        stored.len(),
        seen.len(),
    );
    assert!(!during.is_empty(), "the load went on during the outage");
    assert!(statuses.keys().all(|s| *s == 503), "only 503 while the database is down: {statuses:?}");
    assert!(slowest < Duration::from_secs(10), "fail fast, not hang: {slowest:?}");
    assert!(recovered - up < Duration::from_secs(30), "recovers by itself");
    let errors: Vec<String> = seen
        .iter()
        .filter(|s| s.status >= 500 && s.status != 503)
        .map(|s| format!("{} at {:?} after the stop", s.status, s.at.saturating_duration_since(stopped)))
        .collect();
    let logged: Vec<String> = crate::support::captured_logs()
        .lines()
        .filter(|l| l.contains("ERROR") || l.contains(" WARN ") && !l.contains("database unavailable"))
        .map(str::to_owned)
        .collect();
    assert!(errors.is_empty(), "never a 500: {errors:?}\n{logged:#?}");
    assert_eq!(acknowledged.len(), bodies.len() * weeks.len(), "every week filed in the end");
    for (body, week) in &acknowledged {
        let found = stored.iter().any(|(b, y, w)| b == body && *y == week.year() && *w as u32 == week.week());
        assert!(found, "acknowledged but not stored: {body} {week}");
    }
    pool.close().await;
    pg.stop().await.unwrap();
}
