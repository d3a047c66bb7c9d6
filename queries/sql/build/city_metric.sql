-- csv: seeds/city_metrics_000_001.csv seeds/city_metrics_002_004.csv
-- Replace the seed rows (batch 0) of city_metric; uploaded batches are left alone.
DELETE FROM city_metric WHERE batch = 0;
INSERT INTO city_metric BY NAME SELECT *, 0 AS batch FROM incoming;
