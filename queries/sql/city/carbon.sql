SELECT subject, peak_status, peak_year, peak_month, peak_qualifier, neutrality_year,
       neutrality_qualifier, printed_name, source_id, source_lines, quote, basis, flag,
       coalesce(note_zh, note) AS note_zh, note AS note_en
FROM carbon_target_current
WHERE city_code = $code
ORDER BY peak_year NULLS LAST;
