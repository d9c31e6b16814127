-- Transient attributes (NGSI-LD v1.9 expiresAt on an attribute instance): the instance keeps its expiresAt in
-- attrs; attrs_expire_at is the earliest of them in the entity (null when none expires), so that reads know
-- cheaply when an entity holds an expired instance, and the background job finds those entities through the
-- partial index without reading attrs.
ALTER TABLE entities ADD COLUMN attrs_expire_at timestamptz;
CREATE INDEX entities_attribute_expiry ON entities (attrs_expire_at) WHERE attrs_expire_at IS NOT NULL;

-- The attributes without their expired instances (and without attributes left with none): what q sees of an
-- entity whose attrs_expire_at has passed. Only such entities pay for it.
CREATE FUNCTION live_attributes(attrs jsonb) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(a.key, a.kept), '{}'::jsonb)
    FROM (SELECT key, (SELECT jsonb_agg(i) FROM jsonb_array_elements(value) i
                       WHERE i ->> 'expiresAt' IS NULL OR (i ->> 'expiresAt')::timestamptz > now()) AS kept
          FROM jsonb_each(attrs)) a
    WHERE a.kept IS NOT NULL
$$;
