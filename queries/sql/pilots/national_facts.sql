SELECT fact, topic, label_zh, label_en, value, value_text, unit, qualifier, year,
       source_id, source_lines, quote, basis, flag, note
FROM national_fact
ORDER BY year NULLS LAST, fact;
