-- 延期, 再办理 decisions, 撤案, 联名提案 and 改办 (issue 16).
-- due_date: the due date the committee set for the answer now owed (an
-- approved extension, or the date a 再办理 decision gave); when absent the
-- rules count from 交办 or the start of 再办理, as before.
-- extended_to: the date an approved extension moved it to, shown as 已延期至.
-- withdrawal: the proposer's 撤案, with its date and reason.
ALTER TABLE proposals ADD COLUMN due_date TEXT;
ALTER TABLE proposals ADD COLUMN extended_to TEXT;
ALTER TABLE proposals ADD COLUMN withdrawal TEXT;
-- 联名提案: the co-signers (附议人) beside the lead proposer, as a JSON list.
ALTER TABLE proposals ADD COLUMN co_signers TEXT;
CREATE INDEX proposals_by_due_date ON proposals (due_date) WHERE due_date IS NOT NULL;

-- 改办, seen from the exchange. A proposal moved away from a unit: the
-- committee's next package to the unit still carries the change that moved
-- it (its operations under `origin` up to `through`), so the unit sees the
-- 改办, and nothing after. A proposal moved back to a unit: sent whole, with
-- what changed while it was away, until the unit acknowledges a package
-- that covers the move (its acknowledgement of `origin` reaches `through`).
CREATE TABLE sync_released (
    peer        TEXT NOT NULL,
    proposal_id TEXT NOT NULL,
    origin      TEXT NOT NULL,
    through     INTEGER NOT NULL,
    PRIMARY KEY (peer, proposal_id)
) STRICT;
CREATE TABLE sync_resend (
    peer        TEXT NOT NULL,
    proposal_id TEXT NOT NULL,
    origin      TEXT NOT NULL,
    through     INTEGER NOT NULL,
    PRIMARY KEY (peer, proposal_id)
) STRICT;
