SELECT metric, label_zh, label_en, coalesce(subject_level, 'city') AS subject_level, subject_zh, subject_en,
       value, value_text, qualifier, coalesce(unit_zh, unit) AS unit_zh, unit AS unit_en,
       coalesce(period_zh, period) AS period_zh, period AS period_en, year, printed_name,
       source_id, source_lines, quote, basis, flag,
       coalesce(note_zh, note) AS note_zh, note AS note_en, batch
FROM city_metric_current
WHERE city_code = $code
ORDER BY metric, year NULLS LAST, printed_order, period;
