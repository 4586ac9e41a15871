-- 0001: the operation log and the proposal tables it materialises.

-- Facts about this installation: its origin id (who it is in the op log).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- 操作日志. Every change to a record is one row here, never updated or deleted.
-- Sync ships rows of it (by origin and contiguous origin_seq, so gaps show);
-- the audit trail reads it (actor, prev_value); the tables below are only its
-- materialised view, rebuilt field by field under last-writer-wins.
CREATE TABLE ops (
    seq         INTEGER PRIMARY KEY,
    origin      TEXT    NOT NULL,
    origin_seq  INTEGER NOT NULL CHECK (origin_seq > 0),
    hlc_wall    INTEGER NOT NULL,
    hlc_counter INTEGER NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    prev_value  TEXT,
    actor       TEXT    NOT NULL,
    UNIQUE (origin, origin_seq)
) STRICT;

CREATE INDEX ops_by_field ON ops (entity, entity_id, field, hlc_wall, hlc_counter, origin);

CREATE TRIGGER ops_are_never_updated BEFORE UPDATE ON ops
BEGIN SELECT RAISE(ABORT, 'ops is append-only'); END;
CREATE TRIGGER ops_are_never_deleted BEFORE DELETE ON ops
BEGIN SELECT RAISE(ABORT, 'ops is append-only'); END;

CREATE TABLE proposals (
    id            TEXT PRIMARY KEY,
    session       TEXT NOT NULL DEFAULT '',
    number        TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    proposer      TEXT NOT NULL DEFAULT '',
    proposer_kind TEXT NOT NULL DEFAULT 'member' CHECK (proposer_kind IN ('organization', 'member')),
    summary       TEXT NOT NULL DEFAULT '',
    category      TEXT,
    stage         TEXT NOT NULL DEFAULT '立案'
) STRICT;

CREATE INDEX proposals_by_number ON proposals (number, session);

-- 建议: one row per numbered suggestion, so each can carry its own status later.
CREATE TABLE suggestions (
    proposal_id TEXT    NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    PRIMARY KEY (proposal_id, ord)
) STRICT;

-- 承办单位 and 协办专委会 and 督办领导: records of their own, shared by the
-- proposals that name them.
CREATE TABLE units (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE committees (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE leaders (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    body TEXT NOT NULL CHECK (body IN ('gov', 'cppcc')),
    UNIQUE (name, body)
) STRICT;

CREATE TABLE proposal_lead_units (
    proposal_id TEXT    NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    ord         INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, unit_id)
) STRICT;

CREATE TABLE proposal_committees (
    proposal_id  TEXT    NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    ord          INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, committee_id)
) STRICT;

CREATE TABLE proposal_leaders (
    proposal_id TEXT    NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    leader_id   INTEGER NOT NULL REFERENCES leaders (id),
    ord         INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, leader_id)
) STRICT;

CREATE INDEX proposal_lead_units_by_unit ON proposal_lead_units (unit_id);
CREATE INDEX proposal_leaders_by_leader ON proposal_leaders (leader_id);
