SELECT programme, name_zh, name_en, year FROM programme ORDER BY programme;
