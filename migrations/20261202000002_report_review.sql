-- Issue 9: the PM office decides on proposed dates and milestone progress;
-- lateness is decided once and stored; a returned report has a correction
-- deadline; a report may state "no change this week".

alter table report_revisions
    -- "Nothing changed this week", stated by the body instead of entries.
    add column no_change boolean not null default false,
    -- Set at submission: what this revision is, and the deadline it was
    -- judged against (the week's deadline for the first submission, the
    -- correction deadline for a correction, none for a voluntary amendment).
    add column kind text check (kind in ('first', 'correction', 'amendment')),
    add column due_at timestamptz,
    -- Set when the PM office returns the revision.
    add column correction_due timestamptz;

-- Revisions submitted before this migration: the first is "first", later ones
-- amendments (the old rules judged none of them against a correction).
update report_revisions set kind = case when number = 1 then 'first' else 'amendment' end
where status <> 'draft';
update report_revisions set correction_due = reviewed_at + interval '3 days' where status = 'returned';

alter table report_revisions
    add constraint report_revisions_kind_when_submitted check ((status = 'draft') = (kind is null)),
    add constraint report_revisions_correction_due_when_returned
        check ((status = 'returned') = (correction_due is not null));

-- A submitted revision may only be reviewed or returned (and given its
-- correction deadline), once; nothing else about it changes.
create or replace function guard_report_revision() returns trigger language plpgsql as $$
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
    if old.status = 'submitted' and new.status in ('reviewed', 'returned')
       and (new.report_id, new.number, new.created_by, new.created_at, new.submitted_by, new.submitted_at, new.late,
            new.no_change, new.kind, new.due_at)
           is not distinct from
           (old.report_id, old.number, old.created_by, old.created_at, old.submitted_by, old.submitted_at, old.late,
            old.no_change, old.kind, old.due_at) then
        return new;
    end if;
    raise exception 'report revision is % and cannot change', old.status using errcode = 'restrict_violation';
end;
$$;

-- The PM office's decision on each proposed commissioning date of a
-- reviewed revision. Accepted: the date revision it caused (none when the
-- plan already had that date). Declined: why.
create table proposal_decisions (
    revision_id bigint not null,
    checkpoint_id bigint not null,
    accepted boolean not null,
    reason text not null default '',
    decided_by bigint not null references users (id),
    decided_at timestamptz not null default now(),
    date_revision_id bigint references date_revisions (id),
    primary key (revision_id, checkpoint_id),
    foreign key (revision_id, checkpoint_id) references report_entries (revision_id, checkpoint_id),
    check (accepted or btrim(reason) <> ''),
    check (accepted or date_revision_id is null)
);

-- The same for milestone progress reported in a revision.
create table milestone_update_decisions (
    revision_id bigint not null,
    milestone_id bigint not null,
    accepted boolean not null,
    reason text not null default '',
    decided_by bigint not null references users (id),
    decided_at timestamptz not null default now(),
    primary key (revision_id, milestone_id),
    foreign key (revision_id, milestone_id) references report_milestone_updates (revision_id, milestone_id),
    check (accepted or btrim(reason) <> '')
);

create trigger proposal_decisions_append_only before update or delete on proposal_decisions
    for each row execute function refuse_change();
create trigger proposal_decisions_no_truncate before truncate on proposal_decisions
    for each statement execute function refuse_change();
create trigger milestone_update_decisions_append_only before update or delete on milestone_update_decisions
    for each row execute function refuse_change();
create trigger milestone_update_decisions_no_truncate before truncate on milestone_update_decisions
    for each statement execute function refuse_change();

-- The review queue: submitted revisions, oldest first.
create index report_revisions_queue_idx on report_revisions (submitted_at) where status = 'submitted';
