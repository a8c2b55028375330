-- Issue 17 point 8: the fields GET /api/v2/users?q= searches, copied out of the user document on
-- every write (V262 fills them for the users that exist), and the scalar values of app_metadata and
-- user_metadata, one row per path and value, for exact metadata terms.
alter table users add column nickname text;
alter table users add column logins_count bigint;
alter table users add column last_login timestamp with time zone;

create table user_search_metadata (
    user_id  varchar(128) not null references users (user_id) on delete cascade,
    kind     varchar(16) not null,     -- app_metadata or user_metadata
    path     varchar(255) not null,    -- dotted path below it, e.g. plan or address.city
    meta_value varchar(1000) not null, -- the scalar as text (true, 42, gold)
    primary key (user_id, kind, path, meta_value)
);
create index user_search_metadata_value on user_search_metadata (kind, path, meta_value);
