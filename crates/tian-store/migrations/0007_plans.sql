-- 0007: the city's plan commitments (规划部署), and their links to proposals.

-- One row per commitment: a task of the implementation plan, a box or a
-- section of the five-year plan, an undertaking of the work report. Filled
-- from the op log like every other record.
CREATE TABLE plan_items (
    id       TEXT PRIMARY KEY,
    document TEXT NOT NULL DEFAULT '',
    path     TEXT NOT NULL DEFAULT '[]',
    label    TEXT NOT NULL DEFAULT '',
    title    TEXT NOT NULL DEFAULT '',
    text     TEXT NOT NULL DEFAULT '',
    ord      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The commitments' titles and texts with a space between CJK characters, as
-- in search_chars, so that BM25 ranks them against a proposal's words taken
-- two characters at a time. Its rowid is plan_items' rowid.
CREATE VIRTUAL TABLE plan_index USING fts5 (title, text, tokenize = 'unicode61');
