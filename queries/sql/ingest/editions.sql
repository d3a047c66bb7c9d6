SELECT edition, kind, year, label_zh, label_en FROM edition ORDER BY edition;
