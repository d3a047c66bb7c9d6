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
    note VARCHAR
);

-- The uploaded batches in force in each version (batch 0 is implied).
CREATE TABLE IF NOT EXISTS dataset_version_batch (
    kind VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    batch INTEGER NOT NULL
);

INSERT INTO dataset_version (kind, version, action, user_name, committed_at, file_name, row_count, note)
SELECT k.kind, 0, 'seed', 'seed', NULL, 'data/', NULL, 'seed data built from the reports'
FROM (VALUES ('rankings'), ('tiers'), ('pilots'), ('carbon_targets'), ('scenario_coverage'), ('city_metrics')) k(kind)
WHERE NOT EXISTS (SELECT 1 FROM dataset_version d WHERE d.kind = k.kind AND d.version = 0);

-- The head of each kind's version numbering, and of the global batch counter (name '#batch'). A
-- commit moves the head of its kind (and the batch counter) inside its own transaction, so of two
-- commits that started from the same head the second fails with a transaction conflict, in a local
-- DuckDB file and in a DuckLake alike: no two versions get the same number, no batch is reused. This
-- replaces the PRIMARY KEY (kind, version) that DuckLake cannot hold (older local databases keep
-- theirs as an extra guard). Missing heads start at the newest recorded version.
CREATE TABLE IF NOT EXISTS version_head (
    name VARCHAR NOT NULL,              -- a dataset kind, or '#batch'
    value INTEGER NOT NULL              -- its newest version (for '#batch': the last batch handed out)
);

INSERT INTO version_head (name, value)
SELECT d.kind, max(d.version) FROM dataset_version d
WHERE d.kind NOT IN (SELECT h.name FROM version_head h)
GROUP BY d.kind;

INSERT INTO version_head (name, value)
SELECT '#batch', coalesce((SELECT max(d.batch) FROM dataset_version d), 0)
WHERE NOT EXISTS (SELECT 1 FROM version_head h WHERE h.name = '#batch');

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
