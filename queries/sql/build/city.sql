-- csv: gazetteer/cities.csv
-- Replace the seed rows (batch 0) of city; uploaded batches are left alone.
DELETE FROM city WHERE batch = 0;
INSERT INTO city BY NAME SELECT *, 0 AS batch FROM incoming;
