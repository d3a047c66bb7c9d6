-- One metric in one year (or with no year when $year is NULL) for the cities in the chosen tiers
-- ($tiers): a value per city, with the city's place on the map, its tier, the period the figure
-- refers to and the row's provenance. A city with two rows keeps the first by source.
SELECT m.city_code, c.name_zh AS city_name_zh, c.short_zh AS city_short_zh, c.name_en AS city_name_en, c.lon, c.lat, m.printed_name, m.value, m.value_text,
       coalesce(m.unit_zh, m.unit) AS unit_zh, m.unit AS unit_en, m.year,
       coalesce(m.period_zh, m.period) AS period_zh, m.period AS period_en,
       m.label_zh, m.label_en, m.source_id, m.source_lines, m.quote, m.basis,
       coalesce(m.note_zh, m.note) AS note_zh, m.note AS note_en, m.batch,
       coalesce(ct.tier, 'unclassified') AS tier
FROM city_metric_current m
JOIN city c ON c.code = m.city_code
LEFT JOIN city_tier_of($tier_edition) ct ON ct.city_code = m.city_code
WHERE m.metric = $metric
  AND m.value IS NOT NULL
  AND (m.year = $year OR ($year IS NULL AND m.year IS NULL))
  AND list_contains($tiers, coalesce(ct.tier, 'unclassified'))
QUALIFY row_number() OVER (PARTITION BY m.city_code ORDER BY m.source_id, m.source_lines) = 1
ORDER BY m.value DESC, m.city_code;
