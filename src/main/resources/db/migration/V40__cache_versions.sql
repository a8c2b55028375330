-- One counter per kind of record that nodes cache (storage/CacheVersions). Every write of a kind
-- bumps its counter in the writing transaction; a node that sees a counter move drops its copies.

create table cache_versions (
    kind     varchar(32) primary key,
    version  bigint not null
);

insert into cache_versions (kind, version) values ('clients', 0);
insert into cache_versions (kind, version) values ('client_grants', 0);
insert into cache_versions (kind, version) values ('resource_servers', 0);
insert into cache_versions (kind, version) values ('tenant_settings', 0);
