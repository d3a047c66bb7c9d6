-- Rows of tier in the given batches (batch 0 = seed), keyed for comparing two versions.
SELECT edition, city_code, tier, is_primary, printed_name, batch
FROM tier
WHERE list_contains($batches, batch)
ORDER BY ALL;
