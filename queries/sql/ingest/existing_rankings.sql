-- Rows of an upload (incoming_keys) whose key is already in force: the stored position and file
-- row, the batch the row in force is in, whether its values equal the upload's, and its values.
-- Written from Kind 'rankings' (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.
SELECT i._position AS position, i._row AS row, t.batch, (t.value IS NOT DISTINCT FROM i.value AND t.group_label IS NOT DISTINCT FROM i.group_label) AS same, t.value, t.group_label
FROM incoming_keys i
JOIN ranking t
  ON t.edition IS NOT DISTINCT FROM i.edition
  AND t.measure IS NOT DISTINCT FROM i.measure
  AND t.city_code IS NOT DISTINCT FROM i.city_code
WHERE list_contains($batches, t.batch)
ORDER BY position, t.batch;
