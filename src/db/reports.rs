//! Weekly reports and their revisions. Drafts are visible to their own body
//! only: every read that could return one takes the viewer's body.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgExecutor};

use super::Versioned;
use super::audit::{self, Actor, Change};
use super::date_revisions::{self, DateTarget};
use crate::domain::milestone::DateField;
use crate::domain::report::ReportDraft;
use crate::domain::week::IsoWeek;

/// One revision of a report, with its report's body and week.
#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct Revision {
    pub id: i64,
    pub report_id: i64,
    pub body: String,
    pub iso_year: i32,
    pub iso_week: i32,
    pub number: i32,
    pub status: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<String>,
    pub late: Option<bool>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
    pub review_comment: Option<String>,
}

impl Revision {
    pub fn week(&self) -> IsoWeek {
        IsoWeek::new(self.iso_year, self.iso_week as u32).expect("the database holds valid weeks")
    }

    pub fn is_draft(&self) -> bool {
        self.status == "draft"
    }
}

const REVISION: &str = "select v.id, v.report_id, r.body, r.iso_year, r.iso_week, v.number, v.status, v.version,
        v.created_at, v.submitted_at, s.username as submitted_by, v.late, v.reviewed_at,
        w.username as reviewed_by, v.review_comment
     from report_revisions v
     join reports r on r.id = v.report_id
     left join users s on s.id = v.submitted_by
     left join users w on w.id = v.reviewed_by";

/// One checkpoint's entry, with the checkpoint's names.
#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct Entry {
    pub checkpoint_id: i64,
    pub name_en: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub percent_complete: Option<i16>,
    pub proposed_status: Option<String>,
    pub narrative: String,
    pub next_week_plan: String,
    pub decrease_explanation: String,
    pub proposed_date: Option<NaiveDate>,
    pub proposed_date_reason: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct Issue {
    pub checkpoint_id: i64,
    pub category: String,
    pub severity: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct MilestoneUpdate {
    pub checkpoint_id: i64,
    pub milestone_id: i64,
    pub done: bool,
    pub actual_date: Option<NaiveDate>,
}

/// What a revision says.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Content {
    pub entries: Vec<Entry>,
    pub issues: Vec<Issue>,
    pub milestones: Vec<MilestoneUpdate>,
}

/// Who is looking: drafts are shown to their own body only.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    pub body: Option<&'a str>,
}

/// The revisions of a body's week that `viewer` may see, oldest first.
pub async fn revisions(
    db: impl PgExecutor<'_>,
    body: &str,
    week: IsoWeek,
    viewer: Viewer<'_>,
) -> sqlx::Result<Vec<Revision>> {
    sqlx::query_as(&format!(
        "{REVISION} where r.body = $1 and r.iso_year = $2 and r.iso_week = $3
           and (v.status <> 'draft' or r.body = $4)
         order by v.number"
    ))
    .bind(body)
    .bind(week.year())
    .bind(week.week() as i32)
    .bind(viewer.body)
    .fetch_all(db)
    .await
}

/// The report's current revision: the latest submitted one.
pub fn current(revisions: &[Revision]) -> Option<&Revision> {
    revisions.iter().rev().find(|r| !r.is_draft())
}

pub async fn content(db: &mut PgConnection, revision_id: i64) -> sqlx::Result<Content> {
    let entries = sqlx::query_as(
        "select e.checkpoint_id, c.name_en, c.name_ru, c.name_kk, e.percent_complete, e.proposed_status, e.narrative,
                e.next_week_plan, e.decrease_explanation, e.proposed_date, e.proposed_date_reason
         from report_entries e join checkpoints c on c.id = e.checkpoint_id
         where e.revision_id = $1 order by lower(c.name_en)",
    )
    .bind(revision_id)
    .fetch_all(&mut *db)
    .await?;
    let issues = sqlx::query_as(
        "select checkpoint_id, category, severity, text from report_issues where revision_id = $1 order by id",
    )
    .bind(revision_id)
    .fetch_all(&mut *db)
    .await?;
    let milestones = sqlx::query_as(
        "select checkpoint_id, milestone_id, done, actual_date from report_milestone_updates
         where revision_id = $1 order by milestone_id",
    )
    .bind(revision_id)
    .fetch_all(&mut *db)
    .await?;
    Ok(Content { entries, issues, milestones })
}

/// The body's open draft for the week, creating it if there is none: it
/// starts from the body's last submitted report (this week's or an earlier
/// one), or else lists every checkpoint of an active programme. Run it in a
/// transaction.
pub async fn open_draft(
    conn: &mut PgConnection,
    body: &str,
    week: IsoWeek,
    user_id: i64,
    actor: &Actor,
) -> sqlx::Result<Revision> {
    sqlx::query("insert into reports (body, iso_year, iso_week) values ($1, $2, $3) on conflict do nothing")
        .bind(body)
        .bind(week.year())
        .bind(week.week() as i32)
        .execute(&mut *conn)
        .await?;
    let report_id: i64 =
        sqlx::query_scalar("select id from reports where body = $1 and iso_year = $2 and iso_week = $3 for update")
            .bind(body)
            .bind(week.year())
            .bind(week.week() as i32)
            .fetch_one(&mut *conn)
            .await?;
    if let Some(draft) = draft_of(conn, report_id).await? {
        return Ok(draft);
    }
    let revision_id: i64 = sqlx::query_scalar(
        "insert into report_revisions (report_id, number, status, created_by)
         select $1, coalesce(max(number), 0) + 1, 'draft', $2 from report_revisions where report_id = $1
         returning id",
    )
    .bind(report_id)
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    let source: Option<i64> = sqlx::query_scalar(
        "select v.id from report_revisions v join reports r on r.id = v.report_id
         where r.body = $1 and v.status <> 'draft' and (r.iso_year, r.iso_week) <= ($2, $3)
         order by r.iso_year desc, r.iso_week desc, v.number desc limit 1",
    )
    .bind(body)
    .bind(week.year())
    .bind(week.week() as i32)
    .fetch_optional(&mut *conn)
    .await?;
    match source {
        Some(source) => {
            // The previous report's issues and milestone progress carry over;
            // its explanations of decreases do not (they were about last week).
            for sql in [
                "insert into report_entries (revision_id, checkpoint_id, percent_complete, proposed_status, narrative,
                        next_week_plan)
                 select $1, checkpoint_id, percent_complete, proposed_status, narrative, next_week_plan
                 from report_entries where revision_id = $2",
                "insert into report_issues (revision_id, checkpoint_id, category, severity, text)
                 select $1, checkpoint_id, category, severity, text from report_issues where revision_id = $2 order by id",
                "insert into report_milestone_updates (revision_id, checkpoint_id, milestone_id, done, actual_date)
                 select $1, checkpoint_id, milestone_id, done, actual_date from report_milestone_updates
                 where revision_id = $2",
            ] {
                sqlx::query(sql).bind(revision_id).bind(source).execute(&mut *conn).await?;
            }
        }
        None => {
            sqlx::query(
                "insert into report_entries (revision_id, checkpoint_id)
                 select $1, c.id from checkpoints c join programmes p on p.code = c.programme where p.active",
            )
            .bind(revision_id)
            .execute(&mut *conn)
            .await?;
        }
    }
    let change = Change {
        action: "report.open_draft",
        entity: "report_revision",
        entity_id: Some(revision_id),
        before: None,
        after: Some(serde_json::json!({ "body": body, "week": week.to_string(), "from_revision": source })),
    };
    audit::record(&mut *conn, actor, change).await?;
    Ok(draft_of(conn, report_id).await?.expect("the draft just created"))
}

async fn draft_of(conn: &mut PgConnection, report_id: i64) -> sqlx::Result<Option<Revision>> {
    sqlx::query_as(&format!("{REVISION} where v.report_id = $1 and v.status = 'draft'"))
        .bind(report_id)
        .fetch_optional(&mut *conn)
        .await
}

/// Replaces a draft's content if `version` is current (audited). Run it in
/// a transaction.
pub async fn save_draft(
    conn: &mut PgConnection,
    revision_id: i64,
    version: i32,
    draft: &ReportDraft,
    actor: &Actor,
) -> sqlx::Result<Versioned<i32>> {
    let locked: Option<i32> = sqlx::query_scalar(
        "select version from report_revisions where id = $1 and status = 'draft' and version = $2 for update",
    )
    .bind(revision_id)
    .bind(version)
    .fetch_optional(&mut *conn)
    .await?;
    if locked.is_none() {
        return Ok(Versioned::Stale);
    }
    sqlx::query("delete from report_entries where revision_id = $1").bind(revision_id).execute(&mut *conn).await?;
    for e in &draft.entries {
        sqlx::query(
            "insert into report_entries (revision_id, checkpoint_id, percent_complete, proposed_status, narrative,
                    next_week_plan, decrease_explanation, proposed_date, proposed_date_reason)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(revision_id)
        .bind(e.checkpoint_id)
        .bind(e.percent_complete.map(|p| i16::from(p.value())))
        .bind(e.status.map(|s| s.as_str()))
        .bind(&e.narrative)
        .bind(&e.next_week_plan)
        .bind(&e.decrease_explanation)
        .bind(e.proposed_date)
        .bind(&e.proposed_date_reason)
        .execute(&mut *conn)
        .await?;
        for issue in &e.issues {
            sqlx::query(
                "insert into report_issues (revision_id, checkpoint_id, category, severity, text)
                 values ($1, $2, $3, $4, $5)",
            )
            .bind(revision_id)
            .bind(e.checkpoint_id)
            .bind(issue.category.as_str())
            .bind(issue.severity.as_str())
            .bind(&issue.text)
            .execute(&mut *conn)
            .await?;
        }
        for m in &e.milestones {
            sqlx::query(
                "insert into report_milestone_updates (revision_id, checkpoint_id, milestone_id, done, actual_date)
                 values ($1, $2, $3, $4, $5)",
            )
            .bind(revision_id)
            .bind(e.checkpoint_id)
            .bind(m.milestone_id)
            .bind(m.done)
            .bind(m.actual_date)
            .execute(&mut *conn)
            .await?;
        }
    }
    let version: i32 = sqlx::query_scalar(
        "update report_revisions set version = version + 1, updated_at = now() where id = $1 returning version",
    )
    .bind(revision_id)
    .fetch_one(&mut *conn)
    .await?;
    let after = audit::snapshot(&content(conn, revision_id).await?);
    let change = Change {
        action: "report.save_draft",
        entity: "report_revision",
        entity_id: Some(revision_id),
        before: None,
        after,
    };
    audit::record(&mut *conn, actor, change).await?;
    Ok(Versioned::Saved(version))
}

/// For each checkpoint, the body's latest submitted percent before the
/// revision `revision_id` (earlier weeks, or earlier revisions this week).
pub async fn previous_figures(db: impl PgExecutor<'_>, revision_id: i64) -> sqlx::Result<HashMap<i64, u8>> {
    let rows: Vec<(i64, i16)> = sqlx::query_as(
        "with this as (
             select r.body, r.iso_year, r.iso_week, v.number from report_revisions v
             join reports r on r.id = v.report_id where v.id = $1
         )
         select distinct on (e.checkpoint_id) e.checkpoint_id, e.percent_complete
         from report_entries e
         join report_revisions v on v.id = e.revision_id
         join reports r on r.id = v.report_id, this
         where r.body = this.body and v.status <> 'draft' and e.percent_complete is not null
           and ((r.iso_year, r.iso_week) < (this.iso_year, this.iso_week)
                or ((r.iso_year, r.iso_week) = (this.iso_year, this.iso_week) and v.number < this.number))
         order by e.checkpoint_id, r.iso_year desc, r.iso_week desc, v.number desc",
    )
    .bind(revision_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id, p)| (id, u8::try_from(p).unwrap_or(0))).collect())
}

/// Why a submission did not happen.
#[derive(Debug, PartialEq, Eq)]
pub enum SubmitRefused {
    /// The draft changed since the form was opened.
    Stale,
    /// There is no draft any more: it was submitted already (a double click).
    NoDraft,
}

/// Submits a draft if `version` is current: it becomes the report's current
/// revision, `late` if after the deadline, and each proposed date becomes a
/// date revision of its checkpoint citing the report (audited). Run it in a
/// transaction, after the content rules have been checked.
pub async fn submit(
    conn: &mut PgConnection,
    revision_id: i64,
    version: i32,
    user_id: i64,
    now: DateTime<Utc>,
    late: bool,
    actor: &Actor,
) -> sqlx::Result<Result<(), SubmitRefused>> {
    let locked: Option<(String, i32)> =
        sqlx::query_as("select status, version from report_revisions where id = $1 for update")
            .bind(revision_id)
            .fetch_optional(&mut *conn)
            .await?;
    match locked {
        Some((status, _)) if status != "draft" => return Ok(Err(SubmitRefused::NoDraft)),
        None => return Ok(Err(SubmitRefused::NoDraft)),
        Some((_, v)) if v != version => return Ok(Err(SubmitRefused::Stale)),
        Some(_) => {}
    }
    sqlx::query(
        "update report_revisions set status = 'submitted', submitted_by = $2, submitted_at = $3, late = $4,
                updated_at = now()
         where id = $1",
    )
    .bind(revision_id)
    .bind(user_id)
    .bind(now)
    .bind(late)
    .execute(&mut *conn)
    .await?;
    let proposals: Vec<(i64, NaiveDate, String, String, i32, i32)> = sqlx::query_as(
        "select e.checkpoint_id, e.proposed_date, e.proposed_date_reason, r.body, r.iso_year, r.iso_week
         from report_entries e join report_revisions v on v.id = e.revision_id join reports r on r.id = v.report_id
         where e.revision_id = $1 and e.proposed_date is not null",
    )
    .bind(revision_id)
    .fetch_all(&mut *conn)
    .await?;
    // The revision cites the report (report_revision_id); the reason stays as typed.
    for (checkpoint_id, date, reason, _body, _year, _week) in proposals {
        // A proposal equal to the current plan changes nothing and is no error.
        let target = DateTarget::Checkpoint(checkpoint_id);
        let _ = date_revisions::revise_from(
            conn,
            target,
            DateField::Commissioning,
            Some(date),
            &reason,
            actor,
            Some(revision_id),
        )
        .await?;
    }
    let change = Change {
        action: "report.submit",
        entity: "report_revision",
        entity_id: Some(revision_id),
        before: None,
        after: Some(serde_json::json!({ "late": late, "submitted_at": now })),
    };
    audit::record(&mut *conn, actor, change).await?;
    Ok(Ok(()))
}

/// Records the PM office's review of the report's current revision:
/// `reviewed`, or `returned` for correction. False if it is not awaiting one.
pub async fn review(
    conn: &mut PgConnection,
    revision_id: i64,
    decision: &str,
    comment: &str,
    user_id: i64,
    actor: &Actor,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "update report_revisions set status = $2, review_comment = $3, reviewed_by = $4, reviewed_at = now()
         where id = $1 and status = 'submitted'
           and number = (select max(number) from report_revisions x
                         where x.report_id = report_revisions.report_id and x.status <> 'draft')",
    )
    .bind(revision_id)
    .bind(decision)
    .bind(comment)
    .bind(user_id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if done {
        let change = Change {
            action: "report.review",
            entity: "report_revision",
            entity_id: Some(revision_id),
            before: None,
            after: Some(serde_json::json!({ "status": decision, "comment": comment })),
        };
        audit::record(&mut *conn, actor, change).await?;
    }
    Ok(done)
}

/// One body's standing for one week, for the compliance grid and the list.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct WeekRow {
    pub body: String,
    pub iso_year: i32,
    pub iso_week: i32,
    /// When the week's first revision was submitted (on time or late).
    pub first_submitted_at: Option<DateTime<Utc>>,
    /// The current (latest submitted) revision's number and status.
    pub current_number: Option<i32>,
    pub current_status: Option<String>,
    pub current_late: Option<bool>,
    /// Only ever true for the viewer's own body.
    pub has_draft: bool,
}

/// Every report of weeks `from..=to` (and `body`, if given), as `viewer`
/// may see them.
pub async fn weeks(
    db: impl PgExecutor<'_>,
    from: IsoWeek,
    to: IsoWeek,
    body: Option<&str>,
    viewer: Viewer<'_>,
) -> sqlx::Result<Vec<WeekRow>> {
    sqlx::query_as(
        "select r.body, r.iso_year, r.iso_week,
                min(v.submitted_at) as first_submitted_at,
                max(v.number) filter (where v.status <> 'draft') as current_number,
                (array_agg(v.status order by v.number desc) filter (where v.status <> 'draft'))[1] as current_status,
                (array_agg(v.late order by v.number desc) filter (where v.status <> 'draft'))[1] as current_late,
                coalesce(bool_or(v.status = 'draft' and r.body = $6), false) as has_draft
         from reports r join report_revisions v on v.report_id = r.id
         where (r.iso_year, r.iso_week) between ($1, $2) and ($3, $4)
           and ($5::text is null or r.body = $5)
         group by r.id
         having count(*) filter (where v.status <> 'draft' or r.body = $6) > 0
         order by r.iso_year desc, r.iso_week desc, r.body",
    )
    .bind(from.year())
    .bind(from.week() as i32)
    .bind(to.year())
    .bind(to.week() as i32)
    .bind(body)
    .bind(viewer.body)
    .fetch_all(db)
    .await
}
