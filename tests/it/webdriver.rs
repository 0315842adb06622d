//! Browser tests: a headless Chromium driven over WebDriver with `fantoccini`.
//!
//! One chromedriver serves the whole test run; each test starts its own
//! browser (own profile, so no shared cookies) and should end with `close()`.
//!
//! Waiting: every helper that takes a selector waits (bounded) for a matching
//! element, so tests never sleep. `goto()`, and a `click()` on a submit button
//! or link, return once the page has loaded: chromedriver waits for the
//! navigations a command starts (not for ones a script starts later). Still,
//! assert on the next page with a selector that only that page has, e.g.
//! `b.click("button[type=submit]").await; assert_eq!(b.text("h1.saved").await, "Saved");`
//! — `text("h1")` could read the old page's `h1` if the page did not change.

#![allow(dead_code, reason = "a toolkit: not every helper is used by every test")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{OnceLock, mpsc};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use nix::sys::prctl::set_pdeathsig;
use nix::sys::signal::Signal;

/// How long to wait for an element or for chromedriver to come up.
const WAIT: Duration = Duration::from_secs(10);
/// How often the element wait re-checks (fantoccini's default is 250 ms).
const POLL: Duration = Duration::from_millis(20);

/// `--no-sandbox`: as root, Chromium will not start with its sandbox.
/// `--disable-dev-shm-usage`: containers often have a tiny /dev/shm.
/// `--disable-background-networking` and the rest: nothing may reach the network.
/// `--remote-debugging-pipe`: a pipe to chromedriver, not a port, so the browser
/// quits when chromedriver does instead of outliving the test run.
const CHROMIUM_FLAGS: &str = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --disable-background-networking --disable-component-update --disable-sync --disable-extensions --no-first-run \
    --window-size=1280,900 --remote-debugging-pipe";

/// A headless Chromium session driven over WebDriver.
pub struct Browser {
    pub client: Client,
    /// Until `close()`: for ending the session on drop.
    session: Option<String>,
    /// The browser's profile directory, removed when the `Browser` is dropped.
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts a new browser session (about 0.4 s; the first also starts chromedriver).
    pub async fn start() -> Browser {
        let chromium = find_program("chromium");
        let profile = tempfile::Builder::new().prefix("chromium-profile-").tempdir().unwrap();
        let mut args: Vec<String> = CHROMIUM_FLAGS.split_whitespace().map(String::from).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let caps = serde_json::json!({
            "goog:chromeOptions": { "binary": chromium, "args": args },
            // The default, spelled out: commands wait for page loads.
            "pageLoadStrategy": "normal",
        });
        let serde_json::Value::Object(caps) = caps else { unreachable!() };
        // Plain HTTP: chromedriver is on localhost, so no TLS stack is needed.
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(driver_url())
            .await
            .unwrap_or_else(|e| panic!("cannot start a Chromium session: {e}"));
        let session = client.session_id().await.expect("cannot read the WebDriver session id");
        Browser { client, session, _profile: profile }
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Fill an input/textarea found by CSS selector (clear first).
    pub async fn fill(&self, selector: &str, value: &str) {
        let element = self.find(selector).await;
        element.clear().await.unwrap_or_else(|e| panic!("cannot clear `{selector}`: {e}"));
        element.send_keys(value).await.unwrap_or_else(|e| panic!("cannot type into `{selector}`: {e}"));
    }

    /// Clicks the first element matching selector; see the module docs for clicks that load a page.
    pub async fn click(&self, selector: &str) {
        self.find(selector).await.click().await.unwrap_or_else(|e| panic!("cannot click `{selector}`: {e}"));
    }

    /// Text of the first element matching selector (waits for it to appear, bounded),
    /// as rendered: a hidden element's is "".
    pub async fn text(&self, selector: &str) -> String {
        self.find(selector).await.text().await.unwrap_or_else(|e| panic!("cannot read `{selector}`: {e}"))
    }

    /// Path and query of the current URL, e.g. `/checkpoints?page=2`.
    pub async fn current_path(&self) -> String {
        let url = self.client.current_url().await.expect("cannot read the current URL");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// Ends the session, which also stops this browser. (Dropping a `Browser`
    /// does so too, blocking, for tests that panic before they get here.)
    pub async fn close(mut self) {
        self.session = None;
        self.client.clone().close().await.expect("cannot close the browser session");
    }

    /// The first element matching selector, waiting for it to appear.
    pub async fn find(&self, selector: &str) -> Element {
        match self.client.wait().at_most(WAIT).every(POLL).for_element(Locator::Css(selector)).await {
            Ok(element) => element,
            Err(e) => {
                let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                panic!("no element matches `{selector}` on {url} within {WAIT:?}: {e}")
            }
        }
    }
}

impl Drop for Browser {
    /// Ends a session that `close()` did not, as when a test panics (which
    /// also stops its runtime, so this cannot be async): else its browser
    /// would keep running until the whole test run ends.
    fn drop(&mut self) {
        let Some(id) = self.session.take() else { return };
        let addr = driver_url().trim_start_matches("http://");
        if let Ok(mut stream) = TcpStream::connect(addr) {
            let _ = stream.set_read_timeout(Some(WAIT));
            let _ = write!(stream, "DELETE /session/{id} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
            // chromedriver answers once the browser has quit (and keeps the
            // connection open, so wait for the first bytes, not for the end).
            let _ = stream.read(&mut [0; 512]);
        }
    }
}

/// `/usr/bin/{name}` or else `name` on PATH; panics with how to install it.
fn find_program(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::iter::once(PathBuf::from("/usr/bin"))
        .chain(std::env::split_paths(&path))
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{name}` not found in /usr/bin or on PATH: browser tests need Debian's `chromium` and \
                 `chromium-driver` packages (`.ci/run` installs them; or \
                 `apt-get install --no-install-recommends chromium chromium-driver`)"
            )
        })
}

/// The URL of the chromedriver serving this test run, started on first use.
fn driver_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let program = find_program("chromedriver");
        let (tx, rx) = mpsc::channel();
        // A thread of its own, living as long as chromedriver: the parent-death
        // signal fires when the *thread* that spawned the child ends, so it
        // must not be a test's thread (or runtime worker), which ends early.
        std::thread::Builder::new().name("chromedriver".into()).spawn(move || run_driver(program, tx)).unwrap();
        let port = match rx.recv_timeout(WAIT) {
            Ok(Ok(port)) => port,
            Ok(Err(e)) => panic!("{e}"),
            Err(_) => panic!("chromedriver did not report that it started within {WAIT:?}"),
        };
        format!("http://127.0.0.1:{port}")
    })
}

/// Runs chromedriver until the test process exits, reporting its port once it listens.
fn run_driver(program: PathBuf, ready: mpsc::Sender<Result<u16, String>>) {
    let mut command = Command::new(&program);
    // Port 0: chromedriver picks a free port and prints it. Its log goes to
    // the inherited stderr, so only errors.
    command.args(["--port=0", "--log-level=SEVERE"]).stdin(Stdio::null()).stdout(Stdio::piped());
    // SAFETY: prctl is async-signal-safe, and the closure allocates nothing.
    unsafe {
        // Killed with the test process (this thread ends with it), even if it
        // crashes or is killed, so no chromedriver outlives the run.
        command.pre_exec(|| set_pdeathsig(Signal::SIGKILL).map_err(Into::into));
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => return drop(ready.send(Err(format!("cannot run {}: {e}", program.display())))),
    };
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let (mut line, mut output) = (String::new(), String::new());
    // Ready once it says so, e.g. "ChromeDriver was started successfully on port 41235."
    while matches!(stdout.read_line(&mut line), Ok(n) if n > 0) {
        if let Some(port) = line.trim_end().strip_prefix("ChromeDriver was started successfully on port ") {
            let port = port.trim_end_matches('.').parse().map_err(|e| format!("bad port in {line:?}: {e}"));
            let _ = ready.send(port);
            // Keep reading so chromedriver never blocks on a full pipe.
            let _ = std::io::copy(&mut stdout, &mut std::io::sink());
            let _ = child.wait();
            return;
        }
        output.push_str(&line);
        line.clear();
    }
    let status = child.wait().map(|s| s.to_string()).unwrap_or_else(|e| e.to_string());
    let _ = ready.send(Err(format!("chromedriver exited ({status}) before it started; its output:\n{output}")));
}
