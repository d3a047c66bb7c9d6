-- Rows of pilot in the given batches (batch 0 = seed), keyed for comparing two versions.
-- Written from Kind 'pilots' (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.
SELECT programme, batch_label, printed_name, place_code, year, level, batch
FROM pilot
WHERE list_contains($batches, batch)
ORDER BY ALL;
