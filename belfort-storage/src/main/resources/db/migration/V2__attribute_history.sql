-- The history of every attribute: one row per written instance, in the same transaction as the entity
-- change. Partitioned by month of writing (modified_at) so that old months can be dropped whole;
-- partitions are created by the platform as months begin (HistoryPartitions).
CREATE TABLE attribute_instances (
    tenant       text        NOT NULL,
    entity_id    text        NOT NULL,
    -- hashtextextended(tenant || '/' || entity_id, 0): a short index key for the entity; queries
    -- check tenant and entity_id as well, so a collision costs time, never correctness
    entity_key   bigint      NOT NULL,
    attribute    text        NOT NULL,
    instance_id  uuid        NOT NULL,
    dataset_id   text,
    observed_at  timestamptz,
    modified_at  timestamptz NOT NULL,
    -- numeric values are kept apart so that aggregation needs no JSON parsing
    number_value double precision,
    instance     jsonb       NOT NULL
) PARTITION BY RANGE (modified_at);

-- "one entity's attributes over a time range" and "the last N" on either time property; 16-byte keys
-- keep the indexes small, which is what keeps writes fast
CREATE INDEX attribute_instances_by_observed ON attribute_instances (entity_key, observed_at);
CREATE INDEX attribute_instances_by_modified ON attribute_instances (entity_key, modified_at);
