-- Sign-in throttling (src/db/throttles.rs): one row per (account, client
-- address) and one per client address (across accounts, against password
-- spraying). A login takes the rows' locks, decides from their state whether
-- the attempt may go on and counts it, in one short transaction, so that
-- parallel guesses queue on the row and each is counted. The failures of one
-- address never touch the rows of another: the owner signing in from
-- elsewhere is never refused. login_attempts stays as the history.
create table login_throttles (
    id bigint generated always as identity primary key,
    scope text not null check (scope in ('account', 'address')),
    -- The account's name as typed (normalised), '' for the address's row.
    username text not null,
    client_addr inet not null,
    -- Failed attempts (counted before the password is checked, taken back
    -- on success), and attempts refused while the delay ran.
    failures integer not null default 0 check (failures >= 0),
    refused integer not null default 0 check (refused >= 0),
    last_failure_at timestamptz not null default now(),
    -- Attempts before this instant are refused without checking the password.
    blocked_until timestamptz,
    check (scope = 'account' or username = ''),
    unique (scope, username, client_addr)
);

-- The administrators' page lists the throttles in force.
create index login_throttles_blocked_idx on login_throttles (blocked_until) where blocked_until is not null;
