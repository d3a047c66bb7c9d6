SELECT batch FROM dataset_version_batch WHERE kind = $kind AND version = $version ORDER BY batch;
