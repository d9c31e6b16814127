-- The device registry of ingestion (docs/ingestion.md): device groups and devices as provisioned through the
-- IoT Agent API, each kept as its provisioning document, with the columns southbound messages are matched on.

CREATE TABLE ingestion_groups (
    tenant    text  NOT NULL,
    apikey    text  NOT NULL,
    resource  text  NOT NULL,
    document  jsonb NOT NULL,
    PRIMARY KEY (tenant, apikey, resource)
);
-- A southbound message names only its key: the key alone finds its tenant.
CREATE UNIQUE INDEX ingestion_groups_apikey ON ingestion_groups (apikey, resource);

CREATE TABLE ingestion_devices (
    tenant       text  NOT NULL,
    device_id    text  NOT NULL,
    apikey       text,
    dev_eui      text,
    document     jsonb NOT NULL,
    last_seen    timestamptz,
    accepted     bigint NOT NULL DEFAULT 0,
    refused      bigint NOT NULL DEFAULT 0,
    last_errors  jsonb NOT NULL DEFAULT '[]',
    last_frame   bigint,
    PRIMARY KEY (tenant, device_id)
);
CREATE UNIQUE INDEX ingestion_devices_dev_eui ON ingestion_devices (tenant, dev_eui) WHERE dev_eui IS NOT NULL;
CREATE INDEX ingestion_devices_apikey ON ingestion_devices (apikey) WHERE apikey IS NOT NULL;
