-- 0004: the list's default order (session, then number) served by an index,
-- so a page of a term's proposals is read without sorting them all.
CREATE INDEX proposals_by_session_number ON proposals (session, number);
