//! 往年提案 in the store: saved through the op log like every other record,
//! so an archive imported at one installation can travel to another.

use crate::Entity;
use tian_domain::HistoryEntry;

use crate::proposals::SaveReport;
use crate::{Reader, Result, Store};

impl Store {
    /// Saves `entries` in one transaction; an entry already there exactly so is left alone.
    pub fn save_history(&mut self, actor: &str, entries: &[HistoryEntry]) -> Result<SaveReport> {
        self.save_documents(actor, "导入往年提案", Entity::History, entries, HistoryEntry::id)
    }
}

impl Reader<'_> {
    /// Every past proposal, newest year first.
    pub fn history_entries(&self) -> Result<Vec<HistoryEntry>> {
        self.load_history("1", [])
    }

    /// The past proposal `id` ("2021/加快培育先进制造业集群"), if held.
    pub fn history_entry(&self, id: &str) -> Result<Option<HistoryEntry>> {
        Ok(self.load_history("id = ?1", [id])?.pop())
    }

    fn load_history<P: rusqlite::Params>(&self, condition: &str, params: P) -> Result<Vec<HistoryEntry>> {
        let sql = format!(
            "SELECT year, title, theme, suggestions, handling, source FROM history WHERE {condition}
             ORDER BY year DESC, title"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params, |r| {
            Ok(HistoryEntry {
                year: r.get(0)?,
                title: r.get(1)?,
                theme: r.get(2)?,
                suggestions: r.get(3)?,
                handling: r.get(4)?,
                source: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
