-- 0022: 单位名录. The units the proposals name become the clerk's directory:
-- a short name per unit, and a unit renamed (机构改革, or a typo) points to
-- its new name and is no longer offered; proposals assigned under the old
-- name keep it. Filled from what is already known: the announcement's and
-- the ledger's lead units (already here), every unit an assignment names,
-- and the units whose keys are trusted.
ALTER TABLE units ADD COLUMN short_name TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN renamed_to TEXT;
INSERT OR IGNORE INTO units (name)
    SELECT DISTINCT json_extract(u.value, '$.unit')
    FROM proposals p, json_each(p.assignment, '$.units') u
    WHERE p.assignment IS NOT NULL AND json_valid(p.assignment)
      AND trim(coalesce(json_extract(u.value, '$.unit'), '')) <> '';
INSERT OR IGNORE INTO units (name) SELECT DISTINCT name FROM peers WHERE role = 'unit';
