-- Attributes a dataset marks personal (expanded IRIs): only the tenant's publishers see them, and they are
-- never published as open data.
ALTER TABLE datasets ADD COLUMN personal_attributes text[] NOT NULL DEFAULT '{}';
