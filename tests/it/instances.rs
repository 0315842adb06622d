//! Several instances on one database (issue 13, point 7; docs/DEPLOYMENT.md):
//! a session started on one is valid on another, a report filed through one
//! is seen at once through another, and killing one under load loses no
//! acknowledged submission.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use checkpoint_tracker::domain::user::Role;
use checkpoint_tracker::domain::week::IsoWeek;
use futures_util::future::join_all;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::reports::{OpenedOn, entry, file, opened_on, post_draft, this_week};
use crate::support::{PASSWORD, TestApp, Visitor, binary, create_user, english, submitted_reports, text, value};

/// The same browser (its cookies) talking to another instance.
fn same_browser_on(visitor: &Visitor, other: &Visitor) -> Visitor {
    let mut moved = Visitor::at(other.url("").trim_end_matches('/').to_owned());
    moved.client = visitor.client.clone();
    moved.csrf = visitor.csrf.clone();
    moved
}

#[tokio::test]
async fn a_session_and_a_report_are_the_same_on_every_instance() {
    let app = TestApp::spawn().await;
    let second = app.second_server(english()).await;
    create_user(&app.pool, "staff-finance", Role::MinistryStaff, Some("finance")).await;
    let mut staff = app.anonymous();
    staff.log_in("staff-finance", PASSWORD).await;

    // Signed in on the first, signed in on the second: no sticky sessions.
    let there = same_browser_on(&staff, &second);
    let page = there.page("/reports", 200).await;
    assert!(text(&page, "header").contains("Test staff-finance"), "{}", text(&page, "header"));

    // The grid of the second has been read (and cached) before the report.
    let week = this_week();
    let grid_before = second.page("/reports/compliance", 200).await;
    let before = text(&grid_before, "table.compliance tbody");

    // Filed through the first instance, with the form the second served.
    let kordai = app.checkpoint_id("Kordai").await;
    let page = there.page(&format!("/reports/finance/{week}/draft"), 200).await;
    let on = OpenedOn { number: value(&page, "input[name=number]"), version: value(&page, "input[name=version]") };
    let response = post_draft(&staff, "finance", week, &on, "submit", entry(kordai, &[("percent", "61")])).await;
    assert_eq!(response.status(), 303);

    // Seen at once through the second: the report and the grid.
    let report = second.page(&format!("/reports/finance/{week}"), 200).await;
    assert!(report.html().contains("61"), "the figure, through the other instance");
    let after = text(&second.page("/reports/compliance", 200).await, "table.compliance tbody");
    assert_ne!(before, after, "the second instance's cached grid follows the first's write");
}

/// The app as a child process on the test's database (a second machine).
struct Child {
    process: tokio::process::Child,
    base: String,
}

async fn start_binary(database_url: &str) -> Child {
    let mut process = Command::new(binary())
        .env("DATABASE_URL", database_url)
        .env("LISTEN", "127.0.0.1:0")
        .env("DEFAULT_LANGUAGE", "en")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(process.stdout.take().unwrap()).lines();
    let serving = async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(rest) = line.split("serving ").nth(1) {
                return rest.trim_end_matches('/').to_owned();
            }
        }
        panic!("the app exited before serving");
    };
    let base = tokio::time::timeout(Duration::from_secs(120), serving).await.expect("the app prints its URL");
    Child { process, base }
}

#[tokio::test]
async fn killing_one_instance_under_load_loses_no_acknowledged_submission() {
    let app = TestApp::spawn().await;
    let mut child = start_binary(&app.db.url()).await;
    let kordai = app.checkpoint_id("Kordai").await;
    let bodies = ["transport", "finance", "border_service"];
    let weeks: Vec<IsoWeek> = this_week().last(12);
    for body in bodies {
        create_user(&app.pool, &format!("staff-{body}"), Role::MinistryStaff, Some(body)).await;
    }
    // A report of each body filed before the load, through the child.
    let acknowledged: Arc<Mutex<Vec<(String, IsoWeek)>>> = Arc::default();
    let through_child: Arc<Mutex<usize>> = Arc::default();
    let mut workers = Vec::new();
    for body in bodies {
        let mut on_child = Visitor::at(child.base.clone());
        on_child.log_in(&format!("staff-{body}"), PASSWORD).await;
        let on_first = same_browser_on(&on_child, &app);
        let (acknowledged, through_child) = (acknowledged.clone(), through_child.clone());
        let weeks = weeks.clone();
        workers.push(tokio::spawn(async move {
            // The proxy sends this browser to the child until it dies, then
            // to the first instance.
            let mut child_alive = true;
            for week in weeks {
                let visitor = if child_alive { &on_child } else { &on_first };
                let url = visitor.url(&format!("/reports/{body}/{week}/draft"));
                let opened = match visitor.client.get(url).send().await {
                    Ok(opened) if opened.status() == 200 => opened.text().await,
                    Ok(opened) => panic!("{body} {week}: {}", opened.status()),
                    Err(e) => Err(e),
                };
                // Killed while serving the form: the browser goes elsewhere.
                let Ok(opened) = opened else {
                    child_alive = false;
                    continue;
                };
                let on = opened_on(&opened);
                let mut pairs = vec![
                    ("number".to_owned(), on.number.clone()),
                    ("version".to_owned(), on.version.clone()),
                    ("action".to_owned(), "submit".to_owned()),
                    ("csrf_token".to_owned(), visitor.csrf.clone()),
                ];
                pairs.extend(entry(kordai, &[("percent", "70")]));
                let url = visitor.url(&format!("/reports/{body}/{week}/draft"));
                match visitor.client.post(url).form(&pairs).send().await {
                    Ok(response) if response.status() == 303 => {
                        acknowledged.lock().unwrap().push((body.to_owned(), week));
                        if child_alive {
                            *through_child.lock().unwrap() += 1;
                        }
                    }
                    Ok(response) => assert_eq!(response.status(), 303, "{body} {week}"),
                    // Killed with this request in flight: not acknowledged,
                    // whether or not it committed.
                    Err(_) => child_alive = false,
                }
            }
        }));
    }
    // Kill the child (SIGKILL: no graceful anything) once it has served some.
    let mut watch = tokio::time::interval(Duration::from_millis(10));
    while *through_child.lock().unwrap() < 3 {
        watch.tick().await;
        assert!(workers.iter().all(|w| !w.is_finished()), "the load ended before the kill");
    }
    child.process.start_kill().unwrap();
    child.process.wait().await.unwrap();
    for worker in join_all(workers).await {
        worker.unwrap();
    }

    let acknowledged = acknowledged.lock().unwrap().clone();
    let stored = submitted_reports(&app.pool).await;
    println!(
        "{} submissions acknowledged ({} through the killed instance), {} stored",
        acknowledged.len(),
        *through_child.lock().unwrap(),
        stored.len()
    );
    assert!(acknowledged.len() >= weeks.len(), "the survivor went on serving");
    for (body, week) in &acknowledged {
        let found = stored.iter().any(|(b, y, w)| b == body && *y == week.year() && *w as u32 == week.week());
        assert!(found, "acknowledged but not stored: {body} {week}");
    }
    // And the survivor still files.
    let mut staff = app.anonymous();
    staff.log_in("staff-finance", PASSWORD).await;
    file(&staff, "finance", weeks[weeks.len() - 1].previous(), entry(kordai, &[("percent", "70")])).await;
}

/// On shutdown an instance lets the request in flight finish, answers it
/// in full, then stops: a rolling restart loses no request.
#[tokio::test]
async fn a_shutdown_finishes_the_request_in_flight_then_stops() {
    let app = TestApp::spawn().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = checkpoint_tracker::AppState::new(app.pool.clone(), app.clock.clone(), english());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(checkpoint_tracker::serve(listener, state.clone(), async {
        let _ = stopped.await;
    }));
    let mut visitor = Visitor::anonymous(addr);
    visitor.log_in("admin", PASSWORD).await;

    // Every connection of the pool taken: the next request waits for one.
    let mut held = Vec::new();
    for _ in 0..10 {
        held.push(app.pool.acquire().await.unwrap());
    }
    let in_flight = tokio::spawn(async move { visitor.get("/checkpoints").await });
    let mut watch = tokio::time::interval(Duration::from_millis(5));
    while state.in_flight.available_permits() == state.settings.max_in_flight {
        watch.tick().await;
    }
    stop.send(()).unwrap();
    // Not ready any more, for the proxy's next health check.
    while !state.draining.load(std::sync::atomic::Ordering::SeqCst) {
        watch.tick().await;
    }
    drop(held);

    let response = in_flight.await.unwrap();
    assert_eq!(response.status(), 200, "the request in flight is answered");
    assert!(response.text().await.unwrap().contains("Kordai"), "in full");
    tokio::time::timeout(Duration::from_secs(30), server).await.expect("then the server stops").unwrap().unwrap();
    assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "and takes no new connection");
}
