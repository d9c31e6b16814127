\set id random(1, 10000)
SELECT doc FROM ceiling.entities WHERE id = :id;
