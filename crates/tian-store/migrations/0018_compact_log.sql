-- 0018: a compact log. Every operation named its origin (32 characters),
-- its record's kind and id, its field, author and action as text, and the
-- index that finds a field's writes repeated the first four: some 370 bytes
-- an operation, half of a whole term's file. The log now names each of
-- them by a number; a view keeps the old shape for reading.

-- 词表: each origin, kind of record, field, author, action and key
-- fingerprint the log names, once.
CREATE TABLE log_names (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

-- Each record the log writes: its kind (a name) and its id.
CREATE TABLE log_subjects (
    id        INTEGER PRIMARY KEY,
    entity    INTEGER NOT NULL,
    entity_id TEXT    NOT NULL,
    UNIQUE (entity, entity_id)
) STRICT;

-- 操作日志, as before one row per change, never updated or deleted; the
-- names are numbers from log_names (origin, field, actor, action, via) and
-- log_subjects (subject).
CREATE TABLE log (
    seq         INTEGER PRIMARY KEY,
    origin      INTEGER NOT NULL,
    origin_seq  INTEGER NOT NULL CHECK (origin_seq > 0),
    hlc_wall    INTEGER NOT NULL,
    hlc_counter INTEGER NOT NULL,
    subject     INTEGER NOT NULL,
    field       INTEGER NOT NULL,
    value       TEXT    NOT NULL,
    prev_value  TEXT,
    actor       INTEGER NOT NULL,
    batch       INTEGER NOT NULL,
    action      INTEGER NOT NULL,
    base        TEXT,
    via         INTEGER,
    UNIQUE (origin, origin_seq)
) STRICT;

INSERT INTO log_names (name)
    SELECT origin FROM ops UNION SELECT entity FROM ops UNION SELECT field FROM ops
    UNION SELECT actor FROM ops UNION SELECT action FROM ops
    UNION SELECT via FROM ops WHERE via IS NOT NULL;
INSERT INTO log_subjects (entity, entity_id)
    SELECT DISTINCT n.id, o.entity_id FROM ops o JOIN log_names n ON n.name = o.entity;
INSERT INTO log (seq, origin, origin_seq, hlc_wall, hlc_counter, subject, field, value, prev_value,
                 actor, batch, action, base, via)
    SELECT o.seq,
           (SELECT id FROM log_names WHERE name = o.origin), o.origin_seq, o.hlc_wall, o.hlc_counter,
           (SELECT s.id FROM log_subjects s JOIN log_names e ON e.id = s.entity
            WHERE e.name = o.entity AND s.entity_id = o.entity_id),
           (SELECT id FROM log_names WHERE name = o.field), o.value, o.prev_value,
           (SELECT id FROM log_names WHERE name = o.actor), o.batch,
           (SELECT id FROM log_names WHERE name = o.action), o.base,
           (SELECT id FROM log_names WHERE name = o.via)
    FROM ops o ORDER BY o.seq;
DROP TABLE ops;

CREATE INDEX log_by_field ON log (subject, field, hlc_wall, hlc_counter, origin);
CREATE INDEX log_by_clock ON log (hlc_wall, hlc_counter);

CREATE TRIGGER log_is_never_updated BEFORE UPDATE ON log
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_is_never_deleted BEFORE DELETE ON log
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
-- Renaming an author or a record in place would rewrite the log as well.
CREATE TRIGGER log_names_are_never_updated BEFORE UPDATE ON log_names
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_names_are_never_deleted BEFORE DELETE ON log_names
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_subjects_are_never_updated BEFORE UPDATE ON log_subjects
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_subjects_are_never_deleted BEFORE DELETE ON log_subjects
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;

-- The log as it read before, names spelled out.
CREATE VIEW ops AS
SELECT l.seq, o.name AS origin, l.origin_seq, l.hlc_wall, l.hlc_counter, e.name AS entity, s.entity_id,
       f.name AS field, l.value, l.prev_value, a.name AS actor, l.batch, c.name AS action, l.base,
       v.name AS via
FROM log l
JOIN log_names o ON o.id = l.origin
JOIN log_subjects s ON s.id = l.subject
JOIN log_names e ON e.id = s.entity
JOIN log_names f ON f.id = l.field
JOIN log_names a ON a.id = l.actor
JOIN log_names c ON c.id = l.action
LEFT JOIN log_names v ON v.id = l.via;
