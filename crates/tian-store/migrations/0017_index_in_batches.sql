-- 0017: the full-text indexes are kept by the code that writes the search
-- documents, a whole transaction's documents in two statements per index
-- (see search::reindex), no longer by a trigger a row at a time: FTS5
-- flushes its pending terms at every statement, so a trigger per document
-- flushed and merged the indexes once per document. No proposal or past
-- proposal is ever deleted, so nothing else removes documents.
DROP TRIGGER search_docs_added;
DROP TRIGGER search_docs_removed;
