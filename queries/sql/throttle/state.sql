-- One key's schedule.
SELECT failures, pending, last_failure, last_answer FROM attempt WHERE key = :key;
