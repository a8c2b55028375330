-- One row: the fingerprint of the migration set that last ran to completion on this database
-- (storage/SchemaFingerprint). A start-up whose own migrations have the same fingerprint skips Flyway.
create table schema_fingerprint (
    id          int          primary key,
    fingerprint varchar(64)  not null,
    recorded_at timestamp    not null
);
