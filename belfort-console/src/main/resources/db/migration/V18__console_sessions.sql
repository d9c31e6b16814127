-- The staff console's sign-in sessions, shared by every node on the database. Only a hash of the session's
-- secret is kept: a copy of this table signs nobody in.
CREATE TABLE console_sessions (
    id_hash      text        PRIMARY KEY,
    principal    text        NOT NULL,
    admin        boolean     NOT NULL,
    roles        jsonb       NOT NULL,
    csrf_token   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);
CREATE INDEX console_sessions_by_last_seen ON console_sessions (last_seen_at);
CREATE INDEX console_sessions_by_principal ON console_sessions (principal);
