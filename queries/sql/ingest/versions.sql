-- Every version of one dataset kind, newest first, with the uploaded batches in force in it.
SELECT v.version, v.action, v.batch, v.mode, v.target_version, v.user_name, v.committed_at,
       v.file_name, v.sha256, v.row_count, v.note,
       coalesce((SELECT list(b.batch ORDER BY b.batch) FROM dataset_version_batch b
                  WHERE b.kind = v.kind AND b.version = v.version), []) AS batches
FROM dataset_version v
WHERE v.kind = $kind
ORDER BY v.version DESC;
