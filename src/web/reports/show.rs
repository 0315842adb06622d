//! One report: a revision with what changed, its proposals and milestone
//! progress with their fate, and the PM office's review form.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::{locate_report, own_body, reviewer};
use crate::auth::Permission;
use crate::db::reports::{self, Content, Fate, Revision, Viewer};
use crate::domain::FieldErrors;
use crate::domain::body::Body;
use crate::domain::review::{ReviewForm, RevisionStatus};
use crate::domain::week::IsoWeek;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::page::PageCtx;
use crate::workflow::reports as workflow;

/// What changed for one checkpoint since the revision compared with.
pub struct Changes {
    pub percent_delta: Option<i16>,
    pub status_before: Option<String>,
    pub narrative_changed: bool,
    pub plan_changed: bool,
    pub opened: Vec<String>,
    pub closed: Vec<String>,
    /// The checkpoint was not in the revision compared with.
    pub new: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/show.html")]
struct ShowPage {
    ctx: PageCtx,
    body: Body,
    week: IsoWeek,
    revision: Revision,
    revisions: Vec<Revision>,
    content: Content,
    /// Per checkpoint, against `compared_with`.
    changes: HashMap<i64, Changes>,
    /// "previous revision" or "last week": a translation key.
    compared_with: &'static str,
    proposal_fates: HashMap<i64, Fate>,
    milestone_fates: HashMap<i64, Fate>,
    is_current: bool,
    can_review: bool,
    can_amend: bool,
    review: ReviewForm,
    errors: FieldErrors,
    /// Someone reviewed or amended the report while the reviewer read it.
    conflict: bool,
}

impl ShowPage {
    /// A checkpoint's entry, for naming it on issues and updates.
    fn entry(&self, checkpoint_id: &i64) -> Option<&reports::Entry> {
        self.content.entry(*checkpoint_id)
    }

    /// The entries that propose a commissioning date.
    fn proposals(&self) -> Vec<&reports::Entry> {
        self.content.entries.iter().filter(|e| e.proposed_date.is_some()).collect()
    }

    fn proposal_choice(&self, checkpoint_id: &i64) -> &str {
        self.review.proposals.get(checkpoint_id).map_or("", |(c, _)| c.as_str())
    }

    fn proposal_reason(&self, checkpoint_id: &i64) -> &str {
        self.review.proposals.get(checkpoint_id).map_or("", |(_, r)| r.as_str())
    }

    fn milestone_choice(&self, milestone_id: &i64) -> &str {
        self.review.milestones.get(milestone_id).map_or("", |(c, _)| c.as_str())
    }

    fn milestone_reason(&self, milestone_id: &i64) -> &str {
        self.review.milestones.get(milestone_id).map_or("", |(_, r)| r.as_str())
    }

    /// Whether a proposal or milestone update waits for a decision.
    fn pending_proposal(&self, checkpoint_id: &i64) -> bool {
        self.content.pending_proposals().contains(checkpoint_id)
    }

    fn pending_milestone(&self, milestone_id: &i64) -> bool {
        self.content.pending_milestones().contains(milestone_id)
    }

    /// The field name of a review choice, for the error lookups.
    fn key(&self, prefix: &str, id: &i64, part: &str) -> String {
        format!("{prefix}{id}.{part}")
    }
}

fn viewer(ctx: &PageCtx) -> Viewer {
    Viewer { body: own_body(ctx) }
}

pub async fn current(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((body, week)): Path<(String, String)>,
) -> AppResult<Response> {
    let (body, week) = locate_report(&body, &week)?;
    let revisions = reports::revisions(&state.pool, body, week, viewer(&ctx)).await?;
    match reports::current(&revisions) {
        Some(current) => {
            let number = current.number;
            Ok(page(&state, ctx, body, week, revisions, number, ReviewForm::default()).await?.into_response())
        }
        // Only a draft: its own body goes to it; nobody else may know of it.
        None if revisions.iter().any(Revision::is_draft) => {
            Ok(Redirect::to(&format!("/reports/{body}/{week}/draft")).into_response())
        }
        None => Err(AppError::NotFound),
    }
}

pub async fn revision(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((body, week, number)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let (body, week) = locate_report(&body, &week)?;
    let number: i32 = number.parse().map_err(|_| AppError::NotFound)?;
    let revisions = reports::revisions(&state.pool, body, week, viewer(&ctx)).await?;
    Ok(page(&state, ctx, body, week, revisions, number, ReviewForm::default()).await?.into_response())
}

async fn page(
    state: &AppState,
    ctx: PageCtx,
    body: Body,
    week: IsoWeek,
    revisions: Vec<Revision>,
    number: i32,
    review: ReviewForm,
) -> AppResult<ShowPage> {
    let revision = revisions.iter().find(|r| r.number == number).cloned().ok_or(AppError::NotFound)?;
    let mut conn = state.pool.acquire().await?;
    let content = reports::content(&mut conn, revision.id).await?;
    // A later revision is compared with the one before it; the first with
    // the body's last week.
    let earlier = revisions.iter().rev().find(|r| r.number < number && !r.is_draft());
    let (before, compared_with) = match earlier {
        Some(r) => (reports::content(&mut conn, r.id).await?, "report-since-revision"),
        None => {
            let last_week = reports::revisions(&mut *conn, body, week.previous(), viewer(&ctx)).await?;
            match reports::current(&last_week) {
                Some(r) => (reports::content(&mut conn, r.id).await?, "report-since-last-week"),
                None => (Content::default(), "report-since-last-week"),
            }
        }
    };
    let (proposal_fates, milestone_fates) = reports::fates(&mut conn, revision.id).await?;
    let is_current = reports::current(&revisions).is_some_and(|c| c.number == number);
    let can_review = is_current && revision.status == RevisionStatus::Submitted && ctx.can(Permission::ReviewReports);
    let can_amend = is_current && own_body(&ctx) == Some(body) && !revisions.iter().any(Revision::is_draft);
    Ok(ShowPage {
        changes: what_changed(&ctx.tr, &before, &content),
        compared_with,
        body,
        week,
        revision,
        revisions,
        content,
        proposal_fates: proposal_fates.into_iter().map(|f| (f.target_id, f)).collect(),
        milestone_fates: milestone_fates.into_iter().map(|f| (f.target_id, f)).collect(),
        is_current,
        can_review,
        can_amend,
        review,
        errors: FieldErrors::new(),
        conflict: false,
        ctx,
    })
}

fn what_changed(tr: &Tr, before: &Content, now: &Content) -> HashMap<i64, Changes> {
    let issues_of = |c: &Content, id: i64| -> Vec<String> {
        c.issues
            .iter()
            .filter(|i| i.checkpoint_id == id)
            .map(|i| {
                tr.args2(
                    "report-issue-summary",
                    "category",
                    tr.code("issue-category", i.category.as_str()),
                    "text",
                    i.text.clone(),
                )
            })
            .collect()
    };
    now.entries
        .iter()
        .map(|e| {
            let old = before.entry(e.checkpoint_id);
            let (old_issues, new_issues) = (issues_of(before, e.checkpoint_id), issues_of(now, e.checkpoint_id));
            let changes = Changes {
                percent_delta: match (old.and_then(|o| o.percent_complete), e.percent_complete) {
                    (Some(a), Some(b)) => Some(b - a),
                    _ => None,
                },
                status_before: old
                    .and_then(|o| o.proposed_status)
                    .filter(|s| Some(*s) != e.proposed_status)
                    .map(|s| s.as_str().to_owned()),
                narrative_changed: old.is_some_and(|o| o.narrative != e.narrative),
                plan_changed: old.is_some_and(|o| o.next_week_plan != e.next_week_plan),
                opened: new_issues.iter().filter(|i| !old_issues.contains(i)).cloned().collect(),
                closed: old_issues.iter().filter(|i| !new_issues.contains(i)).cloned().collect(),
                new: old.is_none() && !before.entries.is_empty(),
            };
            (e.checkpoint_id, changes)
        })
        .collect()
}

/// The PM office reviews the current revision: accepted or declined
/// proposals and milestone updates, or a return with a comment.
pub async fn review(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((body, week)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (body, week) = locate_report(&body, &week)?;
    let who = reviewer(&ctx)?;
    let form = ReviewForm::from_pairs(&pairs);
    let revisions = reports::revisions(&state.pool, body, week, viewer(&ctx)).await?;
    let current = reports::current(&revisions).cloned().ok_or(AppError::NotFound)?;
    let content = reports::content(&mut *state.pool.acquire().await?, current.id).await?;
    let outcome = match form.parse(&content.pending_proposals(), &content.pending_milestones()) {
        Ok(parsed) => workflow::review(&state, &who, body, week, &parsed).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/reports/{body}/{week}")).into_response()),
        Err(AppError::Validation(errors)) => {
            let number = current.number;
            let mut page = page(&state, ctx, body, week, revisions, number, form).await?;
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(AppError::Conflict) => {
            // Show the report as it is now, saying why nothing was recorded.
            let revisions = reports::revisions(&state.pool, body, week, viewer(&ctx)).await?;
            let number = reports::current(&revisions).map_or(current.number, |c| c.number);
            let mut page = page(&state, ctx, body, week, revisions, number, ReviewForm::default()).await?;
            page.conflict = true;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e),
    }
}
