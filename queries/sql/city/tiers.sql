SELECT t.edition, e.label_zh AS edition_zh, e.label_en AS edition_en, t.tier, t.is_primary, t.basis,
       t.source_id, t.source_lines, t.quote, t.flag,
       coalesce(t.note_zh, t.note) AS note_zh, t.note AS note_en
FROM tier_current t
LEFT JOIN edition e USING (edition)
WHERE t.city_code = $code
ORDER BY e.year DESC, t.is_primary DESC;
