-- Subscriptions (clause 5.2.12) as their owners wrote them, with the @context they used and their
-- delivery figures (saved in the background, so they may lag a second behind).
CREATE TABLE subscriptions (
    tenant           text        NOT NULL,
    id               text        NOT NULL,
    payload          jsonb       NOT NULL,
    context          jsonb       NOT NULL,
    created_at       timestamptz NOT NULL,
    modified_at      timestamptz NOT NULL,
    times_sent       bigint      NOT NULL DEFAULT 0,
    times_failed     bigint      NOT NULL DEFAULT 0,
    last_notification timestamptz,
    last_success     timestamptz,
    last_failure     timestamptz,
    failing          boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (tenant, id)
);

-- Notifications recorded in the transaction of the change that caused them and not yet delivered.
-- A row leaves once its receiver has taken the notification.
CREATE TABLE notification_outbox (
    seq             bigserial   PRIMARY KEY,
    id              uuid        NOT NULL UNIQUE,
    tenant          text        NOT NULL,
    subscription_id text        NOT NULL,
    queue_key       text        NOT NULL,
    trigger         text        NOT NULL,
    data            jsonb       NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE INDEX notification_outbox_queue ON notification_outbox (queue_key, seq);
CREATE INDEX notification_outbox_subscription ON notification_outbox (tenant, subscription_id);
