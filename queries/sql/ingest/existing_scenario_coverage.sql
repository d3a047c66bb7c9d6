-- Rows of an upload (incoming_keys) whose key is already in force: the stored position and file
-- row, the batch the row in force is in, whether its values equal the upload's, and its values.
-- Written from Kind 'scenario_coverage' (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.
SELECT i._position AS position, i._row AS row, t.batch, (t.evidence_zh IS NOT DISTINCT FROM i.evidence_zh AND t.evidence_en IS NOT DISTINCT FROM i.evidence_en) AS same, t.evidence_zh, t.evidence_en
FROM incoming_keys i
JOIN scenario_coverage t
  ON t.city_code IS NOT DISTINCT FROM i.city_code
  AND t.framework IS NOT DISTINCT FROM i.framework
  AND t.scenario IS NOT DISTINCT FROM i.scenario
WHERE list_contains($batches, t.batch)
ORDER BY position, t.batch;
