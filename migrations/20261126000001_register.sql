-- The register: reporting bodies, programmes, checkpoints, milestones and
-- the append-only history of planned dates.

create table reporting_bodies (
    code text primary key check (code ~ '^[a-z][a-z_]*$'),
    name_en text not null check (btrim(name_en) <> ''),
    name_ru text not null check (btrim(name_ru) <> ''),
    name_kk text not null check (btrim(name_kk) <> '')
);

insert into reporting_bodies (code, name_en, name_ru, name_kk) values
    ('transport', 'Ministry of Transport — Committee of Automobile Roads',
     'Министерство транспорта — Комитет автомобильных дорог',
     'Көлік министрлігі — Автомобиль жолдары комитеті'),
    ('finance', 'Ministry of Finance — State Revenue Committee',
     'Министерство финансов — Комитет государственных доходов',
     'Қаржы министрлігі — Мемлекеттік кірістер комитеті'),
    ('border_service', 'National Security Committee — Border Service',
     'Комитет национальной безопасности — Пограничная служба',
     'Ұлттық қауіпсіздік комитеті — Шекара қызметі');

-- A programme groups checkpoints; only checkpoints of active programmes are
-- expected in weekly reports by default.
create table programmes (
    code text primary key check (code ~ '^[a-z0-9][a-z0-9_]*$'),
    active boolean not null default true
);

insert into programmes (code) values
    ('eaeu_external_2025'), ('eaeu_internal'), ('additional');

create table checkpoints (
    id bigint generated always as identity primary key,
    name_en text not null check (btrim(name_en) <> '' and name_en = btrim(name_en)),
    name_ru text not null check (btrim(name_ru) <> '' and name_ru = btrim(name_ru)),
    border_country text check (border_country in ('CN', 'UZ', 'TM', 'RU', 'KG')),
    region text check (region is null or btrim(region) <> ''),
    kind text check (kind in ('road', 'passenger')),
    programme text references programmes (code),
    status text not null default 'unknown'
        check (status in ('planned', 'in_reconstruction', 'commissioned', 'suspended', 'unknown')),
    -- The current plan: always equal to the latest row of date_revisions for
    -- this checkpoint's commissioning date (kept so by db::date_revisions).
    planned_commissioning date,
    actual_commissioning date
        check (actual_commissioning <= (now() at time zone 'Asia/Almaty')::date),
    responsible_body text references reporting_bodies (code),
    notes text not null default '',
    sources text not null default '',
    -- Optimistic locking: every update bumps it; a stale form is refused.
    version integer not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create unique index checkpoints_name_en_key on checkpoints (lower(name_en));
create unique index checkpoints_name_ru_key on checkpoints (lower(name_ru));
create index checkpoints_border_idx on checkpoints (border_country);
create index checkpoints_programme_idx on checkpoints (programme);
create index checkpoints_status_idx on checkpoints (status);

create table milestones (
    id bigint generated always as identity primary key,
    checkpoint_id bigint not null references checkpoints (id),
    title text not null check (btrim(title) <> ''),
    kind text not null check (kind in ('design', 'contract', 'construction_start', 'roads_lanes',
        'buildings', 'equipment', 'internet', 'acceptance', 'commissioning', 'other')),
    -- Current plan, kept equal to the latest date_revisions rows (see above).
    planned_start date,
    planned_finish date,
    actual_finish date check (actual_finish <= (now() at time zone 'Asia/Almaty')::date),
    date_confidence text not null default 'estimated'
        check (date_confidence in ('estimated', 'confirmed')),
    percent_complete smallint not null default 0 check (percent_complete between 0 and 100),
    version integer not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (planned_start <= planned_finish)
);

create index milestones_checkpoint_idx on milestones (checkpoint_id);

-- Every change of a planned date, including the first one (the baseline,
-- old_date null). Append-only: history is never rewritten.
create table date_revisions (
    id bigint generated always as identity primary key,
    checkpoint_id bigint not null references checkpoints (id),
    milestone_id bigint references milestones (id),
    field text not null check (field in ('commissioning', 'start', 'finish')),
    old_date date,
    new_date date,
    reason text not null check (btrim(reason) <> ''),
    changed_by text not null check (btrim(changed_by) <> ''),
    changed_at timestamptz not null default now(),
    check ((milestone_id is null) = (field = 'commissioning')),
    check (old_date is distinct from new_date)
);

create index date_revisions_checkpoint_idx on date_revisions (checkpoint_id, changed_at, id);

create function refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
end;
$$;

create trigger date_revisions_append_only
    before update or delete on date_revisions
    for each row execute function refuse_change();

create trigger date_revisions_no_truncate
    before truncate on date_revisions
    for each statement execute function refuse_change();

-- Records that the shipped reference data was loaded, so that it is loaded
-- once, on the first start of an empty database, and never again.
create table reference_data_loads (
    name text primary key,
    loaded_at timestamptz not null default now()
);
