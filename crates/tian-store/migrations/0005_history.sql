-- 0005: the archive of past proposals (往年提案), searchable beside this
-- year's.

CREATE TABLE history (
    id          TEXT PRIMARY KEY,
    year        INTEGER NOT NULL DEFAULT 0,
    title       TEXT NOT NULL DEFAULT '',
    theme       TEXT NOT NULL DEFAULT '',
    suggestions TEXT NOT NULL DEFAULT '',
    handling    TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT ''
) STRICT;

-- A search document now belongs to a proposal or to a past proposal. SQLite
-- cannot relax a column's constraint in place, so the table is rebuilt with
-- its rowids kept: the two full-text indexes refer to rows by rowid.
CREATE TABLE search_docs_new (
    rowid       INTEGER PRIMARY KEY,
    proposal_id TEXT REFERENCES proposals (id) ON DELETE CASCADE,
    history_id  TEXT REFERENCES history (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL,
    body        TEXT NOT NULL,
    chars       TEXT NOT NULL,
    CHECK ((proposal_id IS NULL) <> (history_id IS NULL))
) STRICT;
INSERT INTO search_docs_new (rowid, proposal_id, kind, label, body, chars)
    SELECT rowid, proposal_id, kind, label, body, chars FROM search_docs;
DROP TABLE search_docs;
ALTER TABLE search_docs_new RENAME TO search_docs;

CREATE INDEX search_docs_by_proposal ON search_docs (proposal_id);
CREATE INDEX search_docs_by_history ON search_docs (history_id);

CREATE TRIGGER search_docs_added AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_trigram (rowid, body) VALUES (new.rowid, new.body);
    INSERT INTO search_chars (rowid, chars) VALUES (new.rowid, new.chars);
END;
CREATE TRIGGER search_docs_removed AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_trigram (search_trigram, rowid, body) VALUES ('delete', old.rowid, old.body);
    INSERT INTO search_chars (search_chars, rowid, chars) VALUES ('delete', old.rowid, old.chars);
END;
