-- Rows of an upload (incoming_keys) whose key is already in force: the stored position and file
-- row, the batch the row in force is in, whether its values equal the upload's, and its values.
-- Written from Kind 'tiers' (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.
SELECT i._position AS position, i._row AS row, t.batch, (t.is_primary IS NOT DISTINCT FROM i.is_primary) AS same, t.is_primary
FROM incoming_keys i
JOIN tier t
  ON t.edition IS NOT DISTINCT FROM i.edition
  AND t.city_code IS NOT DISTINCT FROM i.city_code
  AND t.tier IS NOT DISTINCT FROM i.tier
WHERE list_contains($batches, t.batch)
ORDER BY position, t.batch;
