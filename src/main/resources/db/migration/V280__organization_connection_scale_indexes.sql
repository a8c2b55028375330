-- Issue 15 (scale): with 10,000 organizations on one database connection, the sign-in read the
-- organizations that add members on login for that connection by a sequential scan of
-- organization_connections (PostgreSQL plan in the issue's note). This index serves that read in its
-- order; H2 and PostgreSQL take the same plain index (H2 has no partial indexes).
create index organization_connections_auto_membership
    on organization_connections (connection_id, assign_membership_on_login, is_enabled, created_at, organization_id);
