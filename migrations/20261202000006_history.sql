-- Issue 10: "as of a week". Everything the overview and a checkpoint's page
-- show must be known as it stood at any past instant: planned dates already
-- keep their history (date_revisions), reports their revisions; a
-- checkpoint's lifecycle status and actual commissioning date now do too.

-- Every status (and actual commissioning date) a checkpoint has had, from
-- its creation. Append-only, written by the trigger below on every insert
-- and on every change of either column, so that no code path can forget it.
-- `changed_by` is the display name of the person (set per transaction with
-- `set_config('app.actor', name, true)`), `changed_at` the transaction's time
-- unless `app.changed_at` says otherwise (the demo data backdates).
create table status_revisions (
    id bigint generated always as identity primary key,
    checkpoint_id bigint not null references checkpoints (id),
    status text not null
        check (status in ('planned', 'in_reconstruction', 'commissioned', 'suspended', 'unknown')),
    actual_commissioning date,
    changed_by text not null check (btrim(changed_by) <> ''),
    changed_at timestamptz not null default now()
);

create index status_revisions_checkpoint_idx on status_revisions (checkpoint_id, changed_at, id);

create trigger status_revisions_append_only before update or delete on status_revisions
    for each row execute function refuse_change();
create trigger status_revisions_no_truncate before truncate on status_revisions
    for each statement execute function refuse_change();

-- What there is today, known since the checkpoint was created.
insert into status_revisions (checkpoint_id, status, actual_commissioning, changed_by, changed_at)
select id, status, actual_commissioning, 'register', created_at from checkpoints order by id;

create function record_status_revision() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and (new.status, new.actual_commissioning)
                            is not distinct from (old.status, old.actual_commissioning) then
        return new;
    end if;
    insert into status_revisions (checkpoint_id, status, actual_commissioning, changed_by, changed_at)
    values (new.id, new.status, new.actual_commissioning,
            coalesce(nullif(current_setting('app.actor', true), ''), 'system'),
            coalesce(nullif(current_setting('app.changed_at', true), '')::timestamptz, now()));
    return new;
end;
$$;

create trigger checkpoints_status_history after insert or update of status, actual_commissioning on checkpoints
    for each row execute function record_status_revision();

-- The revision that counted for each body's week at instant `at`: the
-- highest-numbered revision submitted by then, unless the PM office had
-- returned it by then; its status as it was then (a revision reviewed later
-- was still "submitted"). `counted_revisions` is this at now().
create function counted_revisions_at(at timestamptz)
returns table (id bigint, status text, body text, yw integer)
language sql stable as $$
    select cur.id, case when cur.reviewed_at <= at then cur.status else 'submitted' end, cur.body, cur.yw
    from (
        select distinct on (rv.report_id) rv.id, rv.status, rv.reviewed_at, r.body,
               r.iso_year * 100 + r.iso_week as yw
        from report_revisions rv join reports r on r.id = rv.report_id
        where rv.status <> 'draft' and rv.submitted_at <= at
        order by rv.report_id, rv.number desc
    ) cur
    where not (cur.status = 'returned' and cur.reviewed_at <= at)
$$;

-- A number that grows with every committed change of what the overview and
-- the checkpoint pages show. An app instance may keep what it computed from
-- the database for as long as this number has not changed: it is bumped in
-- the writing transaction, so every instance sees the new number exactly
-- when it can see the new data (a sequence would show it before the commit).
create table data_generation (
    only_row boolean primary key default true check (only_row),
    n bigint not null
);
insert into data_generation (n) values (1);

create function bump_data_generation() returns trigger language plpgsql as $$
begin
    update data_generation set n = n + 1;
    return null;
end;
$$;

create trigger checkpoints_generation after insert or update or delete on checkpoints
    for each statement execute function bump_data_generation();
create trigger milestones_generation after insert or update or delete on milestones
    for each statement execute function bump_data_generation();
create trigger date_revisions_generation after insert on date_revisions
    for each statement execute function bump_data_generation();
create trigger programmes_generation after insert or update or delete on programmes
    for each statement execute function bump_data_generation();
create trigger reports_generation after insert or update or delete on reports
    for each statement execute function bump_data_generation();
create trigger report_revisions_generation after insert or update or delete on report_revisions
    for each statement execute function bump_data_generation();
create trigger report_entries_generation after insert or update or delete on report_entries
    for each statement execute function bump_data_generation();
create trigger report_issues_generation after insert or update or delete on report_issues
    for each statement execute function bump_data_generation();
create trigger report_milestone_updates_generation after insert or update or delete on report_milestone_updates
    for each statement execute function bump_data_generation();
create trigger proposal_decisions_generation after insert on proposal_decisions
    for each statement execute function bump_data_generation();
create trigger milestone_update_decisions_generation after insert on milestone_update_decisions
    for each statement execute function bump_data_generation();
create trigger rag_overrides_generation after insert on rag_overrides
    for each statement execute function bump_data_generation();
