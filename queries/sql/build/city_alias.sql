-- csv: gazetteer/city_alias.csv
-- Replace the seed rows (batch 0) of city_alias; uploaded batches are left alone.
DELETE FROM city_alias WHERE batch = 0;
INSERT INTO city_alias BY NAME SELECT *, 0 AS batch FROM incoming;
