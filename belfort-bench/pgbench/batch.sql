-- One batch of 100 car parks in the shape the platform writes it (RowRewrite, HistoryRows): their rows rewritten and
-- their history rows inserted with the backlog's in one statement, one durable transaction. The rewrite sets the
-- attributes and the modification time; the platform also sets types, scopes and expiry, which stay as they are here.
\set n random(0, 99)
BEGIN;
WITH written AS (UPDATE ceiling.batch_entities AS e SET attrs = u.attrs, modified_at = now()
        FROM ceiling.batches b, ROWS FROM (unnest(b.ids), jsonb_array_elements(b.attrs::jsonb)) AS u (id, attrs)
        WHERE b.n = :n AND e.tenant = 'ceiling' AND e.id = ANY (b.ids) AND e.id = u.id RETURNING e.id),
    recorded AS (INSERT INTO ceiling.batch_history (tenant, entity_id, entity_key, attribute, instance_id, dataset_id,
            observed_at, modified_at, number_value, instance)
        SELECT 'ceiling', u.entity_id, hashtextextended('ceiling/' || u.entity_id, 0), u.attribute, u.instance_id,
               u.dataset_id, u.observed_at, u.modified_at, u.number_value, u.instance
        FROM ceiling.batches b, json_to_recordset(b.history::json) AS u (entity_id text, attribute text, instance_id uuid,
            dataset_id text, observed_at timestamptz, modified_at timestamptz, number_value float8, instance jsonb)
        WHERE b.n = :n
        RETURNING instance_id, tenant, entity_id, attribute, observed_at, number_value),
    backlogged AS (INSERT INTO ceiling.batch_backlog (instance_id, tenant, entity_id, attribute, observed_at, number_value)
        SELECT instance_id, tenant, entity_id, attribute, observed_at, number_value FROM recorded WHERE observed_at IS NOT NULL)
SELECT count(*) FROM written;
END;
