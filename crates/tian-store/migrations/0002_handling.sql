-- 0002: handling records and action batches.

-- Each write transaction is one action of the clerk's (交办, 录入答复 …): its
-- operations share a batch (the origin_seq of its first operation) and the
-- action's name, so the audit trail reads as steps rather than field changes.
ALTER TABLE ops ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ops ADD COLUMN action TEXT NOT NULL DEFAULT '';
-- Older operations each stand alone. The backfill is the one sanctioned
-- rewrite of the log, so the guard is lifted for it within this migration's
-- transaction and put back at once.
DROP TRIGGER ops_are_never_updated;
UPDATE ops SET batch = origin_seq WHERE batch = 0;
CREATE TRIGGER ops_are_never_updated BEFORE UPDATE ON ops
BEGIN SELECT RAISE(ABORT, 'ops is append-only'); END;

-- The handling state of a proposal; JSON columns hold the domain records.
ALTER TABLE proposals ADD COLUMN round INTEGER NOT NULL DEFAULT 0;
ALTER TABLE proposals ADD COLUMN assignment TEXT;
ALTER TABLE proposals ADD COLUMN rehandling_start TEXT;
ALTER TABLE proposals ADD COLUMN closure TEXT;
ALTER TABLE proposals ADD COLUMN review TEXT;

-- 办理记录: contacts, activities, replies, feedback and suggestion progress,
-- each a JSON document that the op log fills in field by field.
CREATE TABLE records (
    entity      TEXT NOT NULL,
    id          TEXT NOT NULL,
    proposal_id TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (entity, id)
) STRICT;

CREATE INDEX records_by_proposal ON records (proposal_id, entity);
