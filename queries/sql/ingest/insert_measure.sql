INSERT INTO measure BY NAME SELECT *, $batch AS batch FROM incoming;
