SELECT metric, label_zh, label_en, value, value_text, unit, period, year, printed_name,
       source_id, source_lines, quote, basis, flag, note, batch
FROM city_metric_current
WHERE city_code = $code
ORDER BY metric, year NULLS LAST, period;
