-- Context source registrations (clause 5.2.9): the document as registered, entity types and attribute names
-- expanded. The platform keeps them in memory; the table only has to survive a restart.
CREATE TABLE csource_registrations (
    tenant     text        NOT NULL,
    id         text        NOT NULL,
    document   jsonb       NOT NULL,
    expires_at timestamptz,
    PRIMARY KEY (tenant, id)
);

-- Subscriptions to registrations (clause 5.2.26, CSourceRegistrationSubscription), names expanded.
CREATE TABLE csource_subscriptions (
    tenant     text        NOT NULL,
    id         text        NOT NULL,
    document   jsonb       NOT NULL,
    expires_at timestamptz,
    PRIMARY KEY (tenant, id)
);
