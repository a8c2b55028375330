-- MFA (issue 12): WebAuthn credentials of a user: security keys (type 'roaming') and platform authenticators
-- ('platform') as second factors, and passkeys ('passkey') as a first factor. credential_id: base64url of the
-- authenticator's credential id, unique across users; attested_credential_data: base64url of the attested
-- credential data (AAGUID, credential id, COSE public key) as the authenticator returned it; sign_count: the
-- highest signature counter seen, so a cloned authenticator shows itself; transports: space-separated hints.
CREATE TABLE webauthn_credentials (
    id                        VARCHAR(64)   NOT NULL PRIMARY KEY,
    user_id                   VARCHAR(255)  NOT NULL,
    credential_id             VARCHAR(1400) NOT NULL,
    attested_credential_data  TEXT          NOT NULL,
    sign_count                BIGINT        NOT NULL,
    type                      VARCHAR(16)   NOT NULL,
    transports                VARCHAR(255)  NOT NULL,
    name                      VARCHAR(255)  NOT NULL,
    created_at                timestamp with time zone NOT NULL,
    last_used_at              timestamp with time zone
);
CREATE UNIQUE INDEX webauthn_credentials_credential ON webauthn_credentials (credential_id);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials (user_id);

-- The challenges handed out and not yet answered. challenge: base64url of the random challenge; bound_to: what it
-- was issued for (purpose, transaction and browser); a challenge is taken (deleted) by its answer, so it works once.
CREATE TABLE webauthn_challenges (
    challenge   VARCHAR(64)   NOT NULL PRIMARY KEY,
    bound_to    VARCHAR(512)  NOT NULL,
    expires_at  timestamp with time zone NOT NULL
);
CREATE INDEX webauthn_challenges_expiry ON webauthn_challenges (expires_at);
