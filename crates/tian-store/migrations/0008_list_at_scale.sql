-- 0008: the list at the size of a term (100,000 proposals). Each sort order
-- and the common filters are served by an index, and the answer class a
-- filter asks for is kept on the proposal row, settled whenever its replies
-- change, instead of being looked up among the replies of every row.
ALTER TABLE proposals ADD COLUMN answer_class TEXT;
UPDATE proposals SET answer_class = (
    SELECT json_extract(r.data, '$.class') FROM records r
    WHERE r.entity = 'reply' AND r.proposal_id = proposals.id
      AND json_extract(r.data, '$.lead') = 1 AND json_extract(r.data, '$.deleted') IS NOT 1
    ORDER BY r.born DESC, r.id DESC LIMIT 1
);
CREATE INDEX proposals_by_title ON proposals (title, session, number);
CREATE INDEX proposals_by_stage ON proposals (stage, session, number);
CREATE INDEX proposals_by_answer_class ON proposals (answer_class, session, number);
