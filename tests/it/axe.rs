//! axe-core in a real Chromium on one page of every kind, as each role
//! sees it: no `serious` or `critical` violation at 1280 px, no sideways
//! scroll at 390 px, and, in Kazakh (the longest labels), none at 1280 px
//! on the wide report tables either. The navigation fits one line at
//! 1280 px in every language.

use crate::browser::log_in;
use crate::support::{PASSWORD, TestApp};
use crate::webdriver::Browser;
use checkpoint_tracker::domain::user::Role;

/// axe-core 4.14.1 (MPL-2.0), see tests/assets/README.md.
const AXE: &str = include_str!("../assets/axe.min.js");

/// Runs axe on the open page: its serious and critical violations, as
/// "rule (impact): targets" lines.
async fn axe(browser: &Browser) -> Vec<String> {
    browser.client.execute(AXE, vec![]).await.expect("cannot inject axe");
    let script = "const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] })
          .then(r => done(r.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
          .catch(e => done(['axe failed: ' + e]));";
    let found = browser.client.execute_async(script, vec![]).await.expect("cannot run axe");
    serde_json::from_value(found).expect("axe's answer")
}

/// How much wider than the window the page is, in CSS pixels (0: it fits),
/// with the innermost elements that stick out.
async fn overflow(browser: &Browser) -> (i64, String) {
    let script = "const w = window.innerWidth;
        const out = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1
            && !e.closest('.table-wrap') && ![...e.children].some(c => c.getBoundingClientRect().right > w + 1));
        const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('');
        return [document.documentElement.scrollWidth - w, out.slice(0, 4).map(e => name(e.parentElement) + ' > ' + name(e)).join(', ')];";
    let found = browser.client.execute(script, vec![]).await.unwrap();
    serde_json::from_value(found).unwrap()
}

/// The number of lines the main navigation's links take.
async fn nav_lines(browser: &Browser) -> i64 {
    let script = "const tops = new Set([...document.querySelectorAll('header.top nav.sections a')]
        .map(a => Math.round(a.getBoundingClientRect().top)));
        return tops.size;";
    browser.client.execute(script, vec![]).await.unwrap().as_i64().unwrap()
}

/// `path` with `lang` set.
fn in_lang(path: &str, lang: &str) -> String {
    let join = if path.contains('?') { '&' } else { '?' };
    format!("{path}{join}lang={lang}")
}

/// What a visit to one page found wrong, in words.
struct Checker<'a> {
    app: &'a TestApp,
    browser: Browser,
    wrong: Vec<String>,
}

impl Checker<'_> {
    /// Opens `path` at 1280 px, runs axe, then measures it at 390 px.
    async fn check(&mut self, who: &str, path: &str, lang: &str, wide_too: bool) {
        let page = format!("{who} {}", in_lang(path, lang));
        self.browser.client.set_window_size(1280, 900).await.unwrap();
        self.browser.goto(&self.app.url(&in_lang(path, lang))).await;
        self.browser.find("main h1").await;
        for violation in axe(&self.browser).await {
            self.wrong.push(format!("{page}: {violation}"));
        }
        if wide_too {
            let (over, what) = overflow(&self.browser).await;
            if over > 0 {
                self.wrong.push(format!("{page}: {over} px too wide at 1280 px ({what})"));
            }
        }
        self.browser.client.set_window_size(390, 844).await.unwrap();
        let width = self.browser.client.execute("return window.innerWidth;", vec![]).await.unwrap();
        assert!(width.as_i64().is_some_and(|w| w <= 390), "a phone's window is {width} px wide");
        let (over, what) = overflow(&self.browser).await;
        if over > 0 {
            self.wrong.push(format!("{page}: {over} px too wide at 390 px ({what})"));
        }
    }

    async fn log_in_as(&mut self, username: &str) {
        self.browser.client.set_window_size(1280, 900).await.unwrap();
        log_in(&self.browser, self.app, username, PASSWORD).await;
    }

    async fn log_out(&mut self) {
        self.browser.client.set_window_size(1280, 900).await.unwrap();
        self.browser.click("form.logout button").await;
        self.browser.find("#username").await;
    }
}

#[tokio::test]
async fn every_kind_of_page_passes_axe_and_fits_a_phone_and_kazakh_fits_1280_px() {
    let app = TestApp::spawn().await;
    let week = crate::reports::this_week();
    let kordai = app.checkpoint_id("Kordai").await;
    let staff = app.visitor(Role::MinistryStaff, Some("transport")).await;
    crate::reports::file(
        &staff,
        "transport",
        week.previous(),
        crate::reports::entry(kordai, &[("percent", "10"), ("status", "at_risk")]),
    )
    .await;
    for role in [Role::Admin, Role::PmOffice, Role::Analyst] {
        app.visitor(role, None).await; // creates the account
    }
    // A sign-in throttle in force, so that its page has a row.
    sqlx::query(
        "insert into login_throttles (scope, username, client_addr, failures, blocked_until)
         values ('account', 'analyst-all', '2001:db8::7', 9, now() + interval '10 minutes')",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let (checkpoint, edit) = (format!("/checkpoints/{kordai}"), format!("/checkpoints/{kordai}/edit"));
    let (submitted, draft) =
        (format!("/reports/transport/{}", week.previous()), format!("/reports/transport/{week}/draft"));
    let mut c = Checker { app: &app, browser: Browser::start().await, wrong: Vec::new() };

    c.check("anonymous", "/login", "en", false).await;

    c.log_in_as("admin").await;
    for lang in ["en", "ru", "kk"] {
        c.browser.client.set_window_size(1280, 900).await.unwrap();
        c.browser.goto(&app.url(&in_lang("/", lang))).await;
        let lines = nav_lines(&c.browser).await;
        if lines != 1 {
            c.wrong.push(format!("admin /?lang={lang}: the navigation takes {lines} lines at 1280 px"));
        }
    }
    for path in [
        "/",
        "/checkpoints",
        &checkpoint,
        &edit,
        "/reports",
        "/reports/compliance",
        &submitted,
        "/officials",
        "/export",
        "/export?dataset=report_entries",
        "/audit",
        "/users",
        "/users/throttles",
        "/tokens",
        "/account/password",
        "/no-such-page",
    ] {
        c.check("admin", path, "en", false).await;
    }
    for path in ["/checkpoints", "/reports", "/reports/compliance", &submitted] {
        c.check("admin", path, "kk", true).await;
    }
    c.log_out().await;

    c.log_in_as("pm-office-all").await;
    for path in ["/", "/reports/queue", &submitted] {
        c.check("pm-office", path, "en", false).await;
    }
    c.log_out().await;

    c.log_in_as("ministry-staff-transport").await;
    c.check("staff", &draft, "en", false).await;
    c.check("staff", &draft, "kk", true).await;
    c.check("staff", &submitted, "en", false).await;
    c.log_out().await;

    c.log_in_as("analyst-all").await;
    for path in ["/", &checkpoint] {
        c.check("analyst", path, "en", false).await;
    }

    let Checker { browser, wrong, .. } = c;
    browser.close().await;
    assert!(wrong.is_empty(), "{} problems:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn the_vendored_axe_is_the_recorded_version() {
    assert!(AXE.contains("4.14.1"), "update tests/assets/README.md with the new version");
}
