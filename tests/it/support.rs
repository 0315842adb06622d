//! The test harness: one throwaway PostgreSQL cluster per test run (or the
//! server in `DATABASE_URL`), a fresh database per test, and the app served
//! on a port-0 listener and driven over real HTTP.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use checkpoint_tracker::accounts;
use checkpoint_tracker::clock::Clock;
use checkpoint_tracker::db::audit::Actor;
use checkpoint_tracker::domain::user::{Role, UserForm};
use checkpoint_tracker::domain::week::IsoWeek;
use checkpoint_tracker::embedded_pg::{self, EmbeddedPg};
use checkpoint_tracker::i18n::Lang;
use checkpoint_tracker::state::Settings;
use checkpoint_tracker::{AppState, db, prepare, serve};
use scraper::{Html, Selector};
use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;

/// Where tests connect to create their databases.
struct Server {
    admin: PgConnectOptions,
    /// A URL for the database `{db}`, for running the real binary.
    url_template: String,
}

static SERVER: OnceLock<Server> = OnceLock::new();
/// Kept for the whole run: the cluster stops when the test process exits.
static CLUSTER: OnceLock<EmbeddedPg> = OnceLock::new();

/// Everything the app logs during the run (one global subscriber: scoped
/// ones miss events whose callsites other test threads registered first).
static LOGS: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

struct LogSink;

impl std::io::Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOGS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The app's log output so far, for asserting what it does not contain.
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&LOGS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)).into_owned()
}

fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        let filter = tracing_subscriber::EnvFilter::new("debug,hyper=info,hyper_util=info,reqwest=info,h2=info");
        let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(|| LogSink).try_init();
        // A runtime of its own: each test's runtime ends with that test.
        std::thread::spawn(|| tokio::runtime::Runtime::new().unwrap().block_on(start_server()))
            .join()
            .expect("cannot start the test database server")
    })
}

async fn start_server() -> Server {
    if let Ok(url) = std::env::var("DATABASE_URL") {
        let admin: PgConnectOptions = url.parse().expect("DATABASE_URL is not a PostgreSQL URL");
        let mut template = url::Url::parse(&url).expect("DATABASE_URL is not a URL");
        template.set_path("/{db}");
        return Server { admin, url_template: template.to_string().replace("%7Bdb%7D", "{db}") };
    }
    let root = std::env::temp_dir().join("checkpoint-tracker-tests");
    std::fs::create_dir_all(&root).unwrap();
    remove_stale_clusters(&root);
    let data_dir = tempfile::Builder::new().prefix("run-").tempdir_in(&root).unwrap().keep();
    let pg = EmbeddedPg::start(embedded_pg::Options { data_dir, durable: false })
        .await
        .unwrap_or_else(|e| panic!("cannot start the throwaway PostgreSQL cluster: {e}"));
    let admin = pg.connect_options("postgres");
    let socket_dir = pg.cluster_dir().display().to_string();
    let url_template = format!("postgres://postgres@localhost/{{db}}?host={socket_dir}");
    CLUSTER.set(pg).ok().expect("the cluster is started once");
    Server { admin, url_template }
}

/// Removes clusters of earlier runs: stopped (no postmaster.pid) and not new.
fn remove_stale_clusters(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for entry in entries.flatten() {
        let dir = entry.path();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().unwrap_or_default() > Duration::from_secs(600));
        if old && !dir.join("postgres/postmaster.pid").exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// A fresh, empty database that is dropped when this value is.
pub struct TestDb {
    pub name: String,
}

impl TestDb {
    pub async fn create() -> TestDb {
        let server = server();
        let name = format!("ct_test_{}", uuid::Uuid::new_v4().simple());
        let admin = db::connect(server.admin.clone()).await.expect("cannot connect to the test server");
        sqlx::query(&format!("create database \"{name}\"")).execute(&admin).await.unwrap();
        admin.close().await;
        TestDb { name }
    }

    pub fn options(&self) -> PgConnectOptions {
        server().admin.clone().database(&self.name)
    }

    /// A `DATABASE_URL` for this database, for the real binary.
    pub fn url(&self) -> String {
        server().url_template.replace("{db}", &self.name)
    }

    pub async fn pool(&self) -> PgPool {
        db::connect(self.options()).await.unwrap()
    }

    /// Makes the database refuse connections and ends those it has: "the
    /// database is down" as the app sees it.
    pub async fn take_down(&self) {
        let admin = db::connect(server().admin.clone()).await.unwrap();
        sqlx::query(&format!("alter database \"{}\" allow_connections false", self.name))
            .execute(&admin)
            .await
            .unwrap();
        sqlx::query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1")
            .bind(&self.name)
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        let admin = server().admin.clone();
        // Drop runs inside the test's runtime, which cannot block on itself.
        let _ = std::thread::spawn(move || {
            tokio::runtime::Runtime::new().unwrap().block_on(async {
                if let Ok(admin) = db::connect(admin).await {
                    let _ =
                        sqlx::query(&format!("drop database if exists \"{name}\" with (force)")).execute(&admin).await;
                    admin.close().await;
                }
            })
        })
        .join();
    }
}

/// The password of every account the tests create.
pub const PASSWORD: &str = "correct horse battery staple";

/// The app, served on a random port over its own fresh database. It derefs
/// to a [`Visitor`] signed in as the administrator `admin`.
pub struct TestApp {
    pub addr: SocketAddr,
    pub pool: PgPool,
    pub db: TestDb,
    pub admin: Visitor,
    /// The app's clock (a `Clock::manual` one can be moved).
    pub clock: Clock,
}

impl std::ops::Deref for TestApp {
    type Target = Visitor;

    fn deref(&self) -> &Visitor {
        &self.admin
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with_clock(Clock::System).await
    }

    pub async fn spawn_with_clock(clock: Clock) -> TestApp {
        // English by default, so that assertions read in one language; the
        // language tests ask for the others.
        Self::spawn_with(clock, english()).await
    }

    /// The app behind a reverse proxy on this machine: `TRUSTED_PROXIES`
    /// is 127.0.0.1, so a visitor's `X-Forwarded-For` names its address
    /// (see [`TestApp::visitor_from`]).
    pub async fn spawn_behind_proxy() -> TestApp {
        let trusted_proxies = "127.0.0.1/32".parse().unwrap();
        Self::spawn_with(Clock::System, Settings { trusted_proxies, ..english() }).await
    }

    pub async fn spawn_with(clock: Clock, settings: Settings) -> TestApp {
        let db = TestDb::create().await;
        let pool = db.pool().await;
        prepare(&pool, &clock).await.expect("the app prepares its database");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = AppState::new(pool.clone(), clock.clone(), settings);
        tokio::spawn(serve(listener, state, std::future::pending()));
        create_user(&pool, "admin", Role::Admin, None).await;
        let mut admin = Visitor::anonymous(addr);
        admin.log_in("admin", PASSWORD).await;
        TestApp { addr, pool, db, admin, clock }
    }

    /// A new visitor with no session.
    pub fn anonymous(&self) -> Visitor {
        Visitor::anonymous(self.addr)
    }

    /// A new visitor with no session whose every request carries
    /// `X-Forwarded-For: {forwarded}` (an app from
    /// [`TestApp::spawn_behind_proxy`] takes its address from it).
    pub fn visitor_from(&self, forwarded: &str) -> Visitor {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", forwarded.parse().unwrap());
        Visitor::with_headers(format!("http://{}", self.addr), headers)
    }

    /// A new account of `role` (named after it), signed in.
    pub async fn visitor(&self, role: Role, body: Option<&str>) -> Visitor {
        let username = format!("{}-{}", role.as_str().replace('_', "-"), body.unwrap_or("all").replace('_', "-"));
        if checkpoint_tracker::db::users::by_username(&self.pool, &username).await.unwrap().is_none() {
            create_user(&self.pool, &username, role, body).await;
        }
        let mut visitor = self.anonymous();
        visitor.log_in(&username, PASSWORD).await;
        visitor
    }

    /// The id of the checkpoint with this Latin name.
    pub async fn checkpoint_id(&self, name_en: &str) -> i64 {
        sqlx::query_scalar("select id from checkpoints where name_en = $1")
            .bind(name_en)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// The optimistic-lock version the checkpoint's edit form carries now.
    pub async fn edit_version(&self, id: i64) -> String {
        value(&self.page(&format!("/checkpoints/{id}/edit"), 200).await, "input[name=version]")
    }

    /// Saves Kordai's edit form (reference values) with new `notes`.
    pub async fn edit_kordai_notes(&self, id: i64, version: &str, notes: &str) -> reqwest::Response {
        let form = [
            ("version", version),
            ("name_en", "Kordai"),
            ("name_ru", "Кордай"),
            ("status", "commissioned"),
            ("notes", notes),
        ];
        self.post_form(&format!("/checkpoints/{id}/edit"), &form).await
    }

    /// Creates a milestone through its form and returns its id.
    pub async fn add_milestone(&self, checkpoint_id: i64, fields: &[(&str, &str)]) -> i64 {
        let response = self.post_form(&format!("/checkpoints/{checkpoint_id}/milestones"), fields).await;
        assert_eq!(response.status(), 303, "creating a milestone");
        sqlx::query_scalar("select max(id) from milestones where checkpoint_id = $1")
            .bind(checkpoint_id)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}

/// Creates an account with [`PASSWORD`], as the command line does.
pub async fn create_user(pool: &PgPool, username: &str, role: Role, body: Option<&str>) -> i64 {
    let form = UserForm {
        username: username.into(),
        display_name: format!("Test {username}"),
        role: role.as_str().into(),
        body: body.unwrap_or_default().into(),
        active: Some("on".into()),
        ..Default::default()
    };
    accounts::add(pool, &form, PASSWORD, &Actor::system("test")).await.expect("creating a test account")
}

/// One browser-like HTTP client with its own cookies (session) and the
/// session's CSRF token, which [`Visitor::post_form`] adds to every form.
pub struct Visitor {
    pub client: reqwest::Client,
    base: String,
    pub csrf: String,
}

impl Visitor {
    pub fn anonymous(addr: SocketAddr) -> Visitor {
        Visitor::at(format!("http://{addr}"))
    }

    /// A visitor of the app at `base` (e.g. `http://127.0.0.1:8080`).
    pub fn at(base: String) -> Visitor {
        Visitor::with_headers(base, reqwest::header::HeaderMap::new())
    }

    /// A visitor whose every request carries `headers`.
    pub fn with_headers(base: String, headers: reqwest::header::HeaderMap) -> Visitor {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .default_headers(headers)
            .build()
            .unwrap();
        Visitor { client, base, csrf: String::new() }
    }

    /// Logs in through the login form and asserts it worked.
    pub async fn log_in(&mut self, username: &str, password: &str) {
        let response = self.try_log_in(username, password).await;
        assert_eq!(response.status(), 303, "logging in as {username}");
        self.refresh_csrf().await;
    }

    /// Posts the login form (with the login page's CSRF token).
    pub async fn try_log_in(&mut self, username: &str, password: &str) -> reqwest::Response {
        self.csrf = value(&self.page("/login", 200).await, "input[name=csrf_token]");
        self.post_form("/login", &[("username", username), ("password", password)]).await
    }

    /// Reads the session's current CSRF token from a page's logout form.
    pub async fn refresh_csrf(&mut self) {
        self.csrf = value(&self.page("/checkpoints", 200).await, "form.logout input[name=csrf_token]");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// GETs a page and parses it, asserting the status.
    pub async fn page(&self, path: &str, status: u16) -> Html {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        Html::parse_document(&response.text().await.unwrap())
    }

    /// POSTs owned pairs (e.g. a report form) with the CSRF token added.
    pub async fn post_pairs(&self, path: &str, mut fields: Vec<(String, String)>) -> reqwest::Response {
        fields.push(("csrf_token".into(), self.csrf.clone()));
        self.client.post(self.url(path)).form(&fields).send().await.unwrap()
    }

    /// POSTs a form with this session's CSRF token added.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let mut fields = form.to_vec();
        fields.push(("csrf_token", &self.csrf));
        self.client.post(self.url(path)).form(&fields).send().await.unwrap()
    }
}

/// The text of every element matching `selector`, whitespace collapsed.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .map(|e| e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The text of the one element matching `selector`.
pub fn text(html: &Html, selector: &str) -> String {
    let all = texts(html, selector);
    assert_eq!(all.len(), 1, "expected one {selector}, found {all:?}");
    all.into_iter().next().unwrap()
}

/// The `value` attribute of the one element matching `selector`.
pub fn value(html: &Html, selector: &str) -> String {
    let s = Selector::parse(selector).unwrap();
    let el = html.select(&s).next().unwrap_or_else(|| panic!("no {selector}"));
    el.value().attr("value").unwrap_or_default().to_owned()
}

/// The path of the release or debug binary cargo built for these tests.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_checkpoint-tracker"))
}

impl TestApp {
    /// A second server over the same database with other settings (e.g. a
    /// changed deadline), and a visitor of it signed in as `admin`.
    pub async fn second_server(&self, settings: Settings) -> Visitor {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = AppState::new(self.pool.clone(), self.clock.clone(), settings);
        tokio::spawn(serve(listener, state, std::future::pending()));
        let mut admin = Visitor::anonymous(addr);
        admin.log_in("admin", PASSWORD).await;
        admin
    }

    /// How many rows `table` has (for "a read wrote nothing").
    pub async fn rows(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("select count(*) from {table}")).fetch_one(&self.pool).await.unwrap()
    }
}

/// The `Set-Cookie` value a response gives the cookie `name`, if any.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&prefix))
        .map(str::to_owned)
}

/// Serves the app over `pool` with `settings` on a new port (a second
/// instance, or one configured otherwise) and returns its address.
pub async fn serve_with(pool: &PgPool, settings: Settings) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState::new(pool.clone(), Clock::System, settings);
    tokio::spawn(serve(listener, state, std::future::pending()));
    addr
}

/// Every page of the router (GET, not the API, assets or health checks),
/// its path parameters filled with real records, and a path that does not
/// exist: what the page-by-page checks visit.
pub fn page_paths(kordai: i64, milestone: i64, user_id: i64, week: IsoWeek) -> Vec<String> {
    checkpoint_tracker::web::routes()
        .table()
        .iter()
        .filter(|r| {
            r.method == "GET"
                && !r.path.starts_with("/api")
                && !r.path.starts_with("/static")
                && !["/healthz", "/livez", "/readyz"].contains(&r.path)
        })
        .map(|r| {
            let id = if r.path.starts_with("/users") { user_id } else { kordai };
            r.path
                .replace("{id}", &id.to_string())
                .replace("{mid}", &milestone.to_string())
                .replace("{body}", "transport")
                .replace("{week}", &week.to_string())
                .replace("{number}", "1")
                .replace("{code}", "eaeu_external_2025")
        })
        .chain(["/nowhere".to_owned()])
        .collect()
}

/// Settings of a second server in tests: English, like [`TestApp::spawn`]'s.
pub fn english() -> Settings {
    Settings { default_language: Lang::En, ..Settings::default() }
}

/// The (body, ISO year, ISO week) of every report with a submitted
/// revision: where an acknowledged submission must be found.
pub async fn submitted_reports(pool: &PgPool) -> Vec<(String, i32, i32)> {
    sqlx::query_as(
        "select r.body, r.iso_year, r.iso_week from reports r
         where exists (select 1 from report_revisions v where v.report_id = r.id and v.status <> 'draft')",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}
