//! 规划部署 in the store: commitments saved through the op log, indexed
//! character by character, and ranked against a proposal's words by BM25.
//!
//! A proposal and a commitment are related when they share the two-character
//! words of Chinese (能源, 结构, 自贸): the query is every such pair of the
//! proposal's text, and FTS5's BM25 weighs the rare pairs above the common
//! ones (建设, 推进) without a word list.

use crate::Entity;
use std::collections::BTreeSet;

use rusqlite::Connection;
use serde::Serialize;
use tian_domain::PlanItem;
use ts_rs::TS;

use crate::proposals::SaveReport;
use crate::search::spaced;
use crate::{Reader, Result, Store};

/// A commitment and how well it matches.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PlanMatch {
    pub id: String,
    pub item: PlanItem,
    /// BM25 relevance, higher is closer.
    pub score: f64,
}

/// How many of a proposal's character pairs go into one query: enough for
/// its title, summary and suggestions, few enough to stay fast.
const MAX_PAIRS: usize = 600;
/// A match in a commitment's title counts this many times one in its text.
const TITLE_WEIGHT: f64 = 4.0;

/// The distinct pairs of adjacent CJK characters in `text`, in order.
fn pairs(text: &str) -> Vec<String> {
    let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let chars: Vec<char> = text.chars().collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for w in chars.windows(2) {
        if is_cjk(w[0]) && is_cjk(w[1]) && seen.insert((w[0], w[1])) {
            out.push(format!("\"{} {}\"", w[0], w[1]));
        }
    }
    out
}

/// Rebuilds the index row of one commitment.
pub(crate) fn reindex(conn: &Connection, id: &str) -> Result<()> {
    let row: Option<(i64, String, String)> = conn
        .prepare_cached("SELECT rowid, title, text FROM plan_items WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .ok();
    let Some((rowid, title, text)) = row else { return Ok(()) };
    conn.prepare_cached("DELETE FROM plan_index WHERE rowid = ?1")?.execute([rowid])?;
    conn.prepare_cached("INSERT INTO plan_index (rowid, title, text) VALUES (?1, ?2, ?3)")?.execute((
        rowid,
        spaced(&title),
        spaced(&text),
    ))?;
    Ok(())
}

impl Store {
    /// Saves the commitments of a plan document in one transaction; one
    /// already there exactly so is left alone.
    pub fn save_plan(&mut self, actor: &str, items: &[PlanItem]) -> Result<SaveReport> {
        self.save_documents(actor, "导入规划文件", Entity::PlanItem, items, PlanItem::id)
    }
}

impl Reader<'_> {
    /// Every commitment, by document and place in it.
    pub fn plan_items(&self) -> Result<Vec<(String, PlanItem)>> {
        self.load_plan("1", [])
    }

    pub fn plan_item(&self, id: &str) -> Result<Option<PlanItem>> {
        Ok(self.load_plan("id = ?1", [id])?.pop().map(|(_, item)| item))
    }

    fn load_plan<P: rusqlite::Params>(&self, condition: &str, params: P) -> Result<Vec<(String, PlanItem)>> {
        let sql = format!(
            "SELECT id, document, path, label, title, text, ord FROM plan_items WHERE {condition} ORDER BY document, ord"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params, |r| {
            let path: String = r.get(2)?;
            let path = serde_json::from_str(&path)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into()))?;
            let item = PlanItem {
                document: r.get(1)?,
                path,
                label: r.get(3)?,
                title: r.get(4)?,
                text: r.get(5)?,
                ord: r.get(6)?,
            };
            Ok((r.get(0)?, item))
        })?;
        let out = rows.collect::<Result<Vec<_>, _>>()?;
        Ok(out)
    }

    /// The commitments closest to `text` by BM25, best first, `limit` of them.
    pub fn plan_matches(&self, text: &str, limit: u32) -> Result<Vec<PlanMatch>> {
        let pairs = pairs(text);
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let query = pairs.into_iter().take(MAX_PAIRS).collect::<Vec<_>>().join(" OR ");
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, -bm25(plan_index, ?3, 1.0) AS score FROM plan_index
             JOIN plan_items p ON p.rowid = plan_index.rowid
             WHERE plan_index MATCH ?1 ORDER BY bm25(plan_index, ?3, 1.0) LIMIT ?2",
        )?;
        let rows: Vec<(String, f64)> =
            stmt.query_map((query, limit, TITLE_WEIGHT), |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (id, score) in rows {
            if let Some(item) = self.plan_item(&id)? {
                out.push(PlanMatch { id, item, score });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::pairs;

    #[test]
    fn a_text_becomes_its_distinct_character_pairs_within_words() {
        assert_eq!(pairs("调整能源结构，能源"), ["\"调 整\"", "\"整 能\"", "\"能 源\"", "\"源 结\"", "\"结 构\""]);
        assert!(pairs("VOCs 2026").is_empty());
    }
}
