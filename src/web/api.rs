//! The JSON API for the ministries' own systems (see docs/API.md): the same
//! rules and errors as the report form, authenticated by personal API
//! tokens only.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::reports::{locate_report, save_draft, submit_draft};
use super::routes::Routes;
use crate::auth::session::api_error;
use crate::auth::{Access, CurrentUser, Permission};
use crate::db::audit::Actor;
use crate::db::reports::{self, Revision, Viewer};
use crate::domain::FieldErrors;
use crate::domain::report::DraftForm;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;

/// Reading needs ReadReports; writing is for the body's own staff.
pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/reports/{body}/{week}", Access::Token(Permission::ReadReports), get_report)
        .put("/api/v1/reports/{body}/{week}/draft", Access::Token(Permission::WriteReports), put_draft)
        .post("/api/v1/reports/{body}/{week}/submit", Access::Token(Permission::WriteReports), submit)
}

/// The token's account and what the audit trail needs of the request.
pub struct ApiCtx {
    user: CurrentUser,
    actor: Actor,
}

impl<S: Send + Sync> FromRequestParts<S> for ApiCtx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let user = parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or(ApiError::Status(StatusCode::UNAUTHORIZED, "unauthorized"))?;
        let actor = Actor {
            user_id: Some(user.id),
            name: user.username.clone(),
            request_id: parts.headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned),
            client_addr: parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(a)| a.ip()),
        };
        Ok(ApiCtx { user, actor })
    }
}

impl ApiCtx {
    fn viewer(&self) -> Viewer<'_> {
        Viewer { body: self.user.body.as_deref() }
    }

    fn owns(&self, body: &str) -> bool {
        self.user.body.as_deref() == Some(body)
    }
}

/// An API failure, always as JSON.
pub enum ApiError {
    Status(StatusCode, &'static str),
    Fields(FieldErrors),
    Stale(i32),
    App(AppError),
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::App(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Status(status, code) => api_error(status, code),
            ApiError::Fields(errors) => {
                (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "errors": describe(&errors) }))).into_response()
            }
            ApiError::Stale(version) => {
                (StatusCode::CONFLICT, Json(json!({ "error": "stale", "version": version }))).into_response()
            }
            ApiError::App(AppError::NotFound) => api_error(StatusCode::NOT_FOUND, "not_found"),
            ApiError::App(e) => {
                tracing::error!(error = %e, "API request failed");
                api_error(StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }
}

/// Field errors as `{field: {code, message}}`; the message is English (the
/// API's language), the code is stable.
fn describe(errors: &FieldErrors) -> Value {
    let tr = Tr::new(Lang::En);
    let map: serde_json::Map<String, Value> =
        errors.iter().map(|(field, code)| (field.to_owned(), json!({ "code": code, "message": tr.t(code) }))).collect();
    Value::Object(map)
}

fn revision_json(revision: &Revision, content: &reports::Content) -> Value {
    json!({
        "body": revision.body,
        "week": revision.week().to_string(),
        "number": revision.number,
        "status": revision.status,
        "submitted_at": revision.submitted_at,
        "submitted_by": revision.submitted_by,
        "late": revision.late,
        "reviewed_at": revision.reviewed_at,
        "review_comment": revision.review_comment,
        "entries": content.entries,
        "issues": content.issues,
        "milestones": content.milestones,
    })
}

async fn get_report(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path((body, week)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (body, week) = locate_report(&state, &body, &week).await?;
    let revisions = reports::revisions(&state.pool, &body, week, ctx.viewer()).await?;
    let current = reports::current(&revisions).ok_or(ApiError::App(AppError::NotFound))?;
    let content = reports::content(&mut *state.pool.acquire().await?, current.id).await?;
    Ok(Json(revision_json(current, &content)).into_response())
}

async fn put_draft(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path((body, week)): Path<(String, String)>,
    form: Result<Json<DraftForm>, JsonRejection>,
) -> Result<Response, ApiError> {
    let (body, week) = locate_report(&state, &body, &week).await?;
    if !ctx.owns(&body) {
        return Err(ApiError::Status(StatusCode::FORBIDDEN, "forbidden"));
    }
    let Json(mut form) = form.map_err(|_| ApiError::Status(StatusCode::BAD_REQUEST, "invalid_json"))?;
    let mut tx = state.pool.begin().await?;
    let draft = reports::open_draft(&mut tx, &body, week, ctx.user.id, &ctx.actor).await?;
    tx.commit().await?;
    // No version: accepted only for a draft nobody has saved yet (version 1).
    if form.version.trim().is_empty() {
        form.version = "1".into();
    }
    match save_draft(&state, &ctx.actor, &draft, form).await? {
        Ok(version) => Ok(Json(json!({ "number": draft.number, "version": version })).into_response()),
        Err((StatusCode::CONFLICT, _, _)) => Err(ApiError::Stale(current_version(&state, &body, week, &ctx).await?)),
        Err((_, errors, _)) => Err(ApiError::Fields(errors)),
    }
}

async fn current_version(
    state: &AppState,
    body: &str,
    week: crate::domain::week::IsoWeek,
    ctx: &ApiCtx,
) -> Result<i32, ApiError> {
    let revisions = reports::revisions(&state.pool, body, week, ctx.viewer()).await?;
    Ok(revisions.iter().find(|r| r.is_draft()).map_or(0, |r| r.version))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SubmitBody {
    version: Option<i32>,
}

async fn submit(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path((body, week)): Path<(String, String)>,
    request: Option<Json<SubmitBody>>,
) -> Result<Response, ApiError> {
    let (body, week) = locate_report(&state, &body, &week).await?;
    if !ctx.owns(&body) {
        return Err(ApiError::Status(StatusCode::FORBIDDEN, "forbidden"));
    }
    let version = request.and_then(|Json(b)| b.version);
    let revisions = reports::revisions(&state.pool, &body, week, ctx.viewer()).await?;
    let Some(draft) = revisions.iter().find(|r| r.is_draft()).cloned() else {
        // A retried submit finds its work done.
        let current = reports::current(&revisions).ok_or(ApiError::App(AppError::NotFound))?;
        return Ok(
            Json(json!({ "number": current.number, "status": current.status, "late": current.late })).into_response()
        );
    };
    if version.is_some_and(|v| v != draft.version) {
        return Err(ApiError::Stale(draft.version));
    }
    match submit_draft(&state, &ctx.user, &ctx.actor, &draft, week).await? {
        Ok(()) => {
            let revisions = reports::revisions(&state.pool, &body, week, ctx.viewer()).await?;
            let current = reports::current(&revisions).ok_or(ApiError::App(AppError::NotFound))?;
            Ok(Json(json!({ "number": current.number, "status": current.status, "late": current.late }))
                .into_response())
        }
        Err(errors) if errors.get("form").is_some() => {
            Err(ApiError::Stale(current_version(&state, &body, week, &ctx).await?))
        }
        Err(errors) => Err(ApiError::Fields(errors)),
    }
}
