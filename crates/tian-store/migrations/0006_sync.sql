-- 0006: file-exchange sync between the committee and the handling units.

-- The writes of other installations an operation supersedes: a JSON array of
-- [origin, origin_seq], the heads of its field the writer had seen. An
-- installation's own earlier writes of a field are always superseded by its
-- later ones and are not listed. NULL for an operation that superseded
-- nothing foreign, which is every operation written before this migration.
-- Two writes neither of which superseded the other are concurrent.
ALTER TABLE ops ADD COLUMN base TEXT;

-- Fields whose heads (writes nobody has superseded yet) disagree: the clerk
-- picks a value, which supersedes them all. Recomputed from the log, so it
-- does not depend on the order packages arrived in.
CREATE TABLE conflicts (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field)
) STRICT;

-- Records keep a stable order everywhere: by the clock of their first write,
-- not by when this installation happened to receive them.
ALTER TABLE records ADD COLUMN born INTEGER NOT NULL DEFAULT 0;
UPDATE records SET born = coalesce(
    (SELECT min(hlc_wall * 1048576 + hlc_counter) FROM ops WHERE ops.entity = records.entity AND ops.entity_id = records.id),
    0);
CREATE INDEX records_in_order ON records (proposal_id, entity, born);

-- 信任的密钥: installations whose packages this one accepts, each confirmed
-- by its fingerprint. A committee trusts its units; a unit its committee.
CREATE TABLE peers (
    fingerprint TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('committee', 'unit')),
    public_key  TEXT NOT NULL,
    trusted_at  TEXT NOT NULL
) STRICT;

-- Which peer speaks for an origin. A unit's package may carry only its own
-- origins; an origin first seen in a peer's package belongs to that peer.
CREATE TABLE origin_owners (
    origin TEXT PRIMARY KEY,
    peer   TEXT NOT NULL REFERENCES peers (fingerprint)
) STRICT;

-- What a peer has confirmed it holds from us: every operation of `origin` in
-- its scope through `through`. Exports start after it.
CREATE TABLE sync_acked (
    peer    TEXT    NOT NULL REFERENCES peers (fingerprint),
    origin  TEXT    NOT NULL,
    through INTEGER NOT NULL,
    PRIMARY KEY (peer, origin)
) STRICT;

-- What we hold from a peer's packages, the other side of sync_acked: sent
-- back as our acknowledgement.
CREATE TABLE sync_covered (
    peer    TEXT    NOT NULL REFERENCES peers (fingerprint),
    origin  TEXT    NOT NULL,
    through INTEGER NOT NULL,
    PRIMARY KEY (peer, origin)
) STRICT;

-- Proposals a unit holds with their whole history (held = on the unit's
-- side, from its committee; acked = on the committee's side, as the unit
-- confirmed). A proposal newly assigned to a unit is sent whole once.
CREATE TABLE sync_held (
    peer        TEXT NOT NULL REFERENCES peers (fingerprint),
    proposal_id TEXT NOT NULL,
    PRIMARY KEY (peer, proposal_id)
) STRICT;
CREATE TABLE sync_acked_proposals (
    peer        TEXT NOT NULL REFERENCES peers (fingerprint),
    proposal_id TEXT NOT NULL,
    PRIMARY KEY (peer, proposal_id)
) STRICT;

-- 交换记录: every package sent or received.
CREATE TABLE packages (
    id          TEXT NOT NULL,
    direction   TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
    peer        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    at          TEXT NOT NULL,
    operations  INTEGER NOT NULL,
    applied     INTEGER NOT NULL,
    refused     INTEGER NOT NULL,
    attachments INTEGER NOT NULL,
    summary     TEXT NOT NULL,
    PRIMARY KEY (id, direction)
) STRICT;

-- Operations a package carried that its sender was not entitled to make:
-- kept, never applied, listed for the clerk.
CREATE TABLE refused_ops (
    package_id TEXT    NOT NULL,
    origin     TEXT    NOT NULL,
    origin_seq INTEGER NOT NULL,
    entity     TEXT    NOT NULL,
    entity_id  TEXT    NOT NULL,
    field      TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    PRIMARY KEY (package_id, origin, origin_seq)
) STRICT;
