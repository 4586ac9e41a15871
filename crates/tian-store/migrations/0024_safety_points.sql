-- 0024: 安全点. An import no longer copies and compresses the whole database
-- before it writes: what it changes is recorded as it happens (SQLite's
-- session extension) and kept here inverted, so the newest import (a week's
-- batch of packages included) can be taken back while nothing has been
-- written after it. Its size follows the change, not the database.
CREATE TABLE safety_points (
    id            INTEGER PRIMARY KEY,
    at            TEXT    NOT NULL,
    label         TEXT    NOT NULL,
    -- The log's last sequence number before the work and once it was done:
    -- taking it back is allowed only while the log ends where the work left
    -- it, and must leave it ending where the work found it.
    log_before    INTEGER NOT NULL,
    log_mark      INTEGER NOT NULL,
    -- The last package in the history once the work was done: a package
    -- sent since told its recipient of what the work brought.
    packages_mark INTEGER NOT NULL,
    undo          BLOB    NOT NULL,
    -- SHA-256 of `undo`, hex: a record altered since is not applied.
    sha256        TEXT    NOT NULL
) STRICT;

-- The log stays append-only, with one exception: taking the newest import
-- back removes the rows it appended. The one transaction that does so holds
-- a row here while it does; no other ever sees one.
CREATE TABLE log_take_back (id INTEGER PRIMARY KEY CHECK (id = 1)) STRICT;
DROP TRIGGER log_is_never_deleted;
CREATE TRIGGER log_is_never_deleted BEFORE DELETE ON log
WHEN NOT EXISTS (SELECT 1 FROM log_take_back)
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
DROP TRIGGER log_names_are_never_deleted;
CREATE TRIGGER log_names_are_never_deleted BEFORE DELETE ON log_names
WHEN NOT EXISTS (SELECT 1 FROM log_take_back)
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
DROP TRIGGER log_subjects_are_never_deleted;
CREATE TRIGGER log_subjects_are_never_deleted BEFORE DELETE ON log_subjects
WHEN NOT EXISTS (SELECT 1 FROM log_take_back)
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
