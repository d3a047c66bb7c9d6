INSERT INTO edition BY NAME SELECT *, $batch AS batch FROM incoming;
