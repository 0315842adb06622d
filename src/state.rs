//! What every handler can reach.

use std::ops::Deref;
use std::sync::Arc;

use sqlx::PgPool;

use crate::clock::Clock;

/// Exports that may draw rows from the database at once (the pool has 10
/// connections; see `db::connect`).
pub const EXPORT_SLOTS: usize = 3;

/// Requests handled at once by default. Each waits at most the pool's
/// acquire timeout for a database connection (`db::connect`), so this bounds
/// the queue's memory, not its wait.
pub const MAX_IN_FLIGHT: usize = 512;

/// Shared application state: cheap to clone, taken directly by handlers.
#[derive(Clone)]
pub struct AppState(Arc<App>);

pub struct App {
    pub pool: PgPool,
    pub clock: Clock,
    pub settings: Settings,
    /// The overview's figures, shared until the data changes.
    pub overview: crate::workflow::overview::Cache,
    /// The register's pages, likewise.
    pub register: crate::web::checkpoints::ListingCache,
    /// Exports drawing rows at once: fewer than the pool's connections, so
    /// that downloads never take the ones report submission needs.
    pub export_slots: Arc<tokio::sync::Semaphore>,
    /// Requests being handled; past its size the app answers 503 at once
    /// (`web::overload`).
    pub in_flight: Arc<tokio::sync::Semaphore>,
    /// Set when the shutdown begins: readiness then fails, so that a proxy
    /// sends no new requests while those in flight finish.
    pub draining: std::sync::atomic::AtomicBool,
}

/// Settings from the command line that handlers and layers need.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mark every cookie `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// The URL people reach the app at, when configured.
    pub public_url: Option<crate::config::PublicUrl>,
    /// A session unused this long ends (the cookie's expiry is renewed on use).
    pub session_idle: std::time::Duration,
    /// A session ends this long after sign-in, however busy.
    pub session_absolute: chrono::TimeDelta,
    /// When each week's report is due.
    pub report_deadline: crate::domain::week::Deadline,
    /// Working days a body has to correct a returned report.
    pub correction_days: u32,
    /// The language when neither the person nor the browser chooses one.
    pub default_language: crate::i18n::Lang,
    /// What the HTTP server allows each client (timeouts, connections).
    pub limits: crate::server::Limits,
    /// Requests handled at once, beyond which the app sheds load.
    pub max_in_flight: usize,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: crate::web::client_addr::TrustedProxies,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secure_cookies: false,
            public_url: None,
            session_idle: std::time::Duration::from_secs(60 * 60),
            session_absolute: chrono::TimeDelta::hours(12),
            report_deadline: Default::default(),
            correction_days: crate::domain::review::DEFAULT_CORRECTION_DAYS,
            default_language: crate::i18n::Lang::Ru,
            limits: Default::default(),
            max_in_flight: MAX_IN_FLIGHT,
            trusted_proxies: Default::default(),
        }
    }
}

impl Settings {
    /// The settings of `config`; an https:// `PUBLIC_URL` makes cookies
    /// Secure even without `SECURE_COOKIES`.
    pub fn from_config(config: &crate::config::Config) -> Self {
        let https = config.public_url.as_ref().is_some_and(|u| u.is_https());
        Settings {
            secure_cookies: config.secure_cookies || https,
            public_url: config.public_url.clone(),
            session_idle: std::time::Duration::from_secs(u64::from(config.session_idle_minutes) * 60),
            session_absolute: chrono::TimeDelta::hours(i64::from(config.session_absolute_hours)),
            report_deadline: config.report_deadline,
            correction_days: config.correction_days,
            default_language: config.default_language,
            trusted_proxies: config.trusted_proxies.clone(),
            ..Settings::default()
        }
    }

    /// Served over HTTPS (an https:// `PUBLIC_URL`): responses carry HSTS.
    pub fn https(&self) -> bool {
        self.public_url.as_ref().is_some_and(|u| u.is_https())
    }
}

impl AppState {
    pub fn new(pool: PgPool, clock: Clock, settings: Settings) -> Self {
        let in_flight = Arc::new(tokio::sync::Semaphore::new(settings.max_in_flight.max(1)));
        AppState(Arc::new(App {
            pool,
            clock,
            settings,
            overview: Default::default(),
            register: Default::default(),
            export_slots: Arc::new(tokio::sync::Semaphore::new(EXPORT_SLOTS)),
            in_flight,
            draining: Default::default(),
        }))
    }
}

impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0
    }
}
