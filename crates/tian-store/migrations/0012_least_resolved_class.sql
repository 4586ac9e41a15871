-- A proposal's answer class is now its least resolved lead unit's (C before
-- B before A): each lead unit's latest reply, the worst of them. Re-settle
-- every proposal that has a lead reply so filters and counts agree with the
-- dossier from the first start after the upgrade.
UPDATE proposals SET answer_class = (
    SELECT MAX(class) FROM (
        SELECT json_extract(r.data, '$.class') AS class,
               ROW_NUMBER() OVER (PARTITION BY json_extract(r.data, '$.unit')
                                  ORDER BY r.born DESC, r.id DESC) AS nth
        FROM records r
        WHERE r.entity = 'reply' AND r.proposal_id = proposals.id
          AND json_extract(r.data, '$.lead') = 1 AND json_extract(r.data, '$.deleted') IS NOT 1)
    WHERE nth = 1)
WHERE id IN (SELECT proposal_id FROM records WHERE entity = 'reply');
