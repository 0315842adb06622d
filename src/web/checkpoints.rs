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

#[derive(Debug, Default, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    border: String,
    programme: String,
    status: String,
    q: String,
    sort: String,
    dir: String,
    page: String,
}

/// Rows of the register per page.
pub const PER_PAGE: i64 = 50;

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

    /// This page's URL with `sort`/`dir` replaced, other filters kept (and
    /// the first page: a new order starts from the top).
    fn sorted_url(&self, key: SortKey, descending: bool) -> String {
        self.url(key.as_str(), if descending { "desc" } else { "asc" }, 1)
    }

    /// Page `page` of this list: filters and sort kept.
    fn page_url(&self, page: i64) -> String {
        self.url(&self.sort, &self.dir, page)
    }

    fn url(&self, sort: &str, dir: &str, page: i64) -> String {
        let page = if page > 1 { page.to_string() } else { String::new() };
        let pairs = [
            ("border", self.border.as_str()),
            ("programme", self.programme.as_str()),
            ("status", self.status.as_str()),
            ("q", self.q.as_str()),
            ("sort", sort),
            ("dir", dir),
            ("page", page.as_str()),
        ];
        let kept: Vec<_> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        if kept.is_empty() {
            return "/checkpoints".to_owned();
        }
        format!("/checkpoints?{}", serde_urlencoded::to_string(kept).unwrap_or_default())
    }

    /// The page asked for: 1 unless `page` is a number of at least 1.
    fn page(&self) -> i64 {
        self.page.trim().parse::<i64>().ok().filter(|p| *p >= 1).unwrap_or(1)
    }
}

/// Where this page is in the list, and the links to its neighbours.
pub struct Pager {
    /// "Rows 51–100 of 4,800".
    pub range: String,
    /// "Page 2 of 96".
    pub position: String,
    pub pages: i64,
    pub previous: Option<String>,
    pub next: Option<String>,
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
    /// The sort kept by the filter form.
    query_sort: String,
    query_dir: String,
    rows: Vec<Checkpoint>,
    /// Checkpoints that pass the filters, on all pages.
    total: usize,
    pager: Pager,
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

fn pager(ctx: &PageCtx, query: &ListQuery, found: &store::ListPage) -> Pager {
    let pages = ((found.total + PER_PAGE - 1) / PER_PAGE).max(1);
    let shown = found.rows.len() as i64;
    let tr = &ctx.tr;
    let range = tr.args(
        "register-rows",
        [
            ("from", tr.number(if shown == 0 { 0 } else { found.offset + 1 }).into()),
            ("to", tr.number(found.offset + shown).into()),
            ("total", found.total.into()),
            ("shown", tr.number(found.total).into()),
        ],
    );
    Pager {
        range,
        position: tr.args2("register-page", "page", tr.number(found.page), "pages", tr.number(pages)),
        pages,
        previous: (found.page > 1).then(|| query.page_url(found.page - 1)),
        next: (found.page < pages).then(|| query.page_url(found.page + 1)),
    }
}

/// What one page of the register reads from the database: shared by the
/// requests for the same page until the data changes (`workflow::shared`).
pub struct Listing {
    programme_codes: Vec<String>,
    filter: ListFilter,
    found: store::ListPage,
    border_counts: Vec<(String, i64)>,
    programme_counts: Vec<(String, i64)>,
    status_counts: Vec<(String, i64)>,
}

/// The register's pages read, by their query.
pub type ListingCache = crate::workflow::shared::Shared<ListQuery, Listing>;

async fn read_listing(pool: &sqlx::PgPool, query: &ListQuery) -> AppResult<Listing> {
    let programme_codes = db::codes::programmes(pool).await?;
    let filter = query.filter(&programme_codes);
    let (sort, descending) = query.sort();
    let found = store::list_page(pool, &filter, sort, descending, query.page(), PER_PAGE).await?;
    let border_counts = store::facet_counts(pool, &filter, Facet::Border).await?;
    let programme_counts = store::facet_counts(pool, &filter, Facet::Programme).await?;
    let status_counts = store::facet_counts(pool, &filter, Facet::Status).await?;
    Ok(Listing { programme_codes, filter, found, border_counts, programme_counts, status_counts })
}

async fn list(State(state): State<AppState>, ctx: PageCtx, Query(query): Query<ListQuery>) -> AppResult<Response> {
    let listing = state.register.get_or_read(&state.pool, query.clone(), || read_listing(&state.pool, &query)).await?;
    let (sort, descending) = query.sort();
    let Listing { programme_codes, filter, found, border_counts, programme_counts, status_counts } = &*listing;
    let found = found.clone();
    let filter = filter.clone();

    let borders = facet_options(
        &ctx,
        border_counts,
        BorderCountry::ALL.iter().map(|b| b.as_str().to_owned()),
        "border",
        &query.border,
    );
    let programmes =
        facet_options(&ctx, programme_counts, programme_codes.iter().cloned(), "programme", &query.programme);
    let statuses = facet_options(
        &ctx,
        status_counts,
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
    let pager = pager(&ctx, &query, &found);
    let programme_label = ctx.tr.t("field-programme");
    let body_label = ctx.tr.t("field-responsible-body");
    let page = ListPage {
        query_q: query.q.clone(),
        query_sort: query.sort.clone(),
        query_dir: query.dir.clone(),
        rows: found.rows,
        total: found.total as usize,
        pager,
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
