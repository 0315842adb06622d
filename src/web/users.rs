//! Administration of accounts: list, create, edit (role, body, active) and
//! reset a password. Administrators only.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::page::{PageCtx, SelectOption, parse_id};
use super::routes::Routes;
use crate::auth::{Access, Permission, password};
use crate::db::users::{self as store, User};
use crate::db::{self, Versioned};
use crate::domain::FieldErrors;
use crate::domain::checkpoint::parse_version;
use crate::domain::user::{Role, UserForm, check_password};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Every route here needs the ManageUsers permission (administrators).
pub fn routes() -> Routes {
    let admin = Access::Signed(Permission::ManageUsers);
    Routes::new()
        .get("/users", admin, list)
        .post("/users", admin, create)
        .get("/users/new", admin, new_form)
        .get("/users/{id}/edit", admin, edit_form)
        .post("/users/{id}/edit", admin, update)
        .get("/users/{id}/password", admin, password_form)
        .post("/users/{id}/password", admin, reset_password)
}

#[derive(Template, WebTemplate)]
#[template(path = "users/list.html")]
struct ListPage {
    ctx: PageCtx,
    users: Vec<User>,
}

async fn list(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let users = store::list(&state.pool).await?;
    Ok(ListPage { ctx, users }.into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "users/form.html")]
struct FormPage {
    ctx: PageCtx,
    /// `None` when creating.
    id: Option<i64>,
    form: UserForm,
    errors: FieldErrors,
    stale: bool,
    roles: Vec<SelectOption>,
    bodies: Vec<SelectOption>,
}

impl FormPage {
    async fn build(
        state: &AppState,
        ctx: PageCtx,
        id: Option<i64>,
        form: UserForm,
        errors: FieldErrors,
    ) -> AppResult<Self> {
        let tr = &ctx.tr;
        let mut roles = vec![SelectOption::new("", tr.t("choice-select"), &form.role)];
        roles.extend(Role::ALL.iter().map(|r| SelectOption::new(r.as_str(), tr.code("role", r.as_str()), &form.role)));
        let mut bodies = vec![SelectOption::new("", tr.t("body-none"), &form.body)];
        for code in body_codes(state).await? {
            bodies.push(SelectOption::new(code.clone(), tr.code("body", &code), &form.body));
        }
        Ok(FormPage { ctx, id, form, errors, stale: false, roles, bodies })
    }

    fn status(self, status: StatusCode) -> Response {
        (status, self).into_response()
    }
}

async fn body_codes(state: &AppState) -> AppResult<Vec<String>> {
    Ok(db::codes::bodies(&state.pool).await?.into_iter().map(|b| b.code).collect())
}

async fn load(state: &AppState, id: &str) -> AppResult<User> {
    store::get(&state.pool, parse_id(id)?).await?.ok_or(AppError::NotFound)
}

fn username_taken(err: &sqlx::Error) -> Option<FieldErrors> {
    (db::violated_unique(err)? == "users_username_key").then(|| {
        let mut errors = FieldErrors::new();
        errors.add("username", "error-username-taken");
        errors
    })
}

async fn new_form(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let form = UserForm { active: Some("on".into()), ..Default::default() };
    Ok(FormPage::build(&state, ctx, None, form, FieldErrors::new()).await?.into_response())
}

async fn create(State(state): State<AppState>, ctx: PageCtx, Form(form): Form<UserForm>) -> AppResult<Response> {
    let parsed = form.parse(&body_codes(&state).await?);
    let password_ok = check_password(&form.password);
    let input = match (parsed, password_ok) {
        (Ok(input), Ok(())) => input,
        (parsed, password_ok) => {
            let mut errors = parsed.err().unwrap_or_default();
            if let Err(key) = password_ok {
                errors.add("password", key);
            }
            // Never send a password back to the browser.
            let form = UserForm { password: String::new(), ..form };
            return Ok(FormPage::build(&state, ctx, None, form, errors)
                .await?
                .status(StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let hash = password::hash(form.password.clone()).await?;
    let mut tx = state.pool.begin().await?;
    match store::create(&mut tx, &input, &hash, &ctx.actor()).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/users").into_response())
        }
        Err(e) => match username_taken(&e) {
            Some(errors) => {
                let form = UserForm { password: String::new(), ..form };
                Ok(FormPage::build(&state, ctx, None, form, errors).await?.status(StatusCode::UNPROCESSABLE_ENTITY))
            }
            None => Err(e.into()),
        },
    }
}

fn form_from(u: &User) -> UserForm {
    UserForm {
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role.as_str().to_owned(),
        body: u.body.map(|b| b.as_str().to_owned()).unwrap_or_default(),
        active: u.active.then(|| "on".to_owned()),
        password: String::new(),
        version: u.version.to_string(),
    }
}

async fn edit_form(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> AppResult<Response> {
    let user = load(&state, &id).await?;
    Ok(FormPage::build(&state, ctx, Some(user.id), form_from(&user), FieldErrors::new()).await?.into_response())
}

async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<UserForm>,
) -> AppResult<Response> {
    let user = load(&state, &id).await?;
    // An administrator must not lock everyone out by demoting or disabling
    // themselves.
    let is_me = ctx.user.as_ref().is_some_and(|me| me.id == user.id);
    let input = form.parse(&body_codes(&state).await?).and_then(|input| {
        if is_me && (input.role != Role::Admin || !input.active) {
            let mut errors = FieldErrors::new();
            errors.add("role", "error-own-admin");
            Err(errors)
        } else {
            Ok(input)
        }
    });
    let input = match input {
        Ok(input) => input,
        Err(errors) => {
            let page = FormPage::build(&state, ctx, Some(user.id), form, errors).await?;
            return Ok(page.status(StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let version = parse_version(&form.version).unwrap_or(0);
    let mut tx = state.pool.begin().await?;
    match store::update(&mut tx, user.id, version, &input, &ctx.actor()).await {
        Ok(Versioned::Saved(_)) => {
            tx.commit().await?;
            Ok(Redirect::to("/users").into_response())
        }
        Ok(Versioned::Stale) => {
            let form = UserForm { version: user.version.to_string(), ..form };
            let mut page = FormPage::build(&state, ctx, Some(user.id), form, FieldErrors::new()).await?;
            page.stale = true;
            Ok(page.status(StatusCode::CONFLICT))
        }
        Err(e) => match username_taken(&e) {
            Some(errors) => Ok(FormPage::build(&state, ctx, Some(user.id), form, errors)
                .await?
                .status(StatusCode::UNPROCESSABLE_ENTITY)),
            None => Err(e.into()),
        },
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PasswordForm {
    password: String,
    /// A checkbox: generate one instead of typing it.
    generate: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "users/password.html")]
struct PasswordPage {
    ctx: PageCtx,
    user: User,
    errors: FieldErrors,
    /// A generated password, shown once.
    generated: Option<String>,
}

async fn password_form(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> AppResult<Response> {
    let user = load(&state, &id).await?;
    Ok(PasswordPage { ctx, user, errors: FieldErrors::new(), generated: None }.into_response())
}

async fn reset_password(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let user = load(&state, &id).await?;
    let generated = form.generate.is_some().then(password::generate);
    let new_password = generated.clone().unwrap_or(form.password);
    if let Err(key) = check_password(&new_password) {
        let mut errors = FieldErrors::new();
        errors.add("password", key);
        let page = PasswordPage { ctx, user, errors, generated: None };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let hash = password::hash(new_password).await?;
    let mut tx = state.pool.begin().await?;
    store::set_password(&mut tx, user.id, &hash, store::PasswordChange::Reset, &ctx.actor()).await?;
    tx.commit().await?;
    match generated {
        Some(_) => Ok(PasswordPage { ctx, user, errors: FieldErrors::new(), generated }.into_response()),
        None => Ok(Redirect::to("/users").into_response()),
    }
}
