-- A change that notifies is stored once, however many subscriptions it notifies; each notification refers to it
-- and is rendered when it is sent. Rows recorded before this keep their rendered data.
CREATE TABLE notification_changes (
    id         uuid        PRIMARY KEY,
    change     jsonb       NOT NULL,
    created_at timestamptz NOT NULL
);

ALTER TABLE notification_outbox ALTER COLUMN data DROP NOT NULL, ADD COLUMN change_id uuid;
CREATE INDEX notification_outbox_change ON notification_outbox (change_id);
