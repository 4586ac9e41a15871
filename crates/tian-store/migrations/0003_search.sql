-- 0003: full-text search.

-- 检索文档: one row per searchable part of a proposal (its title and
-- summary, each suggestion, each reply, contact and activity note), rebuilt
-- for a proposal whenever a write touches it. `chars` is `body` with a space
-- between CJK characters, so that the unicode61 tokenizer indexes each
-- character and one- and two-character queries (养老, 教) match as phrases;
-- the trigram index serves queries of three characters and more.
CREATE TABLE search_docs (
    rowid       INTEGER PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL,
    body        TEXT NOT NULL,
    chars       TEXT NOT NULL
) STRICT;

CREATE INDEX search_docs_by_proposal ON search_docs (proposal_id);

CREATE VIRTUAL TABLE search_trigram USING fts5 (
    body, content = 'search_docs', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE VIRTUAL TABLE search_chars USING fts5 (
    chars, content = 'search_docs', content_rowid = 'rowid', tokenize = 'unicode61'
);

CREATE TRIGGER search_docs_added AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_trigram (rowid, body) VALUES (new.rowid, new.body);
    INSERT INTO search_chars (rowid, chars) VALUES (new.rowid, new.chars);
END;
CREATE TRIGGER search_docs_removed AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_trigram (search_trigram, rowid, body) VALUES ('delete', old.rowid, old.body);
    INSERT INTO search_chars (search_chars, rowid, chars) VALUES ('delete', old.rowid, old.chars);
END;
