-- Metrics in force (seed and uploads), with their years and how many cities have a value.
SELECT metric, any_value(label_zh) AS label_zh, any_value(label_en) AS label_en,
       list(DISTINCT year ORDER BY year DESC) FILTER (WHERE year IS NOT NULL) AS years,
       count(DISTINCT city_code) AS cities
FROM city_metric_current
WHERE value IS NOT NULL
GROUP BY metric
ORDER BY metric;
