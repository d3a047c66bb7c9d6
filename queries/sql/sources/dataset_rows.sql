-- Every distinct place each dataset cites (seed and uploads), with the words quoted there: what the
-- Sources page offers to read for one dataset and report.
WITH cited AS (
    SELECT 'ranking' AS dataset, source_id, source_lines, quote FROM ranking_current
    UNION ALL SELECT 'tier', source_id, source_lines, quote FROM tier_current
    UNION ALL SELECT 'pilot', source_id, source_lines, quote FROM pilot_current
    UNION ALL SELECT 'maturity', source_id, source_lines, quote FROM maturity
    UNION ALL SELECT 'national_fact', source_id, source_lines, quote FROM national_fact
    UNION ALL SELECT 'carbon_target', source_id, source_lines, quote FROM carbon_target_current
    UNION ALL SELECT 'carbon_fact', source_id, source_lines, quote FROM carbon_fact
    UNION ALL SELECT 'scenario', source_id, source_lines, quote FROM scenario
    UNION ALL SELECT 'scenario_coverage', source_id, source_lines, quote FROM scenario_coverage_current
    UNION ALL SELECT 'city_metric', source_id, source_lines, quote FROM city_metric_current
)
SELECT DISTINCT dataset, source_id, source_lines, quote
FROM cited
WHERE source_id IS NOT NULL AND source_lines IS NOT NULL
ORDER BY dataset, source_id, try_cast(regexp_extract(source_lines, '\d+') AS INTEGER), source_lines;
