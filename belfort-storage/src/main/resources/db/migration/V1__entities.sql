-- Tenants: a city or organisation. The default tenant (no NGSILD-Tenant header) is the empty name.
CREATE TABLE tenants (
    name       text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO tenants (name) VALUES ('');

-- Entities in expanded form: types and attribute names are IRIs. attrs maps each attribute IRI to
-- the array of its instances (one per datasetId).
CREATE TABLE entities (
    tenant      text        NOT NULL REFERENCES tenants (name),
    id          text        NOT NULL,
    types       text[]      NOT NULL,
    scopes      text[],
    attrs       jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    modified_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX entities_types ON entities USING gin (types);

-- @contexts hosted by clients (NGSI-LD context hosting, clause 5.13).
CREATE TABLE jsonld_contexts (
    id         text PRIMARY KEY,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL
);
