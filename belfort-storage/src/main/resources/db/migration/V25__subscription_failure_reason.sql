-- Why a subscription's last delivery failed, as the sender said it: one line of at most 200 characters,
-- every address in it without user information or query (the sender scrubs it), so that the console shows
-- it after a restart and on every node.
ALTER TABLE subscriptions ADD COLUMN last_failure_reason varchar(200);
