-- Issue 15: an organization is read from each node's cache by id and by name (CachedOrganizationStore; the
-- organization picker alone read each of a user's organizations a few times per sign-in); every write of an
-- organization moves this version so other nodes drop their copies.
insert into cache_versions (kind, version) values ('organizations', 0);
