//! 台账导入: a list of proposals kept in Excel, read into proposals. The
//! header row is matched to the ledger's columns by name (or as the clerk
//! maps them), every row is checked, and each problem is reported with its
//! row number; the caller writes nothing unless no row has a problem.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde::Serialize;
use tian_domain::ledger::{split_names, LedgerColumn};
use tian_domain::{Proposal, ProposerKind, Stage};
use ts_rs::TS;

use crate::ImportError;

/// How a header of the sheet was understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ColumnMatch {
    /// The header as the sheet writes it.
    pub header: String,
    /// The ledger column it fills, or `None` when it is left out.
    pub column: Option<String>,
}

/// A problem with one row, in the clerk's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RowProblem {
    /// The row as Excel numbers it (the header is row 1).
    pub row: u32,
    pub problem: String,
}

/// What a ledger holds: the proposals of its good rows and the problems of the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRead {
    pub columns: Vec<ColumnMatch>,
    /// The columns the sheet holds: a field whose column it lacks is not
    /// the ledger's to change ([`Proposal::completed_from`]).
    pub present: Vec<LedgerColumn>,
    pub proposals: Vec<Proposal>,
    /// Each proposal's row, as Excel numbers it.
    pub rows: Vec<u32>,
    pub problems: Vec<RowProblem>,
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        other => other.to_string().trim().to_owned(),
    }
}

/// A suggestions cell: one per line, their numbers (1. 1、 （1）) taken off.
fn suggestions(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let l = l.trim();
            let rest = l.trim_start_matches(['（', '(']);
            let after_digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
            // A number only when a mark follows its digits: “5G基站” keeps its 5.
            match after_digits.strip_prefix(['）', ')', '.', '、', '．']) {
                Some(text) if after_digits.len() < rest.len() => text.trim(),
                _ => l,
            }
        })
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The cells of the first sheet of an .xlsx workbook.
///
/// calamine panics on some damaged workbooks (a cell naming a shared string
/// the workbook does not have); a damaged file is refused like any other,
/// never allowed to take the program down.
fn first_sheet(bytes: &[u8]) -> Result<calamine::Range<calamine::Data>, ImportError> {
    crate::unzip::within_caps(bytes, ImportError::NotXlsx)?;
    std::panic::catch_unwind(|| {
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| ImportError::NotXlsx)?;
        book.worksheet_range_at(0).ok_or(ImportError::NoSheet)?.map_err(|_| ImportError::NotXlsx)
    })
    .unwrap_or(Err(ImportError::DamagedXlsx))
}

/// Reads the first sheet of an .xlsx workbook. `mapping` names columns the
/// headers do not (“编号” → 提案号); `session` fills a missing 届次 column.
pub fn read_ledger(
    bytes: &[u8],
    mapping: &[(String, String)],
    session: Option<&str>,
) -> Result<LedgerRead, ImportError> {
    let range = first_sheet(bytes)?;
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().ok_or(ImportError::Empty)?.iter().map(cell_text).collect();

    let known = || LedgerColumn::PROPOSAL.iter().map(|c| c.header()).collect::<Vec<_>>().join("、");
    let mut chosen: HashMap<String, LedgerColumn> = HashMap::new();
    for (from, to) in mapping {
        let column = LedgerColumn::from_header(to)
            .filter(|c| LedgerColumn::PROPOSAL.contains(c))
            .ok_or_else(|| ImportError::UnknownColumn(to.clone(), known()))?;
        if !header.iter().any(|h| h == from) {
            return Err(ImportError::MissingColumn(from.clone()));
        }
        chosen.insert(from.clone(), column);
    }
    let columns: Vec<Option<LedgerColumn>> = header
        .iter()
        .map(|h| {
            chosen
                .get(h)
                .copied()
                .or_else(|| LedgerColumn::from_header(h).filter(|c| LedgerColumn::PROPOSAL.contains(c)))
        })
        .collect();
    let at = |column: LedgerColumn| columns.iter().position(|c| *c == Some(column));
    if at(LedgerColumn::Number).is_none() || at(LedgerColumn::Title).is_none() {
        return Err(ImportError::NoHeader);
    }
    let suggestions_at = header.iter().position(|h| LedgerColumn::from_header(h) == Some(LedgerColumn::Suggestions));

    let mut proposals: Vec<Proposal> = Vec::new();
    let mut proposal_rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<(String, String), u32> = HashMap::new();
    for (i, row) in rows.enumerate() {
        let excel_row = i as u32 + 2;
        let get = |column: LedgerColumn| at(column).and_then(|c| row.get(c)).map(cell_text).unwrap_or_default();
        if row.iter().all(|c| cell_text(c).is_empty()) {
            continue;
        }
        let mut problem = |text: String| problems.push(RowProblem { row: excel_row, problem: text });
        let raw_number = get(LedgerColumn::Number);
        let Some(number) = tian_domain::proposal_number(&raw_number) else {
            problem(if raw_number.is_empty() {
                "缺少提案号".into()
            } else {
                format!("提案号“{raw_number}”不是数字")
            });
            continue;
        };
        let title = get(LedgerColumn::Title);
        if tian_domain::text::blank(&title) {
            problem(format!("第{number}号缺少案由"));
            continue;
        }
        let row_session = get(LedgerColumn::Session);
        let Some(session) = Some(row_session).filter(|s| !s.is_empty()).or(session.map(str::to_owned)) else {
            problem(format!("第{number}号缺少届次（可用 --session 指定全表的届次）"));
            continue;
        };
        // A 届次 or a name holding a zero-width space or a direction mark
        // looks like another and is not: a second 十三届五次, a unit no
        // one can pick.
        let looks_alike = tian_domain::text::hides_characters;
        if looks_alike(&session) {
            problem(format!(
                "第{number}号的届次含有看不见的字符（如零宽空格、文字方向符、不换行空格），请删去后再导入"
            ));
            continue;
        }
        let named = [
            LedgerColumn::Category,
            LedgerColumn::Proposer,
            LedgerColumn::CoSigners,
            LedgerColumn::GovLeaders,
            LedgerColumn::CppccLeaders,
            LedgerColumn::LeadUnits,
            LedgerColumn::CoCommittees,
        ];
        if let Some(column) = named.into_iter().find(|&c| looks_alike(&get(c))) {
            problem(format!(
                "第{number}号的“{}”含有看不见的字符（如零宽空格、文字方向符、不换行空格），请删去后再导入",
                column.header()
            ));
            continue;
        }
        if let Some(first) = seen.insert((session.clone(), number.clone()), excel_row) {
            problem(format!("{session}第{number}号与第{first}行重复"));
            continue;
        }
        let proposer = get(LedgerColumn::Proposer);
        let proposer_kind = match get(LedgerColumn::ProposerKind).as_str() {
            "集体" | "集体提案" => ProposerKind::Organization,
            "委员" | "个人" | "委员提案" => ProposerKind::Member,
            "" => ProposerKind::of_name(&proposer),
            other => {
                problem(format!("第{number}号的提案者类别“{other}”应为“集体”或“委员”"));
                continue;
            }
        };
        let category = Some(get(LedgerColumn::Category)).filter(|c| !c.is_empty());
        proposal_rows.push(excel_row);
        proposals.push(Proposal {
            number,
            session,
            title,
            co_signers: at(LedgerColumn::CoSigners)
                .map(|_| split_names(&get(LedgerColumn::CoSigners)).into_iter().filter(|n| *n != proposer).collect()),
            proposer,
            proposer_kind,
            summary: get(LedgerColumn::Summary),
            suggestions: suggestions_at
                .and_then(|c| row.get(c))
                .map(|c| suggestions(&cell_text(c)))
                .unwrap_or_default(),
            category,
            gov_leaders: split_names(&get(LedgerColumn::GovLeaders)),
            cppcc_leaders: split_names(&get(LedgerColumn::CppccLeaders)),
            lead_units: split_names(&get(LedgerColumn::LeadUnits)),
            co_committees: split_names(&get(LedgerColumn::CoCommittees)),
            stage: Stage::Registered,
        });
    }
    let mut present: Vec<LedgerColumn> = columns.iter().flatten().copied().collect();
    present.extend(suggestions_at.map(|_| LedgerColumn::Suggestions));
    let columns = header
        .iter()
        .zip(&columns)
        .map(|(h, c)| ColumnMatch {
            header: h.clone(),
            column: c.map(|c| c.header().to_owned()).or_else(|| {
                (LedgerColumn::from_header(h) == Some(LedgerColumn::Suggestions)).then(|| "建议".to_owned())
            }),
        })
        .collect();
    Ok(LedgerRead { columns, present, proposals, rows: proposal_rows, problems })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_lose_their_numbers() {
        assert_eq!(
            suggestions("1.加大投入。\n2、完善机制。\n（3）引进人才。\n"),
            ["加大投入。", "完善机制。", "引进人才。"]
        );
        assert_eq!(suggestions("5G基站建设"), ["5G基站建设"], "a leading digit that is not a number stays");
    }

    #[test]
    fn bytes_that_are_not_a_workbook_are_refused() {
        assert_eq!(read_ledger(b"not a workbook", &[], None), Err(ImportError::NotXlsx));
        assert_eq!(read_ledger(b"", &[], None), Err(ImportError::NotXlsx));
    }
}
