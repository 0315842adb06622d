//! Exports over HTTP: `/export/{dataset}.csv` and `.xlsx` for signed-in
//! readers, `/api/v1/{dataset}` (JSON pages) for API tokens, and the
//! `/export` page that builds the links. The rules are in `crate::export`.

pub mod page;

use std::sync::LazyLock;

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::api::{ApiCtx, ApiError};
use super::page::PageCtx;
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::error::{AppError, AppResult};
use crate::export::run::{self, Exporter};
use crate::export::selection::parse_limit;
use crate::export::{Cursor, DATASETS, Dataset, FileOptions, Params, Reader};
use crate::state::AppState;

/// Each dataset's three paths, made once (routes need `&'static str`).
static PATHS: LazyLock<Vec<[String; 3]>> = LazyLock::new(|| {
    DATASETS
        .iter()
        .map(|d| [format!("/export/{}.csv", d.name), format!("/export/{}.xlsx", d.name), api_path(d)])
        .collect()
});

/// The API path of a dataset.
pub fn api_path(d: &Dataset) -> String {
    format!("/api/v1/{}", d.name)
}

pub fn routes() -> Routes {
    let mut routes = page::routes();
    for (d, [csv, xlsx, api]) in DATASETS.iter().zip(PATHS.iter()) {
        routes = routes
            .get(csv, Access::Signed(d.permission), move |state, ctx, query| file(state, ctx, query, d, Format::Csv))
            .get(xlsx, Access::Signed(d.permission), move |state, ctx, query| file(state, ctx, query, d, Format::Xlsx))
            .get(api, Access::Token(d.permission), move |state, ctx, query| api_page(state, ctx, query, d));
    }
    routes
}

/// The permission every export needs at least (the page's).
pub const EXPORT_PAGE: Permission = Permission::ReadRegister;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Xlsx,
}

fn exporter(ctx: &PageCtx) -> AppResult<Exporter> {
    let user = ctx.signed_in()?;
    Ok(Exporter { reader: Reader { role: user.role, body: user.body }, actor: ctx.actor() })
}

async fn file(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(params): Query<Params>,
    dataset: &'static Dataset,
    format: Format,
) -> AppResult<Response> {
    let who = exporter(&ctx)?;
    let dataset = run::dataset(dataset.name, &who)?;
    let selected = run::select(&state, &who, dataset, &params).await;
    let ((selection, query_ctx), options) = match run::both(selected, FileOptions::parse(&params)) {
        Ok(chosen) => chosen,
        Err(AppError::Validation(errors)) => {
            return page::render(&state, ctx, Some(dataset), params, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(e) => return Err(e),
    };
    let today = state.clock.today();
    let (body, content_type, extension) = match format {
        Format::Csv => {
            let spool = run::csv(&state, &who, &selection, &query_ctx, options, "csv").await?;
            (spool.into_body(), "text/csv; charset=utf-8; header=present", "csv")
        }
        Format::Xlsx => {
            let spool = run::csv(&state, &who, &selection, &query_ctx, FileOptions::default(), "xlsx").await?;
            let workbook = async move {
                let (csv, _) = spool.finished().await.map_err(|_| std::io::Error::other("export failed"))?;
                tokio::task::spawn_blocking(move || crate::export::xlsx::write(dataset, &csv))
                    .await
                    .map_err(std::io::Error::other)?
                    .map_err(std::io::Error::other)
            };
            (
                crate::export::spool::deferred_file_body(workbook),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            )
        }
    };
    let name = crate::export::file_name(dataset, today, extension);
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// One page of a dataset as the API answers it (docs/API.md).
#[derive(serde::Serialize)]
struct DatasetPage<'a> {
    dataset: &'static str,
    columns: Vec<&'static str>,
    filters: serde_json::Value,
    rows: &'a [Box<serde_json::value::RawValue>],
    next_cursor: Option<&'a str>,
    next: Option<&'a str>,
}

async fn api_page(
    State(state): State<AppState>,
    ctx: ApiCtx,
    params: Result<Query<Params>, axum::extract::rejection::QueryRejection>,
    dataset: &'static Dataset,
) -> Result<Response, ApiError> {
    let Query(params) = params.map_err(|_| ApiError::Status(StatusCode::BAD_REQUEST, "bad_request"))?;
    let who = Exporter { reader: Reader { role: ctx.user.role, body: ctx.user.body }, actor: ctx.actor.clone() };
    let dataset = run::dataset(dataset.name, &who)?;
    // Every invalid parameter at once, as on the page.
    let selected = run::select(&state, &who, dataset, &params).await;
    let ((selection, query_ctx), limit) = run::both(selected, parse_limit(&params))?;
    let after = match params.cursor.trim() {
        "" => None,
        text => Some(Cursor::parse(dataset, text).ok_or(ApiError::Status(StatusCode::BAD_REQUEST, "invalid_cursor"))?),
    };
    let page = run::page(&state, &who, &selection, &query_ctx, after, limit).await?;
    let next_url = page.next.as_ref().map(|cursor| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in selection.describe().as_object().into_iter().flatten() {
            query.append_pair(k, v.as_str().unwrap_or_default());
        }
        query.append_pair("limit", &limit.to_string()).append_pair("cursor", cursor);
        format!("{}?{}", api_path(dataset), query.finish())
    });
    let mut response = axum::Json(DatasetPage {
        dataset: dataset.name,
        columns: dataset.column_names().collect(),
        filters: selection.describe(),
        rows: &page.rows,
        next_cursor: page.next.as_deref(),
        next: next_url.as_deref(),
    })
    .into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
