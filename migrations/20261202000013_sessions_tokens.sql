-- API tokens expire: each is given an expiry when created (default one
-- year, at most two). Tokens that exist already get a year from their
-- creation, as if they had been created with the default.
alter table api_tokens add column expires_at timestamptz;
update api_tokens set expires_at = created_at + interval '1 year';
alter table api_tokens
    alter column expires_at set not null,
    add constraint api_tokens_expiry_after_creation check (expires_at > created_at);

-- The maintenance task deletes login attempts older than 90 days by time.
create index login_attempts_at_idx on login_attempts (at);
