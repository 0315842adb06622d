//! The register: list, read, create, edit, and revise the commissioning date.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::page::{PageCtx, SelectOption, parse_id};
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db;
use crate::db::checkpoints::{self as store, Checkpoint, CodeFilter, Facet, ListFilter, SortKey};
use crate::domain::checkpoint::{BorderCountry, LifecycleStatus};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

mod form;
mod show;

use form::{create, edit_form, new_form, revise, revise_form, update};
use show::show;

/// Routes and who may use them: everyone signed in reads the register;
/// only administrators change it.
pub fn routes() -> Routes {
    let read = Access::Signed(Permission::ReadRegister);
    let edit = Access::Signed(Permission::EditRegister);
    Routes::new()
        .get("/checkpoints", read, list)
        .post("/checkpoints", edit, create)
        .get("/checkpoints/new", edit, new_form)
        .get("/checkpoints/{id}", read, show)
        .get("/checkpoints/{id}/edit", edit, edit_form)
        .post("/checkpoints/{id}/edit", edit, update)
        .get("/checkpoints/{id}/commissioning-date", edit, revise_form)
        .post("/checkpoints/{id}/commissioning-date", edit, revise)
}

// ---------------------------------------------------------------- the list

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    border: String,
    programme: String,
    status: String,
    q: String,
    sort: String,
    dir: String,
}

/// The value a filter takes in the URL for "blank" (e.g. Alakol's border).
const UNKNOWN: &str = "unknown";

impl ListQuery {
    fn code_filter(value: &str, valid: impl Fn(&str) -> bool) -> CodeFilter {
        match value.trim() {
            "" => CodeFilter::Any,
            UNKNOWN => CodeFilter::Unknown,
            v if valid(v) => CodeFilter::Is(v.to_owned()),
            // A filter value that cannot match anything is ignored rather
            // than answered with an empty list that looks like data.
            _ => CodeFilter::Any,
        }
    }

    fn filter(&self, programmes: &[String]) -> ListFilter {
        ListFilter {
            border: Self::code_filter(&self.border, |v| BorderCountry::parse(v).is_some()),
            programme: Self::code_filter(&self.programme, |v| programmes.iter().any(|p| p == v)),
            status: match LifecycleStatus::parse(&self.status) {
                Some(s) => CodeFilter::Is(s.as_str().to_owned()),
                None => CodeFilter::Any,
            },
            // NUL cannot occur in stored text, so it can only be noise here.
            search: Some(self.q.replace('\0', "").trim().to_owned()).filter(|q| !q.is_empty()),
        }
    }

    fn sort(&self) -> (SortKey, bool) {
        (SortKey::parse(&self.sort).unwrap_or_default(), self.dir == "desc")
    }

    /// This page's URL with `sort`/`dir` replaced, other filters kept.
    fn sorted_url(&self, key: SortKey, descending: bool) -> String {
        let pairs = [
            ("border", self.border.as_str()),
            ("programme", self.programme.as_str()),
            ("status", self.status.as_str()),
            ("q", self.q.as_str()),
            ("sort", key.as_str()),
            ("dir", if descending { "desc" } else { "asc" }),
        ];
        let kept: Vec<_> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        format!("/checkpoints?{}", serde_urlencoded::to_string(kept).unwrap_or_default())
    }
}

/// A sortable column header.
pub struct Column {
    pub label: String,
    pub url: String,
    /// `ascending`, `descending` or `none`, for `aria-sort`.
    pub aria_sort: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "checkpoints/list.html")]
pub struct ListPage {
    ctx: PageCtx,
    query_q: String,
    rows: Vec<Checkpoint>,
    borders: Vec<SelectOption>,
    programmes: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
    /// The sortable columns, in the order of the table's first cells.
    columns: Vec<Column>,
    // Looked up once per page, not once per row (4,800 rows at 100×).
    programme_label: String,
    body_label: String,
    filtered: bool,
}

fn facet_options(
    ctx: &PageCtx,
    counts: &[(String, i64)],
    codes: impl IntoIterator<Item = String>,
    prefix: &str,
    current: &str,
) -> Vec<SelectOption> {
    let count_of = |code: &str| counts.iter().find(|(v, _)| v == code).map_or(0, |(_, n)| *n);
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    let tr = &ctx.tr;
    let option = |value: &str, count: i64| {
        let label =
            tr.args("filter-option", [("label", tr.code(prefix, value).into()), ("shown", tr.number(count).into())]);
        SelectOption::new(value, label, current)
    };
    let mut options = vec![SelectOption::new("", tr.arg("filter-all", "shown", tr.number(total)), current)];
    options.extend(codes.into_iter().map(|code| option(&code, count_of(&code))));
    let blanks = count_of("");
    if blanks > 0 {
        options.push(option(UNKNOWN, blanks));
    }
    options
}

async fn list(State(state): State<AppState>, ctx: PageCtx, Query(query): Query<ListQuery>) -> AppResult<Response> {
    let programme_codes = db::codes::programmes(&state.pool).await?;
    let filter = query.filter(&programme_codes);
    let (sort, descending) = query.sort();
    let rows = store::list(&state.pool, &filter, sort, descending).await?;
    let border_counts = store::facet_counts(&state.pool, &filter, Facet::Border).await?;
    let programme_counts = store::facet_counts(&state.pool, &filter, Facet::Programme).await?;
    let status_counts = store::facet_counts(&state.pool, &filter, Facet::Status).await?;

    let borders = facet_options(
        &ctx,
        &border_counts,
        BorderCountry::ALL.iter().map(|b| b.as_str().to_owned()),
        "border",
        &query.border,
    );
    let programmes = facet_options(&ctx, &programme_counts, programme_codes, "programme", &query.programme);
    let statuses = facet_options(
        &ctx,
        &status_counts,
        LifecycleStatus::ALL.iter().map(|s| s.as_str().to_owned()),
        "status",
        &query.status,
    );
    let columns = SortKey::ALL
        .into_iter()
        .map(|key| {
            let active = key == sort;
            Column {
                label: ctx.tr.t(&format!("column-{}", key.as_str())),
                url: query.sorted_url(key, active && !descending),
                aria_sort: match (active, descending) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
            }
        })
        .collect();
    let filtered = filter != ListFilter::default();
    let programme_label = ctx.tr.t("field-programme");
    let body_label = ctx.tr.t("field-responsible-body");
    let page = ListPage {
        query_q: query.q.clone(),
        rows,
        borders,
        programmes,
        statuses,
        columns,
        programme_label,
        body_label,
        filtered,
        ctx,
    };
    Ok(page.into_response())
}

// ---------------------------------------------------------------- one checkpoint

pub(super) async fn load(state: &AppState, id: &str) -> AppResult<Checkpoint> {
    store::get(&state.pool, parse_id(id)?).await?.ok_or(AppError::NotFound)
}
