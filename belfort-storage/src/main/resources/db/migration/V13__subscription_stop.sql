-- A subscription whose receiver let too many notifications wait is stopped: why, and how many
-- notifications were dropped. Null reason: the subscription records notifications.
ALTER TABLE subscriptions ADD COLUMN stopped_because text, ADD COLUMN dropped bigint NOT NULL DEFAULT 0;
