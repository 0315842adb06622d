//! The programme's progress week by week, for its S-curve
//! (`web::charts::s_curve_view`): planned against reported, as known at the
//! end of each week.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

use crate::db::overview::RECENT_WEEKS;
use crate::domain::week::IsoWeek;

/// A checkpoint with no planned milestone start is planned over this many
/// days before its planned commissioning (52 weeks, a typical reconstruction).
pub const DEFAULT_PLAN_DAYS: i32 = 364;

/// One week of the programme's S-curve.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeWeek {
    pub week: IsoWeek,
    /// The mean planned percent of the checkpoints with a plan then; None
    /// when none had one.
    pub planned: Option<f64>,
    /// How many checkpoints the planned mean is over.
    pub planned_count: i64,
    /// The mean of each checkpoint's latest reported percent known by then;
    /// None when nothing had been reported.
    pub reported: Option<f64>,
    /// How many checkpoints the reported mean is over.
    pub reported_count: i64,
}

/// The programme's planned and reported progress for the `weeks` weeks up
/// to the one holding `at` (oldest first), each as known at that week's end
/// (`IsoWeek::end`, or `at` for the week holding it), in one statement.
///
/// **Planned**, per checkpoint and week, as known at the week's end:
/// - the checkpoint counts from the week its first status revision was
///   recorded (before that it was not in the register);
/// - commissioned then (its status as known then): 100 %;
/// - otherwise, with a planned commissioning date (the latest date revision
///   recorded by then): linear from its planned start to that date, measured
///   on the week's Sunday and kept within 0–100 %. The planned start is the
///   earliest planned start of its milestones (their latest date revisions by
///   then), or, without one, [`DEFAULT_PLAN_DAYS`] before the commissioning
///   date; a start on or after the commissioning date makes a step (0 %
///   before the date, 100 % from it);
/// - without a planned commissioning date it is left out of the planned mean.
///
/// The programme's planned value is the mean over the checkpoints included.
///
/// **Reported**: the mean over the checkpoints with a reported percent of
/// each one's latest percent for that week or the 12 before it, in the
/// revisions that count at `at` (`counted_revisions_at`, never drafts: an
/// amendment filed later corrects the week it is about); a week's figure is
/// the responsible body's when it gave one, else the highest of the others
/// (the overview's rule). The milestones' planned starts are those known at
/// `at`. One statement whose cost grows with the weeks drawn and the
/// register, not with the years of history.
pub async fn programme_curve(
    db: impl PgExecutor<'_>,
    at: DateTime<Utc>,
    weeks: usize,
) -> sqlx::Result<Vec<ProgrammeWeek>> {
    let mut list: Vec<IsoWeek> = IsoWeek::at(at).last(weeks.max(1));
    list.reverse();
    let ends: Vec<DateTime<Utc>> = list.iter().map(|w| w.end().min(at)).collect();
    let yws: Vec<i32> = list.iter().map(|w| w.year() * 100 + w.week() as i32).collect();
    let sundays: Vec<NaiveDate> = list.iter().map(|w| w.sunday()).collect();
    let mondays: Vec<NaiveDate> = list.iter().map(|w| w.monday()).collect();
    let yw_of = |w: IsoWeek| w.year() * 100 + w.week() as i32;
    // The first week's figure may come from the quarter before it.
    let reported_since = list[0].last(RECENT_WEEKS).last().copied().unwrap_or(list[0]);
    let rows = sqlx::query!(
        r#"with weeks as (
             select * from unnest($1::timestamptz[], $2::int[], $3::date[], $5::date[])
                 as w(end_at, yw, sunday, monday)
         ), status_then as (
             -- Each week's status of every checkpoint then: its latest
             -- status revision by the week's end (none: not yet in the register).
             select distinct on (w.yw, s.checkpoint_id) w.yw, s.checkpoint_id, s.status
             from weeks w join status_revisions s on s.changed_at <= w.end_at
             order by w.yw, s.checkpoint_id, s.changed_at desc, s.id desc
         ), due_then as (
             select distinct on (w.yw, r.checkpoint_id) w.yw, r.checkpoint_id, r.new_date as due
             from weeks w join date_revisions r on r.field = 'commissioning' and r.changed_at <= w.end_at
             order by w.yw, r.checkpoint_id, r.changed_at desc, r.id desc
         ), starts as (
             -- The planned start of the works: the earliest of the
             -- milestones' planned starts as known at the view's instant.
             select checkpoint_id, min(new_date) as start
             from (select distinct on (r.milestone_id) r.checkpoint_id, r.new_date
                   from date_revisions r
                   where r.field = 'start' and r.changed_at <= $6
                   order by r.milestone_id, r.changed_at desc, r.id desc) latest
             group by checkpoint_id
         ), planned as (
             select st.yw,
                 case when st.status = 'commissioned' then 100.0
                      when coalesce(s.start, d.due - $4::int) >= d.due then
                          case when w.sunday >= d.due then 100.0 else 0.0 end
                      else greatest(0.0, least(100.0,
                          100.0 * (w.sunday - coalesce(s.start, d.due - $4::int))
                              / (d.due - coalesce(s.start, d.due - $4::int))))
                 end as percent
             from status_then st
             join weeks w on w.yw = st.yw
             left join due_then d on d.yw = st.yw and d.checkpoint_id = st.checkpoint_id
             left join starts s on s.checkpoint_id = st.checkpoint_id
             where st.status = 'commissioned' or d.due is not null
         ), weekly as (
             -- Each checkpoint's figure per reported week, in the revisions
             -- counted at the view's instant, from 12 weeks before the
             -- first week: the responsible body's, else the highest.
             select e.checkpoint_id,
                 (to_date((r.yw / 100)::text || lpad((r.yw % 100)::text, 2, '0'), 'IYYYIW')
                     - date '2000-01-03') / 7 as n,
                 max(case when r.body = c.responsible_body then 500 else 0 end + e.percent_complete) % 500
                     as percent
             from counted_revisions_at($6) r
             join report_entries e on e.revision_id = r.id
             join checkpoints c on c.id = e.checkpoint_id
             where e.percent_complete is not null
               and r.yw between $7 and $8
             group by e.checkpoint_id, r.yw
         ), reported as (
             -- Per week, each checkpoint's latest figure of the 13 weeks up
             -- to it (a figure older than a quarter is history, as on the
             -- overview: db::overview::RECENT_WEEKS).
             select w.yw, (max(k.n * 1000 + k.percent) % 1000) as percent
             from weeks w
             join weekly k on k.n between (w.monday - date '2000-01-03') / 7 - $9::int
                                      and (w.monday - date '2000-01-03') / 7
             group by w.yw, k.checkpoint_id
         ), planned_mean as (
             select yw, avg(percent)::float8 as mean, count(*) as n from planned group by yw
         ), reported_mean as (
             select yw, avg(percent)::float8 as mean, count(*) as n from reported group by yw
         )
         select w.yw as "yw!", p.mean as planned, coalesce(p.n, 0) as "planned_count!",
             r.mean as reported, coalesce(r.n, 0) as "reported_count!"
         from weeks w
         left join planned_mean p on p.yw = w.yw
         left join reported_mean r on r.yw = w.yw
         order by w.yw"#,
        &ends as &[DateTime<Utc>],
        &yws,
        &sundays as &[NaiveDate],
        DEFAULT_PLAN_DAYS,
        &mondays as &[NaiveDate],
        at as DateTime<Utc>,
        yw_of(reported_since),
        yws.last().copied().unwrap_or(0),
        RECENT_WEEKS as i32 - 1,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(ProgrammeWeek {
                week: IsoWeek::new(r.yw / 100, u32::try_from(r.yw % 100).ok()?)?,
                planned: r.planned,
                planned_count: r.planned_count,
                reported: r.reported,
                reported_count: r.reported_count,
            })
        })
        .collect())
}
