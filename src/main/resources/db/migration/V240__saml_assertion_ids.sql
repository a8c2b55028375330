-- issue 11: ids of SAML assertions already accepted, per connection, kept until the assertion expires,
-- so that no assertion signs anyone in twice.
CREATE TABLE saml_assertion_ids (
    connection_id VARCHAR(64)  NOT NULL,
    assertion_id  VARCHAR(256) NOT NULL,
    expires_at    TIMESTAMP    NOT NULL,
    PRIMARY KEY (connection_id, assertion_id)
);
CREATE INDEX saml_assertion_ids_expiry ON saml_assertion_ids (expires_at);
