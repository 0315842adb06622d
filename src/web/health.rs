//! `GET /healthz`: whether the app can reach its database.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::routes::Routes;
use crate::auth::Access;
use serde_json::json;

use crate::state::AppState;

/// Open to everyone, always: monitoring calls it without an account.
pub fn routes() -> Routes {
    Routes::new().get("/healthz", Access::Public, healthz)
}

async fn healthz(State(state): State<AppState>) -> Response {
    let ping = sqlx::query_scalar!("select 1 as ping").fetch_one(&state.pool);
    match tokio::time::timeout(Duration::from_secs(3), ping).await {
        Ok(Ok(_)) => Json(json!({ "status": "ok" })).into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "health check: database unavailable");
            unavailable()
        }
        Err(_) => {
            tracing::warn!("health check: database did not answer in time");
            unavailable()
        }
    }
}

fn unavailable() -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "unavailable" }))).into_response()
}
