//! What the search tests share: the searchable parts of proposals, read
//! through the domain rather than the index; queries cut from them; and the
//! check that search finds exactly what a plain scan of those parts finds.

use std::collections::BTreeSet;

use tian_core::{Dossier, SearchQuery, Tian};

/// ((session, number), label, text) of one part a search hit can name.
pub type Part = ((String, String), String, String);

pub fn searchable_parts(dossiers: &[Dossier]) -> Vec<Part> {
    let mut out = Vec::new();
    for d in dossiers {
        let p = &d.proposal;
        let key = (p.session.clone(), p.number.clone());
        let head = format!(
            "{}\n{}\n{}\n第{}号 {} {}",
            p.title,
            p.proposers().collect::<Vec<_>>().join(" "),
            p.summary,
            p.number,
            p.lead_units.join(" "),
            p.leaders().collect::<Vec<_>>().join(" ")
        );
        out.push((key.clone(), "提案".into(), head));
        for (i, s) in p.suggestions.iter().enumerate() {
            out.push((key.clone(), format!("建议{}", i + 1), s.clone()));
        }
        out.extend(d.replies.iter().map(|r| (key.clone(), format!("复文（{}）", r.unit), r.text.clone())));
        out.extend(d.contacts.iter().map(|c| (key.clone(), "沟通记录".into(), c.content.clone())));
        out.extend(d.activities.iter().map(|a| (key.clone(), "督办活动".into(), a.summary.clone())));
    }
    out
}

/// Substrings of one to four characters, every `char_step` characters of
/// every `part_step`-th part.
pub fn queries_cut_from(parts: &[Part], part_step: usize, char_step: usize) -> BTreeSet<String> {
    let mut queries = BTreeSet::new();
    for (_, _, text) in parts.iter().step_by(part_step) {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        for len in 1..=4 {
            for start in (0..chars.len().saturating_sub(len)).step_by(char_step) {
                queries.insert(chars[start..start + len].iter().collect());
            }
        }
    }
    queries
}

/// Each query finds exactly the parts whose text contains it, ignoring case.
pub fn assert_search_matches_scan(tian: &Tian, parts: &[Part], queries: &BTreeSet<String>) {
    assert!(queries.len() > 1000, "{} queries", queries.len());
    for q in queries {
        let expected: BTreeSet<((String, String), String)> = parts
            .iter()
            .filter(|(_, _, text)| text.to_lowercase().contains(&q.to_lowercase()))
            .map(|(key, label, _)| (key.clone(), label.clone()))
            .collect();
        let query = SearchQuery { text: q.clone(), limit: 1_000_000, ..SearchQuery::default() };
        let mut found: BTreeSet<((String, String), String)> = BTreeSet::new();
        for hit in tian.search(&query).unwrap() {
            let key = (hit.session, hit.number);
            assert_eq!(hit.matches as usize, 1 + hit.elsewhere.len(), "query “{q}”");
            assert!(!found.iter().any(|(k, _)| *k == key), "one row per proposal: query “{q}”");
            found.extend(std::iter::once(hit.label).chain(hit.elsewhere).map(|label| (key.clone(), label)));
        }
        assert_eq!(found, expected, "query “{q}”");
    }
}
