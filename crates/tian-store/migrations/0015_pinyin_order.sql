-- 拼音排序 (issue 17): the list sorts 案由, 提案者, 主办部门 and 督办领导 by pinyin
-- through an index on each one's sort key (see collation.rs); the keys of
-- existing rows are filled in by the code after this migration. The index
-- on the title's code points served the old order and goes.
ALTER TABLE proposals ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN proposer_key TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN unit_key TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN leader_key TEXT NOT NULL DEFAULT '';
DROP INDEX proposals_by_title;
CREATE INDEX proposals_by_title_key ON proposals (title_key, session_rank, session, number);
CREATE INDEX proposals_by_proposer_key ON proposals (proposer_key, session_rank, session, number);
CREATE INDEX proposals_by_unit_key ON proposals (unit_key, session_rank, session, number);
CREATE INDEX proposals_by_leader_key ON proposals (leader_key, session_rank, session, number);
