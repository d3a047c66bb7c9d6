-- csv: gazetteer/provinces.csv
-- Replace the seed rows (batch 0) of province; uploaded batches are left alone.
DELETE FROM province WHERE batch = 0;
INSERT INTO province BY NAME SELECT *, 0 AS batch FROM incoming;
