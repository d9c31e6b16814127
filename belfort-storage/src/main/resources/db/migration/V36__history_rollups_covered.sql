-- The rollups are read series by series (one entity's attribute over a year: 8,760 hour buckets), but their rows lie in
-- the order their buckets began: in a city whose sensors report all the time, the hour rows of every sensor begun in
-- the same hour share a page, and one sensor's year lies on some 8,760 pages, one per hour. Measured on a copy of 100
-- car parks' years laid out that way: 8,750 pages read and 132-301 ms for one year along the primary key.
-- The primary key now holds every figure beside its key, so a series is read from the index alone, in key order: 257
-- pages and 10-19 ms for the same year, however the rows lie. The price: a fold that changes a bucket's figures writes
-- a new index entry too (no heap-only update), which the index's bottom-up deletion and vacuum take back.
-- On a large history this rebuilds the index at the first start of this version (see docs/operations.md, "Upgrading").
ALTER TABLE history_rollups DROP CONSTRAINT history_rollups_pkey,
    ADD CONSTRAINT history_rollups_pkey PRIMARY KEY (tenant, entity_id, attribute, grain, bucket)
        INCLUDE (entries, numbers, sum, sumsq, min, max, first_at, first_value, last_at, last_value);

-- A read from the index alone needs the visibility map to know the pages whose rows all readers see: closed buckets
-- are never written again, so a vacuum after they were last written marks their pages for good. Vacuum after a
-- tenth of the rows was changed or added instead of a fifth, so that recent months are marked soon.
ALTER TABLE history_rollups SET (autovacuum_vacuum_scale_factor = 0.1, autovacuum_vacuum_insert_scale_factor = 0.1);
