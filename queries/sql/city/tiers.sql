SELECT t.edition, e.label_zh AS edition_zh, e.label_en AS edition_en, t.tier, t.is_primary, t.basis,
       t.source_id, t.source_lines, t.quote, t.flag, t.note
FROM tier_current t
LEFT JOIN edition e USING (edition)
WHERE t.city_code = $code
ORDER BY e.year DESC, t.is_primary DESC;
