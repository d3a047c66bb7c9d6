-- The newest version of one dataset kind and the uploaded batches in force in it.
SELECT v.version,
       coalesce((SELECT list(b.batch ORDER BY b.batch) FROM dataset_version_batch b
                  WHERE b.kind = v.kind AND b.version = v.version), []) AS batches
FROM dataset_version v
WHERE v.kind = $kind
ORDER BY v.version DESC
LIMIT 1;
