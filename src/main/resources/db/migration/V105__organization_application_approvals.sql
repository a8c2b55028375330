-- Issue 14: an organization administrator's decision on a self-registered third-party application
-- (dynamic registration or Client ID Metadata Document) in an organization whose onboarding policy makes
-- new third-party applications wait for approval. One row per (organization, application); the first
-- sign-in attempt records it as pending. Cascades with either side, like the other organization relations.
create table organization_application_approvals (
    organization_id  varchar(32) not null references organizations (id) on delete cascade,
    client_id        varchar(64) not null references clients (client_id) on delete cascade,
    status           varchar(16) not null,   -- pending, approved, denied
    requested_at     timestamp with time zone not null,
    decided_at       timestamp with time zone,
    primary key (organization_id, client_id)
);
