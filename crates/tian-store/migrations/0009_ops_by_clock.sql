-- 0009: opening a database reads the newest clock stamp in the log, so the
-- clock never issues one below it. Without an index that read scanned every
-- operation: half a second at a term of 100,000 proposals (six million
-- operations), spent before the window could open.
CREATE INDEX ops_by_clock ON ops (hlc_wall, hlc_counter);
