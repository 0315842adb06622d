-- Issue 10, point 10: the Prime Minister held committee chairmen personally
-- accountable and sent ministry leaders to the regions as coordinators. Each
-- reporting body has its accountable official, each region its coordinator.
--
-- Two tables of the same shape rather than one with a "kind": a body is a
-- foreign key to reporting_bodies, a region is the free text of
-- checkpoints.region (there is no table of regions), and each table then
-- says exactly what it holds, with no column that is null by kind.
--
-- Both are append-only histories of appointments. A row appoints `name`
-- (with `position`) from `effective_from`; a row whose name is null makes the
-- post vacant from that date. The post's holder on a date is the row with the
-- latest effective_from on or before it (of two rows for the same date, the
-- one recorded later: that is how a typing error is corrected). An as-of view
-- at an instant knows only the rows recorded by then (`recorded_at`).

create table accountable_officials (
    id bigint generated always as identity primary key,
    body text not null references reporting_bodies (code),
    name text check (btrim(name) <> '' and name = btrim(name) and char_length(name) <= 200),
    position text not null default '' check (position = btrim(position) and char_length(position) <= 300),
    effective_from date not null check (effective_from >= date '2020-01-01'),
    recorded_by bigint not null references users (id),
    recorded_at timestamptz not null default now(),
    -- A vacancy names nobody and no position.
    check (name is not null or position = '')
);

create index accountable_officials_body_idx on accountable_officials (body, effective_from, recorded_at);

create table region_coordinators (
    id bigint generated always as identity primary key,
    region text not null check (btrim(region) <> '' and region = btrim(region)),
    name text check (btrim(name) <> '' and name = btrim(name) and char_length(name) <= 200),
    position text not null default '' check (position = btrim(position) and char_length(position) <= 300),
    effective_from date not null check (effective_from >= date '2020-01-01'),
    recorded_by bigint not null references users (id),
    recorded_at timestamptz not null default now(),
    check (name is not null or position = '')
);

create index region_coordinators_region_idx on region_coordinators (region, effective_from, recorded_at);

create trigger accountable_officials_append_only before update or delete on accountable_officials
    for each row execute function refuse_change();
create trigger accountable_officials_no_truncate before truncate on accountable_officials
    for each statement execute function refuse_change();
create trigger region_coordinators_append_only before update or delete on region_coordinators
    for each row execute function refuse_change();
create trigger region_coordinators_no_truncate before truncate on region_coordinators
    for each statement execute function refuse_change();

-- The overview and the checkpoint pages show who answers for what.
create trigger accountable_officials_generation after insert on accountable_officials
    for each statement execute function bump_data_generation();
create trigger region_coordinators_generation after insert on region_coordinators
    for each statement execute function bump_data_generation();
