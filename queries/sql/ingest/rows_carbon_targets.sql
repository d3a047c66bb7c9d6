-- Rows of carbon_target in the given batches (batch 0 = seed), keyed for comparing two versions.
-- Written from Kind 'carbon_targets' (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.
SELECT subject, city_code, tier, peak_status, peak_year, peak_qualifier, neutrality_year, printed_name, batch
FROM carbon_target
WHERE list_contains($batches, batch)
ORDER BY ALL;
