-- Several Belfort nodes on one database.

-- Each running node renews its lease every second; a node whose lease ran out is taken for dead, and the
-- notifications it had claimed go to another node. A node that stops cleanly removes its row.
CREATE TABLE belfort_nodes (
    node_id     uuid        PRIMARY KEY,
    host        text        NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    lease_until timestamptz NOT NULL
);

-- The node that delivers each notification: the one whose write recorded it, until that node is gone.
-- Null: handed back (a clean stop, or recorded before this column existed), for any node to claim.
ALTER TABLE notification_outbox ADD COLUMN claimed_by uuid;
DROP INDEX notification_outbox_queue;
CREATE INDEX notification_outbox_claims ON notification_outbox (claimed_by, queue_key, seq);

-- What other nodes keep in memory changed: they hear of it on channel belfort_changes when the change
-- commits (payload: {"topic": table, "tenant": …, "id": …}; without id when too long for a notification).
CREATE FUNCTION belfort_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    payload text := json_build_object('topic', TG_TABLE_NAME, 'tenant', changed ->> 'tenant', 'id', changed ->> 'id')::text;
BEGIN
    IF octet_length(payload) > 7000 THEN
        payload := json_build_object('topic', TG_TABLE_NAME)::text;
    END IF;
    PERFORM pg_notify('belfort_changes', payload);
    RETURN NULL;
END $$;

-- (Datasets are read from the database at every use: nothing to announce.)
-- Delivery figures are saved every few seconds by each node: they are not announced.
CREATE TRIGGER subscriptions_announce AFTER INSERT OR DELETE OR UPDATE OF payload, context, modified_at
    ON subscriptions FOR EACH ROW EXECUTE FUNCTION belfort_announce_change();
CREATE TRIGGER api_keys_announce AFTER INSERT OR UPDATE OR DELETE
    ON api_keys FOR EACH ROW EXECUTE FUNCTION belfort_announce_change();
CREATE TRIGGER jsonld_contexts_announce AFTER INSERT OR UPDATE OR DELETE
    ON jsonld_contexts FOR EACH ROW EXECUTE FUNCTION belfort_announce_change();
