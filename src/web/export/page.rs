//! The `/export` page: choose a dataset and filters, see how many rows
//! match, and download.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::super::page::PageCtx;
use super::super::routes::Routes;
use crate::domain::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::export::{Dataset, Params};
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
}

/// The page with `errors` beside their fields and the input kept.
pub async fn render(
    _state: &AppState,
    _ctx: PageCtx,
    _dataset: Option<&'static Dataset>,
    _params: Params,
    errors: FieldErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let _ = status;
    Err::<Response, _>(AppError::Validation(errors)).map(IntoResponse::into_response)
}
