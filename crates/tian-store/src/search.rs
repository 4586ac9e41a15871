//! 全文检索: finding proposals by any words in them, their suggestions,
//! replies, contacts and activity notes.
//!
//! Every write transaction rebuilds the search documents of the proposals
//! whose searched text it changed ([`searched`], [`reindex`]), so the index
//! is never behind the data. A query is
//! split at spaces; each term must occur in the document. Terms of three
//! characters or more go to the trigram index; shorter ones, which trigram
//! cannot match, go to the per-character index as a phrase, so "养老" finds
//! exactly the documents containing 养老.

use rusqlite::{params_from_iter, types::Value as SqlValue, Connection, OptionalExtension};
use serde::Serialize;
use tian_domain::Stage;
use ts_rs::TS;

use crate::fields::{Entity, Target};
use crate::filter::{OverdueStarts, ProposalFilters};
use crate::{Reader, Result};

/// What the clerk searches for, and within what.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, TS)]
#[ts(export)]
pub struct SearchQuery {
    pub text: String,
    #[serde(flatten)]
    pub filters: ProposalFilters,
    pub limit: u32,
}

/// A piece of a snippet; `hit` marks the matched words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Fragment {
    pub text: String,
    pub hit: bool,
}

/// A proposal the words were found in, with its best matching part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SearchHit {
    pub number: String,
    pub session: String,
    pub title: String,
    pub stage: Stage,
    /// Where the best match was found: "提案", "建议3", "复文（市教育局）" …
    pub label: String,
    pub snippet: Vec<Fragment>,
    /// 命中处数: how many parts of the proposal hold the words.
    pub matches: u32,
    /// Where else they were found, best first.
    pub elsewhere: Vec<String>,
}

/// Stands for spaces (and, in the plans' index, punctuation) in the
/// per-character index: a word no query contains, so "伍建" does not match
/// across "队伍 建立".
const GAP: char = '\u{E000}';

/// Begins the word a punctuation mark stands as in the search index: the
/// tokenizer splits words at punctuation, so a mark is written as this and
/// its code point in hex, a word no letter or character run can form.
const MARK: char = '\u{E001}';

/// `text` with every letter, digit and CJK character standing as a word of
/// its own, so a phrase of them matches exactly where they stand together;
/// spaces and punctuation become one gap.
pub(crate) fn spaced(text: &str) -> String {
    words(text, false)
}

/// As [`spaced`], but each punctuation mark stands as a word of its own too,
/// so that one or two marks (“ or ——) can be searched for like characters.
fn search_words(text: &str) -> String {
    words(text, true)
}

fn words(text: &str, marks: bool) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let mut in_gap = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.push(' ');
            out.push(c);
            in_gap = false;
        } else if marks && !c.is_whitespace() {
            out.push(' ');
            out.push(MARK);
            out.push_str(&format!("{:x}", u32::from(c)));
            in_gap = false;
        } else if !in_gap {
            out.push(' ');
            out.push(GAP);
            in_gap = true;
        }
    }
    out
}

/// The text a proposal is found by: its title, proposers (领衔人 and
/// 附议人) and summary, then its number (0045, 第0045号), lead units and
/// leaders. `None` for a proposal the tables do not hold.
fn proposal_document(conn: &Connection, proposal: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(title, '') || char(10) || coalesce(proposer, ''), coalesce(co_signers, '[]'),
                coalesce(summary, ''), '第' || coalesce(number, '') || '号 '
                  || coalesce((SELECT group_concat(u.name, ' ') FROM proposal_lead_units l
                               JOIN units u ON u.id = l.unit_id WHERE l.proposal_id = p.id), '') || ' '
                  || coalesce((SELECT group_concat(x.name, ' ') FROM proposal_leaders l
                               JOIN leaders x ON x.id = l.leader_id WHERE l.proposal_id = p.id), '')
         FROM proposals p WHERE id = ?1",
    )?;
    let mut rows = stmt.query([proposal])?;
    let Some(r) = rows.next()? else { return Ok(None) };
    let (head, co_signers, summary, tail): (String, String, String, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
    let co_signers: Vec<String> = serde_json::from_str(&co_signers).unwrap_or_default();
    Ok(Some(format!("{head} {}\n{summary}\n{tail}", co_signers.join(" "))))
}

/// One searchable part of a proposal or past proposal.
struct Doc {
    kind: &'static str,
    label: String,
    /// Where its text lives beside its owner: see [`document_text`].
    source: String,
    body: String,
}

/// Whose search documents: this term's proposals or past ones (往年提案).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Proposal,
    History,
}

impl Owner {
    /// The column of `search_docs` naming the owner: a literal, never caller text.
    fn column(self) -> &'static str {
        match self {
            Owner::Proposal => "proposal_id",
            Owner::History => "history_id",
        }
    }

    fn documents(self, conn: &Connection, id: &str) -> Result<Vec<Doc>> {
        match self {
            Owner::Proposal => proposal_documents(conn, id),
            Owner::History => Ok(history_text(conn, id)?
                .map(|(year, body)| Doc { kind: "history", label: history_label(year), source: String::new(), body })
                .into_iter()
                .collect()),
        }
    }
}

/// The records a proposal is also found by: its replies, contacts and
/// activities (their text, see [`RECORD_TEXT`]).
const SEARCHED_RECORDS: [Entity; 3] = [Entity::Reply, Entity::Contact, Entity::Activity];

/// The searched text of a reply, contact or activity record.
const RECORD_TEXT: &str =
    "coalesce(json_extract(data, '$.text'), json_extract(data, '$.content'), json_extract(data, '$.summary'), '')";

/// The parts of one proposal that are searched, from the tables.
fn proposal_documents(conn: &Connection, proposal: &str) -> Result<Vec<Doc>> {
    let Some(head) = proposal_document(conn, proposal)? else { return Ok(Vec::new()) };
    let mut docs = vec![Doc { kind: "proposal", label: "提案".into(), source: String::new(), body: head }];
    let mut stmt = conn.prepare_cached("SELECT ord, text FROM suggestions WHERE proposal_id = ?1 ORDER BY ord")?;
    for row in stmt.query_map([proposal], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (ord, text) = row?;
        docs.push(Doc { kind: "suggestion", label: format!("建议{ord}"), source: ord.to_string(), body: text });
    }
    // The entity names are this module's constants, never caller text.
    let searched = SEARCHED_RECORDS.map(|e| format!("'{}'", e.name())).join(", ");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT entity, id, coalesce(json_extract(data, '$.unit'), ''), {RECORD_TEXT}
         FROM records WHERE proposal_id = ?1 AND entity IN ({searched})
           AND json_extract(data, '$.deleted') IS NOT 1 ORDER BY born, id"
    ))?;
    let rows = stmt.query_map([proposal], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })?;
    for row in rows {
        let (entity, id, unit, body) = row?;
        let (kind, label) = match entity.as_str() {
            "reply" => ("reply", format!("复文（{unit}）")),
            "contact" => ("contact", "沟通记录".to_owned()),
            _ => ("activity", "督办活动".to_owned()),
        };
        docs.push(Doc { kind, label, source: id, body });
    }
    Ok(docs)
}

/// Whether a write of `entity`'s `field` changes what a proposal's search
/// documents hold: its own document and suggestions are made of these of
/// its fields (see [`proposal_document`]), and its replies', contacts' and
/// activity notes' documents of theirs. A stage moved or a deadline set
/// leaves the documents as they are.
pub(crate) fn searched(target: Target) -> bool {
    use crate::fields::ProposalField as P;
    match target.entity() {
        Entity::Proposal => [
            P::Number,
            P::Title,
            P::Proposer,
            P::CoSigners,
            P::Summary,
            P::Suggestions,
            P::LeadUnits,
            P::GovLeaders,
            P::CppccLeaders,
        ]
        .into_iter()
        .any(|f| target.is(f)),
        entity => SEARCHED_RECORDS.contains(&entity),
    }
}

/// A past proposal's year and searched text.
fn history_text(conn: &Connection, id: &str) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached("SELECT year, title, suggestions, handling FROM history WHERE id = ?1")?
        .query_row([id], |r| {
            let (year, title, suggestions, handling): (i64, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            Ok((year, format!("{title}\n{suggestions}\n{handling}")))
        })
        .optional()?)
}

fn history_label(year: i64) -> String {
    format!("往年提案（{year}年）")
}

/// The text of one search document, read from the tables: the indexes keep
/// no copy of it. Empty for a document whose source is gone.
fn document_text(conn: &Connection, owner: Owner, id: &str, kind: &str, source: &str) -> Result<String> {
    let text = match (owner, kind) {
        (Owner::History, _) => history_text(conn, id)?.map(|(_, text)| text),
        (Owner::Proposal, "proposal") => proposal_document(conn, id)?,
        (Owner::Proposal, "suggestion") => conn
            .prepare_cached("SELECT text FROM suggestions WHERE proposal_id = ?1 AND ord = ?2")?
            .query_row((id, source.parse::<i64>().unwrap_or_default()), |r| r.get(0))
            .optional()?,
        (Owner::Proposal, entity) => conn
            .prepare_cached(&format!("SELECT {RECORD_TEXT} FROM records WHERE entity = ?1 AND id = ?2"))?
            .query_row((entity, source), |r| r.get(0))
            .optional()?,
    };
    Ok(text.unwrap_or_default())
}

/// Brings the search documents of the proposals (or past proposals) `ids`
/// up to date with the tables, however many, in a fixed number of
/// statements on the full-text indexes. Only the documents whose text
/// changed are written: a step costs what it changes, not what its
/// proposal holds.
///
/// FTS5 writes its pending terms to disk at every statement savepoint, and
/// every statement that writes a virtual table opens one: fed a row at a
/// time (as triggers did), the indexes were flushed and merged once per
/// document, two thirds of the time of an import. So the documents are
/// written first, then each index takes out the old ones in one statement
/// and takes in the new ones in another.
pub(crate) fn reindex<'a>(conn: &Connection, owner: Owner, ids: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let ids: Vec<&str> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(());
    }
    // The texts wait here for the indexes: the documents keep none.
    conn.prepare_cached(
        "CREATE TEMP TABLE IF NOT EXISTS search_pending (rowid INTEGER PRIMARY KEY, body TEXT NOT NULL, chars TEXT NOT NULL)",
    )?
    .execute([])?;
    let column = owner.column();
    let mut held = conn
        .prepare_cached(&format!("SELECT rowid, kind, label, source, digest FROM search_docs WHERE {column} = ?1"))?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO search_docs ({column}, kind, label, source, digest) VALUES (?1, ?2, ?3, ?4, ?5)"
    ))?;
    let mut pending =
        conn.prepare_cached("INSERT INTO temp.search_pending (rowid, body, chars) VALUES (?1, ?2, ?3)")?;
    // A document whose text is as indexed stays; the others go, and the
    // new texts are indexed, each index in one statement.
    let mut stale: Vec<i64> = Vec::new();
    for id in &ids {
        let mut kept: foldhash::HashMap<(String, String, String, Option<i64>), Vec<i64>> = Default::default();
        for row in held.query_map([id], |r| Ok(((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?), r.get(0)?)))? {
            let (key, rowid) = row?;
            kept.entry(key).or_default().push(rowid);
        }
        for doc in owner.documents(conn, id)?.into_iter().filter(|d| !d.body.trim().is_empty()) {
            let digest = digest(&doc.body);
            let key = (doc.kind.to_owned(), doc.label, doc.source, Some(digest));
            if kept.get_mut(&key).and_then(Vec::pop).is_some() {
                continue;
            }
            let (kind, label, source, _) = key;
            insert.execute((id, kind, &label, &source, digest))?;
            pending.execute((conn.last_insert_rowid(), &doc.body, search_words(&doc.body)))?;
        }
        stale.extend(kept.into_values().flatten());
    }
    if !stale.is_empty() {
        let stale = serde_json::to_string(&stale)?;
        for table in ["search_trigram", "search_chars", "search_docs"] {
            conn.prepare_cached(&format!("DELETE FROM {table} WHERE rowid IN (SELECT value FROM json_each(?1))"))?
                .execute([&stale])?;
        }
    }
    for (index, text) in [("search_trigram", "body"), ("search_chars", "chars")] {
        conn.prepare_cached(&format!(
            "INSERT INTO {index} (rowid, {text}) SELECT rowid, {text} FROM temp.search_pending"
        ))?
        .execute([])?;
    }
    conn.prepare_cached("DELETE FROM temp.search_pending")?.execute([])?;
    Ok(())
}

/// What a document's text is known by: the first eight bytes of its
/// SHA-256, which no edit of a clerk's will meet by chance. How the text is
/// split into words is not in it: a change to that must write every
/// document again (a migration that calls for [`reindex_all`]).
fn digest(body: &str) -> i64 {
    use sha2::Digest;
    let sum = sha2::Sha256::digest(body.as_bytes());
    i64::from_le_bytes(sum[..8].try_into().expect("a SHA-256 has 32 bytes"))
}

/// Indexes every proposal when the index is empty but proposals exist (a
/// database from before search, or one restored from such a backup).
pub(crate) fn build_if_missing(conn: &Connection) -> Result<()> {
    let missing: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM proposals) AND NOT EXISTS (SELECT 1 FROM search_docs)")?
        .query_row([], |r| r.get(0))?;
    if missing {
        reindex_all(conn)?;
    }
    Ok(())
}

/// Rebuilds the search documents of every proposal and past proposal.
pub(crate) fn reindex_all(conn: &Connection) -> Result<()> {
    for (owner, table) in [(Owner::Proposal, "proposals"), (Owner::History, "history")] {
        let ids: Vec<String> =
            conn.prepare(&format!("SELECT id FROM {table}"))?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        reindex(conn, owner, ids.iter().map(String::as_str))?;
    }
    tidy(conn)
}

/// Merges the search index into one segment per table. A transaction that
/// indexes thousands of documents at once (a rebuild, generated data)
/// writes large segments beside the small ones ordinary steps add; left
/// so, the next small write that tips FTS5 into merging its first level
/// rewrote them all: 39 MB and 0.6 s for an import of 360 changes at a
/// term's size, against 0.1 MB and 0.05 s once merged (0.3 s, once).
pub(crate) fn tidy(conn: &Connection) -> Result<()> {
    for table in ["search_trigram", "search_chars"] {
        // `table` is one of the two literals above.
        conn.execute(&format!("INSERT INTO {table} ({table}) VALUES ('optimize')"), [])?;
    }
    Ok(())
}

/// A term as an FTS5 phrase, its quotes doubled.
fn phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// Marks every occurrence of the terms in a window around the first one.
fn snippet(body: &str, terms: &[String]) -> Vec<Fragment> {
    const CONTEXT: usize = 36;
    let chars: Vec<char> = body.chars().collect();
    let lower: Vec<char> = body.to_lowercase().chars().collect();
    let needles: Vec<Vec<char>> = terms.iter().map(|t| t.to_lowercase().chars().collect()).collect();
    let hit_at = |i: usize| {
        needles.iter().filter(|n| lower.len() == chars.len() && lower[i..].starts_with(n)).map(Vec::len).max()
    };
    let first = (0..chars.len()).find(|&i| hit_at(i).is_some()).unwrap_or(0);
    let (start, end) = (first.saturating_sub(CONTEXT / 2), (first + CONTEXT * 2).min(chars.len()));
    let mut out: Vec<Fragment> = Vec::new();
    let push = |out: &mut Vec<Fragment>, text: String, hit: bool| match out.last_mut() {
        Some(last) if last.hit == hit => last.text.push_str(&text),
        _ => out.push(Fragment { text, hit }),
    };
    if start > 0 {
        push(&mut out, "…".into(), false);
    }
    let mut i = start;
    while i < end {
        match hit_at(i) {
            Some(len) => {
                push(&mut out, chars[i..(i + len).min(chars.len())].iter().collect(), true);
                i += len;
            }
            None => {
                push(&mut out, chars[i].to_string(), false);
                i += 1;
            }
        }
    }
    if end < chars.len() {
        push(&mut out, "…".into(), false);
    }
    out
}

impl Reader<'_> {
    /// The parts of proposals where every term of `query.text` occurs, those
    /// whose text was written most recently first.
    ///
    /// The longest term drives the query through its index in rowid order,
    /// so the search stops as soon as it has `limit` hits instead of
    /// collecting and sorting every match of a common character; the other
    /// terms and the filters are checked row by row.
    pub fn search(&self, query: &SearchQuery, overdue: OverdueStarts) -> Result<Vec<SearchHit>> {
        let Some(Matching { terms, from, order, mut conditions, mut params }) = Matching::of(&query.text) else {
            return Ok(Vec::new());
        };
        query.filters.push_conditions(overdue, &mut conditions, &mut params);
        let limit = if query.limit == 0 { 50 } else { query.limit as usize };
        // Documents, not proposals, are ranked: room for several per proposal.
        params.push(SqlValue::Integer((limit * 8) as i64));
        let sql = format!(
            "SELECT p.id, p.number, p.session, p.title, p.stage, d.label, d.kind, d.source
             FROM {from} JOIN proposals p ON p.id = d.proposal_id
             WHERE {} ORDER BY {order} DESC LIMIT ?",
            conditions.join(" AND ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(&params), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?;
        // One row per proposal: its best document, and where else it matched.
        let mut hits: Vec<SearchHit> = Vec::new();
        for row in rows {
            let (id, number, session, title, stage, label, kind, source) = row?;
            if let Some(hit) = hits.iter_mut().find(|h| h.number == number && h.session == session) {
                hit.matches += 1;
                hit.elsewhere.push(label);
                continue;
            }
            if hits.len() == limit {
                continue;
            }
            let body = document_text(self.conn, Owner::Proposal, &id, &kind, &source)?;
            hits.push(SearchHit {
                number,
                session,
                title,
                stage: Stage::from_label(&stage).unwrap_or_default(),
                label,
                snippet: snippet(&body, &terms),
                matches: 1,
                elsewhere: Vec::new(),
            });
        }
        Ok(hits)
    }
}

/// The FROM clause, order and conditions that find the documents holding
/// every term of a query, shared by the proposal and the history search.
struct Matching {
    terms: Vec<String>,
    from: String,
    order: &'static str,
    conditions: Vec<String>,
    params: Vec<SqlValue>,
}

impl Matching {
    fn of(text: &str) -> Option<Matching> {
        let mut terms: Vec<String> =
            text.split(|c: char| c.is_whitespace()).filter(|t| !t.is_empty()).map(str::to_owned).collect();
        terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        let mut lookups = terms.iter().map(|t| index_lookup(t));
        // Ordering by the driving table's own rowid is what lets FTS5 hand
        // rows over in order and stop at the limit, without a sort.
        let (table, pattern) = lookups.next()?;
        let mut params = vec![SqlValue::Text(pattern)];
        let mut conditions = vec![format!("{table} MATCH ?")];
        for (table, pattern) in lookups {
            conditions.push(format!("EXISTS (SELECT 1 FROM {table} WHERE {table} MATCH ? AND rowid = d.rowid)"));
            params.push(SqlValue::Text(pattern));
        }
        let from = format!("{table} f JOIN search_docs d ON d.rowid = f.rowid");
        Some(Matching { terms, from, order: "f.rowid", conditions, params })
    }
}

/// The index a search term is looked up in, and its MATCH pattern: terms of
/// three characters or more in the trigram index as they are, shorter ones
/// (punctuation marks included) as a phrase of the per-character index.
fn index_lookup(term: &str) -> (&'static str, String) {
    if term.chars().count() >= 3 {
        ("search_trigram", phrase(term))
    } else {
        ("search_chars", phrase(search_words(term).trim()))
    }
}

/// 往年提案 found by a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HistoryHit {
    pub id: String,
    pub year: i32,
    pub title: String,
    pub snippet: Vec<Fragment>,
}

impl Reader<'_> {
    /// The past proposals where every term of `text` occurs, at most `limit`.
    pub fn search_history(&self, text: &str, limit: u32) -> Result<Vec<HistoryHit>> {
        let Some(Matching { terms, from, order, conditions, mut params }) = Matching::of(text) else {
            return Ok(Vec::new());
        };
        params.push(SqlValue::Integer(if limit == 0 { 50 } else { limit.into() }));
        let sql = format!(
            "SELECT h.id, h.year, h.title FROM {from} JOIN history h ON h.id = d.history_id
             WHERE {} ORDER BY {order} DESC LIMIT ?",
            conditions.join(" AND ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(&params), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i32>(1)?, r.get::<_, String>(2)?))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (id, year, title) = row?;
            let body = document_text(self.conn, Owner::History, &id, "history", "")?;
            hits.push(HistoryHit { id, year, title, snippet: snippet(&body, &terms) });
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_letter_and_character_stands_apart_and_punctuation_goes() {
        let gap = GAP.to_string();
        assert_eq!(spaced("推进AI，5G").split_whitespace().collect::<Vec<_>>(), ["推", "进", "A", "I", &gap, "5", "G"]);
        let comma = format!("{MARK}ff0c");
        assert_eq!(
            search_words("推进AI，5G 等").split_whitespace().collect::<Vec<_>>(),
            ["推", "进", "A", "I", &comma, "5", "G", &gap, "等"]
        );
    }

    #[test]
    fn a_snippet_marks_each_occurrence_near_the_first() {
        let parts = snippet("加快养老服务发展，完善养老设施。", &["养老".to_owned()]);
        let marked: Vec<(&str, bool)> = parts.iter().map(|f| (f.text.as_str(), f.hit)).collect();
        assert_eq!(
            marked,
            [("加快", false), ("养老", true), ("服务发展，完善", false), ("养老", true), ("设施。", false)]
        );
    }

    /// Both full-text indexes pass SQLite's integrity check and hold
    /// exactly `docs` documents.
    fn indexes_hold(store: &crate::Store, docs: usize) {
        for index in ["search_trigram", "search_chars"] {
            store
                .conn
                .execute(&format!("INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)"), [])
                .unwrap_or_else(|e| panic!("{index} is damaged: {e}"));
            let indexed: i64 =
                store.conn.query_row(&format!("SELECT count(*) FROM {index}"), [], |r| r.get(0)).unwrap();
            assert_eq!(indexed as usize, docs, "{index} holds exactly the documents");
        }
    }

    #[test]
    fn rewritten_documents_leave_both_indexes_matching_their_text() {
        use crate::ProposalField;
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::Store::open(&dir.path().join("tian.db")).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let found = |store: &crate::Store, text: &str| {
            let query = SearchQuery { text: text.into(), limit: 10, ..Default::default() };
            let overdue = OverdueStarts { reply: day, rehandling: day, today: day };
            store.read().search(&query, overdue).unwrap().len()
        };
        for (n, title) in ["智慧教育", "养老服务体系", "智慧养老"].into_iter().enumerate() {
            store
                .transact("张三", "导入", |w| -> Result<()> {
                    for number in ["0069", "0070"] {
                        let id = format!("十三届五次/{number}");
                        w.set(ProposalField::Session, &id, "十三届五次".into())?;
                        w.set(ProposalField::Number, &id, number.into())?;
                        w.set(ProposalField::Title, &id, format!("{title}（{number}）").into())?;
                        w.set(ProposalField::Suggestions, &id, serde_json::json!([format!("第{n}稿建议")]))?;
                    }
                    Ok(())
                })
                .unwrap();
        }
        assert_eq!((found(&store, "智慧养老"), found(&store, "养老"), found(&store, "教育")), (2, 2, 0));
        assert_eq!((found(&store, "第2稿"), found(&store, "第0稿")), (2, 0));
        let docs: i64 = store.conn.query_row("SELECT count(*) FROM search_docs", [], |r| r.get(0)).unwrap();
        indexes_hold(&store, docs as usize);
        assert_eq!(docs, 4, "each proposal's old documents are gone");
    }

    #[test]
    fn only_writes_of_searched_text_rebuild_a_proposals_documents() {
        use crate::ProposalField;
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::Store::open(&dir.path().join("tian.db")).unwrap();
        let id = "十三届五次/0069";
        let documents = |store: &crate::Store| -> Vec<i64> {
            let mut stmt = store.conn.prepare("SELECT rowid FROM search_docs ORDER BY rowid").unwrap();
            stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        };
        let write = |store: &mut crate::Store, field: ProposalField, value: serde_json::Value| {
            store.transact("张三", "修改", |w| w.set(field, id, value)).unwrap();
        };
        write(&mut store, ProposalField::Session, "十三届五次".into());
        write(&mut store, ProposalField::Number, "0069".into());
        write(&mut store, ProposalField::Title, "关于大力发展智慧教育的建议".into());
        let before = documents(&store);
        write(&mut store, ProposalField::Stage, "交办".into());
        write(&mut store, ProposalField::DueDate, "2026-06-01".into());
        assert_eq!(documents(&store), before, "a stage or a deadline leaves the documents alone");
        write(&mut store, ProposalField::LeadUnits, serde_json::json!(["市教育局"]));
        assert_ne!(documents(&store), before, "a lead unit is searched for");
        let query = SearchQuery { text: "市教育局".into(), limit: 10, ..Default::default() };
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let overdue = OverdueStarts { reply: day, rehandling: day, today: day };
        assert_eq!(store.read().search(&query, overdue).unwrap().len(), 1);
    }

    #[test]
    fn a_step_rewrites_only_the_documents_whose_text_it_changed() {
        use crate::ProposalField;
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::Store::open(&dir.path().join("tian.db")).unwrap();
        let id = "十三届五次/0069";
        let documents = |store: &crate::Store| -> Vec<(i64, String)> {
            let mut stmt = store.conn.prepare("SELECT rowid, label FROM search_docs ORDER BY rowid").unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
        };
        let write = |store: &mut crate::Store, field: ProposalField, value: serde_json::Value| {
            store.transact("张三", "修改", |w| w.set(field, id, value)).unwrap();
        };
        write(&mut store, ProposalField::Session, "十三届五次".into());
        write(&mut store, ProposalField::Number, "0069".into());
        write(&mut store, ProposalField::Title, "关于大力发展智慧教育的建议".into());
        write(&mut store, ProposalField::Suggestions, serde_json::json!(["建设智慧校园", "培训教师"]));
        let before = documents(&store);
        write(&mut store, ProposalField::Suggestions, serde_json::json!(["建设智慧校园", "培训乡村教师"]));
        let after = documents(&store);
        let unchanged: Vec<_> = after.iter().filter(|d| before.contains(d)).map(|(_, label)| label.as_str()).collect();
        assert_eq!(unchanged, ["提案", "建议1"], "the proposal and its first suggestion are not written again");
        assert_eq!(after.len(), before.len());
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let found = |store: &crate::Store, text: &str| {
            let query = SearchQuery { text: text.into(), limit: 10, ..Default::default() };
            store.read().search(&query, OverdueStarts { reply: day, rehandling: day, today: day }).unwrap().len()
        };
        assert_eq!((found(&store, "乡村教师"), found(&store, "智慧校园")), (1, 1));

        // A document indexed before digests were kept is written again the
        // next time its proposal changes, and not twice.
        store.conn.execute("UPDATE search_docs SET digest = NULL", []).unwrap();
        write(&mut store, ProposalField::Suggestions, serde_json::json!(["建设智慧校园", "培训青年教师"]));
        let rewritten = documents(&store);
        assert!(rewritten.iter().all(|d| !after.contains(d)), "{rewritten:?}");
        assert_eq!(rewritten.len(), after.len());
        assert_eq!((found(&store, "乡村教师"), found(&store, "青年教师")), (0, 1));
        indexes_hold(&store, rewritten.len());
    }
}
