//! The database's invariants, as SQL that lists what violates them.

use std::collections::HashMap;

use sqlx::PgPool;

/// Each query returns one line per violation.
pub const INVARIANTS: &[(&str, &str)] = &[
    (
        "revisions are numbered 1..n",
        "select format('report %s: %s revisions numbered %s..%s', report_id, count(*), min(number), max(number))
         from report_revisions group by report_id having min(number) <> 1 or max(number) <> count(*)",
    ),
    (
        "a report has revisions",
        "select format('report %s has none', r.id) from reports r
         where not exists (select 1 from report_revisions v where v.report_id = r.id)",
    ),
    (
        "one current revision per report: at most one draft, and only as the latest",
        "select format('report %s: draft %s below revision %s', d.report_id, d.number, v.number)
         from report_revisions d join report_revisions v on v.report_id = d.report_id and v.number > d.number
         where d.status = 'draft'",
    ),
    (
        "a checkpoint's planned date is its latest date revision",
        "select format('checkpoint %s: plan %s, latest revision %s', c.id, c.planned_commissioning, r.new_date)
         from checkpoints c left join lateral (
             select new_date from date_revisions d
             where d.checkpoint_id = c.id and d.milestone_id is null and d.field = 'commissioning'
             order by d.id desc limit 1) r on true
         where c.planned_commissioning is distinct from r.new_date",
    ),
    (
        "a milestone's planned start and finish are its latest date revisions",
        "select format('milestone %s: plan %s..%s, latest revisions %s..%s', m.id, m.planned_start,
                       m.planned_finish, s.new_date, f.new_date)
         from milestones m
         left join lateral (select new_date from date_revisions d where d.milestone_id = m.id and d.field = 'start'
                            order by d.id desc limit 1) s on true
         left join lateral (select new_date from date_revisions d where d.milestone_id = m.id and d.field = 'finish'
                            order by d.id desc limit 1) f on true
         where m.planned_start is distinct from s.new_date or m.planned_finish is distinct from f.new_date",
    ),
    (
        "each date revision starts from the date the one before set",
        "select format('date revision %s: from %s, the one before set %s', id, old_date, before)
         from (select id, old_date,
                      lag(new_date) over (partition by checkpoint_id, milestone_id, field order by id) as before
               from date_revisions) d
         where old_date is distinct from before",
    ),
];

pub async fn violations(pool: &PgPool) -> Vec<String> {
    let mut found = Vec::new();
    for (name, query) in INVARIANTS {
        let rows: Vec<String> = sqlx::query_scalar(query).fetch_all(pool).await.unwrap();
        found.extend(rows.into_iter().map(|row| format!("{name}: {row}")));
    }
    found
}

/// Every submitted revision (id, report, number, submitted at): append-only
/// history means each is still there afterwards, unchanged.
pub async fn submitted(pool: &PgPool) -> Vec<(i64, i64, i32, String)> {
    sqlx::query_as(
        "select id, report_id, number, submitted_at::text from report_revisions where status <> 'draft' order by id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

pub async fn revision_counts(pool: &PgPool) -> HashMap<i64, i64> {
    sqlx::query_as("select report_id, count(*) from report_revisions group by report_id")
        .fetch_all(pool)
        .await
        .unwrap()
        .into_iter()
        .collect()
}
