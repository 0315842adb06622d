//! The register: list, read, create, edit, and revise the commissioning date.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::page::{PageCtx, SelectOption, parse_id};
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::checkpoints::{self as store, Checkpoint, CodeFilter, Facet, ListFilter, SortKey};
use crate::db::date_revisions::{self, DateRevision, DateTarget, ReviseError};
use crate::db::milestones::{self, Milestone};
use crate::db::{self, Versioned};
use crate::domain::FieldErrors;
use crate::domain::checkpoint::{BorderCountry, CheckpointForm, CheckpointKind, LifecycleStatus, parse_version};
use crate::domain::milestone::{DateField, DateRevisionForm};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

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

#[derive(Template, WebTemplate)]
#[template(path = "checkpoints/show.html")]
pub struct ShowPage {
    ctx: PageCtx,
    c: Checkpoint,
    milestones: Vec<Milestone>,
    revisions: Vec<DateRevision>,
    /// The first planned commissioning date ever recorded.
    baseline: Option<chrono::NaiveDate>,
    /// Dates proposed in weekly reports, with their fate.
    proposals: Vec<(crate::db::reports::CheckpointProposal, crate::domain::week::IsoWeek)>,
}

async fn load(state: &AppState, id: &str) -> AppResult<Checkpoint> {
    store::get(&state.pool, parse_id(id)?).await?.ok_or(AppError::NotFound)
}

async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> AppResult<Response> {
    let c = load(&state, &id).await?;
    let milestones = milestones::for_checkpoint(&state.pool, c.id).await?;
    let revisions = date_revisions::for_checkpoint(&state.pool, c.id).await?;
    let baseline = revisions.iter().find(|r| r.field == "commissioning").and_then(|r| r.new_date);
    let proposals = crate::db::reports::proposals_for_checkpoint(&state.pool, c.id)
        .await?
        .into_iter()
        .filter_map(|p| {
            let week = crate::domain::week::IsoWeek::new(p.iso_year, p.iso_week as u32)?;
            Some((p, week))
        })
        .collect();
    Ok(ShowPage { ctx, c, milestones, revisions, baseline, proposals }.into_response())
}

// ---------------------------------------------------------------- create and edit

#[derive(Template, WebTemplate)]
#[template(path = "checkpoints/form.html")]
pub struct FormPage {
    ctx: PageCtx,
    /// `None` when creating.
    id: Option<i64>,
    form: CheckpointForm,
    errors: FieldErrors,
    /// Set when someone else saved the record after this form was opened.
    stale: bool,
    borders: Vec<SelectOption>,
    kinds: Vec<SelectOption>,
    programmes: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
    bodies: Vec<SelectOption>,
}

impl FormPage {
    async fn build(
        state: &AppState,
        ctx: PageCtx,
        id: Option<i64>,
        form: CheckpointForm,
        errors: FieldErrors,
    ) -> AppResult<Self> {
        let tr = &ctx.tr;
        let choices = |prefix: &str, codes: Vec<String>, current: &str| {
            let mut options = vec![SelectOption::new("", tr.t("choice-unknown"), current)];
            options.extend(codes.into_iter().map(|c| SelectOption::new(c.clone(), tr.code(prefix, &c), current)));
            options
        };
        let borders =
            choices("border", BorderCountry::ALL.iter().map(|b| b.as_str().to_owned()).collect(), &form.border_country);
        let kinds = choices("kind", CheckpointKind::ALL.iter().map(|k| k.as_str().to_owned()).collect(), &form.kind);
        let programmes = choices("programme", db::codes::programmes(&state.pool).await?, &form.programme);
        let bodies = choices(
            "body",
            db::codes::bodies(&state.pool).await?.into_iter().map(|b| b.code).collect(),
            &form.responsible_body,
        );
        let statuses = LifecycleStatus::ALL
            .iter()
            .map(|s| SelectOption::new(s.as_str(), tr.code("status", s.as_str()), &form.status))
            .collect();
        Ok(FormPage { ctx, id, form, errors, stale: false, borders, kinds, programmes, statuses, bodies })
    }
}

fn form_from(c: &Checkpoint) -> CheckpointForm {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    CheckpointForm {
        name_en: c.name_en.clone(),
        name_ru: c.name_ru.clone(),
        name_kk: c.name_kk.clone().unwrap_or_default(),
        border_country: c.border_country.clone().unwrap_or_default(),
        region: c.region.clone().unwrap_or_default(),
        kind: c.kind.clone().unwrap_or_default(),
        programme: c.programme.clone().unwrap_or_default(),
        status: c.status.clone(),
        planned_commissioning: date(c.planned_commissioning),
        actual_commissioning: date(c.actual_commissioning),
        responsible_body: c.responsible_body.clone().unwrap_or_default(),
        notes: c.notes.clone(),
        sources: c.sources.clone(),
        version: c.version.to_string(),
    }
}

async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let form = CheckpointForm { status: LifecycleStatus::Unknown.as_str().to_owned(), ..Default::default() };
    Ok(FormPage::build(&state, ctx, None, form, FieldErrors::new()).await?.into_response())
}

/// Turns a unique-name violation into the field error it is.
fn name_taken(err: &sqlx::Error) -> Option<FieldErrors> {
    let field = match db::violated_unique(err)? {
        "checkpoints_name_en_key" => "name_en",
        "checkpoints_name_ru_key" => "name_ru",
        _ => return None,
    };
    let mut errors = FieldErrors::new();
    errors.add(field, "error-name-taken");
    Some(errors)
}

async fn invalid(
    state: &AppState,
    ctx: PageCtx,
    id: Option<i64>,
    form: CheckpointForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let page = FormPage::build(state, ctx, id, form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn create(State(state): State<AppState>, ctx: PageCtx, Form(form): Form<CheckpointForm>) -> AppResult<Response> {
    let known = db::codes::known(&state.pool).await?;
    let input = match form.parse(&known, state.clock.today()) {
        Ok(input) => input,
        Err(errors) => return invalid(&state, ctx, None, form, errors).await,
    };
    let mut tx = state.pool.begin().await?;
    let id = match store::create(&mut tx, &input, "first plan", &ctx.actor()).await {
        Ok(id) => id,
        Err(e) => match name_taken(&e) {
            Some(errors) => return invalid(&state, ctx, None, form, errors).await,
            None => return Err(e.into()),
        },
    };
    tx.commit().await?;
    Ok(Redirect::to(&format!("/checkpoints/{id}")).into_response())
}

async fn edit_form(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> AppResult<Response> {
    let c = load(&state, &id).await?;
    Ok(FormPage::build(&state, ctx, Some(c.id), form_from(&c), FieldErrors::new()).await?.into_response())
}

async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<CheckpointForm>,
) -> AppResult<Response> {
    let current = load(&state, &id).await?;
    // The planned date is not edited here (it changes by revision only).
    let form = CheckpointForm { planned_commissioning: form_from(&current).planned_commissioning, ..form };
    let known = db::codes::known(&state.pool).await?;
    let input = match form.parse(&known, state.clock.today()) {
        Ok(input) => input,
        Err(errors) => return invalid(&state, ctx, Some(current.id), form, errors).await,
    };
    let version = parse_version(&form.version).unwrap_or(0);
    let mut tx = state.pool.begin().await?;
    match store::update(&mut tx, current.id, version, &input, &ctx.actor()).await {
        Ok(Versioned::Saved(_)) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/checkpoints/{}", current.id)).into_response())
        }
        Ok(Versioned::Stale) => {
            // Keep the user's input; adopt the current version so that a
            // deliberate second save, after reading the change, goes through.
            let form = CheckpointForm { version: current.version.to_string(), ..form };
            let mut page = FormPage::build(&state, ctx, Some(current.id), form, FieldErrors::new()).await?;
            page.stale = true;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => match name_taken(&e) {
            Some(errors) => invalid(&state, ctx, Some(current.id), form, errors).await,
            None => Err(e.into()),
        },
    }
}

// ---------------------------------------------------------------- revise the commissioning date

#[derive(Template, WebTemplate)]
#[template(path = "checkpoints/revise.html")]
pub struct RevisePage {
    ctx: PageCtx,
    c: Checkpoint,
    form: DateRevisionForm,
    errors: FieldErrors,
}

async fn revise_form(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> AppResult<Response> {
    let c = load(&state, &id).await?;
    let form = DateRevisionForm {
        field: DateField::Commissioning.as_str().to_owned(),
        new_date: c.planned_commissioning.map(|d| d.to_string()).unwrap_or_default(),
        reason: String::new(),
    };
    Ok(RevisePage { ctx, c, form, errors: FieldErrors::new() }.into_response())
}

async fn revise(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<DateRevisionForm>,
) -> AppResult<Response> {
    let c = load(&state, &id).await?;
    let form = DateRevisionForm { field: DateField::Commissioning.as_str().to_owned(), ..form };
    let input = match form.parse(&[DateField::Commissioning]) {
        Ok(input) => input,
        Err(errors) => {
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, RevisePage { ctx, c, form, errors }).into_response());
        }
    };
    let mut tx = state.pool.begin().await?;
    let target = DateTarget::Checkpoint(c.id);
    match date_revisions::revise(&mut tx, target, input.field, input.new_date, &input.reason, &ctx.actor()).await? {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/checkpoints/{}#timeline", c.id)).into_response())
        }
        Err(ReviseError::NotFound) => Err(AppError::NotFound),
        Err(refused) => {
            let mut errors = FieldErrors::new();
            errors.add("new_date", refused.message_key());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, RevisePage { ctx, c, form, errors }).into_response())
        }
    }
}
