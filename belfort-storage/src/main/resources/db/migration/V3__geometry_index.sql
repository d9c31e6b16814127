-- Geo-queries: the bounding box of every GeoProperty, in a GiST index (plain PostgreSQL's box type, no
-- PostGIS), so that a geo-query reads only the entities whose box meets the query's box. Beside the box
-- are the GeoJSON values and the entity's types, so that the exact predicates (JTS, in the application)
-- and the usual type filter need not read the entities. A trigger keeps all of it in step with every
-- write, whichever statement makes it.
CREATE TABLE entity_geometries (
    tenant     text  NOT NULL,
    entity_id  text  NOT NULL,
    attribute  text  NOT NULL,
    bbox       box   NOT NULL,
    geometries jsonb NOT NULL,
    types      text[] NOT NULL
);
CREATE INDEX entity_geometries_bbox ON entity_geometries USING gist (bbox);
CREATE INDEX entity_geometries_entity ON entity_geometries (tenant, entity_id);

-- One box per GeoProperty (over all its instances): the extent of every GeoJSON position in its value.
CREATE FUNCTION geometry_boxes(attrs jsonb) RETURNS TABLE (attribute text, bbox box)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT a.key,
           box(point(min((p ->> 0)::float8), min((p ->> 1)::float8)),
               point(max((p ->> 0)::float8), max((p ->> 1)::float8)))
    FROM jsonb_each(attrs) a
    CROSS JOIN LATERAL jsonb_array_elements(a.value) i
    CROSS JOIN LATERAL jsonb_path_query(i -> 'value',
        'strict $.** ? (@.type() == "array" && @.size() >= 2 && @[0].type() == "number")') p
    WHERE jsonb_typeof(a.value) = 'array' AND i ->> 'type' = 'GeoProperty'
    GROUP BY a.key
$$;

-- The GeoJSON values of GeoProperty instances: of all attributes (given attrs) or of one (given its
-- instances array).
CREATE FUNCTION geometry_values(attrs jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE jsonb_typeof(attrs)
        WHEN 'array' THEN jsonb_path_query_array(attrs, 'strict $[*] ? (@.type == "GeoProperty").value')
        ELSE jsonb_path_query_array(attrs, 'strict $.*[*] ? (@.type == "GeoProperty").value') END
$$;

-- The GeoJSON values of each entity, kept by PostgreSQL itself on every write: comparing them is how
-- a write tells, without calling any function, whether the boxes need rewriting. Most writes change
-- observations, not places.
ALTER TABLE entities ADD COLUMN geometry jsonb GENERATED ALWAYS AS (geometry_values(attrs)) STORED;

-- The triggers below, not a foreign key, tie the boxes to their entity: a key check on every insert
-- cost more than the box itself.
CREATE FUNCTION entities_index_geometries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM entity_geometries WHERE tenant = OLD.tenant AND entity_id = OLD.id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN NULL;
    END IF;
    INSERT INTO entity_geometries (tenant, entity_id, attribute, bbox, geometries, types)
    SELECT NEW.tenant, NEW.id, g.attribute, g.bbox, geometry_values(NEW.attrs -> g.attribute), NEW.types
    FROM geometry_boxes(NEW.attrs) g;
    RETURN NULL;
END
$$;

CREATE TRIGGER entities_geometries_insert AFTER INSERT ON entities
    FOR EACH ROW WHEN (NEW.geometry <> '[]'::jsonb) EXECUTE FUNCTION entities_index_geometries();
CREATE TRIGGER entities_geometries_update AFTER UPDATE ON entities
    FOR EACH ROW WHEN (OLD.geometry IS DISTINCT FROM NEW.geometry OR OLD.types IS DISTINCT FROM NEW.types)
    EXECUTE FUNCTION entities_index_geometries();
CREATE TRIGGER entities_geometries_delete AFTER DELETE ON entities
    FOR EACH ROW WHEN (OLD.geometry <> '[]'::jsonb) EXECUTE FUNCTION entities_index_geometries();

INSERT INTO entity_geometries (tenant, entity_id, attribute, bbox, geometries, types)
SELECT e.tenant, e.id, g.attribute, g.bbox, geometry_values(e.attrs -> g.attribute), e.types
FROM entities e CROSS JOIN LATERAL geometry_boxes(e.attrs) g;
