//! The demo's weekly reports, as `demo_report_plan` (migration
//! `20261202000008_demo`) plans them: only reports numbered above
//! `watermark` (those this run created) are touched.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;

use super::{DEMO_AUTHOR, PlanArgs};

/// The reports and their first revisions, as drafts.
pub(super) async fn first_revisions(
    conn: &mut PgConnection,
    plan: &PlanArgs,
    watermark: i64,
    users: &[i64],
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into reports (body, iso_year, iso_week, created_at)
         select p.body, p.iso_year, p.iso_week, p.created_at
         from demo_report_plan($1, $2, $3, $4, $5) p
         order by p.week, p.body
         on conflict (body, iso_year, iso_week) do nothing",
        plan.weeks,
        plan.first_start as DateTime<Utc>,
        plan.first_deadline as DateTime<Utc>,
        plan.correction_days,
        plan.now as DateTime<Utc>
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into report_revisions (report_id, number, status, created_by, created_at, updated_at)
         select r.id, 1, 'draft', ($1::bigint[])[array_position(array['transport', 'finance', 'border_service'], r.body)],
                r.created_at, r.created_at
         from reports r
         where r.id > $2
         order by r.id",
        &users[..3],
        watermark
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An entry per checkpoint in every first revision: the body's view of the
/// checkpoint's percent (finance a little behind, the border service
/// around, and some checkpoints where finance is 20 points behind), an
/// occasional fall with its explanation, the proposed status, a narrative,
/// next week's plan, and now and then a proposed commissioning date from
/// the body that answers for the checkpoint.
pub(super) async fn entries(
    conn: &mut PgConnection,
    weeks: i32,
    first_monday: NaiveDate,
    watermark: i64,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"with rw as (
               select v.id as revision_id, r.body,
                      (to_date(r.iso_year || '-' || r.iso_week || '-1', 'IYYY-IW-ID') - $2) / 7 as week
               from report_revisions v join reports r on r.id = v.report_id
               where r.id > $3 and v.number = 1 and v.status = 'draft'
           ),
           planned_by_demo as (
               select distinct checkpoint_id from date_revisions where changed_by = $4 and milestone_id is null
           ),
           e as (
               select rw.revision_id, rw.body as reporter, p.*, d.checkpoint_id is not null as demo_plan,
                      demo_rand('dip:' || rw.body || ':' || p.checkpoint_id || ':' || p.week) < 4
                          and p.percent between 6 and 99 as dip,
                      case rw.body
                          when 'finance' then -(demo_rand('lag:' || p.checkpoint_id) % 6)
                              - case when demo_rand('disagree:' || p.checkpoint_id) < 30 then 20 else 0 end
                          when 'border_service' then demo_rand('spread:' || p.checkpoint_id) % 7 - 3
                          else 0 end as shift,
                      demo_rand('text:' || rw.body || ':' || p.checkpoint_id || ':' || p.week) as t
               from rw join demo_progress($1, $2) p on p.week = rw.week
               left join planned_by_demo d on d.checkpoint_id = p.checkpoint_id
           ),
           f as (
               select e.*,
                      case when percent in (0, 100) then percent
                           else greatest(0, least(99, greatest(1, percent + shift)) - case when dip then 5 else 0 end) end as pct,
                      reporter = body and demo_plan and status = 'in_reconstruction'
                          and demo_rand('propose:' || checkpoint_id || ':' || week) < 20 as proposes
               from e
           )
           insert into report_entries (revision_id, checkpoint_id, percent_complete, proposed_status, narrative,
                                       next_week_plan, decrease_explanation, proposed_date, proposed_date_reason)
           select revision_id, checkpoint_id, pct,
                  case when status = 'commissioned' then 'commissioned'
                       when status = 'suspended' then 'delayed'
                       when stalled and t % 2 = 0 then 'delayed'
                       when stalled or proposes then 'at_risk'
                       else 'on_track' end,
                  case when status = 'commissioned' then 'Пункт работает в штатном режиме; замечаний нет.'
                       when status = 'suspended' then 'Работы приостановлены до решения вопроса финансирования.'
                       when status in ('planned', 'unknown') and percent = 0
                           then (array['Проектно-сметная документация на государственной экспертизе.',
                                       'Идёт подготовка конкурсной документации.',
                                       'Ожидается выделение средств из республиканского бюджета.'])[1 + t % 3]
                       when stalled
                           then (array['Работы стоят: не поставлено досмотровое оборудование.',
                                       'Подрядчик не вышел на объект: задержка оплаты.',
                                       'Работы остановлены до согласования изменений проекта.',
                                       'Нет подключения к сети передачи данных; монтаж систем отложен.'])[1 + t % 4]
                       else (array['Ведутся работы по устройству полос движения.',
                                   'Монтаж металлоконструкций здания пассажирского терминала.',
                                   'Идут отделочные работы в служебных помещениях.',
                                   'Устройство площадок углублённого досмотра.',
                                   'Прокладка инженерных сетей и кабельных линий.',
                                   'Монтаж и пусконаладка досмотрового оборудования.'])[1 + t % 6] end,
                  case when status = 'commissioned' then ''
                       else (array['Продолжить работы по графику.',
                                   'Завершить монтаж и предъявить технадзору.',
                                   'Провести совещание с подрядчиком на объекте.',
                                   'Согласовать поставку оборудования с поставщиком.'])[1 + t / 7 % 4] end,
                  case when dip then 'Пересчёт объёмов после обмера: часть работ не принята технадзором.' else '' end,
                  case when proposes
                       then $2::date + 7 * (done_week - slip_weeks)
                            + 7 * greatest(1, round(greatest(slip_weeks, 1)
                                  * least(1.0, (week - start_week + 1)::numeric / greatest(done_week - start_week, 1))))::integer
                  end,
                  case when proposes
                       then (array['Задержка поставки досмотрового оборудования.',
                                   'Корректировка проекта по замечаниям экспертизы.',
                                   'Неблагоприятные погодные условия.',
                                   'Задержка финансирования работ.'])[1 + t % 4]
                       else '' end
           from f
           order by revision_id, checkpoint_id"#,
        weeks,
        first_monday as NaiveDate,
        watermark,
        DEMO_AUTHOR
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Problems that recur: in spells of six weeks, some checkpoints have an
/// open issue of one category (equipment, internet, customs staffing…),
/// reported every week of the spell by the body concerned, some of them of
/// high severity.
pub(super) async fn issues(
    conn: &mut PgConnection,
    weeks: i32,
    first_monday: NaiveDate,
    watermark: i64,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"with rw as materialized (
               select v.id as revision_id, r.body,
                      (to_date(r.iso_year || '-' || r.iso_week || '-1', 'IYYY-IW-ID') - $2) / 7 as week
               from report_revisions v join reports r on r.id = v.report_id
               where r.id > $3 and v.number = 1 and v.status = 'draft'
           ),
           spells as (
               select k.checkpoint_id, g.i as week,
                      (array['equipment', 'internet', 'customs_staffing', 'equipment', 'construction', 'financing',
                             'internet', 'other'])[1 + demo_rand('category:' || k.checkpoint_id || ':' || s.n) % 8] as category,
                      demo_rand('severity:' || k.checkpoint_id || ':' || s.n) as sev
               from demo_checkpoints($1) k
               cross join generate_series(0, $1 - 1) g(i)
               cross join lateral (select (g.i + demo_rand('phase:' || k.checkpoint_id) % 6) / 6 as n) s
               where k.final <> 'commissioned' or g.i < k.done_week
           ),
           open as (
               select spells.*,
                      case when category in ('internet', 'construction') then 'transport'
                           when category in ('financing', 'equipment') then 'finance'
                           else 'border_service' end as body
               from spells
               where demo_rand('issue:' || checkpoint_id || ':' || ((week + demo_rand('phase:' || checkpoint_id) % 6) / 6)) < 120
           )
           insert into report_issues (revision_id, checkpoint_id, category, severity, text)
           select rw.revision_id, o.checkpoint_id, o.category,
                  case when o.sev < 200 then 'high' when o.sev < 600 then 'medium' else 'low' end,
                  case o.category
                      when 'equipment' then 'Не поставлены сканеры для досмотра грузовых автомобилей.'
                      when 'internet' then 'Нет устойчивого подключения к интернету; ИС таможни недоступна.'
                      when 'customs_staffing' then 'Не укомплектован штат таможенных инспекторов.'
                      when 'construction' then 'Отставание подрядчика от графика строительства.'
                      when 'financing' then 'Не выделены средства на оплату выполненных работ.'
                      else 'Не решён вопрос отвода земельного участка.' end
           from open o
           join rw on rw.body = o.body and rw.week = o.week
           order by rw.revision_id, o.checkpoint_id"#,
        weeks,
        first_monday as NaiveDate,
        watermark
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The first revisions submitted (on time or late), then reviewed or
/// returned by the PM office as the plan says.
pub(super) async fn submit_first(
    conn: &mut PgConnection,
    plan: &PlanArgs,
    watermark: i64,
    pm: i64,
) -> sqlx::Result<()> {
    sqlx::query!(
        "with p as materialized (select * from demo_report_plan($1, $2, $3, $4, $5))
         update report_revisions v
         set status = p.status, kind = 'first', submitted_by = v.created_by, submitted_at = p.submitted_at,
             due_at = p.due_at, late = p.late, updated_at = p.submitted_at,
             reviewed_by = case when p.reviewed_at is not null then $6::bigint end, reviewed_at = p.reviewed_at,
             review_comment = p.comment, correction_due = p.correction_due
         from reports r, p
         where v.report_id = r.id and r.id > $7 and v.number = 1
           and p.body = r.body and p.iso_year = r.iso_year and p.iso_week = r.iso_week",
        plan.weeks,
        plan.first_start as DateTime<Utc>,
        plan.first_deadline as DateTime<Utc>,
        plan.correction_days,
        plan.now as DateTime<Utc>,
        pm,
        watermark
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Corrections of returned reports (on time or late) and voluntary
/// amendments: a second revision with the first one's content, its
/// narrative marked as revised; then submitted and, when the PM office has
/// come to it, reviewed.
pub(super) async fn second_revisions(
    conn: &mut PgConnection,
    plan: &PlanArgs,
    watermark: i64,
    pm: i64,
) -> sqlx::Result<()> {
    sqlx::query!(
        "with p as materialized (select * from demo_report_plan($1, $2, $3, $4, $5))
         insert into report_revisions (report_id, number, status, created_by, created_at, updated_at)
         select r.id, 2, 'draft', v.created_by, p.second_submitted_at - interval '3 hours',
                p.second_submitted_at - interval '3 hours'
         from reports r
         join report_revisions v on v.report_id = r.id and v.number = 1
         join p on p.body = r.body and p.iso_year = r.iso_year and p.iso_week = r.iso_week
         where r.id > $6 and p.second_kind is not null
         order by r.id",
        plan.weeks,
        plan.first_start as DateTime<Utc>,
        plan.first_deadline as DateTime<Utc>,
        plan.correction_days,
        plan.now as DateTime<Utc>,
        watermark
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into report_entries (revision_id, checkpoint_id, percent_complete, proposed_status, narrative,
                                     next_week_plan, decrease_explanation, proposed_date, proposed_date_reason)
         select v2.id, e.checkpoint_id, e.percent_complete, e.proposed_status,
                e.narrative || case when demo_rand('revised:' || v2.id || ':' || e.checkpoint_id) < 100
                                    then ' (Уточнено.)' else '' end,
                e.next_week_plan, e.decrease_explanation, e.proposed_date, e.proposed_date_reason
         from report_revisions v2
         join report_revisions v1 on v1.report_id = v2.report_id and v1.number = 1
         join report_entries e on e.revision_id = v1.id
         where v2.report_id > $1 and v2.number = 2 and v2.status = 'draft'
         order by v2.id, e.checkpoint_id",
        watermark
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into report_issues (revision_id, checkpoint_id, category, severity, text)
         select v2.id, i.checkpoint_id, i.category, i.severity, i.text
         from report_revisions v2
         join report_revisions v1 on v1.report_id = v2.report_id and v1.number = 1
         join report_issues i on i.revision_id = v1.id
         where v2.report_id > $1 and v2.number = 2 and v2.status = 'draft'
         order by i.id",
        watermark
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "with p as materialized (select * from demo_report_plan($1, $2, $3, $4, $5))
         update report_revisions v
         set status = case when p.second_reviewed_at is not null then 'reviewed' else 'submitted' end,
             kind = p.second_kind, submitted_by = v.created_by, submitted_at = p.second_submitted_at,
             due_at = p.second_due_at, late = p.second_late, updated_at = p.second_submitted_at,
             reviewed_by = case when p.second_reviewed_at is not null then $6::bigint end,
             reviewed_at = p.second_reviewed_at,
             review_comment = case when p.second_reviewed_at is not null then 'Принято.' end
         from reports r, p
         where v.report_id = r.id and r.id > $7 and v.number = 2
           and p.body = r.body and p.iso_year = r.iso_year and p.iso_week = r.iso_week",
        plan.weeks,
        plan.first_start as DateTime<Utc>,
        plan.first_deadline as DateTime<Utc>,
        plan.correction_days,
        plan.now as DateTime<Utc>,
        pm,
        watermark
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The PM office's decisions on the proposed commissioning dates of the
/// revisions it reviewed: most accepted (a date revision citing the
/// revision, backdated to the review; none when the plan already had that
/// date), the others declined with a reason. Then the register's current
/// plan follows its latest date revision.
pub(super) async fn decide_proposals(conn: &mut PgConnection, watermark: i64, pm: i64) -> sqlx::Result<()> {
    sqlx::query!(
        r#"with proposals as (
               select e.checkpoint_id, v.id as revision_id, v.reviewed_at, e.proposed_date,
                      demo_rand('accept:' || v.id || ':' || e.checkpoint_id) < 650 as accepted
               from report_revisions v join report_entries e on e.revision_id = v.id
               where v.report_id > $1 and v.status = 'reviewed' and e.proposed_date is not null
           ),
           accepted as (
               select p.*,
                      lag(proposed_date) over (partition by checkpoint_id order by reviewed_at, revision_id) as before
               from proposals p where accepted
           ),
           changes as (
               select a.*,
                      coalesce(lag(proposed_date) over (partition by checkpoint_id order by reviewed_at, revision_id),
                               (select d.new_date from date_revisions d
                                where d.checkpoint_id = a.checkpoint_id and d.milestone_id is null
                                order by d.changed_at desc, d.id desc limit 1)) as old_date
               from accepted a
               where a.before is distinct from a.proposed_date
           )
           insert into date_revisions (checkpoint_id, field, old_date, new_date, reason, changed_by, changed_at,
                                       report_revision_id)
           select checkpoint_id, 'commissioning', old_date, proposed_date,
                  'Proposed date accepted by the PM office (demo data)', $2, reviewed_at, revision_id
           from changes
           where old_date is distinct from proposed_date
           order by reviewed_at, revision_id, checkpoint_id"#,
        watermark,
        DEMO_AUTHOR
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into proposal_decisions (revision_id, checkpoint_id, accepted, reason, decided_by, decided_at,
                                         date_revision_id)
         select v.id, e.checkpoint_id, a.accepted,
                case when a.accepted then ''
                     else 'Обоснование недостаточно: представьте график поставки и подтверждение подрядчика.' end,
                $2, v.reviewed_at,
                (select d.id from date_revisions d where d.report_revision_id = v.id and d.checkpoint_id = e.checkpoint_id)
         from report_revisions v
         join report_entries e on e.revision_id = v.id
         cross join lateral (select demo_rand('accept:' || v.id || ':' || e.checkpoint_id) < 650 as accepted) a
         where v.report_id > $1 and v.status = 'reviewed' and e.proposed_date is not null
         order by v.id, e.checkpoint_id",
        watermark,
        pm
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update checkpoints c set planned_commissioning = d.new_date
         from (select distinct on (checkpoint_id) checkpoint_id, new_date from date_revisions
               where milestone_id is null order by checkpoint_id, changed_at desc, id desc) d
         where c.id = d.checkpoint_id and c.planned_commissioning is distinct from d.new_date",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
