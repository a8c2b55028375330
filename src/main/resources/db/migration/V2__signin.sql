-- Sign-in: authorization transactions, browser sessions, authorization codes, refresh tokens,
-- consents and failed-login counters. Secrets (session cookies, codes, refresh tokens) are stored
-- only as SHA-256 hashes.

create table auth_transactions (
    id           varchar(64) primary key,
    client_id    varchar(64) not null,
    device_id    varchar(64) not null,
    doc          text not null,            -- the validated request and the progress of the flow
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone not null
);
create index auth_transactions_expiry on auth_transactions (expires_at);

create table sessions (
    id_hash          varchar(64) primary key,   -- SHA-256 of the cookie value
    sid              varchar(64) not null unique,
    user_id          varchar(128) not null,
    connection_id    varchar(32) not null,
    auth_time        timestamp with time zone not null,
    created_at       timestamp with time zone not null,
    last_active_at   timestamp with time zone not null,
    expires_at       timestamp with time zone not null,
    idle_expires_at  timestamp with time zone not null,
    revoked          boolean not null default false
);
create index sessions_user on sessions (user_id);

create table authorization_codes (
    code_hash    varchar(64) primary key,
    client_id    varchar(64) not null,
    doc          text not null,            -- what the code was issued for
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    consumed_at  timestamp with time zone
);

create table refresh_tokens (
    token_hash        varchar(64) primary key,
    family_id         varchar(64) not null,
    client_id         varchar(64) not null,
    user_id           varchar(128) not null,
    code_hash         varchar(64),             -- the authorization code the family started from
    doc               text not null,           -- audience, scope, organization, session, auth_time
    created_at        timestamp with time zone not null,
    expires_at        timestamp with time zone,
    idle_expires_at   timestamp with time zone,
    family_expires_at timestamp with time zone,
    rotated_at        timestamp with time zone,
    revoked_at        timestamp with time zone
);
create index refresh_tokens_family on refresh_tokens (family_id);
create index refresh_tokens_user_client on refresh_tokens (user_id, client_id);
create index refresh_tokens_code on refresh_tokens (code_hash);

create table consent_grants (
    id               varchar(32) primary key,
    user_id          varchar(128) not null,
    client_id        varchar(64) not null,
    audience         varchar(600) not null,
    organization_key varchar(64) not null default '',   -- organization id, or '' outside organizations
    scope            text not null,                      -- space-separated
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    constraint consent_grants_key unique (user_id, client_id, audience, organization_key)
);
create index consent_grants_client on consent_grants (client_id);

create table login_failures (
    user_key     varchar(400) not null,   -- connection id and lower-cased username/email
    ip           varchar(64) not null,
    failures     int not null,
    last_failure timestamp with time zone not null,
    blocked_at   timestamp with time zone,
    primary key (user_key, ip)
);
