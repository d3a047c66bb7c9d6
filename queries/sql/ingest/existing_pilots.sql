-- Rows of an upload (incoming_keys) whose key is already in force: the stored position and file
-- row, the batch the row in force is in, whether its values equal the upload's, and its values.
-- Written from Kind 'pilots' (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.
SELECT i._position AS position, i._row AS row, t.batch, (t.place_code IS NOT DISTINCT FROM i.place_code AND t.year IS NOT DISTINCT FROM i.year AND t.level IS NOT DISTINCT FROM i.level) AS same, t.place_code, t.year, t.level
FROM incoming_keys i
JOIN pilot t
  ON t.programme IS NOT DISTINCT FROM i.programme
  AND t.batch_label IS NOT DISTINCT FROM i.batch_label
  AND t.printed_name IS NOT DISTINCT FROM i.printed_name
WHERE list_contains($batches, t.batch)
ORDER BY position, t.batch;
