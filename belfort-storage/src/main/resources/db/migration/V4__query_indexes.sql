-- Paging and counting by type without reading the entities: the id order with the types beside it, so
-- that a count over a type or a deep offset is an index-only scan.
CREATE INDEX entities_type_order ON entities (tenant, id) INCLUDE (types);

-- Room on each page so that an update of the attributes can stay on its page (a HOT update) and
-- leaves the indexes alone.
ALTER TABLE entities SET (fillfactor = 85);
