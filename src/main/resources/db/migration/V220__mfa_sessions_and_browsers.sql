-- MFA (issue 12). The methods of the second factor an SSO session was started with (sid: sessions.sid), so
-- tokens issued later from that session (silent sign-in, refresh) keep their amr; and the browsers a user asked
-- to be remembered (token_hash: SHA-256 of the random cookie value, never the value itself).
CREATE TABLE mfa_session_methods (
    sid         VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_id     VARCHAR(255) NOT NULL,
    methods     VARCHAR(255) NOT NULL,
    created_at  TIMESTAMP    NOT NULL
);
CREATE INDEX mfa_session_methods_user ON mfa_session_methods (user_id);

CREATE TABLE mfa_remembered_browsers (
    token_hash  VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_id     VARCHAR(255) NOT NULL,
    expires_at  TIMESTAMP    NOT NULL,
    created_at  TIMESTAMP    NOT NULL
);
CREATE INDEX mfa_remembered_browsers_user ON mfa_remembered_browsers (user_id);
