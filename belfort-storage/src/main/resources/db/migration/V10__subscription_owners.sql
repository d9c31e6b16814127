-- Who created each subscription (the key's id, tenant and role), so that notifications carry only what
-- the owner may read when they are sent. Null: created without access control.
ALTER TABLE subscriptions ADD COLUMN owner_id text, ADD COLUMN owner_tenant text, ADD COLUMN owner_role text;
