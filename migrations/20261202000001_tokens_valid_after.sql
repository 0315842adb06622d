-- API tokens created before this end. Until now they ended with the
-- sessions (sessions_valid_after); now a person changing their own password
-- ends their other sessions but keeps their tokens, while an administrator's
-- reset or a disabled account still ends both.
alter table users add column tokens_valid_after timestamptz;
update users set tokens_valid_after = sessions_valid_after;
alter table users alter column tokens_valid_after set not null, alter column tokens_valid_after set default now();
