-- 0026: what the committee refused of a unit's own changes is withdrawn at
-- the unit. A unit's change judged after a concurrent step of the committee
-- (a reply deleted once the proposer's verdict was recorded) is refused
-- there and stays in the unit's log, so the two showed different things for
-- good. The committee's 回执 now names the refused changes, and the unit
-- records them here: the change stays in its log as written, and counts
-- for nothing, as at the committee.
CREATE TABLE withdrawn_ops (
    seq        INTEGER PRIMARY KEY,
    package_id TEXT NOT NULL,
    reason     TEXT NOT NULL
) STRICT;

DROP VIEW ops;
CREATE VIEW ops AS
SELECT l.seq, o.name AS origin, l.origin_seq, l.hlc_wall, l.hlc_counter, e.name AS entity, s.entity_id,
       f.name AS field, l.value, l.prev_value, a.name AS actor, l.batch, c.name AS action, l.base,
       v.name AS via
FROM log l
JOIN log_names o ON o.id = l.origin
JOIN log_subjects s ON s.id = l.subject
JOIN log_names e ON e.id = s.entity
JOIN log_names f ON f.id = l.field
JOIN log_names a ON a.id = l.actor
JOIN log_names c ON c.id = l.action
LEFT JOIN log_names v ON v.id = l.via
WHERE NOT EXISTS (SELECT 1 FROM withdrawn_ops w WHERE w.seq = l.seq);

-- Whose package each refused change came in: the 回执 to that peer names
-- it, and a change refused once stays refused, whichever of its packages
-- carries it again. Refusals kept before name their peer through their
-- package.
ALTER TABLE refused_ops ADD COLUMN peer TEXT;
UPDATE refused_ops SET peer = (SELECT p.peer FROM packages p WHERE p.id = refused_ops.package_id
                                                             AND p.direction = 'received');
CREATE INDEX refused_ops_by_peer ON refused_ops (peer);
