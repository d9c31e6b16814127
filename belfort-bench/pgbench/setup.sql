-- 10,000 entities of about the size of a car park's expanded document, and an unindexed history.
DROP SCHEMA IF EXISTS ceiling CASCADE;
CREATE SCHEMA ceiling;
CREATE TABLE ceiling.entities (id integer PRIMARY KEY, doc jsonb NOT NULL);
CREATE TABLE ceiling.history (id integer NOT NULL, at timestamptz NOT NULL, doc jsonb NOT NULL);
INSERT INTO ceiling.entities
    SELECT i, jsonb_build_object('id', 'urn:ngsi-ld:OffStreetParking:' || i, 'available', i % 100,
                                 'padding', repeat('x', 900))
    FROM generate_series(1, 10000) AS i;
VACUUM ANALYZE ceiling.entities;
