//! Load shedding: past `Settings::max_in_flight` requests at once, the next
//! is answered 503 with `Retry-After` at once instead of joining a queue.
//! Below it, a request that needs the database waits at most the pool's
//! acquire timeout (`db::connect`) and then gets 503 as well: no wait is
//! unbounded, and neither is the queue.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::error_page;
use crate::state::AppState;

pub async fn shed(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Ok(permit) = state.in_flight.clone().try_acquire_owned() else {
        tracing::warn!(path = %req.uri().path(), "overloaded: request refused");
        let mut response = error_page(StatusCode::SERVICE_UNAVAILABLE);
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    };
    let response = next.run(req).await;
    drop(permit);
    response
}
