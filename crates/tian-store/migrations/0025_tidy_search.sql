-- 0025: the search index merged once. Workspaces filled in bulk (a ledger
-- of a whole term, generated data, the rebuild of 0019) held large
-- segments beside small ones, and the next small write that set FTS5
-- merging rewrote them all: an import of a few hundred changes rewrote
-- 39 MB of index at a term's size. Merged, later writes stay small.
INSERT INTO search_trigram (search_trigram) VALUES ('optimize');
INSERT INTO search_chars (search_chars) VALUES ('optimize');
