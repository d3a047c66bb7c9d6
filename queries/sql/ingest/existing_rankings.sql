-- Rows of an upload (incoming_keys) whose key is already in force: (file row, batch it is in).
SELECT i._row AS row, min(t.batch) AS batch
FROM incoming_keys i
JOIN ranking t ON t.edition IS NOT DISTINCT FROM i.edition AND t.measure IS NOT DISTINCT FROM i.measure AND t.city_code IS NOT DISTINCT FROM i.city_code
WHERE list_contains($batches, t.batch)
GROUP BY i._row
ORDER BY i._row;
