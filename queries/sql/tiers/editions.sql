-- The tier editions in force, newest first (the first is the one pages use unless another is chosen).
SELECT edition, year, label_zh, label_en FROM tier_edition_in_force ORDER BY year DESC, edition DESC;
