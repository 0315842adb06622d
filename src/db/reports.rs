//! Weekly reports and their revisions. Drafts are visible to their own body
//! only: every read that could return one takes the viewer's body. The rules
//! (who may do what, when, and how it is judged) are in
//! `workflow::reports`; this module only reads and writes rows.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgExecutor};

use crate::domain::body::Body;
use crate::domain::report::{IssueCategory, ProposedStatus, ReportDraft, Severity};
use crate::domain::review::{RevisionKind, RevisionStatus, Verdict};
use crate::domain::week::IsoWeek;

mod lists;
mod review;

pub use lists::*;
pub use review::*;

/// One revision of a report, with its report's body and week; people by
/// their display names.
#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct Revision {
    pub id: i64,
    pub report_id: i64,
    pub body: Body,
    pub iso_year: i32,
    pub iso_week: i32,
    pub number: i32,
    pub status: RevisionStatus,
    pub version: i32,
    pub no_change: bool,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<String>,
    pub kind: Option<RevisionKind>,
    pub due_at: Option<DateTime<Utc>>,
    pub late: Option<bool>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
    pub review_comment: Option<String>,
    pub correction_due: Option<DateTime<Utc>>,
}

impl Revision {
    pub fn week(&self) -> IsoWeek {
        IsoWeek::new(self.iso_year, self.iso_week as u32).expect("the database holds valid weeks")
    }

    pub fn is_draft(&self) -> bool {
        self.status == RevisionStatus::Draft
    }
}

/// One checkpoint's entry, with the checkpoint's names.
#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[schema(as = ReportEntry)]
pub struct Entry {
    pub checkpoint_id: i64,
    pub name_en: String,
    pub name_ru: String,
    #[schema(required = true)]
    pub name_kk: Option<String>,
    #[schema(required = true)]
    pub percent_complete: Option<i16>,
    #[schema(required = true)]
    pub proposed_status: Option<ProposedStatus>,
    pub narrative: String,
    pub next_week_plan: String,
    pub decrease_explanation: String,
    #[schema(required = true)]
    pub proposed_date: Option<NaiveDate>,
    pub proposed_date_reason: String,
    /// The checkpoint's planned commissioning date now (not of the report).
    #[schema(required = true)]
    pub planned_commissioning: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[schema(as = ReportIssue)]
pub struct Issue {
    pub checkpoint_id: i64,
    pub category: IssueCategory,
    pub severity: Severity,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[schema(as = ReportMilestoneUpdate)]
pub struct MilestoneUpdate {
    pub checkpoint_id: i64,
    pub milestone_id: i64,
    /// The milestone's title, for showing the update.
    pub title: String,
    pub done: bool,
    #[schema(required = true)]
    pub actual_date: Option<NaiveDate>,
    /// The milestone's recorded finish now (not of the report).
    #[schema(required = true)]
    pub recorded_finish: Option<NaiveDate>,
}

/// What a revision says.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Content {
    pub no_change: bool,
    pub entries: Vec<Entry>,
    pub issues: Vec<Issue>,
    pub milestones: Vec<MilestoneUpdate>,
}

impl Content {
    pub fn entry(&self, checkpoint_id: i64) -> Option<&Entry> {
        self.entries.iter().find(|e| e.checkpoint_id == checkpoint_id)
    }

    /// The checkpoints whose proposed date waits for a decision: those that
    /// differ from the plan now (one equal to it asks nothing).
    pub fn pending_proposals(&self) -> Vec<i64> {
        self.entries
            .iter()
            .filter(|e| e.proposed_date.is_some() && e.proposed_date != e.planned_commissioning)
            .map(|e| e.checkpoint_id)
            .collect()
    }

    /// The milestones whose reported finish waits for a decision: those not
    /// recorded with that date already (progress carried from an earlier
    /// week is not asked about twice).
    pub fn pending_milestones(&self) -> Vec<i64> {
        self.milestones
            .iter()
            .filter(|m| m.actual_date.is_some() && m.actual_date != m.recorded_finish)
            .map(|m| m.milestone_id)
            .collect()
    }

    /// The figures the submission rules check.
    pub fn figures(&self) -> Vec<crate::domain::report::Figure> {
        self.entries
            .iter()
            .map(|e| crate::domain::report::Figure {
                checkpoint_id: e.checkpoint_id,
                percent: e.percent_complete.and_then(|p| u8::try_from(p).ok()),
                explained: !e.decrease_explanation.is_empty(),
            })
            .collect()
    }
}

/// Who is looking: drafts are shown to their own body only.
#[derive(Debug, Clone, Copy)]
pub struct Viewer {
    pub body: Option<Body>,
}

/// The revisions of a body's week that `viewer` may see, oldest first.
pub async fn revisions(
    db: impl PgExecutor<'_>,
    body: Body,
    week: IsoWeek,
    viewer: Viewer,
) -> sqlx::Result<Vec<Revision>> {
    // The revision's columns are written out in each query that reads one:
    // the query macros take a literal only.
    sqlx::query_as!(
        Revision,
        r#"select v.id, v.report_id, r.body as "body: Body", r.iso_year, r.iso_week, v.number,
                  v.status as "status: RevisionStatus", v.version, v.no_change,
                  v.created_at as "created_at: DateTime<Utc>", v.submitted_at as "submitted_at: DateTime<Utc>",
                  s.display_name as "submitted_by?", v.kind as "kind: RevisionKind",
                  v.due_at as "due_at: DateTime<Utc>", v.late, v.reviewed_at as "reviewed_at: DateTime<Utc>",
                  w.display_name as "reviewed_by?", v.review_comment,
                  v.correction_due as "correction_due: DateTime<Utc>"
           from report_revisions v
           join reports r on r.id = v.report_id
           left join users s on s.id = v.submitted_by
           left join users w on w.id = v.reviewed_by
           where r.body = $1 and r.iso_year = $2 and r.iso_week = $3
             and (v.status <> 'draft' or r.body = $4)
           order by v.number"#,
        body.as_str(),
        week.year(),
        week.week() as i32,
        viewer.body.map(|b| b.as_str()),
    )
    .fetch_all(db)
    .await
}

/// The report's current revision: the latest submitted one.
pub fn current(revisions: &[Revision]) -> Option<&Revision> {
    revisions.iter().rev().find(|r| !r.is_draft())
}

/// A revision's content: its entries (by English name), issues and
/// milestone updates.
pub async fn content(conn: &mut PgConnection, revision_id: i64) -> sqlx::Result<Content> {
    let no_change = sqlx::query_scalar!("select no_change from report_revisions where id = $1", revision_id)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or(false);
    let entries = sqlx::query_as!(
        Entry,
        r#"select e.checkpoint_id, c.name_en, c.name_ru, c.name_kk, e.percent_complete,
                  e.proposed_status as "proposed_status: ProposedStatus", e.narrative, e.next_week_plan,
                  e.decrease_explanation, e.proposed_date as "proposed_date: NaiveDate", e.proposed_date_reason,
                  c.planned_commissioning as "planned_commissioning: NaiveDate"
           from report_entries e join checkpoints c on c.id = e.checkpoint_id
           where e.revision_id = $1 order by lower(c.name_en)"#,
        revision_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let issues = sqlx::query_as!(
        Issue,
        r#"select checkpoint_id, category as "category: IssueCategory", severity as "severity: Severity", text
           from report_issues where revision_id = $1 order by id"#,
        revision_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let milestones = sqlx::query_as!(
        MilestoneUpdate,
        r#"select u.checkpoint_id, u.milestone_id, m.title, u.done, u.actual_date as "actual_date: NaiveDate",
                  m.actual_finish as "recorded_finish: NaiveDate"
           from report_milestone_updates u join milestones m on m.id = u.milestone_id
           where u.revision_id = $1 order by u.checkpoint_id, m.planned_finish nulls last, u.milestone_id"#,
        revision_id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Content { no_change, entries, issues, milestones })
}

/// What a new week's form starts from when nothing is saved: every
/// checkpoint of an active programme, blank.
pub async fn blank_content(db: impl PgExecutor<'_>) -> sqlx::Result<Content> {
    let entries = sqlx::query_as!(
        Entry,
        r#"select c.id as checkpoint_id, c.name_en, c.name_ru, c.name_kk, null::smallint as "percent_complete?",
                  null::text as "proposed_status?: ProposedStatus", '' as "narrative!", '' as "next_week_plan!",
                  '' as "decrease_explanation!", null::date as "proposed_date?: NaiveDate",
                  '' as "proposed_date_reason!", c.planned_commissioning as "planned_commissioning: NaiveDate"
           from checkpoints c join programmes p on p.code = c.programme
           where p.active order by lower(c.name_en)"#
    )
    .fetch_all(db)
    .await?;
    Ok(Content { entries, ..Content::default() })
}

/// The body's latest submitted revision up to `week` (this week's or an
/// earlier one), which a new draft starts from.
pub async fn latest_submitted_up_to(
    db: impl PgExecutor<'_>,
    body: Body,
    week: IsoWeek,
) -> sqlx::Result<Option<Revision>> {
    sqlx::query_as!(
        Revision,
        r#"select v.id, v.report_id, r.body as "body: Body", r.iso_year, r.iso_week, v.number,
                  v.status as "status: RevisionStatus", v.version, v.no_change,
                  v.created_at as "created_at: DateTime<Utc>", v.submitted_at as "submitted_at: DateTime<Utc>",
                  s.display_name as "submitted_by?", v.kind as "kind: RevisionKind",
                  v.due_at as "due_at: DateTime<Utc>", v.late, v.reviewed_at as "reviewed_at: DateTime<Utc>",
                  w.display_name as "reviewed_by?", v.review_comment,
                  v.correction_due as "correction_due: DateTime<Utc>"
           from report_revisions v
           join reports r on r.id = v.report_id
           left join users s on s.id = v.submitted_by
           left join users w on w.id = v.reviewed_by
           where r.body = $1 and v.status <> 'draft' and (r.iso_year, r.iso_week) <= ($2, $3)
           order by r.iso_year desc, r.iso_week desc, v.number desc limit 1"#,
        body.as_str(),
        week.year(),
        week.week() as i32,
    )
    .fetch_optional(db)
    .await
}

/// Creates the body's report of the week if needed and locks it, so that
/// saves, submissions and reviews of one report happen one at a time. Run it
/// in a transaction.
pub async fn lock_report(conn: &mut PgConnection, body: Body, week: IsoWeek) -> sqlx::Result<i64> {
    sqlx::query!(
        "insert into reports (body, iso_year, iso_week) values ($1, $2, $3) on conflict do nothing",
        body.as_str(),
        week.year(),
        week.week() as i32,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar!(
        "select id from reports where body = $1 and iso_year = $2 and iso_week = $3 for update",
        body.as_str(),
        week.year(),
        week.week() as i32,
    )
    .fetch_one(&mut *conn)
    .await
}

/// Every revision of a locked report, oldest first (drafts included).
pub async fn revisions_of(conn: &mut PgConnection, report_id: i64) -> sqlx::Result<Vec<Revision>> {
    sqlx::query_as!(
        Revision,
        r#"select v.id, v.report_id, r.body as "body: Body", r.iso_year, r.iso_week, v.number,
                  v.status as "status: RevisionStatus", v.version, v.no_change,
                  v.created_at as "created_at: DateTime<Utc>", v.submitted_at as "submitted_at: DateTime<Utc>",
                  s.display_name as "submitted_by?", v.kind as "kind: RevisionKind",
                  v.due_at as "due_at: DateTime<Utc>", v.late, v.reviewed_at as "reviewed_at: DateTime<Utc>",
                  w.display_name as "reviewed_by?", v.review_comment,
                  v.correction_due as "correction_due: DateTime<Utc>"
           from report_revisions v
           join reports r on r.id = v.report_id
           left join users s on s.id = v.submitted_by
           left join users w on w.id = v.reviewed_by
           where v.report_id = $1 order by v.number"#,
        report_id
    )
    .fetch_all(&mut *conn)
    .await
}

/// Adds an empty draft as revision `number` of a locked report.
pub async fn create_draft(conn: &mut PgConnection, report_id: i64, number: i32, user_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        "insert into report_revisions (report_id, number, status, version, created_by)
         values ($1, $2, 'draft', 0, $3) returning id",
        report_id,
        number,
        user_id
    )
    .fetch_one(conn)
    .await
}

/// Copies a submitted revision's content into a new draft: an amendment
/// keeps everything, its explanations and proposals included.
pub async fn copy_content(conn: &mut PgConnection, from: i64, to: i64) -> sqlx::Result<()> {
    sqlx::query!(
        "update report_revisions set no_change = (select no_change from report_revisions where id = $2) where id = $1",
        to,
        from
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into report_entries (revision_id, checkpoint_id, percent_complete, proposed_status, narrative,
                next_week_plan, decrease_explanation, proposed_date, proposed_date_reason)
         select $1, checkpoint_id, percent_complete, proposed_status, narrative, next_week_plan,
                decrease_explanation, proposed_date, proposed_date_reason
         from report_entries where revision_id = $2",
        to,
        from
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into report_issues (revision_id, checkpoint_id, category, severity, text)
         select $1, checkpoint_id, category, severity, text from report_issues where revision_id = $2 order by id",
        to,
        from
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into report_milestone_updates (revision_id, checkpoint_id, milestone_id, done, actual_date)
         select $1, checkpoint_id, milestone_id, done, actual_date from report_milestone_updates
         where revision_id = $2",
        to,
        from
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces a draft's content in a constant number of statements, whatever
/// the number of entries, and returns its new version. The caller has
/// locked the report and checked the version.
pub async fn write_content(conn: &mut PgConnection, revision_id: i64, draft: &ReportDraft) -> sqlx::Result<i32> {
    // Issues and milestone updates go with their entries (on delete cascade).
    sqlx::query!("delete from report_entries where revision_id = $1", revision_id).execute(&mut *conn).await?;
    let e = &draft.entries;
    let checkpoint_ids: Vec<i64> = e.iter().map(|e| e.checkpoint_id).collect();
    let percents: Vec<Option<i16>> = e.iter().map(|e| e.percent_complete.map(|p| i16::from(p.value()))).collect();
    let statuses: Vec<Option<&str>> = e.iter().map(|e| e.status.map(|s| s.as_str())).collect();
    let narratives: Vec<&str> = e.iter().map(|e| e.narrative.as_str()).collect();
    let plans: Vec<&str> = e.iter().map(|e| e.next_week_plan.as_str()).collect();
    let explanations: Vec<&str> = e.iter().map(|e| e.decrease_explanation.as_str()).collect();
    let dates: Vec<Option<NaiveDate>> = e.iter().map(|e| e.proposed_date).collect();
    let reasons: Vec<&str> = e.iter().map(|e| e.proposed_date_reason.as_str()).collect();
    sqlx::query!(
        "insert into report_entries (revision_id, checkpoint_id, percent_complete, proposed_status, narrative,
                next_week_plan, decrease_explanation, proposed_date, proposed_date_reason)
         select $1, * from unnest($2::bigint[], $3::smallint[], $4::text[], $5::text[], $6::text[], $7::text[],
                                  $8::date[], $9::text[])",
        revision_id,
        &checkpoint_ids[..] as &[i64],
        &percents[..] as &[Option<i16>],
        &statuses[..] as &[Option<&str>],
        &narratives[..] as &[&str],
        &plans[..] as &[&str],
        &explanations[..] as &[&str],
        &dates[..] as &[Option<NaiveDate>],
        &reasons[..] as &[&str],
    )
    .execute(&mut *conn)
    .await?;
    let issues: Vec<_> = e.iter().flat_map(|e| e.issues.iter().map(move |i| (e.checkpoint_id, i))).collect();
    let issue_checkpoints: Vec<i64> = issues.iter().map(|(id, _)| *id).collect();
    let categories: Vec<&str> = issues.iter().map(|(_, i)| i.category.as_str()).collect();
    let severities: Vec<&str> = issues.iter().map(|(_, i)| i.severity.as_str()).collect();
    let texts: Vec<&str> = issues.iter().map(|(_, i)| i.text.as_str()).collect();
    sqlx::query!(
        "insert into report_issues (revision_id, checkpoint_id, category, severity, text)
         select $1, u.checkpoint_id, u.category, u.severity, u.text
         from unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) with ordinality
              as u(checkpoint_id, category, severity, text, n)
         order by u.n",
        revision_id,
        &issue_checkpoints[..] as &[i64],
        &categories[..] as &[&str],
        &severities[..] as &[&str],
        &texts[..] as &[&str],
    )
    .execute(&mut *conn)
    .await?;
    let updates: Vec<_> = e.iter().flat_map(|e| e.milestones.iter().map(move |m| (e.checkpoint_id, m))).collect();
    let update_checkpoints: Vec<i64> = updates.iter().map(|(id, _)| *id).collect();
    let milestone_ids: Vec<i64> = updates.iter().map(|(_, m)| m.milestone_id).collect();
    let done: Vec<bool> = updates.iter().map(|(_, m)| m.done).collect();
    let actual_dates: Vec<Option<NaiveDate>> = updates.iter().map(|(_, m)| m.actual_date).collect();
    sqlx::query!(
        "insert into report_milestone_updates (revision_id, checkpoint_id, milestone_id, done, actual_date)
         select $1, * from unnest($2::bigint[], $3::bigint[], $4::boolean[], $5::date[])",
        revision_id,
        &update_checkpoints[..] as &[i64],
        &milestone_ids[..] as &[i64],
        &done[..] as &[bool],
        &actual_dates[..] as &[Option<NaiveDate>],
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar!(
        "update report_revisions set version = version + 1, no_change = $2, updated_at = now() where id = $1
         returning version",
        revision_id,
        draft.no_change
    )
    .fetch_one(&mut *conn)
    .await
}

/// For each checkpoint, the body's latest figure the decrease rule compares
/// with: from submitted revisions that were not returned, before revision
/// `number` of `week` (earlier weeks, or earlier revisions this week).
pub async fn previous_figures(
    db: impl PgExecutor<'_>,
    body: Body,
    week: IsoWeek,
    number: i32,
) -> sqlx::Result<HashMap<i64, u8>> {
    let rows = sqlx::query!(
        r#"select distinct on (e.checkpoint_id) e.checkpoint_id, e.percent_complete as "percent_complete!"
         from report_entries e
         join report_revisions v on v.id = e.revision_id
         join reports r on r.id = v.report_id
         where r.body = $1 and v.status in ('submitted', 'reviewed') and e.percent_complete is not null
           and ((r.iso_year, r.iso_week) < ($2, $3)
                or ((r.iso_year, r.iso_week) = ($2, $3) and v.number < $4))
         order by e.checkpoint_id, r.iso_year desc, r.iso_week desc, v.number desc"#,
        body.as_str(),
        week.year(),
        week.week() as i32,
        number,
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.checkpoint_id, u8::try_from(r.percent_complete).unwrap_or(0))).collect())
}

/// Records a draft's submission and its verdict.
pub async fn mark_submitted(
    conn: &mut PgConnection,
    revision_id: i64,
    user_id: i64,
    now: DateTime<Utc>,
    verdict: Verdict,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update report_revisions set status = 'submitted', submitted_by = $2, submitted_at = $3, late = $4,
                kind = $5, due_at = $6, updated_at = now()
         where id = $1 and status = 'draft'",
        revision_id,
        user_id,
        now as DateTime<Utc>,
        verdict.late,
        verdict.kind.as_str(),
        verdict.due_at as Option<DateTime<Utc>>,
    )
    .execute(conn)
    .await?;
    Ok(())
}
