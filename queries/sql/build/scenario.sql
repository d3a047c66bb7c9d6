-- csv: seeds/scenarios_000_001.csv seeds/scenarios_002_004.csv
-- Replace the seed rows (batch 0) of scenario; uploaded batches are left alone.
DELETE FROM scenario WHERE batch = 0;
INSERT INTO scenario BY NAME SELECT *, 0 AS batch FROM incoming;
