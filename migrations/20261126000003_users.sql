-- Accounts. Passwords are stored as argon2id PHC strings, never in clear.
create table users (
    id bigint generated always as identity primary key,
    username text not null check (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
    display_name text not null check (btrim(display_name) <> ''),
    role text not null check (role in ('admin', 'pm_office', 'ministry_staff', 'analyst')),
    body text references reporting_bodies (code),
    password_hash text not null check (password_hash like '$argon2id$%'),
    active boolean not null default true,
    -- Sessions that began before this instant are no longer valid (set when
    -- the password is reset or the account disabled).
    sessions_valid_after timestamptz not null default now(),
    version integer not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    -- Ministry staff report for exactly one body; nobody else is bound to one.
    check ((role = 'ministry_staff') = (body is not null))
);

create unique index users_username_key on users (username);

-- Login attempts, for throttling (the audit trail keeps them for good; this
-- table may be pruned).
create table login_attempts (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    username text not null,
    client_addr inet,
    success boolean not null
);

create index login_attempts_username_idx on login_attempts (username, at) where not success;
create index login_attempts_addr_idx on login_attempts (client_addr, at) where not success;

alter table audit_log add column actor_id bigint references users (id);
