SELECT pl.programme, pr.name_zh AS programme_zh, pr.name_en AS programme_en, pl.printed_name,
       pl.place_name_zh, pl.place_name_en, pl.level, pl.batch_label, pl.year, pl.source_id,
       pl.source_lines, pl.quote, pl.basis, pl.flag,
       coalesce(pl.note_zh, pl.note) AS note_zh, pl.note AS note_en
FROM pilot_current pl
LEFT JOIN programme pr USING (programme)
WHERE pl.place_code = $code
ORDER BY pl.year NULLS LAST, pl.programme;
