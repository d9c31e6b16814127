-- Registrations and their subscriptions are kept in memory by every node: other nodes hear of a change when it
-- commits (the change feed of V17).
CREATE TRIGGER csource_registrations_announce AFTER INSERT OR UPDATE OR DELETE
    ON csource_registrations FOR EACH ROW EXECUTE FUNCTION belfort_announce_change();
CREATE TRIGGER csource_subscriptions_announce AFTER INSERT OR UPDATE OR DELETE
    ON csource_subscriptions FOR EACH ROW EXECUTE FUNCTION belfort_announce_change();

-- How often each node asked a registered source (kind 'registration') or notified a registration subscription's
-- receiver (kind 'subscription'), and how it went: every node adds its counts every few seconds.
CREATE TABLE csource_figures (
    kind         text        NOT NULL,
    tenant       text        NOT NULL,
    id           text        NOT NULL,
    times_sent   bigint      NOT NULL,
    times_failed bigint      NOT NULL,
    last_success timestamptz,
    last_failure timestamptz,
    PRIMARY KEY (kind, tenant, id)
);

-- Notifications of registration subscriptions not yet delivered. due_at: while a node tries one, the end of its
-- hold; once past, any node takes it.
CREATE TABLE csource_notifications (
    seq             bigserial   PRIMARY KEY,
    tenant          text        NOT NULL,
    subscription_id text        NOT NULL,
    notification    jsonb       NOT NULL,
    rounds          integer     NOT NULL DEFAULT 1,
    due_at          timestamptz NOT NULL
);
CREATE INDEX csource_notifications_due ON csource_notifications (due_at);
