-- Rows of city_metric in the given batches (batch 0 = seed), keyed for comparing two versions.
SELECT city_code, metric, year, value, unit, printed_name, batch
FROM city_metric
WHERE list_contains($batches, batch)
ORDER BY ALL;
