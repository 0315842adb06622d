//! The lists: the review queue, the weeks of the list and the grid, and
//! the register as the report form needs it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgExecutor};

use crate::domain::body::Body;
use crate::domain::review::{RevisionKind, RevisionStatus};
use crate::domain::week::IsoWeek;

/// One submitted revision waiting for the PM office.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Waiting {
    pub body: Body,
    pub iso_year: i32,
    pub iso_week: i32,
    pub number: i32,
    pub kind: Option<RevisionKind>,
    pub submitted_at: DateTime<Utc>,
    pub submitted_by: String,
    pub late: bool,
    pub proposals: i64,
}

/// The review queue: current revisions submitted and not yet reviewed,
/// oldest first.
pub async fn queue(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Waiting>> {
    sqlx::query_as!(
        Waiting,
        r#"select r.body as "body: Body", r.iso_year, r.iso_week, v.number, v.kind as "kind: RevisionKind",
                v.submitted_at as "submitted_at!: DateTime<Utc>", u.display_name as submitted_by, v.late as "late!",
                (select count(*) from report_entries e
                 where e.revision_id = v.id and e.proposed_date is not null) as "proposals!"
         from report_revisions v
         join reports r on r.id = v.report_id
         join users u on u.id = v.submitted_by
         where v.status = 'submitted'
         order by v.submitted_at, v.id"#
    )
    .fetch_all(db)
    .await
}

/// How many revisions wait for review (for the navigation).
pub async fn queue_len(db: impl PgExecutor<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar!(r#"select count(*) as "count!" from report_revisions where status = 'submitted'"#)
        .fetch_one(db)
        .await
}

/// One body's week: what the list and the grid show.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct WeekRow {
    pub body: Body,
    pub iso_year: i32,
    pub iso_week: i32,
    /// The stored verdict of the first submission.
    pub first_late: Option<bool>,
    /// The current (latest submitted) revision.
    pub current_number: Option<i32>,
    pub current_status: Option<RevisionStatus>,
    pub correction_due: Option<DateTime<Utc>>,
    pub corrected_late: bool,
    /// Whether an unsubmitted draft exists (its content stays private).
    pub has_draft: bool,
}

impl WeekRow {
    pub fn week(&self) -> Option<IsoWeek> {
        IsoWeek::new(self.iso_year, self.iso_week as u32)
    }
}

/// Every report of weeks `from..=to`, optionally of one body and in one
/// current state (`draft` meaning nothing submitted yet).
pub async fn weeks(
    db: impl PgExecutor<'_>,
    from: IsoWeek,
    to: IsoWeek,
    body: Option<Body>,
    state: Option<RevisionStatus>,
) -> sqlx::Result<Vec<WeekRow>> {
    sqlx::query_as!(
        WeekRow,
        r#"select w.body as "body!: Body", w.iso_year as "iso_year!", w.iso_week as "iso_week!",
                w.first_late as "first_late?", w.current_number as "current_number?",
                w.current_status as "current_status?: RevisionStatus",
                w.correction_due as "correction_due?: DateTime<Utc>", w.corrected_late as "corrected_late!",
                w.has_draft as "has_draft!"
         from (
             select r.body, r.iso_year, r.iso_week,
                    bool_or(v.late) filter (where v.kind = 'first') as first_late,
                    max(v.number) filter (where v.status <> 'draft') as current_number,
                    (array_agg(v.status order by v.number desc) filter (where v.status <> 'draft'))[1]
                        as current_status,
                    (array_agg(v.correction_due order by v.number desc) filter (where v.status <> 'draft'))[1]
                        as correction_due,
                    coalesce(bool_or(v.late) filter (where v.kind = 'correction'), false) as corrected_late,
                    coalesce(bool_or(v.status = 'draft'), false) as has_draft
             from reports r join report_revisions v on v.report_id = r.id
             where (r.iso_year, r.iso_week) between ($1, $2) and ($3, $4)
               and ($5::text is null or r.body = $5)
             group by r.id
         ) w
         where $6::text is null or coalesce(w.current_status, 'draft') = $6
         order by w.iso_year desc, w.iso_week desc, w.body"#,
        from.year(),
        from.week() as i32,
        to.year(),
        to.week() as i32,
        body.map(|b| b.as_str()),
        state.map(|s| s.as_str()),
    )
    .fetch_all(db)
    .await
}

/// Every report of weeks `from..=to` as it stood at instant `at` (the
/// overview "as of a week"): only revisions submitted by then, each with the
/// status it had then (reviewed or returned only if decided by then), and a
/// draft only if it existed then.
pub async fn weeks_at(
    db: impl PgExecutor<'_>,
    from: IsoWeek,
    to: IsoWeek,
    at: DateTime<Utc>,
) -> sqlx::Result<Vec<WeekRow>> {
    sqlx::query_as!(
        WeekRow,
        r#"select r.body as "body!: Body", r.iso_year as "iso_year!", r.iso_week as "iso_week!",
                bool_or(v.late) filter (where v.kind = 'first' and v.submitted_at <= $5) as "first_late?",
                max(v.number) filter (where v.submitted_at <= $5) as "current_number?",
                (array_agg(case when v.reviewed_at <= $5 then v.status else 'submitted' end order by v.number desc)
                    filter (where v.submitted_at <= $5))[1] as "current_status?: RevisionStatus",
                (array_agg(case when v.reviewed_at <= $5 then v.correction_due end order by v.number desc)
                    filter (where v.submitted_at <= $5))[1] as "correction_due?: DateTime<Utc>",
                coalesce(bool_or(v.late) filter (where v.kind = 'correction' and v.submitted_at <= $5), false)
                    as "corrected_late!",
                coalesce(bool_or(v.created_at <= $5 and (v.submitted_at is null or v.submitted_at > $5)), false)
                    as "has_draft!"
         from reports r join report_revisions v on v.report_id = r.id
         where (r.iso_year, r.iso_week) between ($1, $2) and ($3, $4)
         group by r.id
         order by r.iso_year desc, r.iso_week desc, r.body"#,
        from.year(),
        from.week() as i32,
        to.year(),
        to.week() as i32,
        at as DateTime<Utc>,
    )
    .fetch_all(db)
    .await
}

/// The known checkpoints, each with its milestones, for parsing a draft:
/// one query, whatever the size of the register.
pub async fn checkpoints_and_milestones(db: impl PgExecutor<'_>) -> sqlx::Result<HashMap<i64, Vec<i64>>> {
    let rows = sqlx::query!(
        r#"select c.id, coalesce(array_agg(m.id order by m.id) filter (where m.id is not null), '{}') as "milestones!"
         from checkpoints c left join milestones m on m.checkpoint_id = c.id group by c.id"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.milestones)).collect())
}

/// A checkpoint as the report form lists it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FormCheckpoint {
    pub id: i64,
    pub name_en: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
}

/// A milestone as the report form lists it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FormMilestone {
    pub id: i64,
    pub checkpoint_id: i64,
    pub title: String,
    pub actual_finish: Option<NaiveDate>,
}

/// Every checkpoint (by English name) and milestone (in plan order), for
/// the report form: two queries, whatever the size of the register.
pub async fn form_register(conn: &mut PgConnection) -> sqlx::Result<(Vec<FormCheckpoint>, Vec<FormMilestone>)> {
    let checkpoints = sqlx::query_as!(
        FormCheckpoint,
        "select id, name_en, name_ru, name_kk from checkpoints order by lower(name_en)"
    )
    .fetch_all(&mut *conn)
    .await?;
    let milestones = sqlx::query_as!(
        FormMilestone,
        r#"select id, checkpoint_id, title, actual_finish as "actual_finish: NaiveDate" from milestones
         order by checkpoint_id, coalesce(planned_finish, planned_start) nulls last, id"#
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok((checkpoints, milestones))
}
