-- 0031: the 征询意见表's 办理态度, counted beside the verdict on the result
-- (态度满意率 apart from 结果满意率). Each answer's row carries it, and the
-- counts by group are kept with it as before (0029).
--
-- 沟通 and 面商 are now what the proposer's form says where it says how
-- the unit consulted, the recorded contacts otherwise, so every row is
-- decided again.
DROP TRIGGER fact_answer_tally_leave;
DROP TRIGGER fact_answer_tally_join;
DROP TRIGGER fact_answers_no_update;
DROP TABLE fact_answer_tally;
ALTER TABLE fact_answers ADD COLUMN attitude TEXT;

CREATE TABLE fact_answer_tally (
    session  TEXT NOT NULL,
    counted  INTEGER NOT NULL,
    class    TEXT NOT NULL,
    verdict  TEXT NOT NULL,
    attitude TEXT NOT NULL,
    n        INTEGER NOT NULL CHECK (n >= 0),
    UNIQUE (session, counted, class, verdict, attitude)
) STRICT;
CREATE INDEX fact_answer_tally_empty ON fact_answer_tally (n) WHERE n = 0;
INSERT INTO fact_answer_tally
SELECT session, counted, coalesce(class, ''), coalesce(verdict, ''), coalesce(attitude, ''), count(*) FROM fact_answers
GROUP BY session, counted, coalesce(class, ''), coalesce(verdict, ''), coalesce(attitude, '');
CREATE TRIGGER fact_answer_tally_leave AFTER DELETE ON fact_answers BEGIN
    UPDATE fact_answer_tally SET n = n - 1
    WHERE (session, counted, class, verdict, attitude)
        = (OLD.session, OLD.counted, coalesce(OLD.class, ''), coalesce(OLD.verdict, ''), coalesce(OLD.attitude, ''));
    DELETE FROM fact_answer_tally WHERE n = 0;
END;
CREATE TRIGGER fact_answer_tally_join AFTER INSERT ON fact_answers BEGIN
    INSERT INTO fact_answer_tally
    VALUES (NEW.session, NEW.counted, coalesce(NEW.class, ''), coalesce(NEW.verdict, ''), coalesce(NEW.attitude, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER fact_answers_no_update BEFORE UPDATE ON fact_answers BEGIN
    SELECT RAISE(ABORT, 'fact_answers rows are replaced, not updated');
END;

INSERT OR IGNORE INTO facts_stale SELECT id FROM proposals;
