-- Issue 10: the PM office may override a checkpoint's RAG colour, with a
-- reason, and lift the override. The history is append-only; a row whose rag
-- is null lifts the override before it. The current override of a checkpoint
-- is its latest row, when that row's rag is not null.
create table rag_overrides (
    id bigint generated always as identity primary key,
    checkpoint_id bigint not null references checkpoints (id),
    rag text check (rag in ('green', 'amber', 'red')),
    reason text not null default '' check (char_length(reason) <= 10000),
    set_by bigint not null references users (id),
    set_at timestamptz not null default now(),
    check (rag is null or btrim(reason) <> '')
);

create index rag_overrides_checkpoint_idx on rag_overrides (checkpoint_id, id desc);

create trigger rag_overrides_append_only before update or delete on rag_overrides
    for each row execute function refuse_change();
create trigger rag_overrides_no_truncate before truncate on rag_overrides
    for each statement execute function refuse_change();

-- Each checkpoint's override in force, with who set it (by display name).
create view current_rag_overrides as
select o.checkpoint_id, o.rag, o.reason, u.display_name as set_by, o.set_at
from (select distinct on (checkpoint_id) checkpoint_id, rag, reason, set_by, set_at
      from rag_overrides order by checkpoint_id, id desc) o
join users u on u.id = o.set_by
where o.rag is not null;
