//! Who answers for what: each reporting body's accountable official and each
//! region's coordinator, with their history. Every signed-in role reads the
//! page; administrators record appointments and vacancies on it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::page::{PageCtx, SelectOption};
use super::routes::Routes;
use crate::auth::{Access, Permission};
use crate::db::officials::{self, Appointment, Entry};
use crate::domain::FieldErrors;
use crate::domain::body::Body;
use crate::domain::officials::{AppointmentForm, NewAppointment, Post, VacancyForm};
use crate::error::AppResult;
use crate::state::AppState;

pub fn routes() -> Routes {
    let read = Access::Signed(Permission::ReadRegister);
    let edit = Access::Signed(Permission::EditRegister);
    Routes::new().get("/officials", read, show).post("/officials/appointments", edit, appoint).post(
        "/officials/vacancies",
        edit,
        vacate,
    )
}

/// One post as the page shows it: who holds it today and all that was
/// recorded of it.
struct PostView {
    /// The anchor of its row.
    anchor: String,
    label: String,
    current: Option<Appointment>,
    history: Vec<HistoryLine>,
}

struct HistoryLine {
    entry: Entry,
    /// Takes effect after today.
    upcoming: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "officials/page.html")]
struct OfficialsPage {
    ctx: PageCtx,
    bodies: Vec<PostView>,
    regions: Vec<PostView>,
    appointment: AppointmentForm,
    appointment_errors: FieldErrors,
    appointment_posts: (Vec<SelectOption>, Vec<SelectOption>),
    vacancy: VacancyForm,
    vacancy_errors: FieldErrors,
    vacancy_posts: (Vec<SelectOption>, Vec<SelectOption>),
}

/// What the page knows of the posts: each body and each region, in order.
struct Posts {
    regions: Vec<String>,
}

impl Posts {
    /// Regions in the order of their names in the reader's language.
    async fn load(state: &AppState, tr: &crate::i18n::Tr) -> AppResult<Posts> {
        let mut regions = officials::regions(&state.pool).await?;
        regions.sort_by_cached_key(|r| tr.region_name(r).to_lowercase());
        Ok(Posts { regions })
    }

    fn all(&self) -> Vec<Post> {
        Body::ALL.iter().map(|b| Post::Body(*b)).chain(self.regions.iter().cloned().map(Post::Region)).collect()
    }

    /// The choices of a form's post select: bodies, then regions; `current`
    /// is the form's value.
    fn options(&self, ctx: &PageCtx, current: &str) -> (Vec<SelectOption>, Vec<SelectOption>) {
        let mut bodies = vec![SelectOption::new("", ctx.tr.t("officials-choose-post"), current)];
        bodies.extend(
            Body::ALL.iter().map(|b| SelectOption::new(Post::Body(*b).key(), ctx.tr.code("body", b.as_str()), current)),
        );
        let regions = self
            .regions
            .iter()
            .map(|r| SelectOption::new(Post::Region(r.clone()).key(), ctx.tr.region_name(r), current))
            .collect();
        (bodies, regions)
    }
}

impl OfficialsPage {
    async fn render(
        state: &AppState,
        ctx: PageCtx,
        posts: &Posts,
        (appointment, appointment_errors): (AppointmentForm, FieldErrors),
        (vacancy, vacancy_errors): (VacancyForm, FieldErrors),
    ) -> AppResult<Self> {
        let now = state.clock.now();
        let today = state.clock.today();
        let accountable = officials::accountable_at(&state.pool, now).await?;
        let coordinators = officials::coordinators_at(&state.pool, now).await?;
        let body_history = officials::body_history(&state.pool).await?;
        let region_history = officials::region_history(&state.pool).await?;
        let view = |anchor: String, label: String, target: &str, current: &[Appointment], history: &[Entry]| PostView {
            anchor,
            label,
            current: current.iter().find(|a| a.target == target).cloned(),
            history: history
                .iter()
                .filter(|e| e.target == target)
                .map(|e| HistoryLine { entry: e.clone(), upcoming: e.from > today })
                .collect(),
        };
        let bodies = Body::ALL
            .iter()
            .map(|b| {
                let label = ctx.tr.code("body", b.as_str());
                view(format!("body-{b}"), label, b.as_str(), &accountable, &body_history)
            })
            .collect();
        let regions = posts
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| view(format!("region-{}", i + 1), ctx.tr.region_name(r), r, &coordinators, &region_history))
            .collect();
        let appointment_posts = posts.options(&ctx, &appointment.post);
        let vacancy_posts = posts.options(&ctx, &vacancy.vacant_post);
        Ok(OfficialsPage {
            ctx,
            bodies,
            regions,
            appointment,
            appointment_errors,
            appointment_posts,
            vacancy,
            vacancy_errors,
            vacancy_posts,
        })
    }
}

fn blank<T: Default>() -> (T, FieldErrors) {
    (T::default(), FieldErrors::new())
}

async fn show(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let posts = Posts::load(&state, &ctx.tr).await?;
    Ok(OfficialsPage::render(&state, ctx, &posts, blank(), blank()).await?.into_response())
}

async fn appoint(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<AppointmentForm>,
) -> AppResult<Response> {
    let posts = Posts::load(&state, &ctx.tr).await?;
    match form.parse(state.clock.today(), &posts.all()) {
        Ok(new) => save(&state, &ctx, &new).await,
        Err(errors) => {
            let page = OfficialsPage::render(&state, ctx, &posts, (form, errors), blank()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

async fn vacate(State(state): State<AppState>, ctx: PageCtx, Form(form): Form<VacancyForm>) -> AppResult<Response> {
    let posts = Posts::load(&state, &ctx.tr).await?;
    match form.parse(state.clock.today(), &posts.all()) {
        Ok(new) => save(&state, &ctx, &new).await,
        Err(errors) => {
            let page = OfficialsPage::render(&state, ctx, &posts, blank(), (form, errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// Records it in one audited transaction, then back to the page (PRG).
async fn save(state: &AppState, ctx: &PageCtx, new: &NewAppointment) -> AppResult<Response> {
    let user_id = ctx.signed_in()?.id;
    let mut tx = state.pool.begin().await?;
    officials::record(&mut tx, new, user_id, &ctx.actor()).await?;
    tx.commit().await?;
    let anchor = match new.post {
        Post::Body(_) => "bodies",
        Post::Region(_) => "regions",
    };
    Ok(Redirect::to(&format!("/officials#{anchor}")).into_response())
}
