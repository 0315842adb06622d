-- The audit trail: who changed what, when, from where, with the record
-- before and after. Append-only: the database refuses to rewrite it.
create table audit_log (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    actor text not null check (btrim(actor) <> ''),
    action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
    entity text not null check (entity ~ '^[a-z_]+$'),
    entity_id bigint,
    before jsonb,
    after jsonb,
    request_id text,
    client_addr inet
);

create index audit_log_entity_idx on audit_log (entity, entity_id, at);
create index audit_log_at_idx on audit_log (at);

create trigger audit_log_append_only
    before update or delete on audit_log
    for each row execute function refuse_change();

create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function refuse_change();
