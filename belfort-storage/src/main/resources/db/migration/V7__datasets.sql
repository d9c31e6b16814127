-- Datasets (tenant, entity type) as publishers declared them: access level and DCAT-AP Vlaanderen metadata.
CREATE TABLE datasets (
    tenant       text        NOT NULL,
    type         text        NOT NULL,
    type_name    text        NOT NULL,
    access_level text        NOT NULL CHECK (access_level IN ('open', 'restricted', 'personal')),
    metadata     jsonb,
    created_at   timestamptz NOT NULL,
    modified_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant, type)
);
