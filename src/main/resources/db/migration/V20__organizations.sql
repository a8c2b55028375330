-- Organizations (organizations.md §1, api-contract.md §B.7): the organization itself and the
-- relations that hang off it. Every relation row names its organization with a cascading foreign
-- key, and the user, connection, client, client grant or role it points at with another, so that
-- deleting either side removes the row without each store having to know about organizations.
-- Same SQL subset as V1 (H2 in PostgreSQL mode and PostgreSQL 15+).

create table organizations (
    id          varchar(32) primary key,
    name        varchar(50) not null unique,
    doc         text not null,          -- display_name, branding, metadata, token_quota, third_party_client_access, is_app_entitlement_active
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null
);

create table organization_connections (
    organization_id             varchar(32) not null references organizations (id) on delete cascade,
    connection_id               varchar(32) not null references connections (id) on delete cascade,
    assign_membership_on_login  boolean not null,
    show_as_button              boolean not null,
    is_signup_enabled           boolean not null,
    is_enabled                  boolean not null,       -- false keeps the flags but takes the connection out of use
    organization_connection_name  varchar(50),
    organization_access_level   varchar(16),            -- none | readonly | limited | full
    created_at                  timestamp with time zone not null,
    primary key (organization_id, connection_id)
);
create index organization_connections_connection on organization_connections (connection_id);

create table organization_members (
    organization_id  varchar(32) not null references organizations (id) on delete cascade,
    user_id          varchar(128) not null references users (user_id) on delete cascade,
    created_at       timestamp with time zone not null,
    primary key (organization_id, user_id)
);
create index organization_members_user on organization_members (user_id);

-- Kept apart from organization_members: Auth0 accepts roles for a user who is not (yet) a member
-- (api-contract.md §B.7.2); they take effect once the membership exists.
create table organization_member_roles (
    organization_id  varchar(32) not null references organizations (id) on delete cascade,
    user_id          varchar(128) not null references users (user_id) on delete cascade,
    role_id          varchar(32) not null references roles (id) on delete cascade,
    primary key (organization_id, user_id, role_id)
);
create index organization_member_roles_role on organization_member_roles (role_id);

create table organization_invitations (
    id               varchar(32) primary key,
    organization_id  varchar(32) not null references organizations (id) on delete cascade,
    ticket_id        varchar(64) not null unique,
    client_id        varchar(64) not null references clients (client_id) on delete cascade,
    connection_id    varchar(32) references connections (id) on delete cascade,
    invitee_email    varchar(320) not null,
    doc              text not null,     -- the invitation as the Management API returns it
    created_at       timestamp with time zone not null,
    expires_at       timestamp with time zone not null
);
create index organization_invitations_org on organization_invitations (organization_id, created_at);

create table organization_discovery_domains (
    id                              varchar(32) primary key,
    organization_id                 varchar(32) not null references organizations (id) on delete cascade,
    domain                          varchar(255) not null,   -- lower-cased
    status                          varchar(16) not null,    -- pending | verified
    use_for_organization_discovery  boolean not null,
    verification_txt                varchar(128) not null,
    verification_host               varchar(300) not null,
    created_at                      timestamp with time zone not null,
    constraint organization_discovery_domains_domain unique (organization_id, domain)
);
create index organization_discovery_domains_lookup on organization_discovery_domains (domain);

create table organization_client_grants (
    organization_id  varchar(32) not null references organizations (id) on delete cascade,
    grant_id         varchar(32) not null references client_grants (id) on delete cascade,
    created_at       timestamp with time zone not null,
    primary key (organization_id, grant_id)
);
create index organization_client_grants_grant on organization_client_grants (grant_id);

create table organization_clients (
    organization_id        varchar(32) not null references organizations (id) on delete cascade,
    client_id              varchar(64) not null references clients (client_id) on delete cascade,
    use_for_member_access  boolean not null,
    created_at             timestamp with time zone not null,
    primary key (organization_id, client_id)
);
create index organization_clients_client on organization_clients (client_id);
