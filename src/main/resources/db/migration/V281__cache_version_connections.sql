-- Issue 15: connections and the applications enabled on them are read from each node's cache on the
-- sign-in path (CachedConnectionStore); every write moves this version so other nodes drop their copies.
insert into cache_versions (kind, version) values ('connections', 0);
