//! What a checkpoint's page shows, as known at an instant `at` (now, or the
//! end of an as-of week): its status, actual commissioning and RAG override
//! then, its milestones, the counted reports' figures and open issues, and
//! the proposals and milestone progress submitted and decided by then. One
//! statement each, whatever the number of milestones, bodies or weeks.
//! Planned dates come from `db::date_revisions::for_checkpoint`, filtered by
//! the page (every revision has its instant).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

use super::checkpoints::Checkpoint;
use super::reports::{CheckpointProposal, ReportedMilestone};
use crate::domain::body::Body;
use crate::domain::status::{Rag, RagOverride};

/// A checkpoint with its status and actual commissioning as known at `at`
/// (None: it was not in the register yet) and the RAG override in force then.
#[derive(Debug, Clone)]
pub struct CheckpointAt {
    /// The register's row as it is now (names, border and the like keep no history).
    pub now: Checkpoint,
    pub status: Option<String>,
    pub actual_commissioning: Option<NaiveDate>,
    pub rag_override: Option<RagOverride>,
}

pub async fn checkpoint_at(db: impl PgExecutor<'_>, id: i64, at: DateTime<Utc>) -> sqlx::Result<Option<CheckpointAt>> {
    let row = sqlx::query!(
        r#"select c.id, c.name_en, c.name_ru, c.name_kk, c.border_country, c.region, c.kind, c.programme, c.status,
                c.planned_commissioning as "planned_commissioning: NaiveDate",
                c.actual_commissioning as "actual_commissioning: NaiveDate",
                c.responsible_body, c.notes, c.sources, c.version, c.updated_at as "updated_at: DateTime<Utc>",
                s.status as "status_at?", s.actual_commissioning as "actual_at?: NaiveDate",
                o.rag as "override_rag?", o.reason as "override_reason?", o.display_name as "override_by?",
                o.set_at as "override_at?: DateTime<Utc>"
         from checkpoints c
         left join lateral (
             select status, actual_commissioning from status_revisions
             where checkpoint_id = c.id and changed_at <= $2
             order by changed_at desc, id desc limit 1
         ) s on true
         left join lateral (
             select r.rag, r.reason, u.display_name, r.set_at
             from rag_overrides r join users u on u.id = r.set_by
             where r.checkpoint_id = c.id and r.set_at <= $2
             order by r.id desc limit 1
         ) o on true
         where c.id = $1"#,
        id,
        at as DateTime<Utc>,
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| CheckpointAt {
        rag_override: match (r.override_rag.as_deref().and_then(Rag::parse), r.override_by, r.override_at) {
            (Some(rag), Some(by), Some(at)) => {
                Some(RagOverride { rag, reason: r.override_reason.unwrap_or_default(), by, at })
            }
            _ => None,
        },
        status: r.status_at,
        actual_commissioning: r.actual_at,
        now: Checkpoint {
            id: r.id,
            name_en: r.name_en,
            name_ru: r.name_ru,
            name_kk: r.name_kk,
            border_country: r.border_country,
            region: r.region,
            kind: r.kind,
            programme: r.programme,
            status: r.status,
            planned_commissioning: r.planned_commissioning,
            actual_commissioning: r.actual_commissioning,
            responsible_body: r.responsible_body,
            notes: r.notes,
            sources: r.sources,
            version: r.version,
            updated_at: r.updated_at,
        },
    }))
}

/// A milestone as known at `at`. Its planned dates are taken from the date
/// revisions by the page.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneAt {
    pub id: i64,
    pub title: String,
    pub kind: String,
    /// The plan now (the page replaces it with the plan then in an as-of view).
    pub planned_start: Option<NaiveDate>,
    pub planned_finish: Option<NaiveDate>,
    /// Known then: the milestone row unchanged since, or a finish the PM
    /// office had accepted by then.
    pub actual_finish: Option<NaiveDate>,
    pub date_confidence: String,
    /// None when the row has changed since `at` (its percent then is not kept).
    pub percent_complete: Option<i16>,
}

/// The milestones created by `at`, in plan order.
pub async fn milestones_at(
    db: impl PgExecutor<'_>,
    checkpoint_id: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<Vec<MilestoneAt>> {
    sqlx::query_as!(
        MilestoneAt,
        r#"select m.id, m.title, m.kind, m.planned_start as "planned_start: NaiveDate",
                m.planned_finish as "planned_finish: NaiveDate",
                coalesce(case when m.updated_at <= $2 then m.actual_finish end,
                         (select u.actual_date from milestone_update_decisions d
                          join report_milestone_updates u on u.revision_id = d.revision_id and u.milestone_id = d.milestone_id
                          where d.milestone_id = m.id and d.accepted and d.decided_at <= $2 and u.actual_date is not null
                          order by d.decided_at desc limit 1)) as "actual_finish: NaiveDate",
                m.date_confidence,
                case when m.updated_at <= $2 then m.percent_complete end as percent_complete
         from milestones m
         where m.checkpoint_id = $1 and m.created_at <= $2
         order by coalesce(m.planned_finish, m.planned_start) nulls last, m.id"#,
        checkpoint_id,
        at as DateTime<Utc>,
    )
    .fetch_all(db)
    .await
}

/// One body's entry on the checkpoint in a revision that counted at `at`.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub body: Body,
    /// `iso_year * 100 + iso_week`.
    pub yw: i32,
    /// The revision's number, for the link to it.
    pub number: i32,
    pub percent: Option<i16>,
    pub proposed_status: Option<String>,
    /// The start of the narrative, only on each body's latest entry.
    pub narrative: Option<String>,
}

/// How much of a narrative the page shows.
pub const EXCERPT_CHARS: i32 = 280;

/// Every counted entry on the checkpoint, oldest week first (drafts and
/// returned revisions never count).
pub async fn figures_at(db: impl PgExecutor<'_>, checkpoint_id: i64, at: DateTime<Utc>) -> sqlx::Result<Vec<Figure>> {
    sqlx::query_as!(
        Figure,
        r#"select cr.body as "body!: Body", cr.yw as "yw!", v.number, e.percent_complete as percent, e.proposed_status,
                case when cr.yw = max(cr.yw) over (partition by cr.body) then left(e.narrative, $3) end as narrative
         from counted_revisions_at($2) cr
         join report_revisions v on v.id = cr.id
         join report_entries e on e.revision_id = cr.id
         where e.checkpoint_id = $1
         order by cr.yw, cr.body"#,
        checkpoint_id,
        at as DateTime<Utc>,
        EXCERPT_CHARS,
    )
    .fetch_all(db)
    .await
}

/// An issue open at `at`: in the latest counted revision of its body.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenIssue {
    pub body: Body,
    pub yw: i32,
    pub category: String,
    pub severity: String,
    pub text: String,
    /// Every week an issue of this category was reported on the checkpoint
    /// (by any body) in a counted revision, oldest first.
    pub weeks: Vec<i32>,
}

pub async fn open_issues_at(
    db: impl PgExecutor<'_>,
    checkpoint_id: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<Vec<OpenIssue>> {
    sqlx::query_as!(
        OpenIssue,
        r#"with counted as (
             select * from counted_revisions_at($2)
         ), open_rev as (
             select distinct on (body) id, body, yw from counted order by body, yw desc
         ), reported as (
             select distinct i.category, cr.yw
             from report_issues i join counted cr on cr.id = i.revision_id
             where i.checkpoint_id = $1
         )
         select o.body as "body!: Body", o.yw as "yw!", i.category, i.severity, i.text,
             array(select r.yw from reported r where r.category = i.category order by r.yw) as "weeks!"
         from report_issues i join open_rev o on o.id = i.revision_id
         where i.checkpoint_id = $1
         order by case i.severity when 'high' then 0 when 'medium' then 1 else 2 end, i.category, o.body, i.id"#,
        checkpoint_id,
        at as DateTime<Utc>,
    )
    .fetch_all(db)
    .await
}

/// Dates proposed for the checkpoint in revisions submitted by `at`, newest
/// first, with the decision only if it was made by then.
pub async fn proposals_at(
    db: impl PgExecutor<'_>,
    checkpoint_id: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<Vec<CheckpointProposal>> {
    sqlx::query_as!(
        CheckpointProposal,
        r#"select r.body as "body: Body", r.iso_year, r.iso_week, v.number,
                e.proposed_date as "proposed_date!: NaiveDate", e.proposed_date_reason as reason,
                d.accepted as "accepted?", d.reason as "decline_reason?"
         from report_entries e
         join report_revisions v on v.id = e.revision_id
         join reports r on r.id = v.report_id
         left join proposal_decisions d
             on d.revision_id = e.revision_id and d.checkpoint_id = e.checkpoint_id and d.decided_at <= $2
         where e.checkpoint_id = $1 and e.proposed_date is not null and v.status <> 'draft' and v.submitted_at <= $2
         order by v.submitted_at desc, v.id desc"#,
        checkpoint_id,
        at as DateTime<Utc>,
    )
    .fetch_all(db)
    .await
}

/// Each body's latest report of each milestone submitted by `at`, with the
/// decision only if it was made by then.
pub async fn milestone_reports_at(
    db: impl PgExecutor<'_>,
    checkpoint_id: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<Vec<ReportedMilestone>> {
    sqlx::query_as!(
        ReportedMilestone,
        r#"select title as "title!", body as "body!: Body", iso_year as "iso_year!", iso_week as "iso_week!",
                number as "number!", actual_date as "actual_date?: NaiveDate", accepted as "accepted?",
                reason as "reason?"
         from (
             select distinct on (u.milestone_id, r.body) m.title, r.body, r.iso_year, r.iso_week, v.number,
                    u.actual_date, d.accepted, d.reason, v.submitted_at
             from report_milestone_updates u
             join report_revisions v on v.id = u.revision_id
             join reports r on r.id = v.report_id
             join milestones m on m.id = u.milestone_id
             left join milestone_update_decisions d
                 on d.revision_id = u.revision_id and d.milestone_id = u.milestone_id and d.decided_at <= $2
             where u.checkpoint_id = $1 and v.status <> 'draft' and v.submitted_at <= $2
             order by u.milestone_id, r.body, v.submitted_at desc, v.id desc
         ) latest
         order by submitted_at desc"#,
        checkpoint_id,
        at as DateTime<Utc>,
    )
    .fetch_all(db)
    .await
}
