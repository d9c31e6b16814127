-- The datapedia: the region's policy questions (as their JSON form, type and attribute names expanded beside the
-- names given), their diagnoses (one per question per day: the day's last, so progress shows over months), and the
-- external DCAT catalogues harvested with their last good harvest.
CREATE TABLE datapedia_questions (
    id          text        PRIMARY KEY,
    document    jsonb       NOT NULL,
    modified_at timestamptz NOT NULL
);

CREATE TABLE datapedia_diagnoses (
    question_id text        NOT NULL,
    day         date        NOT NULL,
    computed_at timestamptz NOT NULL,
    document    jsonb       NOT NULL,
    PRIMARY KEY (question_id, day)
);

CREATE TABLE datapedia_sources (
    id          text        PRIMARY KEY,
    document    jsonb       NOT NULL
);
