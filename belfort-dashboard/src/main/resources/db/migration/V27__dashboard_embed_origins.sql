-- The websites a city allows to show its dashboard's embeddable views in a frame (CSP frame-ancestors),
-- besides the platform's own --embed-origins. Set by the city's tenant admin through the admin API.
CREATE TABLE dashboard_embed_origins (
    tenant      text PRIMARY KEY,
    origins     text[] NOT NULL,
    modified_at timestamptz NOT NULL
);
