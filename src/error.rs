//! One error type for handlers. Users see a translated page with a request
//! id; the cause goes to the log only.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = match &self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Database(_) | AppError::Internal(_) => {
                // The request span carries the request id.
                tracing::error!(error = %self, "request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        error_page(status)
    }
}

/// An empty response of `status`: `web::error_pages` turns it into a page
/// in the request's language, with its request id.
pub fn error_page(status: StatusCode) -> Response {
    status.into_response()
}

pub type AppResult<T> = Result<T, AppError>;
