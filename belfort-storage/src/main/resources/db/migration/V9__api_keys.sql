-- API keys: the SHA-256 of each secret, never the secret; revoked keys stay for the record.
CREATE TABLE api_keys (
    id          text        PRIMARY KEY,
    secret_hash text        NOT NULL,
    tenant      text,
    role        text        NOT NULL CHECK (role IN ('admin', 'tenant-admin', 'publisher', 'reader')),
    description text,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant);
