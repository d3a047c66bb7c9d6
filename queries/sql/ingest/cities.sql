-- The gazetteer, for resolving places and listing candidates.
SELECT c.code, c.name_zh, c.short_zh, c.name_en, c.province_code, c.country, c.level,
       p.short_zh AS province_zh, p.name_en AS province_en
FROM city c
LEFT JOIN province p ON p.code = c.province_code
ORDER BY c.code;
