-- Rows of tier in the given batches (batch 0 = seed), keyed for comparing two versions.
-- Written from Kind 'tiers' (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.
SELECT edition, city_code, tier, is_primary, printed_name, batch
FROM tier
WHERE list_contains($batches, batch)
ORDER BY ALL;
