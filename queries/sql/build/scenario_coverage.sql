-- csv: seeds/scenario_coverage_000_001.csv seeds/scenario_coverage_002_004.csv
-- Replace the seed rows (batch 0) of scenario_coverage; uploaded batches are left alone.
DELETE FROM scenario_coverage WHERE batch = 0;
INSERT INTO scenario_coverage BY NAME SELECT *, 0 AS batch FROM incoming;
