SELECT source_id, file, title_zh, title_en, publisher_zh, publisher_en, year, source_lines, quote
FROM source ORDER BY source_id;
