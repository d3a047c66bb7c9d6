-- Metrics in force (seed and uploads), each named by its shortest label (rows may add "(cumulative)"
-- or "(added in 2021)"). For each: its years ('-' = year not stated), ordered by
-- how many cities in the chosen tiers ($tiers) have a value that year, and that best count, so
-- the metric map opens on the metric and year covering the most cities. Metrics no city in the
-- chosen tiers has stay choosable (cities = 0): a shared link keeps its metric.
WITH in_force AS (
    SELECT m.metric, m.label_zh, m.label_en, m.year, m.city_code,
           list_contains($tiers, coalesce(ct.tier, 'unclassified')) AS in_tiers
    FROM city_metric_current m
    LEFT JOIN city_tier_of($tier_edition) ct ON ct.city_code = m.city_code
    WHERE m.value IS NOT NULL
),
per_year AS (
    SELECT metric, year, count(DISTINCT city_code) FILTER (WHERE in_tiers) AS cities
    FROM in_force
    GROUP BY metric, year
)
SELECT f.metric, arg_min(f.label_zh, length(f.label_zh)) AS label_zh, arg_min(f.label_en, length(f.label_en)) AS label_en,
       (SELECT list(coalesce(CAST(p.year AS VARCHAR), '-') ORDER BY p.cities DESC, p.year DESC NULLS LAST)
          FROM per_year p WHERE p.metric = f.metric) AS years,
       (SELECT max(p.cities) FROM per_year p WHERE p.metric = f.metric) AS cities
FROM in_force f
GROUP BY f.metric
ORDER BY cities DESC, f.metric;
