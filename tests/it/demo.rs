//! `demo-data`: a synthetic history that obeys every rule of the reports,
//! keeps the register's status history, and refuses databases it must not
//! write to.

use checkpoint_tracker::demo::{self, DemoError, DemoOptions};
use checkpoint_tracker::domain::week::IsoWeek;
use chrono::Utc;
use sqlx::PgPool;

use crate::support::TestApp;

/// Demo options at scale 1 with the default deadline, as of now.
pub fn options(weeks: u32, force: bool) -> DemoOptions {
    DemoOptions { weeks, scale: 1, force, now: Utc::now(), deadline: "fri 18:00".parse().unwrap(), correction_days: 3 }
}

async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn six_weeks_of_demo_reports_obey_the_rules_of_the_reports() {
    let app = TestApp::spawn().await;
    let summary = demo::generate(&app.pool, DemoOptions { scale: 2, ..options(6, false) }).await.unwrap();
    assert_eq!(summary.checkpoints, 48, "scale 2 adds 48 synthetic checkpoints");
    assert!(summary.entries > 0 && summary.issues > 0 && summary.date_revisions > 0, "{summary}");
    let pool = &app.pool;
    assert_eq!(scalar(pool, "select count(*) from checkpoints where name_en like 'Demo checkpoint %'").await, 48);
    assert_eq!(scalar(pool, "select count(*) from checkpoints where name_ru = 'Демо пункт 0042'").await, 1);

    // All three bodies report, within the six weeks up to this one.
    assert_eq!(scalar(pool, "select count(distinct body) from reports").await, 3);
    let oldest = IsoWeek::at(Utc::now()).last(6)[5];
    let weeks: Vec<(i32, i32)> =
        sqlx::query_as("select distinct iso_year, iso_week from reports").fetch_all(pool).await.unwrap();
    assert!(weeks.iter().all(|&(y, w)| IsoWeek::new(y, w as u32).unwrap() >= oldest), "{weeks:?}");

    // Every revision is by a demo account, none is a draft, numbers run 1, 2…
    let broken = [
        ("not by a demo account", "select count(*) from report_revisions v join users u on u.id = v.created_by
                                   where u.username not like 'demo.%' or u.active"),
        ("a draft", "select count(*) from report_revisions where status = 'draft'"),
        ("numbers with gaps", "select count(*) from report_revisions v where v.number > 1 and not exists
                               (select 1 from report_revisions p where p.report_id = v.report_id and p.number = v.number - 1)"),
        ("first revisions not 'first'", "select count(*) from report_revisions where (number = 1) <> (kind = 'first')"),
        ("a correction not after a return", "select count(*) from report_revisions v join report_revisions p
              on p.report_id = v.report_id and p.number = v.number - 1
              where (v.kind = 'correction') <> (p.status = 'returned')
                 or (v.kind = 'correction' and v.due_at is distinct from p.correction_due)"),
        ("a revision superseded while returned, or reviewed before submitted", "select count(*) from report_revisions v
              join report_revisions p on p.report_id = v.report_id and p.number = v.number - 1
              where v.submitted_at <= coalesce(p.reviewed_at, p.submitted_at)"),
        ("lateness not judged against its deadline", "select count(*) from report_revisions
              where status <> 'draft' and (late is distinct from coalesce(submitted_at > due_at, false)
                 or (kind = 'amendment') <> (due_at is null))"),
        ("a first deadline other than Friday 18:00 in Astana", "select count(*) from report_revisions v
              join reports r on r.id = v.report_id
              where v.kind = 'first' and (to_char(v.due_at at time zone 'Asia/Almaty', 'IYYY-IW ID HH24:MI')
                    <> r.iso_year || '-' || lpad(r.iso_week::text, 2, '0') || ' 5 18:00')"),
        ("timestamps out of order or in the future", "select count(*) from report_revisions
              where not (created_at <= submitted_at and submitted_at <= coalesce(reviewed_at, submitted_at)
                         and coalesce(reviewed_at, submitted_at) <= now())"),
        ("submitted before its week began", "select count(*) from report_revisions v join reports r on r.id = v.report_id
              where (v.submitted_at at time zone 'Asia/Almaty')::date
                    < to_date(r.iso_year || '-' || r.iso_week || '-1', 'IYYY-IW-ID')"),
        ("a revision without an entry per checkpoint", "select count(*) from report_revisions v
              where (select count(*) from report_entries e where e.revision_id = v.id)
                    <> (select count(*) from checkpoints)"),
        ("a proposed date undecided in a reviewed revision", "select count(*) from report_entries e
              join report_revisions v on v.id = e.revision_id
              where e.proposed_date is not null and v.status = 'reviewed'
                and not exists (select 1 from proposal_decisions d
                                where d.revision_id = e.revision_id and d.checkpoint_id = e.checkpoint_id)"),
    ];
    for (what, sql) in broken {
        assert_eq!(scalar(pool, sql).await, 0, "{what}");
    }
    // One counted revision per body and week, unless the latest was returned.
    let counted = scalar(pool, "select count(*) from counted_revisions").await;
    let not_returned = scalar(
        pool,
        "select count(*) from reports r where (select status from report_revisions v where v.report_id = r.id
                                               order by number desc limit 1) <> 'returned'",
    )
    .await;
    assert_eq!(counted, not_returned);
    assert_eq!(
        scalar(
            pool,
            "select count(*) from (select body, yw from counted_revisions group by 1, 2 having count(*) > 1) x"
        )
        .await,
        0
    );

    // Status history: more than one row for some checkpoints, and the last
    // row of each is the checkpoint's status.
    assert!(scalar(pool, "select count(*) from status_revisions").await > 96);
    let mismatched = scalar(
        pool,
        "select count(*) from checkpoints c
         join lateral (select status, actual_commissioning from status_revisions s where s.checkpoint_id = c.id
                       order by changed_at desc, id desc limit 1) s on true
         where (s.status, s.actual_commissioning) is distinct from (c.status, c.actual_commissioning)",
    )
    .await;
    assert_eq!(mismatched, 0);

    // Planned dates: a chain from the baseline, the last one the register's.
    let chain_broken = scalar(
        pool,
        "select count(*) from (select d.checkpoint_id, d.old_date,
                  lag(d.new_date) over (partition by d.checkpoint_id order by d.changed_at, d.id) as before
                from date_revisions d where d.milestone_id is null) x where x.old_date is distinct from x.before",
    )
    .await;
    assert_eq!(chain_broken, 0);
    let plan_differs = scalar(
        pool,
        "select count(*) from checkpoints c join lateral (select new_date from date_revisions d
             where d.checkpoint_id = c.id and d.milestone_id is null order by changed_at desc, id desc limit 1) d on true
         where d.new_date is distinct from c.planned_commissioning",
    )
    .await;
    assert_eq!(plan_differs, 0);

    // The pages answer on it, today and as of an earlier week.
    let id = app.checkpoint_id("Demo checkpoint 0007").await;
    for path in
        ["/".to_owned(), format!("/?as_of={}", IsoWeek::at(Utc::now()).last(3)[2]), format!("/checkpoints/{id}")]
    {
        app.page(&path, 200).await;
    }

    // A second run refuses, with or without --force.
    for force in [false, true] {
        match demo::generate(&app.pool, options(6, force)).await {
            Err(DemoError::Refused(why)) => assert!(why.contains("already holds demo data"), "{why}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_database_with_a_real_report_is_refused_unless_forced() {
    let app = TestApp::spawn().await;
    let week = IsoWeek::at(Utc::now()).previous();
    sqlx::query(
        "with r as (insert into reports (body, iso_year, iso_week) values ('finance', $1, $2) returning id)
         insert into report_revisions (report_id, number, status, created_by)
         select r.id, 1, 'draft', (select id from users where username = 'admin') from r",
    )
    .bind(week.year())
    .bind(week.week() as i32)
    .execute(&app.pool)
    .await
    .unwrap();

    match demo::generate(&app.pool, options(4, false)).await {
        Err(DemoError::Refused(why)) => assert!(why.contains("real accounts"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(scalar(&app.pool, "select count(*) from reports").await, 1, "nothing was written");

    // Forced, the demo fills the other weeks and leaves the real one alone.
    demo::generate(&app.pool, options(4, true)).await.unwrap();
    let real_week = scalar(
        &app.pool,
        "select count(*) from report_revisions v join reports r on r.id = v.report_id where r.body = 'finance'
         and r.iso_year * 100 + r.iso_week = (select min(iso_year * 100 + iso_week) from reports where id = 1)",
    )
    .await;
    assert_eq!(real_week, 1, "the real report keeps its one draft");
    assert!(scalar(&app.pool, "select count(*) from reports").await > 1);
}

#[tokio::test]
async fn a_database_demo_data_filled_first_still_gets_its_administrator_at_the_first_start() {
    let db = crate::support::TestDb::create().await;
    let pool = db.pool().await;
    checkpoint_tracker::prepare(&pool, &checkpoint_tracker::clock::Clock::System).await.unwrap();
    demo::generate(&pool, options(2, false)).await.unwrap();
    // Only the disabled demo accounts exist: the first start adds `admin`.
    let password = checkpoint_tracker::accounts::ensure_first_admin(&pool).await.unwrap();
    assert!(password.is_some_and(|p| !p.is_empty()));
    assert_eq!(scalar(&pool, "select count(*) from users where username = 'admin' and active").await, 1);
    // And only once.
    assert_eq!(checkpoint_tracker::accounts::ensure_first_admin(&pool).await.unwrap(), None);
}
