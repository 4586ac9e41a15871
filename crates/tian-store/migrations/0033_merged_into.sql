-- 0033: 并入本件的提案. A proposal's page names those merged into it; without
-- an index that read every proposal of its 届次 (its review's JSON), on every
-- page and every step that read the page's dossier. Partial, since few
-- proposals are merged, and keyed to the query's own expressions.
CREATE INDEX proposals_merged_into
    ON proposals (session, json_extract(review, '$.merged_into'), number)
    WHERE json_valid(review) AND json_extract(review, '$.outcome') = '并案';
