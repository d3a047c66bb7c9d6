-- Per-city figures from the reports (5G base stations, open datasets, R&D intensity, …).
-- value is numeric when the report prints a number; value_text keeps the printed form (约, 超过, 万).
CREATE TABLE IF NOT EXISTS city_metric (
    city_code VARCHAR, printed_name VARCHAR, metric VARCHAR, label_zh VARCHAR, label_en VARCHAR,
    value DOUBLE, value_text VARCHAR, unit VARCHAR, period VARCHAR, year INTEGER,
    source_id VARCHAR, source_lines VARCHAR, quote VARCHAR, basis VARCHAR, flag VARCHAR,
    note VARCHAR, batch INTEGER
);

-- Chinese forms of the English `note`, `unit` and `period`. Added by ALTER because CREATE TABLE IF
-- NOT EXISTS leaves an existing database's table (and its uploads) as it was; they therefore come last.
ALTER TABLE city_metric ADD COLUMN IF NOT EXISTS note_zh VARCHAR;
ALTER TABLE city_metric ADD COLUMN IF NOT EXISTS unit_zh VARCHAR;
ALTER TABLE city_metric ADD COLUMN IF NOT EXISTS period_zh VARCHAR;

-- What the figure is about when it is not the whole city (a district, new area, zone, company or
-- wider region, drawn at the city it is keyed to): subject_level city / district / new_area / zone /
-- new_town / company / region, and its name. The qualifier printed with the value (约, 近, 超过, 以上:
-- about / nearly / over / at_least; empty when printed exactly). printed_order is the row's place in
-- the seed files, which list a source's figures in the order printed: when one city has several
-- figures for a metric and year, the map draws the one printed last in the newest source.
ALTER TABLE city_metric ADD COLUMN IF NOT EXISTS subject_level VARCHAR;
ALTER TABLE city_metric ADD COLUMN IF NOT EXISTS subject_zh VARCHAR;
ALTER TABLE city_metric ADD COLUMN IF NOT EXISTS subject_en VARCHAR;
ALTER TABLE city_metric ADD COLUMN IF NOT EXISTS qualifier VARCHAR;
ALTER TABLE city_metric ADD COLUMN IF NOT EXISTS printed_order INTEGER;
