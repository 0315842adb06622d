-- Personal API tokens for the ministries' own systems. Only a SHA-256 of
-- each token is stored (tokens are 256 random bits, so a slow hash adds
-- nothing); the token itself is shown once, at creation.
create table api_tokens (
    id bigint generated always as identity primary key,
    user_id bigint not null references users (id),
    label text not null default '',
    token_hash bytea not null unique check (length(token_hash) = 32),
    -- The first characters, so that a person can tell their tokens apart.
    prefix text not null,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz
);

create index api_tokens_user_idx on api_tokens (user_id);
