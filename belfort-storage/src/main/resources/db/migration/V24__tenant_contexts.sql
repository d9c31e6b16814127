-- Hosted @contexts belong to the tenant that added them: listed and deleted within it only.
-- Those hosted before belong to the default tenant ('').
ALTER TABLE jsonld_contexts ADD COLUMN tenant text NOT NULL DEFAULT '';
