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

/// Marks a response whose body the error-page middleware should render
/// (see `web::error_pages`), in the request's language and with its id.
#[derive(Debug, Clone, Copy)]
pub struct ErrorPage(pub StatusCode);

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

/// An empty response of `status` that the middleware turns into a page.
pub fn error_page(status: StatusCode) -> Response {
    let mut response = status.into_response();
    response.extensions_mut().insert(ErrorPage(status));
    response
}

pub type AppResult<T> = Result<T, AppError>;
