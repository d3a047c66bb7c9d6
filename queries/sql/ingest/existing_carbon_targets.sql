-- Rows of an upload (incoming_keys) whose key is already in force: the stored position and file
-- row, the batch the row in force is in, whether its values equal the upload's, and its values.
-- Written from Kind 'carbon_targets' (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.
SELECT i._position AS position, i._row AS row, t.batch, (t.peak_status IS NOT DISTINCT FROM i.peak_status AND t.peak_year IS NOT DISTINCT FROM i.peak_year AND t.peak_qualifier IS NOT DISTINCT FROM i.peak_qualifier AND t.neutrality_year IS NOT DISTINCT FROM i.neutrality_year) AS same, t.peak_status, t.peak_year, t.peak_qualifier, t.neutrality_year
FROM incoming_keys i
JOIN carbon_target t
  ON t.subject IS NOT DISTINCT FROM i.subject
  AND t.city_code IS NOT DISTINCT FROM i.city_code
  AND t.tier IS NOT DISTINCT FROM i.tier
WHERE list_contains($batches, t.batch)
ORDER BY position, t.batch;
