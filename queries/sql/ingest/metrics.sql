-- Metric codes already used (seed and uploads), with the labels they were given.
SELECT metric, any_value(label_zh) AS label_zh, any_value(label_en) AS label_en, any_value(unit) AS unit
FROM city_metric GROUP BY metric ORDER BY metric;
