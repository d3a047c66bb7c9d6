SELECT r.edition, e.year AS edition_year, e.label_zh AS edition_zh, e.label_en AS edition_en, r.measure,
       m.name_zh AS measure_zh, m.name_en AS measure_en, r.value, r.group_label, r.source_id,
       r.source_lines, r.quote, r.basis, r.flag,
       coalesce(r.note_zh, r.note) AS note_zh, r.note AS note_en
FROM ranking_all r
LEFT JOIN edition e USING (edition)
LEFT JOIN measure m USING (measure)
WHERE r.city_code = $code
ORDER BY e.year DESC, r.measure, r.source_lines;
