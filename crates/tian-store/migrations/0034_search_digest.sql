-- 0034: a search document remembers a digest of the text it indexed, so a
-- step rewrites only the documents whose text it changed, not every
-- document of its proposal (a contact added to a proposal with long
-- replies re-tokenised them all). Documents written before have none and
-- are written again the next time their proposal changes.
ALTER TABLE search_docs ADD COLUMN digest INTEGER;
