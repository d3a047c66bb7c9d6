SELECT c.code, c.name_zh, c.short_zh, c.name_en, c.country, c.level, c.lon, c.lat, c.source AS
       gazetteer_source, c.note AS gazetteer_note, p.name_zh AS province_zh, p.name_en AS province_en
FROM city c
LEFT JOIN province p ON p.code = c.province_code
WHERE c.code = $code;
