-- One metric in one year (or with no year when $year is NULL) for the cities in the chosen tiers
-- ($tiers): every figure, with the city's place on the map, its tier, what the figure is about
-- (the whole city, or a district, new area, zone, company or region keyed to it), its qualifier,
-- the period it refers to and its provenance.
--
-- A city may have several figures (深圳's data categories: 385 in the 2018 report, 100 in 2022).
-- The map draws one (drawn = true), chosen in this order: a whole-city figure before a figure of
-- part of the city; the newest source (uploads before reports, reports by year of publication);
-- within one source the figure printed last (由75%提升至100% draws 100%). The table lists them all.
SELECT m.city_code, c.name_zh AS city_name_zh, c.short_zh AS city_short_zh, c.name_en AS city_name_en, c.lon, c.lat,
       m.printed_name,
       coalesce(m.subject_level, 'city') AS subject_level, m.subject_zh, m.subject_en,
       m.value, m.value_text, m.qualifier,
       coalesce(m.unit_zh, m.unit) AS unit_zh, m.unit AS unit_en, m.year,
       coalesce(m.period_zh, m.period) AS period_zh, m.period AS period_en,
       m.label_zh, m.label_en, m.source_id, m.source_lines, m.quote, m.basis,
       coalesce(m.note_zh, m.note) AS note_zh, m.note AS note_en, m.batch, s.year AS source_year,
       coalesce(ct.tier, 'unclassified') AS tier,
       row_number() OVER (
           PARTITION BY m.city_code
           ORDER BY coalesce(m.subject_level, 'city') = 'city' DESC, m.batch DESC, s.year DESC NULLS LAST,
                    m.printed_order DESC NULLS LAST, m.source_lines DESC
       ) = 1 AS drawn
FROM city_metric_current m
JOIN city c ON c.code = m.city_code
LEFT JOIN source s ON s.source_id = m.source_id AND s.batch = 0
LEFT JOIN city_tier_of($tier_edition) ct ON ct.city_code = m.city_code
WHERE m.metric = $metric
  AND m.value IS NOT NULL
  AND (m.year = $year OR ($year IS NULL AND m.year IS NULL))
  AND list_contains($tiers, coalesce(ct.tier, 'unclassified'))
ORDER BY drawn DESC, m.value DESC, m.city_code, m.printed_order;
