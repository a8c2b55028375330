-- The tenant model of the foundation: settings, signing keys, clients, APIs, client grants,
-- connections, users and roles. Written in the SQL subset that H2 (PostgreSQL mode) and
-- PostgreSQL 15+ both accept (ARCHITECTURE.md section 5.6). Documents that the Management API
-- returns whole are kept as JSON in text columns ("doc") and parsed in Java; the columns beside
-- them are the ones that are queried, joined or kept unique.

create table tenant_settings (
    id          int primary key,
    doc         text not null,
    updated_at  timestamp with time zone not null
);

create table signing_keys (
    kid              varchar(64) primary key,
    public_jwk       text not null,
    private_key_enc  text not null,
    certificate      text not null,
    status           varchar(16) not null,   -- next | current | previous
    revoked          boolean not null default false,
    created_at       timestamp with time zone not null,
    current_since    timestamp with time zone,
    current_until    timestamp with time zone,
    revoked_at       timestamp with time zone
);

create table clients (
    client_id       varchar(64) primary key,
    name            text not null,
    is_first_party  boolean not null,
    app_type        varchar(32),
    secret_hash     varchar(128),
    doc             text not null,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null
);

create table resource_servers (
    id          varchar(32) primary key,
    identifier  varchar(600) not null unique,
    name        text not null,
    is_system   boolean not null,
    doc         text not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null
);

create table client_grants (
    id              varchar(32) primary key,
    client_id       varchar(64),
    default_for     varchar(32),
    subject_key     varchar(96) not null,   -- client_id, or 'default:' || default_for: the unique subject
    audience        varchar(600) not null,
    subject_type    varchar(32) not null,
    is_system       boolean not null default false,
    doc             text not null,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    constraint client_grants_subject_audience unique (subject_key, audience, subject_type)
);
create index client_grants_client on client_grants (client_id);
create index client_grants_audience on client_grants (audience);

create table connections (
    id                    varchar(32) primary key,
    name                  varchar(128) not null unique,
    strategy              varchar(64) not null,
    is_domain_connection  boolean not null default false,
    doc                   text not null,
    created_at            timestamp with time zone not null,
    updated_at            timestamp with time zone not null
);

create table connection_clients (
    connection_id  varchar(32) not null references connections (id) on delete cascade,
    client_id      varchar(64) not null,
    primary key (connection_id, client_id)
);
create index connection_clients_client on connection_clients (client_id);

create table users (
    user_id        varchar(128) primary key,
    connection_id  varchar(32) not null,
    email          varchar(320),
    username       varchar(128),
    password_hash  text,
    blocked        boolean not null default false,
    doc            text not null,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null,
    constraint users_connection_email unique (connection_id, email),
    constraint users_connection_username unique (connection_id, username)
);
create index users_email on users (email);

create table roles (
    id           varchar(32) primary key,
    name         varchar(128) not null,
    description  text,
    type         varchar(16) not null default 'tenant',
    owner_key    varchar(64) not null default '',   -- owner_id, or '' for tenant roles: the unique scope
    created_at   timestamp with time zone not null,
    constraint roles_name unique (name, type, owner_key)
);

create table role_permissions (
    role_id                     varchar(32) not null references roles (id) on delete cascade,
    resource_server_identifier  varchar(600) not null,
    permission_name             varchar(280) not null,
    primary key (role_id, resource_server_identifier, permission_name)
);

create table user_roles (
    user_id  varchar(128) not null references users (user_id) on delete cascade,
    role_id  varchar(32) not null references roles (id) on delete cascade,
    primary key (user_id, role_id)
);
create index user_roles_role on user_roles (role_id);

create table user_permissions (
    user_id                     varchar(128) not null references users (user_id) on delete cascade,
    resource_server_identifier  varchar(600) not null,
    permission_name             varchar(280) not null,
    primary key (user_id, resource_server_identifier, permission_name)
);
