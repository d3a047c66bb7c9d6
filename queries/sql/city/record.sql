SELECT c.code AS city_code, c.name_zh AS city_name_zh, c.short_zh AS city_short_zh, c.name_en AS city_name_en,
       c.country, c.level, c.lon, c.lat, c.source AS gazetteer_source, c.note AS gazetteer_note,
       p.name_zh AS province_name_zh, p.name_en AS province_name_en
FROM city c
LEFT JOIN province p ON p.code = c.province_code
WHERE c.code = $code;
