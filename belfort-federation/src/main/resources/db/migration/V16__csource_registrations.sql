-- Context source registrations (clause 5.2.9): the document as registered, entity types and attribute names
-- expanded. The platform keeps them in memory; the table only has to survive a restart.
CREATE TABLE csource_registrations (
    tenant     text        NOT NULL,
    id         text        NOT NULL,
    document   jsonb       NOT NULL,
    expires_at timestamptz,
    PRIMARY KEY (tenant, id)
);
