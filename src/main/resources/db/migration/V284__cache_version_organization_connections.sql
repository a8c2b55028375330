-- Issue 15: the connections each organization enables are read from each node's cache on the sign-in path
-- (CachedOrganizationConnectionStore; an organization sign-in asked "which connections does some organization
-- enable" nine times); every write of an organization's connections, of an organization or of a connection
-- moves this version so other nodes drop their copies.
insert into cache_versions (kind, version) values ('organization_connections', 0);
