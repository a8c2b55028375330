-- Signing keys join the caches kept in step across nodes (storage/CacheVersions): a rotation or a
-- revocation on one node reaches the others within the poll interval.
insert into cache_versions (kind, version) values ('signing_keys', 0);
