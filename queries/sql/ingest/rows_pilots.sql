-- Rows of pilot in the given batches (batch 0 = seed), keyed for comparing two versions.
SELECT programme, batch_label, printed_name, place_code, year, level, batch
FROM pilot
WHERE list_contains($batches, batch)
ORDER BY ALL;
