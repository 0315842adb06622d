//! The programme's progress week by week, for its S-curve
//! (`web::charts::s_curve_view`): planned against reported, as known at the
//! end of each week.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

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
/// each one's latest percent in the revisions that counted at the week's end
/// (`counted_revisions_at`, never drafts); a week's figure is the
/// responsible body's when it gave one, else the highest of the others (the
/// overview's rule).
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
    let rows = sqlx::query!(
        r#"with weeks as (
             select * from unnest($1::timestamptz[], $2::int[], $3::date[]) as w(end_at, yw, sunday)
         ), known as (
             select w.yw, w.sunday,
                 (select s.status from status_revisions s
                  where s.checkpoint_id = c.id and s.changed_at <= w.end_at
                  order by s.changed_at desc, s.id desc limit 1) as status,
                 (select r.new_date from date_revisions r
                  where r.checkpoint_id = c.id and r.field = 'commissioning' and r.changed_at <= w.end_at
                  order by r.changed_at desc, r.id desc limit 1) as due,
                 (select min(latest.new_date) from (
                      select distinct on (r.milestone_id) r.new_date from date_revisions r
                      where r.checkpoint_id = c.id and r.field = 'start' and r.changed_at <= w.end_at
                      order by r.milestone_id, r.changed_at desc, r.id desc) latest) as start
             from weeks w cross join checkpoints c
         ), planned as (
             select yw,
                 case when status = 'commissioned' then 100.0
                      when coalesce(start, due - $4::int) >= due then case when sunday >= due then 100.0 else 0.0 end
                      else greatest(0.0, least(100.0,
                          100.0 * (sunday - coalesce(start, due - $4::int)) / (due - coalesce(start, due - $4::int))))
                 end as percent
             from known
             where status is not null and (status = 'commissioned' or due is not null)
         ), counted as (
             -- Each week's counted revisions of that week or before: a few
             -- hundred rows per week, joined to the entries once.
             select w.yw as week, cr.id, cr.body, cr.yw
             from weeks w cross join lateral counted_revisions_at(w.end_at) cr
             where cr.yw <= w.yw
         ), reported as (
             -- Per week and checkpoint the latest week's figure, the
             -- responsible body's first, else the highest: the greatest
             -- (week, responsible, percent) triple, packed into one number
             -- (percent <= 100 < 500) because max() of a bigint is several
             -- times faster than of an array over hundreds of thousands of rows.
             select k.week as yw,
                 max(k.yw::bigint * 1000 + case when k.body = c.responsible_body then 500 else 0 end
                     + e.percent_complete) % 500 as percent_complete
             from counted k
             join report_entries e on e.revision_id = k.id
             join checkpoints c on c.id = e.checkpoint_id
             where e.percent_complete is not null
             group by k.week, e.checkpoint_id
         )
         select w.yw as "yw!",
             (select avg(p.percent)::float8 from planned p where p.yw = w.yw) as planned,
             (select count(*) from planned p where p.yw = w.yw) as "planned_count!",
             (select avg(r.percent_complete)::float8 from reported r where r.yw = w.yw) as reported,
             (select count(*) from reported r where r.yw = w.yw) as "reported_count!"
         from weeks w
         order by w.yw"#,
        &ends as &[DateTime<Utc>],
        &yws,
        &sundays as &[NaiveDate],
        DEFAULT_PLAN_DAYS,
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
