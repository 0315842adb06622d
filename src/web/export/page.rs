//! The `/export` page: choose a dataset and filters, see how many rows
//! match, and download. A GET form: choosing writes nothing, so the page's
//! address is the choice, to bookmark or share.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::super::page::{PageCtx, SelectOption};
use super::super::routes::Routes;
use super::{EXPORT_PAGE, api_path, exporter};
use crate::auth::{Access, policy};
use crate::db::checkpoints::{self as register, ListFilter, SortKey};
use crate::domain::FieldErrors;
use crate::domain::body::Body;
use crate::domain::checkpoint::BorderCountry;
use crate::error::{AppError, AppResult};
use crate::export::datasets::{self, Column};
use crate::export::run;
use crate::export::{DATASETS, Dataset, FileOptions, Params};
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new().get("/export", Access::Signed(EXPORT_PAGE), show)
}

/// The form as sent: the dataset and the download's own parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PageQuery {
    dataset: String,
    #[serde(flatten)]
    params: Params,
}

/// The chosen dataset as the page describes it.
struct DatasetView {
    name: &'static str,
    title: String,
    doc: &'static str,
    columns: &'static [Column],
    /// The filters it takes, in words.
    filters: String,
}

/// What a valid choice finds: the count and where to get the rows.
struct Found {
    count: String,
    csv: String,
    xlsx: String,
    api: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "export.html")]
struct ExportPage {
    ctx: PageCtx,
    errors: FieldErrors,
    datasets: Vec<SelectOption>,
    chosen: Option<DatasetView>,
    borders: Vec<SelectOption>,
    programmes: Vec<SelectOption>,
    bodies: Vec<SelectOption>,
    /// The chosen dataset's status values; `None`: a text field.
    statuses: Option<Vec<SelectOption>>,
    checkpoints: Vec<SelectOption>,
    revisions: Vec<SelectOption>,
    delimiters: Vec<SelectOption>,
    params: Params,
    bom: bool,
    found: Option<Found>,
}

async fn show(State(state): State<AppState>, ctx: PageCtx, Query(query): Query<PageQuery>) -> AppResult<Response> {
    let PageQuery { dataset: name, params } = query;
    let name = name.trim().to_owned();
    if name.is_empty() {
        let page = ExportPage::build(&state, ctx, &name, None, params, FieldErrors::new(), None).await?;
        return Ok(page.into_response());
    }
    let who = exporter(&ctx)?;
    // Unknown and forbidden datasets alike: the form offers neither.
    let Some(dataset) = datasets::find(&name).filter(|d| policy::allows(who.reader.role, d.permission)) else {
        let mut errors = FieldErrors::new();
        errors.add("dataset", "export-unknown-dataset");
        let page = ExportPage::build(&state, ctx, &name, None, params, errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let selected = run::select(&state, &who, dataset, &params).await;
    match run::both(selected, FileOptions::parse(&params)) {
        Ok(((selection, query_ctx), _)) => {
            let n = run::count(&state, &selection, &query_ctx).await?;
            let found = Found {
                count: ctx.tr.count("export-count", usize::try_from(n).unwrap_or(0)),
                csv: link(&format!("/export/{}.csv", dataset.name), dataset, &params, true),
                xlsx: link(&format!("/export/{}.xlsx", dataset.name), dataset, &params, false),
                api: link(&api_path(dataset), dataset, &params, false),
            };
            let page =
                ExportPage::build(&state, ctx, &name, Some(dataset), params, FieldErrors::new(), Some(found)).await?;
            Ok(page.into_response())
        }
        Err(AppError::Validation(errors)) => {
            render(&state, ctx, Some(dataset), params, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

/// The page with `errors` beside their fields and the input kept (the
/// downloads answer with it when their parameters are wrong).
pub async fn render(
    state: &AppState,
    ctx: PageCtx,
    dataset: Option<&'static Dataset>,
    params: Params,
    errors: FieldErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let name = dataset.map_or("", |d| d.name);
    let page = ExportPage::build(state, ctx, name, dataset, params, errors, None).await?;
    Ok((status, page).into_response())
}

/// `path` with the form's non-empty parameters that the dataset and the
/// format take (the defaults left out, so links stay short).
fn link(path: &str, dataset: &Dataset, params: &Params, csv: bool) -> String {
    let revisions = match params.revisions.trim() {
        "current" => "",
        _ if !dataset.by_revision => "",
        v => v,
    };
    let delimiter = match params.delimiter.trim() {
        "comma" | "," => "",
        _ if !csv => "",
        v => v,
    };
    let bom = if csv && is_on(&params.bom) { "1" } else { "" };
    let pairs = [
        ("border", params.border.trim()),
        ("programme", params.programme.trim()),
        ("status", params.status.trim()),
        ("body", params.body.trim()),
        ("checkpoint", params.checkpoint.trim()),
        ("from", params.from.trim()),
        ("to", params.to.trim()),
        ("revisions", revisions),
        ("delimiter", delimiter),
        ("bom", bom),
    ];
    let kept: Vec<_> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    if kept.is_empty() {
        return path.to_owned();
    }
    format!("{path}?{}", serde_urlencoded::to_string(kept).unwrap_or_default())
}

fn is_on(value: &str) -> bool {
    matches!(value.trim(), "1" | "true")
}

/// A select's options: "any" first, then `choices`; a value the form was
/// sent that is not among them is kept, so that it shows beside its error.
fn options(any: String, choices: impl IntoIterator<Item = (String, String)>, current: &str) -> Vec<SelectOption> {
    let mut out = vec![SelectOption::new("", any, current)];
    out.extend(choices.into_iter().map(|(value, label)| SelectOption::new(value, label, current)));
    let current = current.trim();
    if !current.is_empty() && !out.iter().any(|o| o.selected) {
        out.push(SelectOption::new(current, current, current));
    }
    out
}

/// The filters a dataset takes, named as the form labels them.
fn filters_of(ctx: &PageCtx, d: &Dataset) -> String {
    let f = &d.filters;
    let named = [
        (f.border.is_some(), "field-border"),
        (f.programme.is_some(), "field-programme"),
        (f.body.is_some(), "field-body"),
        (f.status.is_some(), "field-status"),
        (f.checkpoint.is_some(), "export-field-checkpoint"),
        (f.period.is_some(), "export-field-period"),
        (d.by_revision, "export-field-revisions"),
    ];
    let names: Vec<String> = named.into_iter().filter(|(on, _)| *on).map(|(_, key)| ctx.tr.t(key)).collect();
    if names.is_empty() {
        ctx.tr.t("export-filters-none")
    } else {
        ctx.tr.arg("export-filters-apply", "filters", names.join(", "))
    }
}

impl ExportPage {
    async fn build(
        state: &AppState,
        ctx: PageCtx,
        name: &str,
        dataset: Option<&'static Dataset>,
        params: Params,
        errors: FieldErrors,
        found: Option<Found>,
    ) -> AppResult<ExportPage> {
        let tr = &ctx.tr;
        let role = ctx.signed_in()?.role;
        let readable = DATASETS.iter().filter(|d| policy::allows(role, d.permission));
        let datasets = options(
            tr.t("export-choose-dataset"),
            readable.map(|d| (d.name.into(), tr.code("export-dataset", d.name))),
            name,
        );
        let chosen = dataset.map(|d| DatasetView {
            name: d.name,
            title: tr.code("export-dataset", d.name),
            doc: d.doc,
            columns: d.columns,
            filters: filters_of(&ctx, d),
        });
        let borders = options(
            tr.t("export-any-border"),
            BorderCountry::ALL.iter().map(|b| (b.as_str().into(), tr.code("border", b.as_str()))),
            &params.border,
        );
        let codes = crate::db::codes::programmes(&state.pool).await?;
        let programmes = options(
            tr.t("export-any-programme"),
            codes.into_iter().map(|c| {
                let label = tr.code("programme", &c);
                (c, label)
            }),
            &params.programme,
        );
        let bodies = options(
            tr.t("export-any-body"),
            Body::ALL.iter().map(|b| (b.as_str().into(), tr.code("body", b.as_str()))),
            &params.body,
        );
        let statuses = dataset.and_then(|d| d.filters.status).map(|(_, values)| {
            options(
                tr.t("export-any-status"),
                values.iter().map(|v| ((*v).into(), tr.code("export-status", v))),
                &params.status,
            )
        });
        let mut listed = register::list(&state.pool, &ListFilter::default(), SortKey::Name, false).await?;
        listed.sort_by_cached_key(|c| tr.name(&c.name_en, &c.name_ru, &c.name_kk).to_lowercase());
        let checkpoints = options(
            tr.t("export-any-checkpoint"),
            listed.iter().map(|c| (c.id.to_string(), tr.name(&c.name_en, &c.name_ru, &c.name_kk).to_owned())),
            &params.checkpoint,
        );
        let revisions = options(
            tr.t("export-revisions-current"),
            [("all".to_owned(), tr.t("export-revisions-all"))],
            if params.revisions.trim() == "current" { "" } else { &params.revisions },
        );
        let delimiters = options(
            tr.t("export-delimiter-comma"),
            [("semicolon".to_owned(), tr.t("export-delimiter-semicolon"))],
            match params.delimiter.trim() {
                "comma" | "," => "",
                ";" => "semicolon",
                v => v,
            },
        );
        let bom = is_on(&params.bom);
        Ok(ExportPage {
            ctx,
            errors,
            datasets,
            chosen,
            borders,
            programmes,
            bodies,
            statuses,
            checkpoints,
            revisions,
            delimiters,
            params,
            bom,
            found,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_set_parameters_that_the_format_takes() {
        let entries = datasets::find("report_entries").unwrap();
        let params = Params {
            border: "CN".into(),
            from: " 2026-W05 ".into(),
            revisions: "all".into(),
            delimiter: "semicolon".into(),
            bom: "1".into(),
            ..Params::default()
        };
        assert_eq!(
            link("/export/report_entries.csv", entries, &params, true),
            "/export/report_entries.csv?border=CN&from=2026-W05&revisions=all&delimiter=semicolon&bom=1"
        );
        assert_eq!(
            link("/api/v1/report_entries", entries, &params, false),
            "/api/v1/report_entries?border=CN&from=2026-W05&revisions=all"
        );
        let register = datasets::find("checkpoints").unwrap();
        let defaults = Params { revisions: "all".into(), delimiter: "comma".into(), ..Params::default() };
        assert_eq!(link("/export/checkpoints.csv", register, &defaults, true), "/export/checkpoints.csv");
    }

    #[test]
    fn a_value_not_offered_is_kept_selected() {
        let kept = options("Any".into(), [("CN".into(), "China".into())], "XX");
        let selected: Vec<_> = kept.iter().filter(|o| o.selected).map(|o| o.value.as_str()).collect();
        assert_eq!(selected, ["XX"]);
        let any = options("Any".into(), [("CN".into(), "China".into())], "");
        assert!(any[0].selected);
    }
}
