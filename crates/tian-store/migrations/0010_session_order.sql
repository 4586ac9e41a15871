-- 0010: the list in the order sessions met. Compared as text, 十三届四次
-- sorts after 十三届五次; the rank (13005 for 十三届五次) is what the list
-- and a proposal's neighbours order by. Opening the database ranks the
-- sessions of rows that have none (`materialize::rank_sessions`), as SQL
-- cannot read the numerals. The indexes of 0008 break ties the same way.
ALTER TABLE proposals ADD COLUMN session_rank INTEGER NOT NULL DEFAULT 0;
CREATE INDEX proposals_by_session_rank ON proposals (session_rank, session, number);
DROP INDEX proposals_by_title;
DROP INDEX proposals_by_stage;
DROP INDEX proposals_by_answer_class;
CREATE INDEX proposals_by_title ON proposals (title, session_rank, session, number);
CREATE INDEX proposals_by_stage ON proposals (stage, session_rank, session, number);
CREATE INDEX proposals_by_answer_class ON proposals (answer_class, session_rank, session, number);
