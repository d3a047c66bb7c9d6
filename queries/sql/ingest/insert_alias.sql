INSERT INTO city_alias BY NAME SELECT *, $batch AS batch FROM incoming;
