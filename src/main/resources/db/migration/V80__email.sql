-- E-mail (issue 13): the outbox every node shares, the tenant's template overrides, the single-use
-- links of the account life cycle (stored only as hashes), and the request log the rate limits read.

-- status: pending (waiting for SMTP), held (no SMTP configured: kept to be read on the dashboard),
-- sent, failed (gave up after the last retry or on a permanent refusal). A node claims a pending row
-- by setting lease_owner/lease_until in one UPDATE whose WHERE clause only matches an unleased (or
-- lapsed) due row, and checks that it changed exactly one row; only the holder may settle it.
create table email_outbox (
    id              varchar(40) primary key,
    recipient       varchar(320) not null,
    template        varchar(64) not null,
    subject         text not null,
    text_body       text not null,
    html_body       text not null,
    status          varchar(16) not null,
    attempts        integer not null,
    next_attempt_at timestamp with time zone not null,
    lease_owner     varchar(64),
    lease_until     timestamp with time zone,
    last_error      text,
    created_at      timestamp with time zone not null,
    sent_at         timestamp with time zone
);
create index email_outbox_due on email_outbox (status, next_attempt_at);
create index email_outbox_created on email_outbox (created_at);

-- the Management API document of a template the tenant changed (Auth0's shape, JSON as text)
create table email_templates (
    name        varchar(64) primary key,
    doc         text not null,
    updated_at  timestamp with time zone not null
);

-- password-reset and e-mail-verification links: the SHA-256 of the random token, never the token
create table account_tickets (
    token_hash  varchar(64) primary key,
    kind        varchar(32) not null,
    user_id     varchar(255) not null,
    email       varchar(320),
    client_id   varchar(64),
    result_url  text,
    doc         text not null,
    created_at  timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    used_at     timestamp with time zone
);
create index account_tickets_user on account_tickets (user_id, kind);

-- one row per reset or verification request, by bucket (address or client IP), for the rate limits
create table email_requests (
    bucket      varchar(400) not null,
    at          timestamp with time zone not null
);
create index email_requests_bucket on email_requests (bucket, at);
