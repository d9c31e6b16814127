\set id random(1, 10000)
BEGIN;
UPDATE ceiling.entities SET doc = jsonb_set(doc, '{available}', to_jsonb(:id % 100)) WHERE id = :id;
INSERT INTO ceiling.history VALUES (:id, now(), jsonb_build_object('value', :id % 100));
END;
