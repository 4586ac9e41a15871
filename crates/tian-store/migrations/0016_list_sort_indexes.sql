-- The list sorted by 阶段 and by 交办日期 at 100,000 proposals (issue 15):
-- each order now has an index on the very expression the list sorts by, so
-- the first page is read from the index instead of sorting every row. The
-- stage's CASE must stay word for word what page.rs builds from Stage::ALL;
-- a test checks the list's query uses this index.
CREATE INDEX proposals_by_stage_order ON proposals (
    CASE stage WHEN '立案' THEN 0 WHEN '交办' THEN 1 WHEN '已退回' THEN 2 WHEN '办理中' THEN 3
               WHEN '已答复' THEN 4 WHEN '已反馈' THEN 5 WHEN '待决定' THEN 6 WHEN '办结' THEN 7
               WHEN '再办理' THEN 8 WHEN '撤案' THEN 9 WHEN '不予立案' THEN 10 WHEN '并案' THEN 11
               WHEN '转意见建议' THEN 12 END,
    session_rank, session, number);
CREATE INDEX proposals_by_assigned_on ON proposals (
    json_extract(assignment, '$.date') IS NULL, json_extract(assignment, '$.date'), session_rank, session, number);
