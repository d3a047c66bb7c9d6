-- Rows of scenario_coverage in the given batches (batch 0 = seed), keyed for comparing two versions.
SELECT city_code, framework, scenario, evidence_zh, evidence_en, printed_name, batch
FROM scenario_coverage
WHERE list_contains($batches, batch)
ORDER BY ALL;
