-- 0029: the 办理数字 kept as counts, not only as rows. Counting 100,000
-- proposals' rows took 215 ms for all 届次; the counts below move with each
-- row written, so a count reads a few hundred groups instead.
--
-- `fact_rows` is each proposal's row as the counts see it: only what a
-- figure asks of it, with the dates that turn with the day kept only where
-- they can (the answer a proposal owes now, a counted one's feedback due), so
-- that closed proposals of every year fall into a handful of groups. A
-- count over named proposals reads this view; one over a 届次 or all reads
-- `fact_tally`, its rows grouped, with the same columns and `n` for how many.
--
-- 逾期未答复 is now the answer owed now (the first or a 再办理 answer) past
-- its due date, as 需要关注 and the list's 只看已逾期 count it; it was the
-- first answer alone. Every row is decided again under that definition.
ALTER TABLE proposal_facts DROP COLUMN reply_due;
ALTER TABLE proposal_facts DROP COLUMN may_overdue;
INSERT OR IGNORE INTO facts_stale SELECT id FROM proposals;

CREATE VIEW fact_rows AS
SELECT proposal_id, session, stage, registered, category, proposer_kind, counted, place,
       replied_on IS NOT NULL AS replied, on_time, late_reply,
       CASE WHEN counted THEN coalesce(deadline_due, '') ELSE '' END AS overdue_from,
       CASE WHEN counted THEN coalesce(feedback_due, '') ELSE '' END AS feedback_from,
       coalesce(close_kind, '') AS close_kind,
       extended, withdrawn, handed_back, any_contact, contacted, met, 1 AS n
FROM proposal_facts;

CREATE TABLE fact_tally (
    session       TEXT NOT NULL,
    stage         TEXT NOT NULL,
    registered    INTEGER NOT NULL,
    category      TEXT NOT NULL,
    proposer_kind TEXT NOT NULL,
    counted       INTEGER NOT NULL,
    place         TEXT NOT NULL,
    replied       INTEGER NOT NULL,
    on_time       INTEGER NOT NULL,
    late_reply    INTEGER NOT NULL,
    overdue_from  TEXT NOT NULL,
    feedback_from TEXT NOT NULL,
    close_kind    TEXT NOT NULL,
    extended      INTEGER NOT NULL,
    withdrawn     INTEGER NOT NULL,
    handed_back   INTEGER NOT NULL,
    any_contact   INTEGER NOT NULL,
    contacted     INTEGER NOT NULL,
    met           INTEGER NOT NULL,
    n             INTEGER NOT NULL CHECK (n >= 0),
    UNIQUE (session, stage, registered, category, proposer_kind, counted, place, replied, on_time, late_reply,
            overdue_from, feedback_from, close_kind, extended, withdrawn, handed_back, any_contact, contacted, met)
) STRICT;
CREATE INDEX fact_tally_empty ON fact_tally (n) WHERE n = 0;
INSERT INTO fact_tally
SELECT session, stage, registered, category, proposer_kind, counted, place, replied, on_time, late_reply,
       overdue_from, feedback_from, close_kind, extended, withdrawn, handed_back, any_contact, contacted, met, count(*)
FROM fact_rows
GROUP BY session, stage, registered, category, proposer_kind, counted, place, replied, on_time, late_reply,
         overdue_from, feedback_from, close_kind, extended, withdrawn, handed_back, any_contact, contacted, met;

-- A row leaving takes itself off its group while the view still sees it,
-- and a group left empty goes (found by the index of empty groups). Rows
-- are replaced by a delete and an insert: an INSERT OR REPLACE would not
-- fire the delete's trigger.
CREATE TRIGGER fact_tally_leave BEFORE DELETE ON proposal_facts BEGIN
    UPDATE fact_tally SET n = n - 1
    WHERE (session, stage, registered, category, proposer_kind, counted, place, replied, on_time, late_reply,
           overdue_from, feedback_from, close_kind, extended, withdrawn, handed_back, any_contact, contacted, met)
        = (SELECT session, stage, registered, category, proposer_kind, counted, place, replied, on_time, late_reply,
                  overdue_from, feedback_from, close_kind, extended, withdrawn, handed_back, any_contact, contacted,
                  met
           FROM fact_rows WHERE proposal_id = OLD.proposal_id);
    DELETE FROM fact_tally WHERE n = 0;
END;
CREATE TRIGGER fact_tally_join AFTER INSERT ON proposal_facts BEGIN
    INSERT INTO fact_tally
    SELECT session, stage, registered, category, proposer_kind, counted, place, replied, on_time, late_reply,
           overdue_from, feedback_from, close_kind, extended, withdrawn, handed_back, any_contact, contacted, met, 1
    FROM fact_rows WHERE proposal_id = NEW.proposal_id
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER fact_tally_no_update BEFORE UPDATE ON proposal_facts BEGIN
    SELECT RAISE(ABORT, 'proposal_facts rows are replaced, not updated');
END;

-- The answers by class and verdict, and the lead units, likewise.
CREATE TABLE fact_answer_tally (
    session TEXT NOT NULL,
    counted INTEGER NOT NULL,
    class   TEXT NOT NULL,
    verdict TEXT NOT NULL,
    n       INTEGER NOT NULL CHECK (n >= 0),
    UNIQUE (session, counted, class, verdict)
) STRICT;
CREATE INDEX fact_answer_tally_empty ON fact_answer_tally (n) WHERE n = 0;
INSERT INTO fact_answer_tally
SELECT session, counted, coalesce(class, ''), coalesce(verdict, ''), count(*) FROM fact_answers
GROUP BY session, counted, coalesce(class, ''), coalesce(verdict, '');
CREATE TRIGGER fact_answer_tally_leave AFTER DELETE ON fact_answers BEGIN
    UPDATE fact_answer_tally SET n = n - 1
    WHERE (session, counted, class, verdict) = (OLD.session, OLD.counted, coalesce(OLD.class, ''), coalesce(OLD.verdict, ''));
    DELETE FROM fact_answer_tally WHERE n = 0;
END;
CREATE TRIGGER fact_answer_tally_join AFTER INSERT ON fact_answers BEGIN
    INSERT INTO fact_answer_tally VALUES (NEW.session, NEW.counted, coalesce(NEW.class, ''), coalesce(NEW.verdict, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER fact_answers_no_update BEFORE UPDATE ON fact_answers BEGIN
    SELECT RAISE(ABORT, 'fact_answers rows are replaced, not updated');
END;

CREATE TABLE fact_lead_unit_tally (
    session    TEXT NOT NULL,
    registered INTEGER NOT NULL,
    unit       TEXT NOT NULL,
    n          INTEGER NOT NULL CHECK (n >= 0),
    UNIQUE (session, registered, unit)
) STRICT;
CREATE INDEX fact_lead_unit_tally_empty ON fact_lead_unit_tally (n) WHERE n = 0;
INSERT INTO fact_lead_unit_tally
SELECT session, registered, unit, count(*) FROM fact_lead_units GROUP BY session, registered, unit;
CREATE TRIGGER fact_lead_unit_tally_leave AFTER DELETE ON fact_lead_units BEGIN
    UPDATE fact_lead_unit_tally SET n = n - 1 WHERE (session, registered, unit) = (OLD.session, OLD.registered, OLD.unit);
    DELETE FROM fact_lead_unit_tally WHERE n = 0;
END;
CREATE TRIGGER fact_lead_unit_tally_join AFTER INSERT ON fact_lead_units BEGIN
    INSERT INTO fact_lead_unit_tally VALUES (NEW.session, NEW.registered, NEW.unit, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER fact_lead_units_no_update BEFORE UPDATE ON fact_lead_units BEGIN
    SELECT RAISE(ABORT, 'fact_lead_units rows are replaced, not updated');
END;

-- 督办总览 names each unit owing something soon, the most urgent first: its
-- items are read in that order until every such unit has come, and how
-- many units that is is counted from this index alone.
DROP INDEX fact_owing_by_due;
CREATE INDEX fact_owing_by_due ON fact_owing (due, unit);
