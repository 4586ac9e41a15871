-- 0032: proof of dates. A 回执 is the signed word of the installation that
-- took a package in, of when it arrived and which answers it brought; the
-- issuer keeps its own, and the package's sender keeps the one returned to
-- it. A 答复签名 is a unit's signature over one answer as it sent it. Both
-- are kept as the exact text signed, so they can be checked years later.
CREATE TABLE receipts (
    package_id TEXT NOT NULL,
    -- Who took the package in and signed the receipt.
    issuer TEXT NOT NULL,
    issuer_role TEXT NOT NULL,
    issuer_key TEXT NOT NULL,
    -- Who sent the package.
    sender TEXT NOT NULL,
    number INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    body TEXT NOT NULL,
    signature TEXT NOT NULL,
    -- An issued receipt: whether the sender said it holds it (it is then
    -- no longer sent).
    returned INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (package_id, issuer)
) WITHOUT ROWID;
CREATE INDEX receipts_by_pair ON receipts (issuer, sender, number);

-- The answers each receipt names.
CREATE TABLE receipt_answers (
    reply_id TEXT NOT NULL,
    package_id TEXT NOT NULL,
    issuer TEXT NOT NULL,
    PRIMARY KEY (reply_id, package_id, issuer)
) WITHOUT ROWID;

CREATE TABLE answer_statements (
    reply_id TEXT NOT NULL,
    -- The package that carried it.
    package_id TEXT NOT NULL,
    unit TEXT NOT NULL,
    signer_key TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    body TEXT NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (reply_id, package_id)
) WITHOUT ROWID;

-- The SHA-256 of each package's manifest, sent or received, as a receipt
-- names it.
ALTER TABLE packages ADD COLUMN manifest_sha256 TEXT;
