-- The event streams of open datasets read the history in commit order: by tenant and time of writing.
CREATE INDEX attribute_instances_by_tenant_time ON attribute_instances (tenant, modified_at, entity_id);

-- Closed (full, immutable) pages of each dataset's event stream, with their members as N-Quads, so that a
-- published page never changes, whatever happens to the entities later.
CREATE TABLE ldes_pages (
    tenant        text        NOT NULL,
    type          text        NOT NULL,
    page_no       integer     NOT NULL,
    first_at      timestamptz NOT NULL,
    first_entity  text        NOT NULL,
    last_at       timestamptz NOT NULL,
    last_entity   text        NOT NULL,
    member_count  integer     NOT NULL,
    members       text        NOT NULL,
    closed_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant, type, page_no)
);
