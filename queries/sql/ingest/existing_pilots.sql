-- Rows of an upload (incoming_keys) whose key is already in force: (file row, batch it is in).
SELECT i._row AS row, min(t.batch) AS batch
FROM incoming_keys i
JOIN pilot t ON t.programme IS NOT DISTINCT FROM i.programme AND t.batch_label IS NOT DISTINCT FROM i.batch_label AND t.printed_name IS NOT DISTINCT FROM i.printed_name
WHERE list_contains($batches, t.batch)
GROUP BY i._row
ORDER BY i._row;
