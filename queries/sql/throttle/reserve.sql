-- An attempt takes its turn: one more in flight, the answer not before :answer; failures older than
-- the window are forgotten.
INSERT INTO attempt VALUES (:key, 0, 1, 0, :answer)
ON CONFLICT (key) DO UPDATE SET
    pending = pending + 1,
    last_answer = max(last_answer, excluded.last_answer),
    failures = CASE WHEN :now - last_failure >= :window THEN 0 ELSE failures END;
