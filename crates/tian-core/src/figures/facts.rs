//! 办理数字的底账: the rows the figures are counted from, brought up to
//! date before each count. A write marks its proposals stale; here each
//! stale proposal's dossier is read once and its row decided
//! ([`super::definitions::facts_of`]), so a count costs what changed since
//! the last one, never a read of every dossier.

use tian_domain::ProposalId;
use tian_store::{FactCounts, FactScope};

use super::definitions::facts_of;
use crate::proposals::dossier::Dossier;
use crate::{Result, Tian};

/// How many rows are decided and kept in one transaction.
const FRESH_BATCH: usize = 2000;

impl Tian {
    /// The counts of `scope` as of today, its rows brought up to date first.
    pub(crate) fn counts(&self, scope: &FactScope) -> Result<FactCounts> {
        self.fresh_facts()?;
        Ok(self.store.read().fact_counts(scope, self.today)?)
    }

    /// Decides the row of every proposal written since its row was kept.
    pub(crate) fn fresh_facts(&self) -> Result<()> {
        use std::sync::atomic::Ordering;
        // Rows missing (a proposal added by a path that marks nothing) are
        // looked for once a process: the look reads every proposal's id.
        let whole = self.facts_whole.load(Ordering::Relaxed);
        let stale = self.store.read().stale_facts(!whole)?;
        if stale.is_empty() {
            self.facts_whole.store(true, Ordering::Relaxed);
            return Ok(());
        }
        let rules = self.settings()?.deadlines;
        // In bounded batches: after a migration or a change of the rules
        // every proposal is stale, a hundred thousand at a city's scale.
        for batch in stale.chunks(FRESH_BATCH) {
            let read = self.store.read();
            let rows = batch
                .iter()
                .map(|id| {
                    Dossier::load(&read, &ProposalId::parse(id.as_str()), &rules, self.today)
                        .map(|d| facts_of(&d, &rules))
                })
                .collect::<Result<Vec<_>>>()?;
            self.store.keep_facts(&rows)?;
        }
        self.facts_whole.store(true, Ordering::Relaxed);
        Ok(())
    }
}
