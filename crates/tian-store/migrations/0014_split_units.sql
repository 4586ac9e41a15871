-- 分办 (issue 16): under 分办 each lead unit answers on its own course, and
-- a 再办理 decided for one unit moves only that unit to a new round. The
-- units' own rounds, as a JSON list of {unit, round}; absent under 联合主办
-- and until a unit's round first differs from 1.
ALTER TABLE proposals ADD COLUMN unit_rounds TEXT;
