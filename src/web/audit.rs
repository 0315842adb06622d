//! `/audit`: the audit trail, newest first, with filters in the URL.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::page::PageCtx;
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::audit::{self, AuditFilter, Entry};
use crate::domain::user::Role;
use crate::error::AppResult;
use crate::state::AppState;

/// Administrators and the PM's office read the audit trail.
pub fn routes() -> Routes {
    Routes::new().get("/audit", Access::Signed(Permission::ReadAudit), list)
}

/// How many entries one page shows.
const PAGE: i64 = 200;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AuditQuery {
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
struct AuditPage {
    ctx: PageCtx,
    q: AuditQuery,
    entries: Vec<Entry>,
    limit: i64,
}

async fn list(State(state): State<AppState>, ctx: PageCtx, Query(q): Query<AuditQuery>) -> AppResult<Response> {
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty() && !s.contains('\0'));
    let filter = AuditFilter {
        actor: text(&q.actor),
        action: text(&q.action),
        entity: text(&q.entity),
        entity_id: q.entity_id.trim().parse().ok(),
    };
    // Signed routes always have a user; without one, show the least.
    let viewer = ctx.user.as_ref().map_or(Role::Analyst, |u| u.role);
    let entries = audit::list(&state.pool, &filter, PAGE).await?;
    let entries = entries.into_iter().map(|e| audit::visible_to(viewer, e)).collect();
    Ok(AuditPage { ctx, q, entries, limit: PAGE }.into_response())
}
