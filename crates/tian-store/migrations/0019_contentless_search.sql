-- 0019: the search documents keep no copy of their text. The two full-text
-- indexes become contentless (a document is removed by its rowid alone),
-- and a document row says only where its text lives: the proposal, a
-- suggestion by its number, a reply, contact or activity by its id, or a
-- past proposal. A snippet reads the text from there. The documents are
-- written again when the workspace opens (search::reindex_all).
DROP TABLE search_trigram;
DROP TABLE search_chars;
DROP TABLE search_docs;

CREATE TABLE search_docs (
    rowid       INTEGER PRIMARY KEY,
    proposal_id TEXT REFERENCES proposals (id) ON DELETE CASCADE,
    history_id  TEXT REFERENCES history (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL,
    -- The suggestion's number or the record's id; '' for the proposal itself.
    source      TEXT NOT NULL DEFAULT '',
    CHECK ((proposal_id IS NULL) <> (history_id IS NULL))
) STRICT;
CREATE INDEX search_docs_by_proposal ON search_docs (proposal_id);
CREATE INDEX search_docs_by_history ON search_docs (history_id);

CREATE VIRTUAL TABLE search_trigram USING fts5 (
    body, content = '', contentless_delete = 1, tokenize = 'trigram'
);
CREATE VIRTUAL TABLE search_chars USING fts5 (
    chars, content = '', contentless_delete = 1, tokenize = 'unicode61'
);
