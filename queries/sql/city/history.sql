-- One city's values of every measure printed in two or more editions, oldest edition first.
WITH values_by_edition AS (
    SELECT r.edition, r.measure, r.value, r.source_id, r.source_lines, r.quote,
           row_number() OVER (
               PARTITION BY r.edition, r.measure
               ORDER BY try_cast(regexp_extract(r.source_lines, '\d+') AS INTEGER)
           ) AS printing
    FROM ranking_all r
    WHERE r.city_code = $code
)
SELECT v.edition, e.year, e.label_zh AS edition_zh, e.label_en AS edition_en, v.measure,
       m.name_zh AS measure_zh, m.name_en AS measure_en, v.value, v.source_id, v.source_lines, v.quote
FROM values_by_edition v
JOIN edition e USING (edition)
LEFT JOIN measure m USING (measure)
WHERE v.printing = 1
  AND v.measure IN (
      SELECT measure FROM values_by_edition WHERE printing = 1 GROUP BY measure HAVING count(DISTINCT edition) > 1
  )
ORDER BY v.measure, e.year, v.edition;
