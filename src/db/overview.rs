//! The overview's figures, aggregated in SQL: checkpoints by status per
//! programme (with its target) and per border, and what the status rules
//! need per checkpoint and per open problem (one statement each for the whole
//! register). The reporting section reuses `db::reports::weeks` and
//! `db::reports::queue`.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

use crate::domain::body::Body;
use crate::domain::checkpoint::BorderCountry;
use crate::domain::programme::Target;
use crate::domain::status::{Rag, RagOverride};
use crate::domain::week::IsoWeek;

/// How many checkpoints are in each lifecycle status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub commissioned: i64,
    pub in_reconstruction: i64,
    pub planned: i64,
    pub suspended: i64,
    pub unknown: i64,
}

impl StatusCounts {
    /// Every checkpoint counted, whatever its status.
    pub fn total(&self) -> i64 {
        self.commissioned + self.in_reconstruction + self.planned + self.suspended + self.unknown
    }
}

/// A programme, its target and its checkpoints' statuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeCounts {
    pub code: String,
    pub target: Option<Target>,
    pub counts: StatusCounts,
}

/// The counts of the overview: every programme (with none of its
/// checkpoints in the register too), the plan first (`programmes.position`);
/// then every border in `BorderCountry::ALL`'s order (zeros where the
/// register has none) and the checkpoints whose border is not recorded
/// (`None`), if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub programmes: Vec<ProgrammeCounts>,
    pub borders: Vec<BorderCounts>,
}

/// A border's statuses and the regions its checkpoints are in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BorderCounts {
    pub border: Option<BorderCountry>,
    pub counts: StatusCounts,
    /// By name.
    pub regions: Vec<String>,
}

/// The checkpoints by status per programme and per border as known at `at`
/// (`None`: now): each checkpoint's status is its latest status revision
/// recorded by then, and a checkpoint with none did not exist yet. One
/// statement.
pub async fn counts(db: impl PgExecutor<'_>, at: Option<DateTime<Utc>>) -> sqlx::Result<Counts> {
    let rows = sqlx::query!(
        r#"with known as (
             select distinct on (s.checkpoint_id) s.checkpoint_id, s.status
             from status_revisions s
             where s.changed_at <= coalesce($1, 'infinity'::timestamptz)
             order by s.checkpoint_id, s.changed_at desc, s.id desc
         ), rows as (
             select c.programme, c.border_country, c.region, k.status
             from checkpoints c join known k on k.checkpoint_id = c.id
         )
         select 'programme' as "grouping!", p.code as "code?", p.position as "position!", p.target_count,
                p.target_year,
                count(r.status) filter (where r.status = 'commissioned') as "commissioned!",
                count(r.status) filter (where r.status = 'in_reconstruction') as "in_reconstruction!",
                count(r.status) filter (where r.status = 'planned') as "planned!",
                count(r.status) filter (where r.status = 'suspended') as "suspended!",
                count(r.status) filter (where r.status = 'unknown') as "unknown!",
                null::text[] as "regions"
         from programmes p left join rows r on r.programme = p.code
         group by p.code
         union all
         select 'border', r.border_country, 0, null, null,
                count(*) filter (where r.status = 'commissioned'),
                count(*) filter (where r.status = 'in_reconstruction'),
                count(*) filter (where r.status = 'planned'),
                count(*) filter (where r.status = 'suspended'),
                count(*) filter (where r.status = 'unknown'),
                array_agg(distinct r.region order by r.region) filter (where r.region is not null)
         from rows r
         group by r.border_country
         order by 1 desc, 3, 2"#,
        at as Option<DateTime<Utc>>,
    )
    .fetch_all(db)
    .await?;
    let mut out = Counts { programmes: Vec::new(), borders: Vec::new() };
    let mut borders = Vec::new();
    for r in rows {
        let counts = StatusCounts {
            commissioned: r.commissioned,
            in_reconstruction: r.in_reconstruction,
            planned: r.planned,
            suspended: r.suspended,
            unknown: r.unknown,
        };
        if r.grouping == "programme" {
            out.programmes.push(ProgrammeCounts {
                code: r.code.unwrap_or_default(),
                target: r.target_count.zip(r.target_year).map(|(count, year)| Target { count, year }),
                counts,
            });
        } else {
            let border = r.code.as_deref().and_then(BorderCountry::parse);
            borders.push(BorderCounts { border, counts, regions: r.regions.unwrap_or_default() });
        }
    }
    let counts_of = |border: Option<BorderCountry>| borders.iter().find(|b| b.border == border).cloned();
    out.borders = BorderCountry::ALL
        .iter()
        .map(|b| counts_of(Some(*b)).unwrap_or(BorderCounts { border: Some(*b), ..Default::default() }))
        .collect();
    out.borders.extend(counts_of(None));
    Ok(out)
}

/// What the status rules need of one checkpoint, from the counted reports
/// (the view `counted_revisions`: the current, highest non-draft, revision of
/// each body's week, unless returned). Drafts never count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointFacts {
    pub id: i64,
    pub name_en: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub responsible_body: Option<Body>,
    pub border: Option<BorderCountry>,
    pub region: Option<String>,
    pub status: String,
    pub planned: Option<NaiveDate>,
    pub actual: Option<NaiveDate>,
    /// The first planned commissioning date ever recorded.
    pub baseline: Option<NaiveDate>,
    /// The latest proposed date of a submitted revision the PM office has
    /// not decided on yet.
    pub pending: Option<NaiveDate>,
    /// One percent per reported week of the last [`SERIES_WEEKS`], oldest
    /// first: the responsible body's figure when it gave one that week, else
    /// the highest of the others.
    pub series: Vec<(IsoWeek, u8)>,
    /// Each body's latest percent on the checkpoint in the last
    /// [`RECENT_WEEKS`], by body code.
    pub latest: Vec<(Body, u8)>,
    /// The latest proposed status reported.
    pub proposed_status: Option<String>,
    /// The latest report mentioning the checkpoint: its body and week.
    pub last_report: Option<(Body, IsoWeek)>,
    /// A high-severity issue is open: in some body's latest report.
    pub high_issue_open: bool,
    /// The PM office's RAG override in force.
    pub rag_override: Option<RagOverride>,
}

fn week_of(yw: i32) -> Option<IsoWeek> {
    IsoWeek::new(yw / 100, u32::try_from(yw % 100).ok()?)
}

/// How far back the overview reads the reports: a quarter. A figure older
/// than that is history (the checkpoint's page shows it), not the latest.
pub const RECENT_WEEKS: usize = 13;

/// The weeks the forecast's trend is drawn from (`domain::status::forecast`
/// takes up to 8 weekly values).
pub const SERIES_WEEKS: usize = 8;

/// Every checkpoint with a planned date, a counted report or an override,
/// as known at `at` (`None`: now), in one statement: the rules
/// (`domain::status`) run on these in Rust. As known at `at`: the status,
/// the planned and baseline dates, the counted revisions, the decisions on
/// proposals and the override recorded by then. Now, the register's own
/// status and dates (which the histories end with). The reports read are
/// those of the [`RECENT_WEEKS`] weeks up to `week` (the series: the last
/// [`SERIES_WEEKS`]), so that the cost does not grow with the years of
/// history; a proposal waiting for a decision counts whatever its week.
pub async fn checkpoint_facts(
    db: impl PgExecutor<'_>,
    at: Option<DateTime<Utc>>,
    week: IsoWeek,
) -> sqlx::Result<Vec<CheckpointFacts>> {
    let yw = |w: IsoWeek| w.year() * 100 + w.week() as i32;
    let weeks = week.last(RECENT_WEEKS);
    let since = weeks.last().copied().unwrap_or(week);
    let series_since = weeks.get(SERIES_WEEKS - 1).copied().unwrap_or(since);
    let rows = sqlx::query!(
        r#"with all_revs as (
             select * from counted_revisions_at(coalesce($1, 'infinity'::timestamptz))
         ), revs as (
             select * from all_revs where yw between $2 and $4
         ), counted as (
             select cur.id as revision_id, cur.body, cur.yw, e.checkpoint_id, e.percent_complete, e.proposed_status
             from revs cur join report_entries e on e.revision_id = cur.id
         ), open_rev as (
             select distinct on (body) id from all_revs order by body, yw desc
         ), known as (
             select distinct on (s.checkpoint_id) s.checkpoint_id, s.status, s.actual_commissioning
             from status_revisions s
             where s.changed_at <= coalesce($1, 'infinity'::timestamptz)
             order by s.checkpoint_id, s.changed_at desc, s.id desc
         ), weekly as (
             select k.checkpoint_id, k.yw,
                 coalesce(max(k.percent_complete) filter (where k.body = c.responsible_body),
                          max(k.percent_complete)) as percent
             from counted k join checkpoints c on c.id = k.checkpoint_id
             where k.percent_complete is not null and k.yw >= $3
             group by k.checkpoint_id, k.yw, c.responsible_body
         ), series as (
             select checkpoint_id, array_agg(yw order by yw) as weeks, array_agg(percent order by yw) as percents
             from weekly group by checkpoint_id
         ), latest_by_body as (
             select distinct on (checkpoint_id, body) checkpoint_id, body, percent_complete
             from counted where percent_complete is not null
             order by checkpoint_id, body, yw desc
         ), latest as (
             select checkpoint_id, array_agg(body order by body) as bodies,
                    array_agg(percent_complete order by body) as percents
             from latest_by_body group by checkpoint_id
         ), high as (
             select distinct i.checkpoint_id
             from report_issues i join open_rev o on o.id = i.revision_id
             where i.severity = 'high'
         ), last_report as (
             select distinct on (checkpoint_id) checkpoint_id, body, yw
             from counted order by checkpoint_id, yw desc, body
         ), last_status as (
             select distinct on (checkpoint_id) checkpoint_id, proposed_status
             from counted where proposed_status is not null order by checkpoint_id, yw desc, body
         ), pending as (
             select distinct on (e.checkpoint_id) e.checkpoint_id, e.proposed_date
             from all_revs cur join report_entries e on e.revision_id = cur.id
             where cur.status = 'submitted' and e.proposed_date is not null
               and not exists (select 1 from proposal_decisions d
                               where d.revision_id = cur.id and d.checkpoint_id = e.checkpoint_id
                                 and d.decided_at <= coalesce($1, 'infinity'::timestamptz))
             order by e.checkpoint_id, cur.yw desc, cur.id desc
         ), dates as (
             select checkpoint_id, new_date, changed_at, id
             from date_revisions
             where field = 'commissioning' and changed_at <= coalesce($1, 'infinity'::timestamptz)
         ), baseline as (
             select distinct on (checkpoint_id) checkpoint_id, new_date
             from dates order by checkpoint_id, changed_at, id
         ), plan as (
             select distinct on (checkpoint_id) checkpoint_id, new_date
             from dates order by checkpoint_id, changed_at desc, id desc
         ), overrides as (
             select o.checkpoint_id, o.rag, o.reason, u.display_name as set_by, o.set_at
             from (select distinct on (checkpoint_id) checkpoint_id, rag, reason, set_by, set_at
                   from rag_overrides where set_at <= coalesce($1, 'infinity'::timestamptz)
                   order by checkpoint_id, id desc) o
             join users u on u.id = o.set_by
             where o.rag is not null
         )
         select c.id, c.name_en, c.name_ru, c.name_kk, c.responsible_body as "responsible_body: Body",
             c.border_country as "border: BorderCountry", c.region,
             case when $1 is null then c.status else k.status end as "status!",
             case when $1 is null then c.planned_commissioning else pl.new_date end as "planned: NaiveDate",
             case when $1 is null then c.actual_commissioning else k.actual_commissioning end
                 as "actual: NaiveDate",
             b.new_date as "baseline: NaiveDate", p.proposed_date as "pending: NaiveDate",
             coalesce(se.weeks, '{}') as "weeks!", coalesce(se.percents, '{}') as "percents!: Vec<i16>",
             coalesce(la.bodies, '{}') as "bodies!", coalesce(la.percents, '{}') as "latest!: Vec<i16>",
             ls.proposed_status, lr.body as "last_body?", lr.yw as "last_week?",
             h.checkpoint_id is not null as "high_issue_open!",
             o.rag as "override_rag?", o.reason as "override_reason?", o.set_by as "override_by?",
             o.set_at as "override_at?: DateTime<Utc>"
         from checkpoints c
         join known k on k.checkpoint_id = c.id
         left join plan pl on pl.checkpoint_id = c.id
         left join baseline b on b.checkpoint_id = c.id
         left join pending p on p.checkpoint_id = c.id
         left join last_status ls on ls.checkpoint_id = c.id
         left join last_report lr on lr.checkpoint_id = c.id
         left join overrides o on o.checkpoint_id = c.id
         left join series se on se.checkpoint_id = c.id
         left join latest la on la.checkpoint_id = c.id
         left join high h on h.checkpoint_id = c.id
         where (case when $1 is null then c.planned_commissioning else pl.new_date end) is not null
            or lr.checkpoint_id is not null or o.checkpoint_id is not null
         order by c.id"#,
        at as Option<DateTime<Utc>>,
        yw(since),
        yw(series_since),
        yw(week),
    )
    .fetch_all(db)
    .await?;
    let percent = |p: i16| u8::try_from(p).unwrap_or(0);
    Ok(rows
        .into_iter()
        .map(|r| CheckpointFacts {
            series: r.weeks.iter().zip(&r.percents).filter_map(|(w, p)| Some((week_of(*w)?, percent(*p)))).collect(),
            latest: r.bodies.iter().zip(&r.latest).filter_map(|(b, p)| Some((Body::parse(b)?, percent(*p)))).collect(),
            last_report: r.last_body.as_deref().and_then(Body::parse).zip(r.last_week.and_then(week_of)),
            id: r.id,
            name_en: r.name_en,
            name_ru: r.name_ru,
            name_kk: r.name_kk,
            responsible_body: r.responsible_body,
            border: r.border,
            region: r.region,
            status: r.status,
            planned: r.planned,
            actual: r.actual,
            baseline: r.baseline,
            pending: r.pending,
            proposed_status: r.proposed_status,
            high_issue_open: r.high_issue_open,
            rag_override: match (r.override_rag.as_deref().and_then(Rag::parse), r.override_by, r.override_at) {
                (Some(rag), Some(by), Some(at)) => {
                    Some(RagOverride { rag, reason: r.override_reason.unwrap_or_default(), by, at })
                }
                _ => None,
            },
        })
        .collect())
}

/// An open problem of one category on one checkpoint, and every week an
/// issue of that category was reported on it (oldest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenProblem {
    pub category: String,
    pub checkpoint_id: i64,
    pub name_en: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub weeks: Vec<IsoWeek>,
}

/// The open issues by category and checkpoint, as known at `at` (`None`:
/// now): an issue is open when it is in a body's current revision of the
/// latest week it reported (returned revisions and drafts never count), in
/// one statement.
pub async fn open_problems(db: impl PgExecutor<'_>, at: Option<DateTime<Utc>>) -> sqlx::Result<Vec<OpenProblem>> {
    let rows = sqlx::query!(
        r#"with revs as (
             select * from counted_revisions_at(coalesce($1, 'infinity'::timestamptz))
         ), open_rev as (
             select distinct on (body) id from revs order by body, yw desc
         ), open as (
             select distinct i.category, i.checkpoint_id
             from report_issues i join open_rev o on o.id = i.revision_id
         ), reported as (
             select i.category, i.checkpoint_id, array_agg(distinct cur.yw order by cur.yw) as weeks
             from report_issues i join revs cur on cur.id = i.revision_id
             join open o on o.category = i.category and o.checkpoint_id = i.checkpoint_id
             group by i.category, i.checkpoint_id
         )
         select o.category, o.checkpoint_id, c.name_en, c.name_ru, c.name_kk, coalesce(r.weeks, '{}') as "weeks!"
         from open o join checkpoints c on c.id = o.checkpoint_id
         left join reported r on r.category = o.category and r.checkpoint_id = o.checkpoint_id
         order by o.category, lower(c.name_en)"#,
        at as Option<DateTime<Utc>>,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OpenProblem {
            category: r.category,
            checkpoint_id: r.checkpoint_id,
            name_en: r.name_en,
            name_ru: r.name_ru,
            name_kk: r.name_kk,
            weeks: r.weeks.iter().filter_map(|w| week_of(*w)).collect(),
        })
        .collect())
}
