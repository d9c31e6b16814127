-- The batch write ceiling: the platform's own tables (their columns, generated columns and indexes, copied with LIKE;
-- no triggers, no partitions), 10,000 car parks of about a kilobyte, and 100 batches of new values for 100 of them
-- each: their attributes, and one history row per attribute with its instance as the platform records it.
-- Needs a database the platform has migrated. Dropped with the schema ceiling at the end.
CREATE TABLE ceiling.batch_entities (LIKE public.entities INCLUDING ALL);
CREATE TABLE ceiling.batch_history (LIKE public.attribute_instances INCLUDING ALL);
CREATE TABLE ceiling.batch_backlog (LIKE public.history_backlog INCLUDING ALL);

CREATE FUNCTION ceiling.car_park(i integer, at timestamptz) RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_build_object(
        'https://uri.etsi.org/ngsi-ld/location', jsonb_build_array(jsonb_build_object('type', 'GeoProperty',
            'value', jsonb_build_object('type', 'Point', 'coordinates',
                jsonb_build_array(2.6 + (i % 997) / 400.0, 50.7 + (i % 991) / 900.0)), 'createdAt', stamp, 'modifiedAt', stamp)),
        'https://uri.etsi.org/ngsi-ld/default-context/name', jsonb_build_array(jsonb_build_object('type', 'Property',
            'value', 'Parking ' || i, 'createdAt', stamp, 'modifiedAt', stamp)),
        'https://uri.etsi.org/ngsi-ld/default-context/occupancy', jsonb_build_array(jsonb_build_object('type', 'Property',
            'value', round(random()::numeric, 3), 'createdAt', stamp, 'modifiedAt', stamp)),
        'https://uri.etsi.org/ngsi-ld/default-context/totalSpotNumber', jsonb_build_array(jsonb_build_object('type', 'Property',
            'value', 100 + i % 900, 'createdAt', stamp, 'modifiedAt', stamp)),
        'https://uri.etsi.org/ngsi-ld/default-context/availableSpotNumber', jsonb_build_array(jsonb_build_object('type', 'Property',
            'value', (random() * 100)::integer, 'createdAt', stamp, 'modifiedAt', stamp, 'observedAt', stamp)))
    FROM (SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS stamp) s
$$;

INSERT INTO ceiling.batch_entities (tenant, id, types, attrs, created_at, modified_at)
    SELECT 'ceiling', 'urn:ngsi-ld:OffStreetParking:' || i,
           ARRAY['https://uri.etsi.org/ngsi-ld/default-context/OffStreetParking'], ceiling.car_park(i, now()), now(), now()
    FROM generate_series(0, 9999) AS i;

-- A batch as the platform binds it: the ids, the entities' attributes as one JSON array, the history rows as one
-- JSON array of row objects, each row's instance taken from the attributes of the same batch.
CREATE TABLE ceiling.batches (n integer PRIMARY KEY, ids text[] NOT NULL, attrs text NOT NULL, history text NOT NULL);
WITH parks AS (SELECT i / 100 AS b, i, 'urn:ngsi-ld:OffStreetParking:' || i AS id, ceiling.car_park(i, now()) AS attrs
               FROM generate_series(0, 9999) AS i)
INSERT INTO ceiling.batches
    SELECT b, array_agg(id ORDER BY i), jsonb_agg(attrs ORDER BY i)::text,
           (SELECT json_agg(json_build_object('entity_id', p.id, 'attribute', a.key, 'instance_id', gen_random_uuid(),
                'observed_at', a.value -> 0 ->> 'observedAt', 'modified_at', now(),
                'number_value', CASE jsonb_typeof(a.value -> 0 -> 'value') WHEN 'number' THEN (a.value -> 0 ->> 'value')::float8 END,
                'instance', a.value -> 0))::text
            FROM parks p, jsonb_each(p.attrs) a WHERE p.b = parks.b)
    FROM parks
    GROUP BY b;
VACUUM ANALYZE ceiling.batch_entities, ceiling.batches;
