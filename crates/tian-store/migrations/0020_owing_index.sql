-- 0020: 只看已逾期 at the size of a term. Whether an answer is late reads a
-- proposal's stage, due date, round, 再办理 start and 交办 date; reading
-- them from the rows meant a page of the table per proposal in handling.
-- The proposals that owe an answer are few, so they get an index of their
-- own holding exactly those facts and the list's order.
CREATE INDEX proposals_owing ON proposals (
    stage, due_date, round, rehandling_start, json_extract(assignment, '$.date'), session_rank, session, number)
    WHERE stage IN ('交办', '办理中', '再办理');
