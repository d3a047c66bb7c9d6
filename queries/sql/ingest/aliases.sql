-- Every alias in force (seed aliases and those added with an upload still in force), with its city.
SELECT a.alias, a.alias_norm, a.city_code, a.kind, a.note, c.name_zh, c.name_en, c.level
FROM city_alias_current a
JOIN city c ON c.code = a.city_code
ORDER BY a.alias_norm, a.city_code;
