-- Entity maps (NGSI-LD clause 5.2.39): the entities a query matched, in page order, each with the places that hold
-- it ('@none' for this broker, else a registration id), kept for the reader who made it until expires_at. Kept in
-- the database so that any node answers the next page.
CREATE TABLE entity_maps (
    tenant      text        NOT NULL,
    id          text        NOT NULL,
    reader      text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    -- [[entity id, [place, ...]], ...] in the order the query pages them
    entries     jsonb       NOT NULL,
    linked_maps jsonb       NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant, id)
);
CREATE INDEX entity_maps_expiry ON entity_maps (expires_at);
