-- Issue 10: a programme's target (how many checkpoints, by which year), shown
-- on the overview against the register's counts and edited by an
-- administrator. The register may name fewer checkpoints than the target.

alter table programmes
    add column target_count integer check (target_count > 0),
    add column target_year integer check (target_year > 0),
    -- A count without its year (or the reverse) says nothing a reader can use.
    add constraint programmes_target_complete check ((target_count is null) = (target_year is null)),
    -- Optimistic locking for the administrator's target form.
    add column version integer not null default 1,
    -- The order the overview lists programmes in: the plan first.
    add column position integer not null default 0;

update programmes set target_count = 9, target_year = 2025 where code = 'eaeu_external_2025';
update programmes set position = 1 where code = 'eaeu_external_2025';
update programmes set position = 2 where code = 'eaeu_internal';
update programmes set position = 3 where code = 'additional';
