-- Second factors of a user. secret: the TOTP key sealed under the master key (never stored in clear);
-- last_step: the last RFC 6238 time step accepted, so each code is usable once.
CREATE TABLE mfa_enrollments (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_id     VARCHAR(255) NOT NULL,
    type        VARCHAR(32)  NOT NULL,
    secret      TEXT         NOT NULL,
    confirmed   BOOLEAN      NOT NULL,
    last_step   BIGINT       NOT NULL,
    created_at  TIMESTAMP    NOT NULL
);
CREATE INDEX mfa_enrollments_user ON mfa_enrollments (user_id);
