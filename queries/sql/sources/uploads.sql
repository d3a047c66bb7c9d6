-- Uploaded batches, so rows citing U<batch> can name the file, the analyst and the version.
SELECT batch, kind, version, file_name, user_name, committed_at
FROM dataset_version
WHERE action = 'upload'
ORDER BY batch;
