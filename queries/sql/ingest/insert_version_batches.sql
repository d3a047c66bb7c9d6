INSERT INTO dataset_version_batch (kind, version, batch)
SELECT $kind, $version, unnest($batches);
