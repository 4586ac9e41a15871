-- 0023: 单位工作台. A sent package remembers, per origin, the last of the
-- operations it carried, so the sender can tell which of its packages the
-- recipient has confirmed (its 回执 acknowledges through at least that).
-- Packages sent before this have none and are shown as not known.
ALTER TABLE packages ADD COLUMN carried TEXT;
-- 复文草稿: the letters this installation's clerk drafted and has not yet
-- recorded as the reply, one per proposal and unit (a new draft replaces the
-- last). Kept here only: a draft is not a record and is not exchanged.
CREATE TABLE letter_drafts (
    proposal_id TEXT NOT NULL,
    unit TEXT NOT NULL,
    path TEXT NOT NULL,
    draft TEXT NOT NULL,
    drafted_at TEXT NOT NULL,
    PRIMARY KEY (proposal_id, unit)
);
