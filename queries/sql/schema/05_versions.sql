-- Dataset versions: every analyst commit (upload or rollback) is a new version of one dataset kind
-- (rankings, tiers, pilots, carbon_targets, scenario_coverage, city_metrics). Rows keep the
-- `batch` they were uploaded in; a version says which uploaded batches are in force. Seed rows
-- (batch 0, rebuilt from data/) are version 0 of every kind and always in force.
CREATE TABLE IF NOT EXISTS dataset_version (
    kind VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    action VARCHAR NOT NULL,            -- seed / upload / rollback
    batch INTEGER,                      -- the batch this upload wrote (NULL for seed and rollback)
    mode VARCHAR,                       -- upload: append (keep earlier uploads) or replace (seed + this file)
    target_version INTEGER,             -- rollback: the version whose rows are back in force
    user_name VARCHAR,
    committed_at TIMESTAMP,             -- UTC
    file_name VARCHAR,
    sha256 VARCHAR,
    row_count BIGINT,
    note VARCHAR,
    PRIMARY KEY (kind, version)
);

-- The uploaded batches in force in each version (batch 0 is implied).
CREATE TABLE IF NOT EXISTS dataset_version_batch (
    kind VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    batch INTEGER NOT NULL,
    PRIMARY KEY (kind, version, batch)
);

INSERT INTO dataset_version (kind, version, action, user_name, committed_at, file_name, row_count, note)
SELECT k.kind, 0, 'seed', 'seed', NULL, 'data/', NULL, 'seed data built from the reports'
FROM (VALUES ('rankings'), ('tiers'), ('pilots'), ('carbon_targets'), ('scenario_coverage'), ('city_metrics')) k(kind)
WHERE NOT EXISTS (SELECT 1 FROM dataset_version d WHERE d.kind = k.kind AND d.version = 0);

-- Which rows a page sees: seed rows, plus the uploaded batches of the dataset's newest version.
-- Every *_current view (90_views.sql) filters through this macro.
CREATE OR REPLACE MACRO batch_in_force(kind_name, batch_number) AS
    batch_number = 0 OR batch_number IN (
        SELECT b.batch FROM dataset_version_batch b
        WHERE b.kind = kind_name
          AND b.version = (SELECT max(v.version) FROM dataset_version v WHERE v.kind = kind_name)
    );

CREATE OR REPLACE VIEW current_dataset_version AS
SELECT * FROM dataset_version d
WHERE d.version = (SELECT max(v.version) FROM dataset_version v WHERE v.kind = d.kind);

-- Aliases an analyst added with an upload count while that upload is in force in some dataset.
CREATE OR REPLACE VIEW city_alias_current AS
SELECT * FROM city_alias a
WHERE a.batch = 0 OR a.batch IN (
    SELECT b.batch FROM dataset_version_batch b JOIN current_dataset_version c USING (kind, version)
);
