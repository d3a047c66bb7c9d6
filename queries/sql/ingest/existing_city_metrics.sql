-- Rows of an upload (incoming_keys) whose key is already in force: the stored position and file
-- row, the batch the row in force is in, whether its values equal the upload's, and its values.
-- Written from Kind 'city_metrics' (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.
SELECT i._position AS position, i._row AS row, t.batch, (t.value IS NOT DISTINCT FROM i.value AND t.unit IS NOT DISTINCT FROM i.unit) AS same, t.value, t.unit
FROM incoming_keys i
JOIN city_metric t
  ON t.city_code IS NOT DISTINCT FROM i.city_code
  AND t.metric IS NOT DISTINCT FROM i.metric
  AND t.year IS NOT DISTINCT FROM i.year
WHERE list_contains($batches, t.batch)
ORDER BY position, t.batch;
