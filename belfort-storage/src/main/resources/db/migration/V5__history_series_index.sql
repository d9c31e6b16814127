-- "The last N of one attribute" must read N index entries, not the whole history of the entity. The
-- indexes lead with the entity and then the attribute, both as small hashes (queries compare the text
-- too, so a collision costs time, never correctness); entity-wide reads use the leading column.
ALTER TABLE attribute_instances ADD COLUMN attribute_key integer GENERATED ALWAYS AS (hashtext(attribute)) STORED;
CREATE INDEX attribute_instances_series_observed ON attribute_instances (entity_key, attribute_key, observed_at);
CREATE INDEX attribute_instances_series_modified ON attribute_instances (entity_key, attribute_key, modified_at);
DROP INDEX attribute_instances_by_observed;
DROP INDEX attribute_instances_by_modified;
