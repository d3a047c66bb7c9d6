-- csv: seeds/maturity.csv
-- Replace the seed rows (batch 0) of maturity; uploaded batches are left alone.
DELETE FROM maturity WHERE batch = 0;
INSERT INTO maturity BY NAME SELECT *, 0 AS batch FROM incoming;
