-- Rows of an upload (incoming_keys) whose key is already in force: (file row, batch it is in).
SELECT i._row AS row, min(t.batch) AS batch
FROM incoming_keys i
JOIN city_metric t ON t.city_code IS NOT DISTINCT FROM i.city_code AND t.metric IS NOT DISTINCT FROM i.metric AND t.year IS NOT DISTINCT FROM i.year
WHERE list_contains($batches, t.batch)
GROUP BY i._row
ORDER BY i._row;
