-- FTS5 keeps a transaction's new terms in memory and writes them out as a
-- new segment each time they pass `hashsize` (1 MB by default). Generating
-- or importing thousands of proposals in one transaction made a segment
-- every few hundred documents, and merging those segments back together
-- cost more than writing them. With 32 MB such a transaction writes a few
-- large segments; an ordinary step's few terms are written at its commit
-- as before.
INSERT INTO search_trigram (search_trigram, rank) VALUES ('hashsize', 33554432);
INSERT INTO search_chars (search_chars, rank) VALUES ('hashsize', 33554432);
