//! The JSON API for the ministries' own systems (see docs/API.md): the same
//! workflow, rules and errors as the report form, authenticated by personal
//! API tokens only. Every answer is JSON, errors included.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::reports::locate_report;
use super::routes::Routes;
use crate::auth::session::api_error;
use crate::auth::{Access, CurrentUser, Permission};
use crate::db::audit::Actor;
use crate::db::reports::{self, Entry, Fate, Issue, MilestoneUpdate, Viewer};
use crate::domain::FieldErrors;
use crate::domain::body::Body;
use crate::domain::report::{DraftForm, text_or_number, text_or_number_schema};
use crate::domain::review::{RevisionKind, RevisionStatus};
use crate::domain::week::IsoWeek;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;
use crate::workflow::reports::{self as workflow, Filer};

/// Reading needs ReadReports; writing is for the body's own staff.
pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/reports/{body}/{week}", Access::Token(Permission::ReadReports), get_report)
        .put("/api/v1/reports/{body}/{week}/draft", Access::Token(Permission::WriteReports), put_draft)
        .post("/api/v1/reports/{body}/{week}/submit", Access::Token(Permission::WriteReports), submit)
}

/// The token's account and what the audit trail needs of the request.
pub struct ApiCtx {
    pub(crate) user: CurrentUser,
    pub(crate) actor: Actor,
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
            client_addr: crate::web::client_addr::from_extensions(&parts.extensions),
        };
        Ok(ApiCtx { user, actor })
    }
}

impl ApiCtx {
    fn body(&self) -> Option<Body> {
        self.user.body
    }

    /// The account as staff of `body`: only its own staff write its reports.
    fn filer(&self, body: Body) -> Result<Filer, ApiError> {
        if self.body() != Some(body) {
            return Err(ApiError::Status(StatusCode::FORBIDDEN, "forbidden"));
        }
        Ok(Filer { user_id: self.user.id, body, actor: self.actor.clone() })
    }
}

/// An API failure, always as JSON.
pub enum ApiError {
    Status(StatusCode, &'static str),
    /// The draft changed: the current version (0 when there is none).
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
            ApiError::Stale(version) => (StatusCode::CONFLICT, Json(Stale { error: "stale", version })).into_response(),
            ApiError::App(AppError::Validation(errors)) => {
                (StatusCode::UNPROCESSABLE_ENTITY, Json(Invalid { errors: describe(&errors) })).into_response()
            }
            ApiError::App(e) => {
                let (status, code) = (e.status(), e.code());
                // Logged (and Retry-After set) as for pages; the body is ours.
                let mut response = e.into_response();
                let json = api_error(status, code);
                *response.body_mut() = json.into_body();
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
                response
            }
        }
    }
}

/// `{"error": code}`: a refusal with nothing more to say. Requests refused
/// before a handler (unknown path, wrong method, timeout) add the request id.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    #[schema(examples("forbidden"))]
    pub error: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// 409: the draft changed since the version sent.
#[derive(Serialize, ToSchema)]
pub struct Stale {
    #[schema(examples("stale"))]
    pub error: &'static str,
    /// The current draft's version; 0 when there is none.
    pub version: i32,
}

/// 422: what is wrong, field by field.
#[derive(Serialize, ToSchema)]
pub struct Invalid {
    /// Keyed by field: `week`, `no_change`, `c{checkpoint_id}.{field}` as in
    /// the form, or an export's parameter.
    pub errors: BTreeMap<String, FieldProblem>,
}

/// One field's problem: a stable code and an English message.
#[derive(Serialize, ToSchema)]
pub struct FieldProblem {
    #[schema(examples("error-percent"))]
    pub code: String,
    #[schema(examples("Enter a whole number from 0 to 100."))]
    pub message: String,
}

/// Field errors as `{field: {code, message}}`; the message is English (the
/// API's language), the code is stable.
pub fn describe(errors: &FieldErrors) -> BTreeMap<String, FieldProblem> {
    let tr = Tr::new(Lang::En);
    errors
        .iter()
        .map(|(field, code)| (field.to_owned(), FieldProblem { code: code.to_owned(), message: tr.t(code) }))
        .collect()
}

/// Reads a JSON body: 413 when too large (chunked too), 415 when not sent
/// as JSON, 400 when malformed. An empty body is `empty`.
fn json_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    empty: impl FnOnce() -> T,
) -> Result<T, ApiError> {
    let bytes = body.map_err(|r| match r.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::Status(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        _ => ApiError::Status(StatusCode::BAD_REQUEST, "bad_request"),
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(empty());
    }
    let is_json =
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).and_then(|v| v.split(';').next()).is_some_and(
            |m| {
                let m = m.trim().to_ascii_lowercase();
                m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
            },
        );
    if !is_json {
        return Err(ApiError::Status(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"));
    }
    serde_json::from_slice(&bytes).map_err(|_| ApiError::Status(StatusCode::BAD_REQUEST, "invalid_json"))
}

/// A report's current revision, as `GET /api/v1/reports/{body}/{week}`
/// answers it (docs/API.md).
#[derive(Serialize, ToSchema)]
pub struct ReportAnswer {
    pub body: Body,
    #[schema(examples("2026-W48"))]
    pub week: String,
    pub number: i32,
    pub status: RevisionStatus,
    #[schema(required = true)]
    pub kind: Option<RevisionKind>,
    #[schema(required = true)]
    pub submitted_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub submitted_by: Option<String>,
    /// Decided once, at submission.
    #[schema(required = true)]
    pub late: Option<bool>,
    #[schema(required = true)]
    pub due_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub reviewed_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub reviewed_by: Option<String>,
    #[schema(required = true)]
    pub review_comment: Option<String>,
    /// A returned revision's deadline for its correction.
    #[schema(required = true)]
    pub correction_due: Option<DateTime<Utc>>,
    pub no_change: bool,
    pub entries: Vec<Entry>,
    pub issues: Vec<Issue>,
    pub milestones: Vec<MilestoneUpdate>,
    /// The PM office's decisions on proposed dates, by checkpoint id.
    pub proposal_decisions: Vec<Fate>,
    /// Its decisions on milestone progress, by milestone id.
    pub milestone_decisions: Vec<Fate>,
}

/// The report's current revision: the latest submitted one (never a draft).
#[utoipa::path(
    get,
    path = "/api/v1/reports/{body}/{week}",
    tag = "reports",
    operation_id = "get_report",
    params(
        ("body" = Body, Path, description = "The reporting body's code."),
        ("week" = String, Path, description = "An ISO week in UTC+5.", example = "2026-W48"),
    ),
    responses(
        (status = 200, description = "The current revision.", body = ReportAnswer),
        (status = 401, description = "No token, or a revoked or unknown one (`unauthorized`), or an expired one (`token_expired`).", body = ErrorBody),
        (status = 403, description = "The account may not read reports.", body = ErrorBody),
        (status = 404, description = "No such body or week, or nothing submitted yet.", body = ErrorBody),
        (status = 503, description = "The database cannot be reached: retry after `Retry-After` seconds.", body = ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn get_report(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path((body, week)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (body, week) = locate_report(&body, &week)?;
    let revisions = reports::revisions(&state.pool, body, week, Viewer { body: ctx.body() }).await?;
    let current = reports::current(&revisions).ok_or(ApiError::App(AppError::NotFound))?;
    let mut conn = state.pool.acquire().await?;
    let content = reports::content(&mut conn, current.id).await?;
    let (proposals, milestones) = reports::fates(&mut conn, current.id).await?;
    Ok(Json(ReportAnswer {
        body: current.body,
        week: current.week().to_string(),
        number: current.number,
        status: current.status,
        kind: current.kind,
        submitted_at: current.submitted_at,
        submitted_by: current.submitted_by.clone(),
        late: current.late,
        due_at: current.due_at,
        reviewed_at: current.reviewed_at,
        reviewed_by: current.reviewed_by.clone(),
        review_comment: current.review_comment.clone(),
        correction_due: current.correction_due,
        no_change: content.no_change,
        entries: content.entries,
        issues: content.issues,
        milestones: content.milestones,
        proposal_decisions: proposals,
        milestone_decisions: milestones,
    })
    .into_response())
}

/// The current draft's version after a refusal (0: no draft).
async fn current_version(state: &AppState, body: Body, week: IsoWeek) -> Result<i32, ApiError> {
    let revisions = reports::revisions(&state.pool, body, week, Viewer { body: Some(body) }).await?;
    Ok(revisions.iter().find(|r| r.is_draft()).map_or(0, |r| r.version))
}

/// `PUT …/draft` answers the draft's number and new version.
#[derive(Serialize, ToSchema)]
pub struct Saved {
    pub number: i32,
    /// Send it back with the next save or the submission.
    pub version: i32,
}

/// Saves the body's draft for the week (the first save creates it); the
/// content replaces the draft's.
#[utoipa::path(
    put,
    path = "/api/v1/reports/{body}/{week}/draft",
    tag = "reports",
    operation_id = "put_draft",
    params(
        ("body" = Body, Path, description = "The reporting body's code: the token's own."),
        ("week" = String, Path, description = "An ISO week in UTC+5, from its Monday on.", example = "2026-W48"),
    ),
    request_body = DraftForm,
    responses(
        (status = 200, description = "Saved.", body = Saved),
        (status = 400, description = "Not the JSON described (`invalid_json`).", body = ErrorBody),
        (status = 401, description = "No token, or a revoked or unknown one (`unauthorized`), or an expired one (`token_expired`).", body = ErrorBody),
        (status = 403, description = "Another body's report, or an account that does not file reports.", body = ErrorBody),
        (status = 404, description = "No such body or week.", body = ErrorBody),
        (status = 409, description = "The draft changed (or was submitted) since `version`.", body = Stale),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "Not sent as `application/json`.", body = ErrorBody),
        (status = 422, description = "Field errors; nothing saved.", body = Invalid),
        (status = 503, description = "The database cannot be reached: retry after `Retry-After` seconds.", body = ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn put_draft(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path((body, week)): Path<(String, String)>,
    headers: HeaderMap,
    request: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (body, week) = locate_report(&body, &week)?;
    let who = ctx.filer(body)?;
    let form: DraftForm = json_body(&headers, request, DraftForm::default)?;
    match workflow::save(&state, &who, week, &form).await {
        Ok(saved) => Ok(Json(Saved { number: saved.number, version: saved.version }).into_response()),
        Err(AppError::Conflict) => Err(ApiError::Stale(current_version(&state, body, week).await?)),
        Err(e) => Err(e.into()),
    }
}

/// `POST …/submit` answers what was submitted.
#[derive(Serialize, ToSchema)]
pub struct Submitted {
    pub number: i32,
    pub status: RevisionStatus,
    pub late: bool,
}

/// The optional body of `POST …/submit`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
struct SubmitBody {
    /// Submit only if the draft is still at this version.
    #[serde(deserialize_with = "text_or_number")]
    #[schema(schema_with = text_or_number_schema)]
    version: String,
}

/// Submits the week's draft; a retry after success answers the same.
#[utoipa::path(
    post,
    path = "/api/v1/reports/{body}/{week}/submit",
    tag = "reports",
    operation_id = "submit",
    params(
        ("body" = Body, Path, description = "The reporting body's code: the token's own."),
        ("week" = String, Path, description = "An ISO week in UTC+5.", example = "2026-W48"),
    ),
    request_body(content = Option<SubmitBody>, description = "Optional."),
    responses(
        (status = 200, description = "Submitted (or already, by this same draft).", body = Submitted),
        (status = 400, description = "Not the JSON described (`invalid_json`).", body = ErrorBody),
        (status = 401, description = "No token, or a revoked or unknown one (`unauthorized`), or an expired one (`token_expired`).", body = ErrorBody),
        (status = 403, description = "Another body's report, or an account that does not file reports.", body = ErrorBody),
        (status = 404, description = "No such body or week, or no draft to submit.", body = ErrorBody),
        (status = 409, description = "The draft changed since `version`.", body = Stale),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "Not sent as `application/json`.", body = ErrorBody),
        (status = 422, description = "The report is incomplete; nothing submitted.", body = Invalid),
        (status = 503, description = "The database cannot be reached: retry after `Retry-After` seconds.", body = ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn submit(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path((body, week)): Path<(String, String)>,
    headers: HeaderMap,
    request: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (body, week) = locate_report(&body, &week)?;
    let who = ctx.filer(body)?;
    let request: SubmitBody = json_body(&headers, request, SubmitBody::default)?;
    let version = match request.version.trim() {
        "" => None,
        v => Some(v.parse::<i32>().map_err(|_| ApiError::Status(StatusCode::BAD_REQUEST, "invalid_json"))?),
    };
    match workflow::submit(&state, &who, week, None, version).await {
        Ok(s) => Ok(Json(Submitted { number: s.number, status: s.status, late: s.late }).into_response()),
        Err(AppError::Conflict) => Err(ApiError::Stale(current_version(&state, body, week).await?)),
        Err(e) => Err(e.into()),
    }
}
