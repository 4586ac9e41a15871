-- A package's changes are looked up among those refused from its sender
-- before (a change refused once stays refused), by origin and number: the
-- judge reads only the refusals within what the package holds, not every
-- refusal a sender ever earned.
CREATE INDEX refused_ops_by_change ON refused_ops (peer, origin, origin_seq);
