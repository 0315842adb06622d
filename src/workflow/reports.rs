//! The weekly report's workflow: open, save, submit, amend and review. The
//! pages and the JSON API both call these functions, so a rule holds the
//! same way whichever door a request comes through. Each write is one
//! transaction with its audit row; the report row is locked first, so that
//! saves, submissions and reviews of one report happen one at a time.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::db::audit::{self, Actor, Change};
use crate::db::reports::{self, Content, Revision, Viewer};
use crate::domain::FieldErrors;
use crate::domain::body::Body;
use crate::domain::report::{DraftForm, ReportDraft, submission_errors};
use crate::domain::review::{self, Previous, RevisionStatus, Verdict};
use crate::domain::week::IsoWeek;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

mod decide;

pub use decide::review;

/// Staff of a reporting body, filing its report.
#[derive(Debug, Clone)]
pub struct Filer {
    pub user_id: i64,
    pub body: Body,
    pub actor: Actor,
}

/// A PM-office (or administrator) account reviewing reports.
#[derive(Debug, Clone)]
pub struct Reviewer {
    pub user_id: i64,
    pub actor: Actor,
}

/// What the report form shows: the open draft, or (nothing saved yet) what
/// a draft would start from. Reading it writes nothing.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The revision number the form edits, and its version (0: not saved).
    pub number: i32,
    pub version: i32,
    pub content: Content,
    /// Whether a draft is stored (else the content is a prefill).
    pub saved: bool,
    /// The current submitted revision, if any (e.g. returned, with its comment).
    pub current: Option<Revision>,
}

/// A week is filed from its Monday (UTC+5) on; a refusal names the week.
fn check_started(week: IsoWeek, now: DateTime<Utc>) -> AppResult<()> {
    if review::week_has_started(week, now) {
        Ok(())
    } else {
        let mut errors = FieldErrors::new();
        errors.add("week", "error-week-not-started");
        Err(AppError::Validation(errors))
    }
}

/// The form of `body`'s week for its own staff.
pub async fn open(state: &AppState, body: Body, week: IsoWeek) -> AppResult<Opened> {
    let mut conn = state.pool.acquire().await?;
    let revisions = reports::revisions(&mut *conn, body, week, Viewer { body: Some(body) }).await?;
    let current = reports::current(&revisions).cloned();
    if let Some(draft) = revisions.iter().find(|r| r.is_draft()) {
        let content = reports::content(&mut conn, draft.id).await?;
        return Ok(Opened { number: draft.number, version: draft.version, content, saved: true, current });
    }
    let number = revisions.last().map_or(1, |r| r.number + 1);
    let content = match reports::latest_submitted_up_to(&mut *conn, body, week).await? {
        // This week's own revision: an amendment keeps everything.
        Some(source) if source.week() == week => reports::content(&mut conn, source.id).await?,
        // An earlier week: its figures, issues and milestone progress carry
        // over; its explanations, proposals and "no change" do not.
        Some(source) => {
            let mut content = reports::content(&mut conn, source.id).await?;
            content.no_change = false;
            for e in &mut content.entries {
                e.decrease_explanation.clear();
                e.proposed_date = None;
                e.proposed_date_reason.clear();
            }
            content
        }
        None => reports::blank_content(&mut *conn).await?,
    };
    Ok(Opened { number, version: 0, content, saved: false, current })
}

/// Where a save or submission stands after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    pub number: i32,
    pub version: i32,
}

/// Saves the form as `who`'s body's draft of `week`. The form carries the
/// revision number and version it was opened on (the API may leave the
/// number blank: "the current draft"); if someone saved or submitted since,
/// the answer is `Conflict` and nothing changes. Creates the draft when none
/// is stored yet.
pub async fn save(state: &AppState, who: &Filer, week: IsoWeek, form: &DraftForm) -> AppResult<Saved> {
    let draft = parse(state, week, form).await?;
    let mut tx = state.pool.begin().await?;
    let saved = save_in(&mut tx, who, week, form, &draft).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Saves and submits the form in one transaction, so that nobody sees the
/// draft in between (a second click of the same button finds it filed).
/// When the submission rules refuse it, the save stays: the answer is the
/// saved draft and the errors.
pub async fn save_and_submit(
    state: &AppState,
    who: &Filer,
    week: IsoWeek,
    form: &DraftForm,
) -> AppResult<Result<Submitted, (Saved, FieldErrors)>> {
    let draft = parse(state, week, form).await?;
    let mut tx = state.pool.begin().await?;
    let saved = save_in(&mut tx, who, week, form, &draft).await?;
    match submit_in(&mut tx, state, who, week, Some(saved.number), Some(saved.version)).await {
        Ok(submitted) => {
            tx.commit().await?;
            Ok(Ok(submitted))
        }
        Err(AppError::Validation(errors)) => {
            tx.commit().await?;
            Ok(Err((saved, errors)))
        }
        Err(e) => Err(e),
    }
}

async fn parse(state: &AppState, week: IsoWeek, form: &DraftForm) -> AppResult<ReportDraft> {
    check_started(week, state.clock.now())?;
    let known = reports::checkpoints_and_milestones(&state.pool).await?;
    form.parse(&known, state.clock.today()).map_err(AppError::Validation)
}

async fn save_in(
    tx: &mut PgConnection,
    who: &Filer,
    week: IsoWeek,
    form: &DraftForm,
    draft: &ReportDraft,
) -> AppResult<Saved> {
    let number = parse_int(&form.number, "number")?;
    let version = parse_int(&form.version, "version")?.unwrap_or(0);
    let report_id = reports::lock_report(tx, who.body, week).await?;
    let revisions = reports::revisions_of(tx, report_id).await?;
    let (revision_id, number) = match revisions.iter().find(|r| r.is_draft()) {
        Some(d) if number.is_none_or(|n| n == d.number) && version == d.version => (d.id, d.number),
        Some(_) => return Err(AppError::Conflict),
        None => {
            let next = revisions.last().map_or(1, |r| r.number + 1);
            if number.is_some_and(|n| n != next) || version != 0 {
                return Err(AppError::Conflict);
            }
            (reports::create_draft(tx, report_id, next, who.user_id).await?, next)
        }
    };
    let version = reports::write_content(tx, revision_id, draft).await?;
    let change = Change {
        action: "report.save_draft",
        entity: "report_revision",
        entity_id: Some(revision_id),
        before: None,
        after: Some(serde_json::json!({
            "body": who.body, "week": week.to_string(), "number": number, "content": draft.snapshot(),
        })),
    };
    audit::record(&mut *tx, &who.actor, change).await?;
    Ok(Saved { number, version })
}

fn parse_int(text: &str, field: &'static str) -> AppResult<Option<i32>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| {
        let mut errors = FieldErrors::new();
        errors.add(field, "error-invalid-number");
        AppError::Validation(errors)
    })
}

/// Where a submission left the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub number: i32,
    pub status: RevisionStatus,
    pub late: bool,
}

/// Submits the draft of `week` if it is still revision `number` (when
/// given) at `version`. A submission of a revision already submitted (a
/// double click, a retried request) answers what was filed. The content
/// rules: something to say (entries, or "no change this week"), and every
/// fall in percent explained.
pub async fn submit(
    state: &AppState,
    who: &Filer,
    week: IsoWeek,
    number: Option<i32>,
    version: Option<i32>,
) -> AppResult<Submitted> {
    check_started(week, state.clock.now())?;
    let mut tx = state.pool.begin().await?;
    let submitted = submit_in(&mut tx, state, who, week, number, version).await?;
    tx.commit().await?;
    Ok(submitted)
}

async fn submit_in(
    tx: &mut PgConnection,
    state: &AppState,
    who: &Filer,
    week: IsoWeek,
    number: Option<i32>,
    version: Option<i32>,
) -> AppResult<Submitted> {
    let now = state.clock.now();
    let report_id = reports::lock_report(tx, who.body, week).await?;
    let revisions = reports::revisions_of(tx, report_id).await?;
    let current = reports::current(&revisions);
    let Some(draft) = revisions.iter().find(|r| r.is_draft()) else {
        return match current {
            Some(c) if number.is_none_or(|n| n == c.number) => {
                Ok(Submitted { number: c.number, status: c.status, late: c.late.unwrap_or(false) })
            }
            Some(_) => Err(AppError::Conflict),
            None => Err(AppError::NotFound),
        };
    };
    if number.is_some_and(|n| n != draft.number) || version.is_some_and(|v| v != draft.version) {
        return Err(AppError::Conflict);
    }
    let content = reports::content(tx, draft.id).await?;
    let previous = reports::previous_figures(&mut *tx, who.body, week, draft.number).await?;
    let errors = submission_errors(&content.figures(), content.no_change, &previous);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let previous = current.map(|c| Previous { status: c.status, correction_due: c.correction_due });
    let verdict = review::judge(state.settings.report_deadline, week, previous, now);
    reports::mark_submitted(tx, draft.id, who.user_id, now, verdict).await?;
    audit::record(&mut *tx, &who.actor, submit_change(draft.id, verdict, now)).await?;
    Ok(Submitted { number: draft.number, status: RevisionStatus::Submitted, late: verdict.late })
}

fn submit_change(revision_id: i64, verdict: Verdict, now: DateTime<Utc>) -> Change<'static> {
    Change {
        action: "report.submit",
        entity: "report_revision",
        entity_id: Some(revision_id),
        before: None,
        after: Some(serde_json::json!({
            "kind": verdict.kind, "late": verdict.late, "due_at": verdict.due_at, "submitted_at": now,
        })),
    }
}

/// The typed form of stored content: what the form shows, and what a
/// submission re-checks.
pub fn form_of(content: &Content) -> DraftForm {
    use crate::domain::report::{EntryForm, IssueForm, MilestoneUpdateForm};
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    DraftForm {
        no_change: content.no_change,
        entries: content
            .entries
            .iter()
            .map(|e| EntryForm {
                checkpoint_id: e.checkpoint_id,
                percent_complete: e.percent_complete.map(|p| p.to_string()).unwrap_or_default(),
                status: e.proposed_status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
                narrative: e.narrative.clone(),
                next_week_plan: e.next_week_plan.clone(),
                decrease_explanation: e.decrease_explanation.clone(),
                proposed_date: date(e.proposed_date),
                proposed_date_reason: e.proposed_date_reason.clone(),
                issues: content
                    .issues
                    .iter()
                    .filter(|i| i.checkpoint_id == e.checkpoint_id)
                    .map(|i| IssueForm {
                        category: i.category.as_str().to_owned(),
                        severity: i.severity.as_str().to_owned(),
                        text: i.text.clone(),
                    })
                    .collect(),
                milestones: content
                    .milestones
                    .iter()
                    .filter(|m| m.checkpoint_id == e.checkpoint_id)
                    .map(|m| MilestoneUpdateForm {
                        milestone_id: m.milestone_id,
                        done: m.done,
                        actual_date: date(m.actual_date),
                    })
                    .collect(),
            })
            .collect(),
        ..DraftForm::default()
    }
}

/// Opens an amendment of the week's submitted report: a draft that starts
/// as a copy of the current revision. If a draft is open already, that one.
/// Returns the draft's number.
pub async fn amend(state: &AppState, who: &Filer, week: IsoWeek) -> AppResult<i32> {
    let mut tx = state.pool.begin().await?;
    let report_id = reports::lock_report(&mut tx, who.body, week).await?;
    let revisions = reports::revisions_of(&mut tx, report_id).await?;
    if let Some(draft) = revisions.iter().find(|r| r.is_draft()) {
        return Ok(draft.number);
    }
    let current = reports::current(&revisions).ok_or(AppError::NotFound)?;
    let number = current.number + 1;
    let id = reports::create_draft(&mut tx, report_id, number, who.user_id).await?;
    reports::copy_content(&mut tx, current.id, id).await?;
    // Version 1: the form opened on the copy matches it.
    sqlx::query!("update report_revisions set version = 1 where id = $1", id).execute(&mut *tx).await?;
    let change = Change {
        action: "report.amend",
        entity: "report_revision",
        entity_id: Some(id),
        before: None,
        after: Some(serde_json::json!({ "body": who.body, "week": week.to_string(), "from_number": current.number })),
    };
    audit::record(&mut *tx, &who.actor, change).await?;
    tx.commit().await?;
    Ok(number)
}

/// Whether a typed form says what `content` says (a repeated request).
pub async fn same_content(state: &AppState, form: &DraftForm, content: &Content) -> AppResult<bool> {
    let known = reports::checkpoints_and_milestones(&state.pool).await?;
    let today = state.clock.today();
    let typed = form.parse(&known, today);
    let stored = form_of(content).parse(&known, today);
    Ok(matches!((typed, stored), (Ok(a), Ok(b)) if a == b))
}
