-- What a polled feed (a device's DATEX II publication) remembers between polls, so that a restart, or another node
-- taking over the polls, neither writes unchanged car parks again nor fetches unchanged documents again
-- (docs/ingestion.md). One row per feed device; it goes with its device.

CREATE TABLE ingestion_feed_memory (
    tenant     text        NOT NULL,
    device_id  text        NOT NULL,
    -- The feed's configuration (the device's datex2 member) this memory belongs to: another one starts afresh.
    feed       jsonb       NOT NULL,
    -- The documents' validators (ETag, Last-Modified), the parking table and the record written per car park.
    memory     jsonb       NOT NULL,
    next_poll  timestamptz NOT NULL,
    PRIMARY KEY (tenant, device_id),
    FOREIGN KEY (tenant, device_id) REFERENCES ingestion_devices (tenant, device_id) ON DELETE CASCADE
);
