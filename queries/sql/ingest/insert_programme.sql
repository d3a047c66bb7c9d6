INSERT INTO programme BY NAME SELECT *, $batch AS batch FROM incoming;
