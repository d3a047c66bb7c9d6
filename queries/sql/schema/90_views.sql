-- Views across tables; runs after every area's tables exist.

-- The rows in force. Uploads (batches > 0) join these once dataset versions exist; every page
-- reads the *_current views, never the base tables, so versioning changes one place.
CREATE OR REPLACE VIEW ranking_current AS SELECT * FROM ranking WHERE batch_in_force('rankings', batch);
CREATE OR REPLACE VIEW tier_current AS SELECT * FROM tier WHERE batch_in_force('tiers', batch);
CREATE OR REPLACE VIEW pilot_current AS SELECT * FROM pilot WHERE batch_in_force('pilots', batch);
CREATE OR REPLACE VIEW carbon_target_current AS
SELECT * FROM carbon_target WHERE batch_in_force('carbon_targets', batch);
CREATE OR REPLACE VIEW scenario_coverage_current AS
SELECT * FROM scenario_coverage WHERE batch_in_force('scenario_coverage', batch);
CREATE OR REPLACE VIEW city_metric_current AS
SELECT * FROM city_metric WHERE batch_in_force('city_metrics', batch);

-- The tier editions in force: those with rows in tier_current (an uploaded edition leaves when its
-- upload is rolled back, though its catalogue row stays), newest first.
CREATE OR REPLACE VIEW tier_edition_in_force AS
SELECT e.edition, e.year, e.label_zh, e.label_en, e.source_id, e.batch
FROM edition e
WHERE e.kind = 'tier' AND e.edition IN (SELECT edition FROM tier_current)
ORDER BY e.year DESC, e.edition DESC;

-- The edition pages use unless the reader chose another: the newest in force.
CREATE OR REPLACE VIEW current_tier_edition AS
SELECT edition FROM tier_edition_in_force ORDER BY year DESC, edition DESC LIMIT 1;

-- One tier per city: the primary placement in the chosen tier edition (NULL: the newest in force).
CREATE OR REPLACE MACRO city_tier_of(chosen) AS TABLE
SELECT t.city_code, t.tier, t.basis, t.flag, t.source_id, t.source_lines, t.quote, t.note, t.edition,
       (SELECT string_agg(o.tier, ',') FROM tier_current o
         WHERE o.edition = t.edition AND o.city_code = t.city_code AND NOT o.is_primary) AS other_tiers
FROM tier_current t
WHERE t.is_primary AND t.edition = coalesce(chosen, (SELECT edition FROM current_tier_edition));

CREATE OR REPLACE VIEW city_tier AS SELECT * FROM city_tier_of(NULL);

-- Rank gap = GDP-per-capita rank minus smart-city rank: positive means smarter than rich.
CREATE OR REPLACE VIEW ranking_all AS
SELECT * FROM ranking_current
UNION ALL BY NAME
SELECT s.edition, 'rank_gap' AS measure, s.city_code, s.printed_name, g.value - s.value AS value,
       NULL AS group_label, NULL AS group_basis, s.source_id,
       CASE WHEN s.source_lines = g.source_lines THEN s.source_lines
            ELSE s.source_lines || ';' || g.source_lines END AS source_lines,
       g.quote, 'derived' AS basis, NULL AS flag, NULL AS note, s.batch
FROM ranking_current s
JOIN ranking_current g
  ON g.edition = s.edition AND g.city_code = s.city_code AND g.measure = 'gdp_per_capita_rank'
WHERE s.measure = 'smart_rank';

-- Every Chinese city any dataset mentions (ranked, tiered, piloted, with a target, a scenario or a
-- figure), with its tier in the chosen tier edition (NULL: the newest in force) or 'unclassified'.
-- Foreign cities appear only on the pages that need them.
CREATE OR REPLACE MACRO tracked_city_of(chosen) AS TABLE
SELECT c.code, c.name_zh, c.short_zh, c.name_en, c.lon, c.lat, c.province_code,
       p.short_zh AS province_zh, p.name_en AS province_en,
       coalesce(ct.tier, 'unclassified') AS tier, ct.basis AS tier_basis, ct.flag AS tier_flag,
       ct.source_id AS tier_source_id, ct.source_lines AS tier_source_lines, ct.other_tiers
FROM city c
LEFT JOIN province p ON p.code = c.province_code
LEFT JOIN city_tier_of(chosen) ct ON ct.city_code = c.code
WHERE c.country = 'CN' AND c.code IN (
    SELECT city_code FROM ranking_current
    UNION SELECT city_code FROM tier_current
    UNION SELECT place_code FROM pilot_current
    UNION SELECT city_code FROM carbon_target_current
    UNION SELECT city_code FROM scenario_coverage_current
    UNION SELECT city_code FROM city_metric_current
);

CREATE OR REPLACE VIEW tracked_city AS SELECT * FROM tracked_city_of(NULL);
