-- Issue 9, point 3: dashboard administrator status lives here, not in app_metadata, so that no
-- profile write can grant it. Existing administrators are copied over by V51 (a Java migration,
-- since only a JSON parser can tell app_metadata.atrium_admin from a look-alike in user_metadata).
create table administrators (
    user_id     varchar(128) primary key references users (user_id) on delete cascade,
    granted_by  varchar(300) not null,   -- config:ATRIUM_ADMIN_EMAIL, user:<id>, client:<id>, migration:...
    granted_at  timestamp with time zone not null
);

-- Issue 9, point 12: an SSO session and a dashboard session are different things; each cookie
-- accepts only its own kind. Sessions from before this version cannot be told apart, so they end:
-- every browser signs in once more after the upgrade.
alter table sessions add column kind varchar(16) default 'sso' not null;
update sessions set revoked = true;
