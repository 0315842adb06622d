-- Weekly reports: one per reporting body per ISO week (UTC+5), each a
-- sequence of revisions. A submitted revision never changes (the database
-- refuses it); an amendment is a new revision that supersedes it.

create table reports (
    id bigint generated always as identity primary key,
    body text not null references reporting_bodies (code),
    iso_year integer not null check (iso_year between 2000 and 2100),
    iso_week integer not null check (iso_week between 1 and 53),
    created_at timestamptz not null default now(),
    unique (body, iso_year, iso_week)
);

create table report_revisions (
    id bigint generated always as identity primary key,
    report_id bigint not null references reports (id),
    number integer not null check (number >= 1),
    status text not null check (status in ('draft', 'submitted', 'reviewed', 'returned')),
    -- Optimistic locking of a draft; meaningless once submitted.
    version integer not null default 1,
    created_by bigint not null references users (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    submitted_by bigint references users (id),
    submitted_at timestamptz,
    late boolean,
    reviewed_by bigint references users (id),
    reviewed_at timestamptz,
    review_comment text,
    unique (report_id, number),
    check ((status = 'draft') = (submitted_at is null)),
    check ((status = 'draft') = (late is null)),
    check ((status in ('reviewed', 'returned')) = (reviewed_at is not null))
);

-- At most one draft per report at a time.
create unique index report_revisions_one_draft on report_revisions (report_id) where status = 'draft';
create index report_revisions_submitted_idx on report_revisions (report_id, submitted_at) where status <> 'draft';

create table report_entries (
    revision_id bigint not null references report_revisions (id) on delete cascade,
    checkpoint_id bigint not null references checkpoints (id),
    percent_complete smallint check (percent_complete between 0 and 100),
    proposed_status text check (proposed_status in ('on_track', 'at_risk', 'delayed', 'commissioned')),
    narrative text not null default '',
    next_week_plan text not null default '',
    -- Required (by the app) when the percent falls below the body's previous figure.
    decrease_explanation text not null default '',
    proposed_date date,
    proposed_date_reason text not null default '',
    check (proposed_date is null or btrim(proposed_date_reason) <> ''),
    primary key (revision_id, checkpoint_id)
);

create table report_issues (
    id bigint generated always as identity primary key,
    revision_id bigint not null,
    checkpoint_id bigint not null,
    category text not null check (category in ('equipment', 'internet', 'customs_staffing', 'construction',
        'financing', 'other')),
    severity text not null check (severity in ('low', 'medium', 'high')),
    text text not null check (btrim(text) <> ''),
    foreign key (revision_id, checkpoint_id) references report_entries (revision_id, checkpoint_id) on delete cascade
);

create table report_milestone_updates (
    revision_id bigint not null,
    checkpoint_id bigint not null,
    milestone_id bigint not null references milestones (id),
    done boolean not null,
    actual_date date,
    primary key (revision_id, milestone_id),
    foreign key (revision_id, checkpoint_id) references report_entries (revision_id, checkpoint_id) on delete cascade
);

-- The date revision a submitted report caused, so the timeline can link it.
alter table date_revisions add column report_revision_id bigint references report_revisions (id);

-- Immutability: rows of a revision change only while it is a draft; a
-- submitted revision may only be reviewed or returned (review columns).
create function refuse_change_unless_draft() returns trigger language plpgsql as $$
declare
    rev_status text;
begin
    select status into rev_status from report_revisions
    where id = coalesce(case when tg_op = 'DELETE' then old.revision_id else new.revision_id end, old.revision_id);
    if rev_status is distinct from 'draft' then
        raise exception 'report revision is % and cannot change', rev_status using errcode = 'restrict_violation';
    end if;
    if tg_op = 'UPDATE' and old.revision_id <> new.revision_id then
        raise exception 'rows cannot move between revisions' using errcode = 'restrict_violation';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end;
$$;

create trigger report_entries_draft_only before insert or update or delete on report_entries
    for each row execute function refuse_change_unless_draft();
create trigger report_issues_draft_only before insert or update or delete on report_issues
    for each row execute function refuse_change_unless_draft();
create trigger report_milestone_updates_draft_only before insert or update or delete on report_milestone_updates
    for each row execute function refuse_change_unless_draft();

create function guard_report_revision() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        if old.status <> 'draft' then
            raise exception 'a submitted report revision cannot be deleted' using errcode = 'restrict_violation';
        end if;
        return old;
    end if;
    if old.status = 'draft' then
        return new;
    end if;
    -- Submitted: only the review may be recorded, once.
    if old.status = 'submitted' and new.status in ('reviewed', 'returned')
       and (new.report_id, new.number, new.created_by, new.created_at, new.submitted_by, new.submitted_at, new.late)
           is not distinct from
           (old.report_id, old.number, old.created_by, old.created_at, old.submitted_by, old.submitted_at, old.late) then
        return new;
    end if;
    raise exception 'report revision is % and cannot change', old.status using errcode = 'restrict_violation';
end;
$$;

create trigger report_revisions_guard before update or delete on report_revisions
    for each row execute function guard_report_revision();
