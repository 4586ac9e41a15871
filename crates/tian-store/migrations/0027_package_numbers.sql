-- 0027: packages numbered per pair (第N号: the sender's Nth package to that
-- recipient), and what each received package said its sender had received
-- of ours, so the exchange page can say which packages never arrived on
-- either side. Packages recorded before stay unnumbered.
ALTER TABLE packages ADD COLUMN number INTEGER CHECK (number IS NULL OR number > 0);
ALTER TABLE packages ADD COLUMN receipt TEXT;
CREATE INDEX packages_by_peer ON packages (peer, direction, number);
