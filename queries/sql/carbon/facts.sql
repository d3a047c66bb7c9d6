SELECT fact, topic, label_zh, label_en, value, value_text, qualifier, unit, scope, source_id, source_lines, quote, basis, note
FROM carbon_fact
ORDER BY topic, value DESC;
