-- Rollups of the attribute history: per series (tenant, entity, attribute; all datasetIds together, as the
-- aggregated representation answers) and per hour and day of observation time (UTC, aligned to the
-- epoch), what the aggregation methods need. Sums are exact (numeric over the shortest decimal of each
-- float8, the value the client sent), so that combining buckets gives the same answer as the instances.
-- Kept by statement triggers on attribute_instances, in the transaction that writes, edits or deletes the
-- history, so they are never behind and never ahead of it.
CREATE TABLE history_rollups (
    tenant      text        NOT NULL,
    entity_id   text        NOT NULL,
    attribute   text        NOT NULL,
    -- the bucket's length in seconds: 3600 or 86400 (minute buckets would hold one instance each for a sensor
    -- that reports every few minutes: as much space as the history, for nothing)
    grain       integer     NOT NULL,
    bucket      timestamptz NOT NULL,
    -- instances with an observation time (totalCount), and those with a numeric value
    entries     bigint      NOT NULL,
    numbers     bigint      NOT NULL,
    sum         numeric,
    sumsq       numeric,
    min         double precision,
    max         double precision,
    -- the earliest and the latest instance and their numeric value (null when not numeric); at the same
    -- time, the smaller value is the first and the larger the last
    first_at    timestamptz NOT NULL,
    first_value double precision,
    last_at     timestamptz NOT NULL,
    last_value  double precision,
    PRIMARY KEY (tenant, entity_id, attribute, grain, bucket)
) WITH (fillfactor = 80);

-- The trigger that adds instances, the recomputation and the rebuild below aggregate alike (the same columns, the same
-- order for first and last, the same merge), so that a bucket holds the same figures however it was reached;
-- HistoryRollupsTest checks both against the instances.
CREATE FUNCTION history_rollups_added() RETURNS trigger LANGUAGE plpgsql
    -- float8 to text gives the shortest decimal that reads back as the same float8 from extra_float_digits 1 on
    SET extra_float_digits = 3 AS $$
BEGIN
    INSERT INTO history_rollups AS r (tenant, entity_id, attribute, grain, bucket, entries, numbers, sum, sumsq,
                                      min, max, first_at, first_value, last_at, last_value)
        SELECT tenant, entity_id, attribute, grain,
               date_bin(make_interval(secs => grain), observed_at, timestamptz '1970-01-01 00:00:00+00') AS bucket,
               count(*), count(number_value), sum(x), sum(x * x), min(number_value), max(number_value),
               min(observed_at), (array_agg(number_value ORDER BY observed_at, number_value NULLS LAST))[1],
               max(observed_at), (array_agg(number_value ORDER BY observed_at DESC, number_value DESC NULLS LAST))[1]
        FROM (SELECT tenant, entity_id, attribute, observed_at, number_value, number_value::text::numeric AS x
              FROM added WHERE observed_at IS NOT NULL) AS i
             CROSS JOIN (VALUES (3600), (86400)) AS g (grain)
        GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant, entity_id, attribute, grain, bucket) DO UPDATE SET
        entries = r.entries + excluded.entries, numbers = r.numbers + excluded.numbers,
        sum = coalesce(r.sum + excluded.sum, r.sum, excluded.sum),
        sumsq = coalesce(r.sumsq + excluded.sumsq, r.sumsq, excluded.sumsq),
        min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
        first_value = CASE WHEN excluded.first_at < r.first_at THEN excluded.first_value
            WHEN excluded.first_at > r.first_at THEN r.first_value ELSE least(r.first_value, excluded.first_value) END,
        first_at = least(r.first_at, excluded.first_at),
        last_value = CASE WHEN excluded.last_at > r.last_at THEN excluded.last_value
            WHEN excluded.last_at < r.last_at THEN r.last_value ELSE greatest(r.last_value, excluded.last_value) END,
        last_at = greatest(r.last_at, excluded.last_at);
    RETURN NULL;
END
$$;

-- Recomputes the given buckets from the instances: removes them, then adds what the instances now hold
-- (merging, in case a concurrent writer added to a bucket in between).
CREATE FUNCTION history_rollups_recompute(tenants text[], entity_ids text[], attributes text[], grains integer[],
                                          buckets timestamptz[]) RETURNS void LANGUAGE plpgsql
    SET extra_float_digits = 3 AS $$
BEGIN
    DELETE FROM history_rollups r USING unnest(tenants, entity_ids, attributes, grains, buckets)
            AS k (tenant, entity_id, attribute, grain, bucket)
        WHERE r.tenant = k.tenant AND r.entity_id = k.entity_id AND r.attribute = k.attribute AND r.grain = k.grain
          AND r.bucket = k.bucket;
    INSERT INTO history_rollups AS r (tenant, entity_id, attribute, grain, bucket, entries, numbers, sum, sumsq,
                                      min, max, first_at, first_value, last_at, last_value)
        SELECT k.tenant, k.entity_id, k.attribute, k.grain, k.bucket,
               count(*), count(number_value), sum(x), sum(x * x), min(number_value), max(number_value),
               min(observed_at), (array_agg(number_value ORDER BY observed_at, number_value NULLS LAST))[1],
               max(observed_at), (array_agg(number_value ORDER BY observed_at DESC, number_value DESC NULLS LAST))[1]
        FROM unnest(tenants, entity_ids, attributes, grains, buckets) AS k (tenant, entity_id, attribute, grain, bucket)
             JOIN LATERAL (SELECT observed_at, number_value, number_value::text::numeric AS x
                 FROM attribute_instances i
                 WHERE i.entity_key = hashtextextended(k.tenant || '/' || k.entity_id, 0)
                   AND i.attribute_key = hashtext(k.attribute) AND i.tenant = k.tenant AND i.entity_id = k.entity_id
                   AND i.attribute = k.attribute AND i.observed_at >= k.bucket
                   AND i.observed_at < k.bucket + make_interval(secs => k.grain)) AS i ON true
        GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant, entity_id, attribute, grain, bucket) DO UPDATE SET
        entries = r.entries + excluded.entries, numbers = r.numbers + excluded.numbers,
        sum = coalesce(r.sum + excluded.sum, r.sum, excluded.sum),
        sumsq = coalesce(r.sumsq + excluded.sumsq, r.sumsq, excluded.sumsq),
        min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
        first_value = CASE WHEN excluded.first_at < r.first_at THEN excluded.first_value
            WHEN excluded.first_at > r.first_at THEN r.first_value ELSE least(r.first_value, excluded.first_value) END,
        first_at = least(r.first_at, excluded.first_at),
        last_value = CASE WHEN excluded.last_at > r.last_at THEN excluded.last_value
            WHEN excluded.last_at < r.last_at THEN r.last_value ELSE greatest(r.last_value, excluded.last_value) END,
        last_at = greatest(r.last_at, excluded.last_at);
END
$$;

-- Deleted instances: a bucket they emptied is removed; any other bucket they touched is recomputed.
CREATE FUNCTION history_rollups_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM history_rollups r USING (SELECT tenant, entity_id, attribute, grain,
               date_bin(make_interval(secs => grain), observed_at, timestamptz '1970-01-01 00:00:00+00') AS bucket,
               count(*) AS gone
        FROM removed CROSS JOIN (VALUES (3600), (86400)) AS g (grain)
        WHERE observed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5) AS t
        WHERE r.tenant = t.tenant AND r.entity_id = t.entity_id AND r.attribute = t.attribute AND r.grain = t.grain
          AND r.bucket = t.bucket AND r.entries <= t.gone;
    PERFORM history_rollups_recompute(array_agg(t.tenant), array_agg(t.entity_id), array_agg(t.attribute),
                                      array_agg(t.grain), array_agg(t.bucket))
        FROM (SELECT tenant, entity_id, attribute, grain,
               date_bin(make_interval(secs => grain), observed_at, timestamptz '1970-01-01 00:00:00+00') AS bucket,
               count(*) AS gone
        FROM removed CROSS JOIN (VALUES (3600), (86400)) AS g (grain)
        WHERE observed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5) AS t
        JOIN history_rollups r ON r.tenant = t.tenant AND r.entity_id = t.entity_id AND r.attribute = t.attribute
            AND r.grain = t.grain AND r.bucket = t.bucket
        HAVING count(*) > 0;
    RETURN NULL;
END
$$;

-- Edited instances (time or value): every bucket they left or entered is recomputed.
CREATE FUNCTION history_rollups_edited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM history_rollups_recompute(array_agg(tenant), array_agg(entity_id), array_agg(attribute),
                                      array_agg(grain), array_agg(bucket))
        FROM (SELECT DISTINCT tenant, entity_id, attribute, grain,
                     date_bin(make_interval(secs => grain), observed_at, timestamptz '1970-01-01 00:00:00+00') AS bucket
              FROM (SELECT tenant, entity_id, attribute, observed_at FROM before_edit
                    UNION ALL SELECT tenant, entity_id, attribute, observed_at FROM after_edit) AS e
                   CROSS JOIN (VALUES (3600), (86400)) AS g (grain)
              WHERE observed_at IS NOT NULL) AS touched
        HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER history_rollups_added AFTER INSERT ON attribute_instances
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION history_rollups_added();
CREATE TRIGGER history_rollups_removed AFTER DELETE ON attribute_instances
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION history_rollups_removed();
CREATE TRIGGER history_rollups_edited AFTER UPDATE ON attribute_instances
    REFERENCING OLD TABLE AS before_edit NEW TABLE AS after_edit FOR EACH STATEMENT
    EXECUTE FUNCTION history_rollups_edited();

-- Builds the rollups of the whole history again, in one pass over it (a recomputation bucket by bucket would
-- probe the instances once per bucket).
CREATE FUNCTION history_rollups_rebuild() RETURNS void LANGUAGE plpgsql SET extra_float_digits = 3 AS $$
BEGIN
    DELETE FROM history_rollups;
    INSERT INTO history_rollups (tenant, entity_id, attribute, grain, bucket, entries, numbers, sum, sumsq, min, max,
                                 first_at, first_value, last_at, last_value)
        SELECT tenant, entity_id, attribute, grain,
               date_bin(make_interval(secs => grain), observed_at, timestamptz '1970-01-01 00:00:00+00') AS bucket,
               count(*), count(number_value), sum(x), sum(x * x), min(number_value), max(number_value),
               min(observed_at), (array_agg(number_value ORDER BY observed_at, number_value NULLS LAST))[1],
               max(observed_at), (array_agg(number_value ORDER BY observed_at DESC, number_value DESC NULLS LAST))[1]
        FROM (SELECT tenant, entity_id, attribute, observed_at, number_value, number_value::text::numeric AS x
              FROM attribute_instances WHERE observed_at IS NOT NULL) AS i
             CROSS JOIN (VALUES (3600), (86400)) AS g (grain)
        GROUP BY 1, 2, 3, 4, 5;
END
$$;

-- The history already recorded.
SELECT history_rollups_rebuild();
