-- Rows of ranking in the given batches (batch 0 = seed), keyed for comparing two versions.
-- Written from Kind 'rankings' (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.
SELECT edition, measure, city_code, value, group_label, printed_name, batch
FROM ranking
WHERE list_contains($batches, batch)
ORDER BY ALL;
