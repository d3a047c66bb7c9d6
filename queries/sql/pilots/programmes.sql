-- Programmes that have at least one place, newest first.
SELECT p.programme, p.name_zh, p.name_en, p.year, p.source_id, p.source_lines, p.basis,
       count(pl.programme) AS places
FROM programme p
LEFT JOIN pilot_current pl USING (programme)
GROUP BY ALL
ORDER BY places DESC, p.year DESC NULLS LAST, p.programme;
