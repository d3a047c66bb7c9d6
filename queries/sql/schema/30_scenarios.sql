-- Scenario catalogues: Deloitte 2022 top-10 (with adoption %), CCID 2019 five domains,
-- Huawei 2019 key city issues, Deloitte 2018 six domains.
CREATE TABLE IF NOT EXISTS scenario (
    framework VARCHAR, scenario VARCHAR, domain VARCHAR, domain_zh VARCHAR, domain_en VARCHAR,
    name_zh VARCHAR, name_en VARCHAR, rank INTEGER, adoption_pct DOUBLE, source_id VARCHAR,
    source_lines VARCHAR, quote VARCHAR, basis VARCHAR, flag VARCHAR, note VARCHAR, batch INTEGER
);

-- City x scenario pairs built from case evidence in the reports (our classification: basis inferred
-- unless the report itself ties the city to the scenario).
CREATE TABLE IF NOT EXISTS scenario_coverage (
    city_code VARCHAR, printed_name VARCHAR, framework VARCHAR, scenario VARCHAR, evidence_zh VARCHAR,
    evidence_en VARCHAR, source_id VARCHAR, source_lines VARCHAR, quote VARCHAR, basis VARCHAR,
    flag VARCHAR, note VARCHAR, batch INTEGER
);

-- Chinese translation of the English `note` (why a pair is classed as it is). Added by ALTER because
-- CREATE TABLE IF NOT EXISTS leaves an existing database's table (and its uploads) as it was.
ALTER TABLE scenario_coverage ADD COLUMN IF NOT EXISTS note_zh VARCHAR;
