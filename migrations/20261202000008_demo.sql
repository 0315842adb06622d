-- Issue 10: `checkpoint-tracker demo-data` (src/demo.rs). The synthetic
-- history is generated set-based in SQL; its model lives here, as functions,
-- so that every statement of the generator reads the same plan. Nothing
-- here is used by the app itself.

-- Each run of demo-data, so a second run can refuse clearly (the history
-- tables are append-only: demo data cannot be replaced, only loaded into a
-- fresh database).
create table demo_loads (
    id bigint generated always as identity primary key,
    weeks integer not null check (weeks >= 1),
    scale integer not null check (scale >= 1),
    first_week_start timestamptz not null,
    loaded_at timestamptz not null default now()
);

-- A deterministic pseudo-random number in 0..999 for a key.
create function demo_rand(key text) returns integer language sql immutable as $$
    select (((hashtext(key)::bigint % 1000) + 1000) % 1000)::integer
$$;

-- Each checkpoint's story over the `weeks` weeks of the history (week
-- index 0 is the oldest): the status it ends with (the register's status
-- for the real checkpoints, a drawn one for the synthetic "Demo checkpoint
-- NNNN"), the week its works start (negative: before the history), the week
-- it is commissioned (past the history: not yet), the week it is suspended
-- (if it ends suspended) and how many weeks its plan slipped. Keyed on the
-- name, so it is the same before and after the checkpoint is inserted.
create function demo_checkpoints(weeks integer)
returns table (checkpoint_id bigint, synthetic boolean, final text, start_week integer, done_week integer,
               suspend_week integer, slip_weeks integer, actual date, body text)
language sql stable as $$
    with cp as (
        select c.id, c.name_en like 'Demo checkpoint %' as synthetic, c.status, c.actual_commissioning,
               c.responsible_body, demo_rand('final:' || c.name_en) as f, demo_rand('start:' || c.name_en) as r,
               demo_rand('dur:' || c.name_en) as d, demo_rand('slip:' || c.name_en) as s
        from checkpoints c
    ),
    drawn as (
        select cp.*,
               case when not synthetic then status
                    when f < 250 then 'commissioned'
                    when f < 700 then 'in_reconstruction'
                    when f < 880 then 'planned'
                    when f < 950 then 'suspended'
                    else 'unknown' end as final
        from cp
    ),
    shaped as (
        select drawn.*,
               case when final = 'commissioned' then weeks - 1 - r % greatest(weeks / 2, 1)
                    else weeks + 4 + r % 40 end as done,
               case when final = 'commissioned' then 20 + d % 60 else 1 + d % 90 end as length
        from drawn
    )
    select id, synthetic, final,
           case when final = 'planned' then weeks + 1
                when final = 'commissioned' then done - length
                else weeks - length end,
           done,
           case when final = 'suspended' then weeks - 1 - r % least(12, greatest(weeks / 3, 1)) end,
           s % 25 - 5,
           case when not synthetic then actual_commissioning end,
           coalesce(responsible_body, 'transport')
    from shaped
$$;

-- Each checkpoint's state in each week of the history: its status, the
-- percent complete (that stalls in some 6-week spells and recovers), and
-- whether it changed status that week (against the week before, or the
-- register's status for week 0).
create function demo_progress(weeks integer, first_monday date)
returns table (checkpoint_id bigint, week integer, status text, actual date, percent integer, stalled boolean,
               changed boolean, start_week integer, done_week integer, slip_weeks integer, body text)
language sql stable as $$
    with w as (
        select p.*, g.i,
               (g.i >= p.start_week and g.i < p.done_week
                and demo_rand('stall:' || p.checkpoint_id || ':' || (g.i / 6)) >= 150
                and not (p.final = 'suspended' and g.i >= p.suspend_week)) as active
        from demo_checkpoints(weeks) p cross join generate_series(0, weeks - 1) g(i)
    ),
    cum as (
        select w.*,
               greatest(-start_week, 0) + sum(active::int) over (partition by checkpoint_id order by i) as done_so_far,
               greatest(-start_week, 0) + sum(active::int) over (partition by checkpoint_id)
                   + greatest(done_week - weeks, 0) as total
        from w
    ),
    st as (
        select cum.*,
               case when final in ('planned', 'unknown') then final
                    when i < start_week then 'planned'
                    when final = 'suspended' and i >= suspend_week then 'suspended'
                    when i >= done_week then 'commissioned'
                    else 'in_reconstruction' end as st
        from cum
    ),
    acted as (
        select st.*,
               case when synthetic and st = 'commissioned' then first_monday + 7 * done_week
                    when synthetic then null
                    else actual end as act
        from st
    )
    select a.checkpoint_id, a.i, a.st, a.act,
           case when a.final = 'planned' or a.i < a.start_week then 0
                when a.i >= a.done_week then 100
                else least(99, (100 * a.done_so_far / greatest(a.total, 1))::integer) end,
           not a.active and a.i >= a.start_week and a.i < a.done_week,
           (a.st, a.act) is distinct from
               coalesce(lag((a.st, a.act)) over (partition by a.checkpoint_id order by a.i), (c.status, c.actual_commissioning)),
           a.start_week, a.done_week, a.slip_weeks, a.body
    from acted a join checkpoints c on c.id = a.checkpoint_id
$$;

-- Each body's week: whether it reported, when (on time or late), what the PM
-- office did (reviewed, returned, nothing yet) and whether a second revision
-- followed (a correction, on time or late, or a voluntary amendment). Only
-- what has happened by `at` is planned: later steps simply have not happened
-- yet. Assumes the default deadline's shape (a weekday before Saturday).
create function demo_report_plan(weeks integer, first_start timestamptz, first_deadline timestamptz,
                                 correction_days integer, at timestamptz)
returns table (body text, week integer, iso_year integer, iso_week integer,
               created_at timestamptz, submitted_at timestamptz, due_at timestamptz, late boolean,
               status text, reviewed_at timestamptz, correction_due timestamptz, comment text,
               second_kind text, second_submitted_at timestamptz, second_due_at timestamptz, second_late boolean,
               second_reviewed_at timestamptz)
language sql stable as $$
    with base as (
        select b.code as body, g.i, first_start + g.i * interval '7 days' as ws,
               first_deadline + g.i * interval '7 days' as deadline,
               demo_rand('report:' || b.code || ':' || g.i) as r, demo_rand('outcome:' || b.code || ':' || g.i) as o
        from reporting_bodies b cross join generate_series(0, weeks - 1) g(i)
    ),
    first as (
        select base.*,
               case when r < 125 then deadline + (1 + r % 60) * interval '1 hour'
                    else greatest(deadline - (2 + r % 70) * interval '1 hour', ws + interval '2 hours') end as sub,
               -- The PM office reviews on Monday to Wednesday of the next week, 10:00.
               greatest(ws + (7 + o % 3) * interval '1 day' + interval '10 hours',
                        deadline + interval '62 hours') as rev
        from base
        where r >= 25
    ),
    judged as (
        select first.*,
               case when rev > at then 'submitted' when o < 60 then 'returned' else 'reviewed' end as st,
               rev + (correction_days
                      + 2 * ((extract(isodow from rev at time zone 'Asia/Almaty')::integer - 1 + correction_days) / 5))
                     * interval '1 day' as cdue
        from first
        where sub <= at
    ),
    second as (
        select judged.*,
               case when st = 'returned' and o < 50 then 'correction'
                    when st = 'reviewed' and o < 100 then 'amendment' end as k2,
               case when st = 'returned' and o < 35 then rev + interval '1 day 2 hours'
                    when st = 'returned' and o < 50 then cdue + interval '1 day'
                    when st = 'reviewed' then rev + interval '1 day' end as sub2
        from judged
    )
    select body, i, extract(isoyear from ws at time zone 'Asia/Almaty')::integer,
           extract(week from ws at time zone 'Asia/Almaty')::integer,
           sub - (1 + r % 5) * interval '1 hour', sub, deadline, sub > deadline,
           st, case when st <> 'submitted' then rev end,
           case when st = 'returned' then cdue end,
           case when st = 'returned' then 'Уточните процент готовности и сроки по замечаниям Канцелярии.'
                when st = 'reviewed' then 'Принято.' end,
           case when k2 is not null and sub2 <= at then k2 end,
           case when k2 is not null and sub2 <= at then sub2 end,
           case when k2 = 'correction' and sub2 <= at then cdue end,
           case when k2 is not null and sub2 <= at then k2 = 'correction' and sub2 > cdue end,
           case when k2 is not null and sub2 + interval '1 day' <= at then sub2 + interval '1 day' end
    from second
$$;
