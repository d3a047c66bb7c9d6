-- Per dataset and report: how many rows, on which lines, with which basis (seed and uploads).
WITH cited AS (
    SELECT 'ranking' AS dataset, source_id, source_lines, basis, batch FROM ranking_current
    UNION ALL SELECT 'tier', source_id, source_lines, basis, batch FROM tier_current
    UNION ALL SELECT 'pilot', source_id, source_lines, basis, batch FROM pilot_current
    UNION ALL SELECT 'maturity', source_id, source_lines, basis, batch FROM maturity
    UNION ALL SELECT 'national_fact', source_id, source_lines, basis, batch FROM national_fact
    UNION ALL SELECT 'carbon_target', source_id, source_lines, basis, batch FROM carbon_target_current
    UNION ALL SELECT 'carbon_fact', source_id, source_lines, basis, batch FROM carbon_fact
    UNION ALL SELECT 'scenario', source_id, source_lines, basis, batch FROM scenario
    UNION ALL SELECT 'scenario_coverage', source_id, source_lines, basis, batch FROM scenario_coverage_current
    UNION ALL SELECT 'city_metric', source_id, source_lines, basis, batch FROM city_metric_current
)
SELECT dataset, source_id, count(*) AS rows,
       count(*) FILTER (WHERE basis = 'explicit') AS explicit,
       count(*) FILTER (WHERE basis = 'derived') AS derived,
       count(*) FILTER (WHERE basis = 'inferred') AS inferred,
       count(*) FILTER (WHERE batch > 0) AS uploaded,
       min(try_cast(regexp_extract(source_lines, '\d+') AS INTEGER)) AS first_line,
       max(try_cast(regexp_extract(source_lines, '(\d+)\D*$', 1) AS INTEGER)) AS last_line
FROM cited
GROUP BY dataset, source_id
ORDER BY dataset, source_id NULLS LAST;
