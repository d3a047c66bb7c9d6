-- Sign-in schedule (SQLite, beside the accounts file; queries/throttle.py): per key ('user:NAME',
-- 'client:ADDRESS') the recent failures, the attempts in flight and the time of the last answer given.
CREATE TABLE IF NOT EXISTS attempt (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    pending INTEGER NOT NULL,
    last_failure REAL NOT NULL,
    last_answer REAL NOT NULL
);
