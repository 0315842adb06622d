//! One error type for handlers and the workflows below them. Pages render
//! it as a translated page with a request id (`web::error_pages`); under
//! `/api/` the same variants become JSON (`web::api`). The cause of an
//! internal error goes to the log only.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::domain::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input breaks a rule: each field's message key.
    #[error("invalid input")]
    Validation(FieldErrors),
    /// Someone else changed the thing first (optimistic locking), or the
    /// request does not fit its current state.
    #[error("conflict")]
    Conflict,
    /// Signed in, but not allowed to do this.
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The database cannot be reached right now; worth retrying.
    #[error("unavailable: {0}")]
    Unavailable(sqlx::Error),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if is_unavailable(&e) { AppError::Unavailable(e) } else { AppError::Database(e) }
    }
}

/// Whether a database error means "not reachable now" rather than a bug.
pub fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        // Admin shutdown, crash shutdown, cannot connect now.
        sqlx::Error::Database(db) => {
            db.code().is_some_and(|c| c.starts_with("57P") || c.starts_with("08") || c == "53300")
        }
        _ => false,
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code of the JSON shape `{"error": code}`.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Validation(_) => "invalid",
            AppError::Conflict => "conflict",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Unavailable(_) => "unavailable",
            AppError::Database(_) | AppError::Internal(_) => "internal",
        }
    }

    /// Logs what the user will not see.
    fn log(&self) {
        match self {
            AppError::Unavailable(_) => tracing::warn!(error = %self, "database unavailable"),
            AppError::Database(_) | AppError::Internal(_) => tracing::error!(error = %self, "request failed"),
            _ => {}
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let mut response = error_page(self.status());
        if let AppError::Unavailable(_) = self {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("5"));
        }
        response
    }
}

/// An empty response of `status`: `web::error_pages` turns it into a page
/// in the request's language, with its request id (or into JSON under
/// `/api/`).
pub fn error_page(status: StatusCode) -> Response {
    status.into_response()
}

pub type AppResult<T> = Result<T, AppError>;
