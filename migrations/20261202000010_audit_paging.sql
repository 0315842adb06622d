-- The audit page (src/web/audit.rs) pages through the trail newest first
-- on (at, id): entries of one transaction share `at`, so the id breaks the
-- tie. This index serves that order and everything the index on `at` alone
-- served, which it replaces.
create index audit_log_at_id_idx on audit_log (at, id);
drop index audit_log_at_idx;
