-- private_key_jwt: the public keys an application signs its client assertions with, and the
-- assertion ids already used (kept until the assertion expires, so none can be replayed).

create table client_credentials (
    id          varchar(32) primary key,
    client_id   varchar(64) not null references clients (client_id) on delete cascade,
    doc         text not null,            -- name, kid, alg, credential_type, pem, dates
    created_at  timestamp with time zone not null
);
create index client_credentials_client on client_credentials (client_id);

create table client_assertion_jtis (
    client_id   varchar(64) not null,
    jti         varchar(256) not null,
    expires_at  timestamp with time zone not null,
    primary key (client_id, jti)
);
create index client_assertion_jtis_expiry on client_assertion_jtis (expires_at);
