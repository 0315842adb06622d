//! Sign-in throttling (issue 13): failures slow attempts down per account
//! and address and per address, never lock the owner out from elsewhere;
//! parallel guesses are each counted; administrators see and clear
//! throttles. No test sleeps: they read the throttle's `until`, or arrange a
//! longer history in the table ("as if A had failed 9 times just now").

use checkpoint_tracker::domain::user::Role;
use futures_util::future::join_all;

use crate::support::{PASSWORD, TestApp, Visitor, captured_logs, text, texts, value};

const ADDRESS_A: &str = "203.0.113.5";
const ADDRESS_B: &str = "198.51.100.7";

/// A throttle's (failures, refused, blocked until − last failure in ms).
async fn throttle(app: &TestApp, scope: &str, username: &str, addr: &str) -> Option<(i32, i32, Option<i64>)> {
    sqlx::query_as(
        "select failures, refused,
                (extract(epoch from blocked_until - last_failure_at) * 1000)::bigint
         from login_throttles where scope = $1 and username = $2 and client_addr = $3::inet",
    )
    .bind(scope)
    .bind(username)
    .bind(addr)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
}

/// Arranges the history "`addr` has failed `failures` times for `username`
/// just now" (a delay still running for 10 minutes).
async fn failed_just_now(app: &TestApp, username: &str, addr: &str, failures: i32) {
    sqlx::query(
        "update login_throttles set failures = $3, last_failure_at = now(), blocked_until = now() + interval '10 minutes'
         where scope = 'account' and username = $1 and client_addr = $2::inet",
    )
    .bind(username)
    .bind(addr)
    .bind(failures)
    .execute(&app.pool)
    .await
    .unwrap();
}

async fn count_audit(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("select count(*) from audit_log where action = $1")
        .bind(action)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Posts the login form of `visitor` (its CSRF token fetched first) without
/// awaiting the answer, so that several go at once.
async fn prepared_login(visitor: &mut Visitor, username: &str, password: &str) -> reqwest::RequestBuilder {
    visitor.csrf = value(&visitor.page("/login", 200).await, "input[name=csrf_token]");
    let form = [("username", username), ("password", password), ("csrf_token", &visitor.csrf)];
    visitor.client.post(visitor.url("/login")).form(&form)
}

/// Sends the requests at once and gives their statuses.
async fn statuses(requests: Vec<reqwest::RequestBuilder>) -> Vec<u16> {
    let responses = join_all(requests.into_iter().map(reqwest::RequestBuilder::send)).await;
    responses.into_iter().map(|r| r.unwrap().status().as_u16()).collect()
}

#[tokio::test]
async fn failures_from_one_address_slow_it_down_and_the_owner_signs_in_from_another_at_once() {
    let app = TestApp::spawn_behind_proxy().await;
    let mut attacker = app.visitor_from(ADDRESS_A);
    for _ in 0..3 {
        assert_eq!(attacker.try_log_in("admin", "a guess").await.status(), 401);
    }
    assert_eq!(throttle(&app, "account", "admin", ADDRESS_A).await, Some((3, 0, Some(1000))), "1 s after the third");

    // As if A had kept guessing: the right password from A waits too, unchecked.
    failed_just_now(&app, "admin", ADDRESS_A, 9).await;
    let response = attacker.try_log_in("admin", PASSWORD).await;
    assert_eq!(response.status(), 429);
    let retry_after: i64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=600).contains(&retry_after), "{retry_after}");
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    let message = text(&page, "#login-error");
    assert!(message.starts_with("Too many failed attempts. Try again after "), "{message}");
    assert!(message.ends_with("Astana time (UTC+5)."), "{message}");
    assert_eq!(throttle(&app, "account", "admin", ADDRESS_A).await.map(|t| (t.0, t.1)), Some((9, 1)));
    assert_eq!(count_audit(&app, "auth.login_throttled").await, 1);
    let logs = captured_logs();
    assert!(logs.contains("sign-in throttled") && logs.contains(ADDRESS_A), "the refusal is logged");

    // The owner, elsewhere, is not held up by A's failures; A still is.
    let mut owner = app.visitor_from(ADDRESS_B);
    owner.log_in("admin", PASSWORD).await;
    assert_eq!(attacker.try_log_in("admin", PASSWORD).await.status(), 429);
}

#[tokio::test]
async fn a_success_clears_the_accounts_throttle_from_that_address() {
    let app = TestApp::spawn_behind_proxy().await;
    let mut owner = app.visitor_from(ADDRESS_A);
    assert_eq!(owner.try_log_in("admin", "mistyped").await.status(), 401);
    assert_eq!(throttle(&app, "address", "", ADDRESS_A).await.map(|t| t.0), Some(1));
    owner.log_in("admin", PASSWORD).await;
    assert_eq!(throttle(&app, "account", "admin", ADDRESS_A).await, None);
    assert_eq!(throttle(&app, "address", "", ADDRESS_A).await.map(|t| t.0), Some(1), "a success is no failure");
}

#[tokio::test]
async fn parallel_wrong_guesses_are_each_counted_and_only_the_free_ones_are_checked() {
    let app = TestApp::spawn().await;
    let mut requests = Vec::new();
    for _ in 0..10 {
        let mut visitor = app.anonymous();
        requests.push(prepared_login(&mut visitor, "admin", "a parallel guess").await);
    }
    let statuses = statuses(requests).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + refused, 10, "{statuses:?}");
    // Three free failures; the third starts a delay the others meet (unless
    // this machine took over a second between two of them).
    assert!((3..10).contains(&checked), "{statuses:?}");
    let (failures, refusals, _) = throttle(&app, "account", "admin", "127.0.0.1").await.unwrap();
    assert_eq!((failures as usize, refusals as usize), (checked, refused), "every guess counted");
    assert_eq!(count_audit(&app, "auth.login_failed").await as usize, checked);
    assert_eq!(count_audit(&app, "auth.login_throttled").await as usize, refused);
}

#[tokio::test]
async fn spraying_one_password_across_accounts_from_one_address_is_slowed_down() {
    let app = TestApp::spawn().await;
    for i in 1..=19 {
        let mut visitor = app.anonymous();
        assert_eq!(visitor.try_log_in(&format!("guess-{i}"), "Summer2026!").await.status(), 401, "guess {i}");
    }
    assert_eq!(throttle(&app, "address", "", "127.0.0.1").await, Some((19, 0, None)));
    let mut requests = Vec::new();
    for i in 20..25 {
        let mut visitor = app.anonymous();
        requests.push(prepared_login(&mut visitor, &format!("guess-{i}"), "Summer2026!").await);
    }
    let statuses = statuses(requests).await;
    assert!(statuses.contains(&401) && statuses.contains(&429), "the 20th failure starts a delay: {statuses:?}");
    let (failures, refused, delay) = throttle(&app, "address", "", "127.0.0.1").await.unwrap();
    assert_eq!(failures + refused, 24);
    assert!(delay.is_some_and(|ms| ms >= 1000));
    // No single account's throttle would have stopped it.
    let most: i32 = sqlx::query_scalar("select max(failures) from login_throttles where scope = 'account'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(most, 1);
}

#[tokio::test]
async fn behind_trusted_proxies_the_forwarded_address_counts_and_a_spoofed_leftmost_one_does_not() {
    let app = TestApp::spawn_behind_proxy().await;
    // The client wrote 198.51.100.99 itself; our proxy appended what it saw.
    let mut visitor = app.visitor_from(&format!("198.51.100.99, {ADDRESS_A}"));
    assert_eq!(visitor.try_log_in("admin", "a guess").await.status(), 401);
    assert_eq!(throttle(&app, "account", "admin", ADDRESS_A).await.map(|t| t.0), Some(1));
    assert_eq!(throttle(&app, "account", "admin", "198.51.100.99").await, None);
    let audited: String =
        sqlx::query_scalar("select host(client_addr) from audit_log where action = 'auth.login_failed'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(audited, ADDRESS_A);

    // Without TRUSTED_PROXIES the header is only the client's claim.
    let direct = TestApp::spawn().await;
    let mut visitor = direct.visitor_from(ADDRESS_A);
    assert_eq!(visitor.try_log_in("admin", "a guess").await.status(), 401);
    assert_eq!(throttle(&direct, "account", "admin", "127.0.0.1").await.map(|t| t.0), Some(1));
    assert_eq!(throttle(&direct, "account", "admin", ADDRESS_A).await, None);
}

#[tokio::test]
async fn an_administrator_sees_and_clears_a_throttle_and_then_the_attempt_goes_through() {
    let app = TestApp::spawn_behind_proxy().await;
    let mut attacker = app.visitor_from(ADDRESS_A);
    for _ in 0..3 {
        attacker.try_log_in("admin", "a guess").await;
    }
    failed_just_now(&app, "admin", ADDRESS_A, 12).await;
    assert_eq!(attacker.try_log_in("admin", PASSWORD).await.status(), 429);

    let page = app.page("/users", 200).await;
    let link = scraper::Selector::parse("a#link-throttles[href='/users/throttles']").unwrap();
    assert!(page.select(&link).next().is_some(), "the accounts page links to the throttles");
    let page = app.page("/users/throttles", 200).await;
    assert_eq!(texts(&page, "table.throttles td.account"), ["admin"]);
    assert_eq!(texts(&page, "table.throttles td.address"), [ADDRESS_A]);
    assert_eq!(texts(&page, "table.throttles td.failures"), ["12"]);
    let form = scraper::Selector::parse("table.throttles form").unwrap();
    let action = page.select(&form).next().unwrap().value().attr("action").unwrap().to_owned();

    let response = app.post_form(&action, &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/users/throttles");
    let page = app.page("/users/throttles", 200).await;
    assert!(texts(&page, "table.throttles tr").is_empty());
    assert_eq!(texts(&page, "#no-throttles").len(), 1);
    assert_eq!(count_audit(&app, "auth.throttle_cleared").await, 1);
    // A second click finds nothing to clear and is no error.
    assert_eq!(app.post_form(&action, &[]).await.status(), 303);
    assert_eq!(count_audit(&app, "auth.throttle_cleared").await, 1);

    attacker.log_in("admin", PASSWORD).await;
}

#[tokio::test]
async fn only_administrators_reach_the_throttles() {
    let app = TestApp::spawn().await;
    let pm = app.visitor(Role::PmOffice, None).await;
    assert_eq!(pm.get("/users/throttles").await.status(), 403);
    assert_eq!(pm.post_form("/users/throttles/1/clear", &[]).await.status(), 403);
    let page = app.page("/users/throttles?lang=ru", 200).await;
    assert_eq!(text(&page, "h1"), "Ограничения попыток входа");
}
