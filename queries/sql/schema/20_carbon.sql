-- Carbon peak / neutrality targets: one row per city target or per tier rule.
-- peak_status: achieved / target / undetermined; qualifiers: before / around / by / in.
CREATE TABLE IF NOT EXISTS carbon_target (
    subject VARCHAR, city_code VARCHAR, tier VARCHAR, printed_name VARCHAR,
    peak_status VARCHAR, peak_year INTEGER, peak_month INTEGER, peak_qualifier VARCHAR,
    neutrality_year INTEGER, neutrality_qualifier VARCHAR, source_id VARCHAR, source_lines VARCHAR,
    quote VARCHAR, basis VARCHAR, flag VARCHAR, note VARCHAR, batch INTEGER
);

-- Related decarbonisation figures (shares of emissions, reduction paths), each sourced.
CREATE TABLE IF NOT EXISTS carbon_fact (
    fact VARCHAR, topic VARCHAR, label_zh VARCHAR, label_en VARCHAR, value DOUBLE, unit VARCHAR,
    scope VARCHAR, source_id VARCHAR, source_lines VARCHAR, quote VARCHAR, basis VARCHAR,
    note VARCHAR, batch INTEGER
);

-- Chinese translation of the English `note`. Added by ALTER because CREATE TABLE IF NOT EXISTS
-- leaves an existing database's table (and its uploads) as it was; the column therefore comes last.
ALTER TABLE carbon_target ADD COLUMN IF NOT EXISTS note_zh VARCHAR;
-- The printed form of a related figure (70%, 50%左右, 近三分之一) and its qualifier (about / nearly /
-- over / at_least; empty when printed exactly), shown with the value wherever it appears.
ALTER TABLE carbon_fact ADD COLUMN IF NOT EXISTS value_text VARCHAR;
ALTER TABLE carbon_fact ADD COLUMN IF NOT EXISTS qualifier VARCHAR;
