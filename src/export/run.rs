//! Running an export, the same for the pages' files and the API's pages:
//! who may read which dataset, the rows, and the audit entry of each.

use serde_json::{Value, json};
use sqlx::Row as _;

use super::datasets::{self, Dataset};
use super::query::{self, Context, Cursor, Reader, Shape};
use super::selection::{FileOptions, Params, Selection};
use super::spool::{End, Source, Spool};
use crate::auth::policy;
use crate::db::audit::{self, Actor, Change};
use crate::domain::week::IsoWeek;
use crate::error::AppError;
use crate::state::AppState;

/// Who exports: what decides the rows, and the audit trail's actor.
#[derive(Debug, Clone)]
pub struct Exporter {
    pub reader: Reader,
    pub actor: Actor,
}

/// The dataset called `name`, if this reader may have it (404 otherwise:
/// unknown and forbidden datasets are refused alike by the routes, which
/// check the permission first).
pub fn dataset(name: &str, who: &Exporter) -> Result<&'static Dataset, AppError> {
    let d = datasets::find(name).ok_or(AppError::NotFound)?;
    if !policy::allows(who.reader.role, d.permission) {
        return Err(AppError::Forbidden);
    }
    Ok(d)
}

/// Parses the filters and builds the query's context.
pub async fn select(
    state: &AppState,
    who: &Exporter,
    dataset: &'static Dataset,
    params: &Params,
) -> Result<(Selection, Context), AppError> {
    let programmes = crate::db::codes::programmes(&state.pool).await?;
    let selection = Selection::parse(dataset, params, &programmes).map_err(AppError::Validation)?;
    let first_week = if dataset.from.contains("{first_monday}") && selection.from.is_none() {
        let first = sqlx::query_scalar!(r#"select min(iso_year * 100 + iso_week) as "yw" from reports"#)
            .fetch_one(&state.pool)
            .await?;
        first.and_then(|yw| IsoWeek::new(yw / 100, (yw % 100) as u32))
    } else {
        None
    };
    let ctx =
        Context { reader: who.reader, now: state.clock.now(), deadline: state.settings.report_deadline, first_week };
    Ok((selection, ctx))
}

/// Both results, or every field error of both (a page shows them all at
/// once).
pub fn both<A, B>(a: Result<A, AppError>, b: Result<B, crate::domain::FieldErrors>) -> Result<(A, B), AppError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(AppError::Validation(mut errors)), b) => {
            errors.extend(b.err().unwrap_or_default());
            Err(AppError::Validation(errors))
        }
        (Err(e), _) => Err(e),
        (Ok(_), Err(errors)) => Err(AppError::Validation(errors)),
    }
}

/// How many rows match (the export page shows it before download).
pub async fn count(state: &AppState, selection: &Selection, ctx: &Context) -> Result<i64, AppError> {
    let sql = query::build(selection, ctx, &Shape::Count);
    let n: i64 = sqlx::query_scalar(&sql).fetch_one(&state.pool).await?;
    Ok(n)
}

/// Starts a CSV file; it is audited once its rows are all written, with
/// their number. Returns when the header row is out, so that a refusal is
/// a status, not a truncated file.
pub async fn csv(
    state: &AppState,
    who: &Exporter,
    selection: &Selection,
    ctx: &Context,
    options: FileOptions,
    format: &'static str,
) -> Result<Spool, AppError> {
    // A workbook types its cells instead (`export::xlsx`).
    let file_query = query::build(selection, ctx, &Shape::File { neutralise: format == "csv" });
    let source = Source {
        pool: state.pool.clone(),
        slots: state.export_slots.clone(),
        copy: query::copy(&file_query, options.semicolon),
        bom: options.bom,
    };
    let pool = state.pool.clone();
    let actor = who.actor.clone();
    let mut after = json!({ "dataset": selection.dataset.name, "format": format, "filters": selection.describe() });
    let mut spool = Spool::start(source, move |end| async move {
        let rows = match end {
            End::Complete { rows } => Value::from(rows),
            End::Failed => Value::Null,
        };
        after["rows"] = rows;
        after["complete"] = Value::from(matches!(end, End::Complete { .. }));
        let change =
            Change { action: "export.download", entity: "export", entity_id: None, before: None, after: Some(after) };
        if let Err(e) = audit::record(&pool, &actor, change).await {
            tracing::error!(error = %e, "cannot audit an export");
        }
    })
    .map_err(|e| AppError::Internal(e.into()))?;
    spool.started().await.map_err(|_| AppError::Unavailable(sqlx::Error::PoolTimedOut))?;
    Ok(spool)
}

/// One page of the API: the rows as JSON objects, and the cursor of the
/// next page (`None` on the last).
pub struct Page {
    /// Each row as PostgreSQL wrote it (`json_build_object`), passed through.
    pub rows: Vec<Box<serde_json::value::RawValue>>,
    pub next: Option<String>,
}

pub async fn page(
    state: &AppState,
    who: &Exporter,
    selection: &Selection,
    ctx: &Context,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Page, AppError> {
    let key_len = selection.dataset.key.len();
    let sql = query::build(selection, ctx, &Shape::Page { after, limit });
    let mut tx = state.pool.begin().await?;
    let found = sqlx::query(&sql).fetch_all(&mut *tx).await?;
    let mut rows = Vec::with_capacity(found.len());
    let mut last_key = None;
    for row in &found {
        let text: String = row.try_get(0)?;
        rows.push(serde_json::value::RawValue::from_string(text).map_err(|e| AppError::Internal(e.into()))?);
        let key: Result<Vec<String>, sqlx::Error> = (1..=key_len).map(|i| row.try_get(i)).collect();
        last_key = Some(key?);
    }
    let next = if found.len() as i64 == limit { last_key.map(|k| Cursor::from_parts(k).as_string()) } else { None };
    let after = json!({
        "dataset": selection.dataset.name, "format": "json", "filters": selection.describe(),
        "rows": rows.len(), "complete": true,
    });
    let change = Change { action: "export.page", entity: "export", entity_id: None, before: None, after: Some(after) };
    audit::record(&mut *tx, &who.actor, change).await?;
    tx.commit().await?;
    Ok(Page { rows, next })
}
