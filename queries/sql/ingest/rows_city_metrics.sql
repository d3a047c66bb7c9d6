-- Rows of city_metric in the given batches (batch 0 = seed), keyed for comparing two versions.
-- Written from Kind 'city_metrics' (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.
SELECT city_code, metric, year, value, unit, printed_name, batch
FROM city_metric
WHERE list_contains($batches, batch)
ORDER BY ALL;
