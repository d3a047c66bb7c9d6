-- Rows of an upload (incoming_keys) whose key is already in force: (file row, batch it is in).
SELECT i._row AS row, min(t.batch) AS batch
FROM incoming_keys i
JOIN carbon_target t ON t.subject IS NOT DISTINCT FROM i.subject AND t.city_code IS NOT DISTINCT FROM i.city_code AND t.tier IS NOT DISTINCT FROM i.tier
WHERE list_contains($batches, t.batch)
GROUP BY i._row
ORDER BY i._row;
