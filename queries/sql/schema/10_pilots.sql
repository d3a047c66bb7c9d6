-- Pilot programmes and their places (seed 002 China–EU pilots; national batches come by upload).
CREATE TABLE IF NOT EXISTS programme (
    programme VARCHAR, name_zh VARCHAR, name_en VARCHAR, year INTEGER, source_id VARCHAR,
    source_lines VARCHAR, quote VARCHAR, basis VARCHAR, note VARCHAR, batch INTEGER
);

-- One row per place in a programme. place_code is the gazetteer code of the city (or of the
-- parent city of a district / new area); level says what the place itself is.
CREATE TABLE IF NOT EXISTS pilot (
    programme VARCHAR, place_code VARCHAR, printed_name VARCHAR, place_name_zh VARCHAR,
    place_name_en VARCHAR, level VARCHAR, region VARCHAR, country VARCHAR, province_code VARCHAR,
    batch_label VARCHAR, year INTEGER, source_id VARCHAR, source_lines VARCHAR, quote VARCHAR,
    basis VARCHAR, flag VARCHAR, note VARCHAR, batch INTEGER
);

-- Maturity results: share of pilots (percent, as printed) at each level of each feature.
CREATE TABLE IF NOT EXISTS maturity (
    programme VARCHAR, feature VARCHAR, feature_zh VARCHAR, feature_en VARCHAR, region VARCHAR,
    level INTEGER, level_zh VARCHAR, level_en VARCHAR, share DOUBLE, source_id VARCHAR,
    source_lines VARCHAR, quote VARCHAR, basis VARCHAR, flag VARCHAR, note VARCHAR, batch INTEGER
);

-- Headline facts the reports state about pilots nationally (counts with qualifiers such as 近 / 超过).
CREATE TABLE IF NOT EXISTS national_fact (
    fact VARCHAR, topic VARCHAR, label_zh VARCHAR, label_en VARCHAR, value DOUBLE, value_text VARCHAR,
    unit VARCHAR, qualifier VARCHAR, year INTEGER, source_id VARCHAR, source_lines VARCHAR,
    quote VARCHAR, basis VARCHAR, flag VARCHAR, note VARCHAR, batch INTEGER
);

-- Chinese translation of the English `note`. Added by ALTER because CREATE TABLE IF NOT EXISTS
-- leaves an existing database's table (and its uploads) as it was; the column therefore comes last.
ALTER TABLE pilot ADD COLUMN IF NOT EXISTS note_zh VARCHAR;
