//! Health endpoints for monitoring and for a load balancer in front of
//! several instances (docs/DEPLOYMENT.md):
//! - `GET /livez`: the process serves HTTP (restart it if not); never
//!   touches the database, so an outage does not get every instance killed.
//! - `GET /readyz`: this instance should get requests: it reaches its
//!   database and is not shutting down.
//! - `GET /healthz`: the same as `/readyz` (its older name).

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::routes::Routes;
use crate::auth::Access;
use serde_json::json;

use crate::state::AppState;

/// Open to everyone, always: monitoring calls them without an account.
pub fn routes() -> Routes {
    Routes::new().get("/livez", Access::Public, livez).get("/readyz", Access::Public, readyz).get(
        "/healthz",
        Access::Public,
        readyz,
    )
}

async fn livez() -> Response {
    Json(json!({ "status": "live" })).into_response()
}

async fn readyz(State(state): State<AppState>) -> Response {
    if state.draining.load(Ordering::SeqCst) {
        return unavailable("draining");
    }
    let ping = sqlx::query_scalar!("select 1 as ping").fetch_one(&state.pool);
    match tokio::time::timeout(Duration::from_secs(3), ping).await {
        Ok(Ok(_)) => Json(json!({ "status": "ok" })).into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "health check: database unavailable");
            unavailable("unavailable")
        }
        Err(_) => {
            tracing::warn!("health check: database did not answer in time");
            unavailable("unavailable")
        }
    }
}

fn unavailable(status: &str) -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": status }))).into_response()
}
