-- csv: seeds/programmes.csv
-- Replace the seed rows (batch 0) of programme; uploaded batches are left alone.
DELETE FROM programme WHERE batch = 0;
INSERT INTO programme BY NAME SELECT *, 0 AS batch FROM incoming;
