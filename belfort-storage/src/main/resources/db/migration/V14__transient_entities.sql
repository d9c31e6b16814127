-- Transient entities (NGSI-LD v1.8.1 expiresAt): hidden from every read once expired, deleted by a background job
-- that finds them through the partial index.
ALTER TABLE entities ADD COLUMN expires_at timestamptz;
CREATE INDEX entities_expiry ON entities (expires_at) WHERE expires_at IS NOT NULL;

-- Every read leaves expired entities out, so the index that pages and counts by type without reading the
-- entities carries the expiry beside the types: those stay index-only scans.
DROP INDEX entities_type_order;
CREATE INDEX entities_type_order ON entities (tenant, id) INCLUDE (types, expires_at);
