-- Every write and access-policy change: who, when, tenant, what, and the outcome (HTTP status).
CREATE TABLE audit_log (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL,
    principal   text        NOT NULL,
    role        text,
    tenant      text        NOT NULL,
    operation   text        NOT NULL,
    entity_id   text,
    attributes  text[]      NOT NULL,
    status      integer     NOT NULL
);
CREATE INDEX audit_log_by_tenant ON audit_log (tenant, at);
CREATE INDEX audit_log_by_time ON audit_log (at);
