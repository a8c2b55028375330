-- The user's display name beside its document, because GET /api/v2/users searches it
-- (a bare word in q matches email or name, case-insensitively).
alter table users add column name text;
