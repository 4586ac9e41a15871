-- 0028: what each proposal counts as in the 办理数字, kept beside it, so the
-- statistics, the 督办总览 and the report count rows with SQL instead of
-- reading every proposal's dossier (10 s at 100,000 proposals). The core
-- decides each row from the proposal's dossier, by the one definition of
-- every figure; a write marks its proposals stale and the next count
-- brings them up to date first. What depends on the day (逾期, 待反馈逾期)
-- is kept as the date it turns, and compared with today when counted.
CREATE TABLE proposal_facts (
    proposal_id   TEXT PRIMARY KEY,
    session       TEXT NOT NULL,
    stage         TEXT NOT NULL,
    registered    INTEGER NOT NULL,
    -- 交办件数: handed over, and still the committee's to count.
    counted       INTEGER NOT NULL,
    -- 办理进度 of a counted proposal: closed, undecided, returned,
    -- rehandling, in_hand or awaiting ('' when not counted).
    place         TEXT NOT NULL,
    replied_on    TEXT,
    reply_due     TEXT,
    on_time       INTEGER NOT NULL,
    late_reply    INTEGER NOT NULL,
    -- Counts as 逾期未答复 once today is past `reply_due`.
    may_overdue   INTEGER NOT NULL,
    feedback_due  TEXT,
    close_kind    TEXT,
    extended      INTEGER NOT NULL,
    handed_back   INTEGER NOT NULL,
    any_contact   INTEGER NOT NULL,
    contacted     INTEGER NOT NULL,
    met           INTEGER NOT NULL,
    category      TEXT NOT NULL,
    proposer_kind TEXT NOT NULL,
    withdrawn     INTEGER NOT NULL,
    -- 督办总览: the answer due now (即将到期 or 已逾期 as today nears it),
    -- and whether the committee has a decision to make.
    deadline_due  TEXT,
    decision_due  INTEGER NOT NULL
) STRICT;
CREATE INDEX proposal_facts_by_session ON proposal_facts (session);
-- 督办总览's lists seek the few due, and put them in the list's order by
-- the proposals' ids alone, without reading their rows.
CREATE INDEX proposals_in_order_by_id ON proposals (id, session_rank, session, number);
CREATE INDEX proposal_facts_by_deadline ON proposal_facts (deadline_due) WHERE deadline_due IS NOT NULL;
CREATE INDEX proposal_facts_by_feedback ON proposal_facts (feedback_due) WHERE feedback_due IS NOT NULL;
CREATE INDEX proposal_facts_deciding ON proposal_facts (proposal_id) WHERE decision_due;

-- 答复: each answer counted (under 分办, one per lead unit), its class and
-- verdict, with its proposal's session and whether it counts, so a count
-- reads this table alone.
CREATE TABLE fact_answers (
    proposal_id TEXT NOT NULL,
    n           INTEGER NOT NULL,
    class       TEXT,
    verdict     TEXT,
    session     TEXT NOT NULL,
    counted     INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, n)
) STRICT;
CREATE INDEX fact_answers_counted ON fact_answers (counted, class, verdict);

-- 主办单位 of each proposal, for 按主办单位 (over the registered).
CREATE TABLE fact_lead_units (
    proposal_id TEXT NOT NULL,
    unit        TEXT NOT NULL,
    session     TEXT NOT NULL,
    registered  INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, unit)
) STRICT;
CREATE INDEX fact_lead_units_registered ON fact_lead_units (registered, unit);

-- What each unit owes on a proposal (答复, 再办理答复 or 会办意见) and by when.
CREATE TABLE fact_owing (
    proposal_id TEXT NOT NULL,
    n           INTEGER NOT NULL,
    unit        TEXT NOT NULL,
    due         TEXT NOT NULL,
    PRIMARY KEY (proposal_id, n)
) STRICT;
CREATE INDEX fact_owing_by_due ON fact_owing (due);

-- Proposals written since their row was decided.
CREATE TABLE facts_stale (proposal_id TEXT PRIMARY KEY) STRICT;
INSERT INTO facts_stale SELECT id FROM proposals;
