-- 0011: a hostile peer's package is judged at the boundary; keys can be
-- revoked and replaced.

-- 经由: the fingerprint of the key that signed the package an operation
-- arrived in, as this installation verified it. NULL for its own writes and
-- for operations received before this migration.
ALTER TABLE ops ADD COLUMN via TEXT;

-- Peers are kept after their key is revoked, so that the history and the
-- origins they spoke for still name them; only one trusted (unrevoked) key
-- may carry a name. The name was UNIQUE before, so the table is rebuilt.
CREATE TABLE peers_new (
    fingerprint TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('committee', 'unit')),
    public_key  TEXT NOT NULL,
    trusted_at  TEXT NOT NULL,
    -- 吊销时间; NULL while the key is trusted.
    revoked_at  TEXT,
    -- The fingerprint of the key that replaced this one, if one did.
    replaced_by TEXT
) STRICT;
INSERT INTO peers_new (fingerprint, name, role, public_key, trusted_at)
    SELECT fingerprint, name, role, lower(public_key), trusted_at FROM peers;
DROP TABLE peers;
ALTER TABLE peers_new RENAME TO peers;
CREATE UNIQUE INDEX peers_trusted_name ON peers (name) WHERE revoked_at IS NULL;
