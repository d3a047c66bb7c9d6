-- Rows of scenario_coverage in the given batches (batch 0 = seed), keyed for comparing two versions.
-- Written from Kind 'scenario_coverage' (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.
SELECT city_code, framework, scenario, evidence_zh, evidence_en, printed_name, batch
FROM scenario_coverage
WHERE list_contains($batches, batch)
ORDER BY ALL;
