-- Every table that holds rows derived from the reports or uploaded by analysts carries `batch`:
-- 0 for the seed data built from data/, a positive dataset version for uploads.
-- No PRIMARY KEY, UNIQUE, index, sequence or ENUM anywhere in the schema: the same files build a
-- local DuckDB file and a DuckLake, which has none of them (meta_set.sql keeps one row per key).
CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR);

CREATE TABLE IF NOT EXISTS source (
    source_id VARCHAR, file VARCHAR, title_zh VARCHAR, title_en VARCHAR,
    publisher_zh VARCHAR, publisher_en VARCHAR, year INTEGER,
    source_lines VARCHAR, quote VARCHAR, batch INTEGER
);

CREATE TABLE IF NOT EXISTS edition (
    edition VARCHAR, kind VARCHAR, year INTEGER, source_id VARCHAR,
    label_zh VARCHAR, label_en VARCHAR, batch INTEGER
);

CREATE TABLE IF NOT EXISTS measure (
    measure VARCHAR, kind VARCHAR, higher_is_better BOOLEAN, unit VARCHAR,
    name_zh VARCHAR, name_en VARCHAR, batch INTEGER
);

CREATE TABLE IF NOT EXISTS province (
    code VARCHAR, name_zh VARCHAR, short_zh VARCHAR, name_en VARCHAR,
    label_lon DOUBLE, label_lat DOUBLE, batch INTEGER
);

CREATE TABLE IF NOT EXISTS city (
    code VARCHAR, name_zh VARCHAR, short_zh VARCHAR, name_en VARCHAR, province_code VARCHAR,
    country VARCHAR, lon DOUBLE, lat DOUBLE, level VARCHAR, source VARCHAR, note VARCHAR,
    batch INTEGER
);

CREATE TABLE IF NOT EXISTS city_alias (
    alias VARCHAR, alias_norm VARCHAR, city_code VARCHAR, kind VARCHAR, note VARCHAR,
    batch INTEGER
);

CREATE TABLE IF NOT EXISTS ranking (
    edition VARCHAR, measure VARCHAR, city_code VARCHAR, printed_name VARCHAR, value DOUBLE,
    group_label VARCHAR, group_basis VARCHAR, source_id VARCHAR, source_lines VARCHAR,
    quote VARCHAR, basis VARCHAR, flag VARCHAR, note VARCHAR, batch INTEGER
);

CREATE TABLE IF NOT EXISTS tier (
    edition VARCHAR, city_code VARCHAR, printed_name VARCHAR, tier VARCHAR, is_primary BOOLEAN,
    basis VARCHAR, source_id VARCHAR, source_lines VARCHAR, quote VARCHAR, flag VARCHAR,
    note VARCHAR, batch INTEGER
);

CREATE TABLE IF NOT EXISTS anomaly (
    code VARCHAR, dataset VARCHAR, source_id VARCHAR, source_lines VARCHAR,
    description_zh VARCHAR, description_en VARCHAR, batch INTEGER
);

-- Which uploaded batches are in force for a dataset kind: the macro batch_in_force(kind, batch)
-- is defined in 05_versions.sql, after the version tables it reads; every *_current view uses it.

CREATE TABLE IF NOT EXISTS country (
    iso2 VARCHAR, iso3 VARCHAR, continent VARCHAR, name_zh VARCHAR, name_en VARCHAR, source VARCHAR,
    batch INTEGER
);

-- Chinese translation of the English `note`. Added by ALTER because CREATE TABLE IF NOT EXISTS
-- leaves an existing database's table (and its uploads) as it was; the column therefore comes last.
ALTER TABLE ranking ADD COLUMN IF NOT EXISTS note_zh VARCHAR;
ALTER TABLE tier ADD COLUMN IF NOT EXISTS note_zh VARCHAR;
