//! `checkpoint-tracker demo-data`: a synthetic but realistic history of
//! weekly reports, so that the overview, the "as of a week" views and the
//! benchmarks have something to show.
//!
//! Everything is generated in SQL, set-based, in one transaction: the model
//! (each checkpoint's story, each body's week) is in the functions of
//! migration `20261202000008_demo`, deterministic (pseudo-random numbers
//! from `hashtext`), and each table is filled by one `insert … select`. Only
//! the status changes go week by week (one `update` per week), because the
//! trigger that keeps `status_revisions` takes its timestamp per transaction
//! setting (`app.changed_at`).
//!
//! Demo rows are recognisable: every report revision, review and decision is
//! made by one of the disabled accounts `demo.transport`, `demo.finance`,
//! `demo.border_service` and `demo.pm_office`; every date revision and status
//! change by "Demo data"; the synthetic checkpoints are named
//! "Demo checkpoint 0042" / "Демо пункт 0042".

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

use crate::domain::week::{Deadline, IsoWeek};

/// The reference data set's size: `--scale K` adds (K-1) × this many
/// synthetic checkpoints.
pub const REFERENCE_CHECKPOINTS: i64 = 48;

/// Who the demo's date revisions and status changes are by.
pub const DEMO_AUTHOR: &str = "Demo data";

/// The demo accounts (username, display name, role, body). Disabled: nobody
/// signs in as them.
pub const DEMO_USERS: [(&str, &str, &str, Option<&str>); 4] = [
    ("demo.transport", "Demo — Ministry of Transport", "ministry_staff", Some("transport")),
    ("demo.finance", "Demo — Ministry of Finance", "ministry_staff", Some("finance")),
    ("demo.border_service", "Demo — Border Service", "ministry_staff", Some("border_service")),
    ("demo.pm_office", "Demo — PM office", "pm_office", None),
];

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    /// Weeks of history, up to and including the week of `now`.
    pub weeks: u32,
    /// 1 = the reference checkpoints only; K adds (K-1) × 48 synthetic ones.
    pub scale: u32,
    /// Add the demo history to a database that holds real reports (weeks a
    /// body already reported are left alone).
    pub force: bool,
    pub now: DateTime<Utc>,
    pub deadline: Deadline,
    pub correction_days: u32,
}

/// What was created.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub checkpoints: i64,
    pub milestones: i64,
    pub reports: i64,
    pub revisions: i64,
    pub entries: i64,
    pub issues: i64,
    pub status_revisions: i64,
    pub date_revisions: i64,
    pub proposal_decisions: i64,
    pub first_week: String,
    pub last_week: String,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "demo data for {} to {} created in {:.1} s:",
            self.first_week,
            self.last_week,
            self.elapsed.as_secs_f64()
        )?;
        for (what, n) in [
            ("synthetic checkpoints", self.checkpoints),
            ("milestones", self.milestones),
            ("weekly reports", self.reports),
            ("report revisions", self.revisions),
            ("report entries", self.entries),
            ("reported issues", self.issues),
            ("status revisions", self.status_revisions),
            ("date revisions", self.date_revisions),
            ("decisions on proposed dates", self.proposal_decisions),
        ] {
            writeln!(f, "  {n:>10} {what}")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The database is not one demo data may be written to (exit status 2).
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Table sizes, to report what a run added.
#[derive(Debug, Clone, Copy)]
struct Counts([i64; 9]);

async fn counts(conn: &mut PgConnection) -> sqlx::Result<Counts> {
    let r = sqlx::query!(
        r#"select (select count(*) from checkpoints) as "checkpoints!", (select count(*) from milestones) as "milestones!",
                  (select count(*) from reports) as "reports!", (select count(*) from report_revisions) as "revisions!",
                  (select count(*) from report_entries) as "entries!", (select count(*) from report_issues) as "issues!",
                  (select count(*) from status_revisions) as "status!", (select count(*) from date_revisions) as "dates!",
                  (select count(*) from proposal_decisions) as "decisions!""#
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(Counts([
        r.checkpoints,
        r.milestones,
        r.reports,
        r.revisions,
        r.entries,
        r.issues,
        r.status,
        r.dates,
        r.decisions,
    ]))
}

/// Refuses a database that already holds demo data (its history is
/// append-only, so it cannot be replaced) or, without `force`, any report
/// revision made by someone other than a demo account.
async fn check_database(conn: &mut PgConnection, force: bool) -> Result<(), DemoError> {
    let earlier = sqlx::query!(
        r#"select weeks, scale, loaded_at as "loaded_at: DateTime<Utc>" from demo_loads order by id limit 1"#
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(e) = earlier {
        return Err(DemoError::Refused(format!(
            "this database already holds demo data ({} weeks at scale {}, loaded {}); its history is append-only and \
             cannot be replaced: load demo data into a fresh database (an empty DATA_DIR or a new DATABASE_URL)",
            e.weeks,
            e.scale,
            e.loaded_at.format("%Y-%m-%d %H:%M UTC")
        )));
    }
    let real = sqlx::query_scalar!(
        r#"select count(*) as "n!" from report_revisions v join users u on u.id = v.created_by
           where u.username <> all($1::text[])"#,
        &DEMO_USERS.map(|u| u.0.to_owned())[..]
    )
    .fetch_one(&mut *conn)
    .await?;
    if real > 0 && !force {
        return Err(DemoError::Refused(format!(
            "this database holds {real} report revision(s) made by real accounts; refusing to mix demo data into it \
             (use --force to add demo reports to the weeks nobody reported)"
        )));
    }
    Ok(())
}

/// Creates the demo accounts (disabled, with a password nobody knows) and
/// returns their ids in the order of [`DEMO_USERS`].
async fn demo_users(conn: &mut PgConnection) -> Result<Vec<i64>, DemoError> {
    let hash = crate::auth::password::hash(crate::auth::password::generate()).await?;
    let mut ids = Vec::new();
    for (username, display_name, role, body) in DEMO_USERS {
        sqlx::query!(
            "insert into users (username, display_name, role, body, password_hash, active)
             values ($1, $2, $3, $4, $5, false) on conflict (username) do nothing",
            username,
            display_name,
            role,
            body,
            hash
        )
        .execute(&mut *conn)
        .await?;
        let id =
            sqlx::query_scalar!("select id from users where username = $1", username).fetch_one(&mut *conn).await?;
        ids.push(id);
    }
    Ok(ids)
}

/// Fills the database with `options.weeks` weeks of demo history. One
/// transaction: on any error nothing is written.
pub async fn generate(pool: &PgPool, options: DemoOptions) -> Result<Summary, DemoError> {
    if options.weeks == 0 || options.scale == 0 {
        return Err(DemoError::Refused("--weeks and --scale must be at least 1".into()));
    }
    let started = Instant::now();
    let weeks = options.weeks as i32;
    let last_week = IsoWeek::at(options.now);
    let first_week = *last_week.last(options.weeks as usize).last().expect("at least one week");
    // Monday 00:00 in Kazakhstan of the first week, and its deadline.
    let first_start = first_week.previous().end();
    let first_monday = first_week.monday();
    let first_deadline = options.deadline.of(first_week);
    let extra = (i64::from(options.scale) - 1) * REFERENCE_CHECKPOINTS;

    let mut tx = pool.begin().await?;
    check_database(&mut tx, options.force).await?;
    let before = counts(&mut tx).await?;
    let users = demo_users(&mut tx).await?;
    let pm = users[3];

    // The register as it stood before the history: synthetic checkpoints
    // and the status every checkpoint starts from, known a day before it.
    let before_history = first_start - chrono::Duration::days(1);
    set_time(&mut tx, before_history).await?;
    insert_checkpoints(&mut tx, extra, before_history).await?;
    insert_initial_statuses(&mut tx, weeks, first_monday, before_history).await?;
    status_history(&mut tx, weeks, first_monday, first_start, options.now).await?;
    plans_and_milestones(&mut tx, weeks, first_monday, before_history).await?;

    // The reports: first revisions as drafts (a report's rows can only be
    // written while it is a draft), their content, then submitted and
    // reviewed as the plan says; then the second revisions the same way.
    let watermark =
        sqlx::query_scalar!(r#"select coalesce(max(id), 0) as "n!" from reports"#).fetch_one(&mut *tx).await?;
    let plan = PlanArgs {
        weeks,
        first_start,
        first_deadline,
        correction_days: options.correction_days as i32,
        now: options.now,
    };
    reports::first_revisions(&mut tx, &plan, watermark, &users).await?;
    reports::entries(&mut tx, weeks, first_monday, watermark).await?;
    reports::issues(&mut tx, weeks, first_monday, watermark).await?;
    reports::submit_first(&mut tx, &plan, watermark, pm).await?;
    reports::second_revisions(&mut tx, &plan, watermark, pm).await?;
    reports::decide_proposals(&mut tx, watermark, pm).await?;

    sqlx::query!(
        "insert into demo_loads (weeks, scale, first_week_start) values ($1, $2, $3)",
        weeks,
        options.scale as i32,
        first_start as DateTime<Utc>
    )
    .execute(&mut *tx)
    .await?;
    let after = counts(&mut tx).await?;
    tx.commit().await?;
    sqlx::query!("analyze").execute(pool).await?;
    let d = |i: usize| after.0[i] - before.0[i];
    Ok(Summary {
        checkpoints: d(0),
        milestones: d(1),
        reports: d(2),
        revisions: d(3),
        entries: d(4),
        issues: d(5),
        status_revisions: d(6),
        date_revisions: d(7),
        proposal_decisions: d(8),
        first_week: first_week.to_string(),
        last_week: last_week.to_string(),
        elapsed: started.elapsed(),
    })
}

/// The arguments of `demo_report_plan`.
struct PlanArgs {
    weeks: i32,
    first_start: DateTime<Utc>,
    first_deadline: DateTime<Utc>,
    correction_days: i32,
    now: DateTime<Utc>,
}

/// Backdates what the status trigger records in this transaction.
async fn set_time(conn: &mut PgConnection, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query!(
        r#"select set_config('app.changed_at', $1, true) as "at", set_config('app.actor', $2, true) as "actor""#,
        at.to_rfc3339(),
        DEMO_AUTHOR
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(())
}

/// (K-1) × 48 synthetic checkpoints, spread over the borders, regions and
/// programmes like the real ones.
async fn insert_checkpoints(conn: &mut PgConnection, extra: i64, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query!(
        r#"insert into checkpoints (name_en, name_ru, name_kk, border_country, region, kind, programme, status,
                                    responsible_body, notes, sources, created_at, updated_at)
           select 'Demo checkpoint ' || n, 'Демо пункт ' || n, 'Демо өткізу пункті ' || n, border,
                  case border
                      when 'CN' then (array['Almaty', 'Zhetysu', 'Abai', 'East Kazakhstan'])[1 + r % 4]
                      when 'UZ' then (array['Turkestan', 'Kyzylorda'])[1 + r % 2]
                      when 'TM' then 'Mangystau'
                      when 'RU' then (array['Atyrau', 'West Kazakhstan', 'Aktobe', 'Kostanay', 'North Kazakhstan',
                                            'Pavlodar'])[1 + r % 6]
                      else (array['Zhambyl', 'Almaty'])[1 + r % 2] end,
                  case when r % 10 = 0 then 'passenger' else 'road' end,
                  (array['eaeu_internal', 'eaeu_internal', 'eaeu_external_2025', 'additional'])[1 + r % 4],
                  case when demo_rand('final:Demo checkpoint ' || n) >= 950 then 'unknown' else 'planned' end,
                  (array['transport', 'transport', 'transport', 'finance', 'border_service'])[1 + r % 5],
                  'Synthetic checkpoint of the demo data.', 'checkpoint-tracker demo-data', $2, $2
           from (select case when k < 10000 then lpad(k::text, 4, '0') else k::text end as n,
                        (array['CN', 'UZ', 'TM', 'RU', 'RU', 'RU', 'KG', 'KG'])[1 + demo_rand('border:' || k) % 8] as border,
                        demo_rand('region:' || k) as r
                 from generate_series(1, $1::bigint) k) g"#,
        extra,
        at as DateTime<Utc>
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Where each real checkpoint stood when the history begins, known since
/// the day before (the synthetic ones' insert recorded theirs).
async fn insert_initial_statuses(
    conn: &mut PgConnection,
    weeks: i32,
    first_monday: NaiveDate,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into status_revisions (checkpoint_id, status, actual_commissioning, changed_by, changed_at)
         select p.checkpoint_id, p.status, p.actual, $3, $4
         from demo_progress($1, $2) p join checkpoints c on c.id = p.checkpoint_id
         where p.week = 0 and c.name_en not like 'Demo checkpoint %'
         order by p.checkpoint_id",
        weeks,
        first_monday as NaiveDate,
        DEMO_AUTHOR,
        at as DateTime<Utc>
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One week's status changes: checkpoint ids, statuses, actual dates.
type WeekChanges = (Vec<i64>, Vec<String>, Vec<Option<NaiveDate>>);

/// Every status change of the model, week by week, through the register's
/// own trigger (which records it in `status_revisions`), each backdated to
/// the Thursday of its week. The last week leaves every checkpoint in the
/// status the model ends with (the register's own, for the real ones).
async fn status_history(
    conn: &mut PgConnection,
    weeks: i32,
    first_monday: NaiveDate,
    first_start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    let changes = sqlx::query!(
        r#"select week as "week!", checkpoint_id as "checkpoint_id!", status as "status!",
                  actual as "actual: NaiveDate"
           from demo_progress($1, $2) where changed order by week, checkpoint_id"#,
        weeks,
        first_monday as NaiveDate
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut by_week: BTreeMap<i32, WeekChanges> = BTreeMap::new();
    for c in changes {
        let w = by_week.entry(c.week).or_default();
        w.0.push(c.checkpoint_id);
        w.1.push(c.status);
        w.2.push(c.actual);
    }
    for (week, (ids, statuses, actuals)) in by_week {
        let at = (first_start + chrono::Duration::days(7 * i64::from(week) + 3) + chrono::Duration::hours(4)).min(now);
        set_time(conn, at).await?;
        sqlx::query!(
            "update checkpoints c set status = u.status, actual_commissioning = u.actual, updated_at = $4
             from unnest($1::bigint[], $2::text[], $3::date[]) u (id, status, actual)
             where c.id = u.id",
            &ids,
            &statuses,
            &actuals as &[Option<NaiveDate>],
            at as DateTime<Utc>
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The baseline commissioning date of every checkpoint without a plan, and
/// milestones (with their baseline finish dates) for those without any.
async fn plans_and_milestones(
    conn: &mut PgConnection,
    weeks: i32,
    first_monday: NaiveDate,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into date_revisions (checkpoint_id, field, old_date, new_date, reason, changed_by, changed_at)
         select k.checkpoint_id, 'commissioning', null, $2::date + 7 * (k.done_week - k.slip_weeks),
                'Baseline of the reconstruction schedule (demo data)', $3, $4
         from demo_checkpoints($1) k
         where not exists (select 1 from date_revisions d where d.checkpoint_id = k.checkpoint_id)
         order by k.checkpoint_id",
        weeks,
        first_monday as NaiveDate,
        DEMO_AUTHOR,
        at as DateTime<Utc>
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        r#"insert into milestones (checkpoint_id, title, kind, planned_finish, actual_finish, date_confidence,
                                   percent_complete, created_at, updated_at)
           select k.checkpoint_id, m.title, m.kind, f.planned, case when f.done then f.planned end,
                  case when f.done then 'confirmed' else 'estimated' end, case when f.done then 100 else 0 end, $3, $3
           from demo_checkpoints($1) k
           cross join (values (1, 'design', 'Проектно-сметная документация', 0.10),
                              (2, 'contract', 'Договор подряда', 0.20),
                              (3, 'construction_start', 'Начало строительно-монтажных работ', 0.25),
                              (4, 'roads_lanes', 'Полосы движения и площадки досмотра', 0.60),
                              (5, 'buildings', 'Здания и сооружения', 0.75),
                              (6, 'equipment', 'Досмотровое оборудование', 0.90),
                              (7, 'acceptance', 'Приёмка в эксплуатацию', 1.00)) m (n, kind, title, share)
           cross join lateral (
               select $2::date + 7 * (k.start_week + round(m.share * (k.done_week - k.start_week))::integer) as planned,
                      k.start_week + round(m.share * (k.done_week - k.start_week)) < least(k.done_week + 1, $1)
                          and k.final not in ('planned', 'unknown') as done
           ) f
           where not exists (select 1 from milestones x where x.checkpoint_id = k.checkpoint_id)
             and f.planned <= $2::date + 7 * $1 + 3650
           order by k.checkpoint_id, m.n"#,
        weeks,
        first_monday as NaiveDate,
        at as DateTime<Utc>
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into date_revisions (checkpoint_id, milestone_id, field, old_date, new_date, reason, changed_by, changed_at)
         select m.checkpoint_id, m.id, 'finish', null, m.planned_finish, 'Baseline of the milestone (demo data)', $1, $2
         from milestones m
         where m.created_at = $2 and m.planned_finish is not null
           and not exists (select 1 from date_revisions d where d.milestone_id = m.id)
         order by m.id",
        DEMO_AUTHOR,
        at as DateTime<Utc>
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

mod reports;
