-- Rows of carbon_target in the given batches (batch 0 = seed), keyed for comparing two versions.
SELECT subject, city_code, tier, peak_status, peak_year, peak_qualifier, neutrality_year, printed_name, batch
FROM carbon_target
WHERE list_contains($batches, batch)
ORDER BY ALL;
