-- Issue 14: initial access tokens (RFC 7591 §3) for an onboarding policy that opens dynamic registration only to
-- holders of one. Only the SHA-256 of each token is kept; the token itself is shown once, when it is minted.
create table initial_access_tokens (
    id           varchar(32)  not null primary key,
    token_hash   varchar(64)  not null unique,
    description  varchar(200),
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone not null
);

-- Issue 14: when a self-registered application was last used (an authorization request or a token request), so an
-- onboarding policy can remove the ones unused for a set number of days. Absent: never used since it was created.
create table self_registered_client_use (
    client_id    varchar(64) not null primary key references clients (client_id) on delete cascade,
    last_used_at timestamp with time zone not null
);
