-- One uploaded row as stored, by its batch and its row in the uploaded file (source U<batch>,
-- source_lines = the file's row number), from whichever dataset the batch wrote to.
SELECT 'rankings' AS kind, to_json(r)::VARCHAR AS row_json FROM ranking r
WHERE r.batch = $batch AND r.source_lines = $row
UNION ALL
SELECT 'tiers', to_json(r)::VARCHAR FROM tier r WHERE r.batch = $batch AND r.source_lines = $row
UNION ALL
SELECT 'pilots', to_json(r)::VARCHAR FROM pilot r WHERE r.batch = $batch AND r.source_lines = $row
UNION ALL
SELECT 'carbon_targets', to_json(r)::VARCHAR FROM carbon_target r WHERE r.batch = $batch AND r.source_lines = $row
UNION ALL
SELECT 'scenario_coverage', to_json(r)::VARCHAR FROM scenario_coverage r
WHERE r.batch = $batch AND r.source_lines = $row
UNION ALL
SELECT 'city_metrics', to_json(r)::VARCHAR FROM city_metric r WHERE r.batch = $batch AND r.source_lines = $row
LIMIT 1;
