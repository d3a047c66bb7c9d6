-- csv: gazetteer/countries.csv
-- Replace the seed rows (batch 0) of country; uploaded batches are left alone.
DELETE FROM country WHERE batch = 0;
INSERT INTO country BY NAME SELECT *, 0 AS batch FROM incoming;
