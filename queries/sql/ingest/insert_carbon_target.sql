-- The rows of one upload, exactly as previewed; source_id names the upload (U<batch>).
INSERT INTO carbon_target BY NAME SELECT *, $source_id AS source_id, $batch AS batch FROM incoming;
