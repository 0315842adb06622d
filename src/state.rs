//! What every handler can reach.

use std::ops::Deref;
use std::sync::Arc;

use sqlx::PgPool;

use crate::clock::Clock;

/// Exports that may draw rows from the database at once (the pool has 10
/// connections; see `db::connect`).
pub const EXPORT_SLOTS: usize = 3;

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
}

/// Settings from the command line that handlers and layers need.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mark the session cookie `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// When each week's report is due.
    pub report_deadline: crate::domain::week::Deadline,
    /// Working days a body has to correct a returned report.
    pub correction_days: u32,
    /// The language when neither the person nor the browser chooses one.
    pub default_language: crate::i18n::Lang,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: crate::web::client_addr::TrustedProxies,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secure_cookies: false,
            report_deadline: Default::default(),
            correction_days: crate::domain::review::DEFAULT_CORRECTION_DAYS,
            default_language: crate::i18n::Lang::Ru,
            trusted_proxies: Default::default(),
        }
    }
}

impl AppState {
    pub fn new(pool: PgPool, clock: Clock, settings: Settings) -> Self {
        AppState(Arc::new(App {
            pool,
            clock,
            settings,
            overview: Default::default(),
            register: Default::default(),
            export_slots: Arc::new(tokio::sync::Semaphore::new(EXPORT_SLOTS)),
        }))
    }
}

impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0
    }
}
