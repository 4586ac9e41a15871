//! 台账: every proposal with its stage, dates, units, answer class,
//! satisfaction and days overdue as an Excel workbook, and a proposal list
//! kept in Excel read back in — previewed first, and saved only whole.

use std::path::Path;

use serde::Serialize;
use tian_domain::ledger::LedgerColumn;
use tian_domain::{ProposalFilter, Urgency};
use tian_export::Cell;
use tian_import::{ColumnMatch, RowProblem};
use ts_rs::TS;

use crate::proposals::dossier::Dossier;
use crate::workspace::backup::BackupReason;
use crate::{CoreError, ImportReport, Result, Tian};

/// What a ledger file would bring in, shown before anything is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LedgerPreview {
    /// How each header of the sheet was understood.
    pub columns: Vec<ColumnMatch>,
    /// The proposals of the good rows: 提案号, 届次, 案由, and whether each is new.
    pub rows: Vec<LedgerPreviewRow>,
    /// Problems by row; while there is one, nothing is imported.
    pub problems: Vec<RowProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LedgerPreviewRow {
    pub number: String,
    pub session: String,
    pub title: String,
    pub lead_units: Vec<String>,
    /// Not in the database yet.
    pub new: bool,
    /// Held already: the fields the import would change, in the clerk's
    /// words (none: the row is as held, and importing it changes nothing).
    pub changes: Vec<String>,
}

/// A header the clerk maps to a ledger column by hand: (“编号”, “提案号”).
pub type ColumnMapping = Vec<(String, String)>;

fn widths() -> Vec<f64> {
    LedgerColumn::ALL
        .iter()
        .map(|c| match c {
            LedgerColumn::Title | LedgerColumn::Summary | LedgerColumn::Suggestions => 40.0,
            LedgerColumn::LeadUnits | LedgerColumn::CoUnits | LedgerColumn::CoCommittees => 22.0,
            LedgerColumn::Number | LedgerColumn::ProposerKind | LedgerColumn::AnswerClass => 9.0,
            _ => 14.0,
        })
        .collect()
}

fn ledger_row(d: &Dossier) -> Vec<Cell> {
    let p = &d.proposal;
    let text = |s: &str| if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_owned()) };
    let names = |n: &[String]| text(&n.join("、"));
    let date = |d: Option<chrono::NaiveDate>| d.map_or(Cell::Empty, Cell::Date);
    let lead_reply = d.replies.iter().rev().find(|r| r.lead);
    LedgerColumn::ALL
        .iter()
        .map(|column| match column {
            LedgerColumn::Session => text(&p.session),
            LedgerColumn::Number => text(&p.number),
            LedgerColumn::Title => text(&p.title),
            LedgerColumn::Proposer => text(&p.proposer),
            LedgerColumn::CoSigners => text(&p.co_signers.as_deref().unwrap_or_default().join("、")),
            LedgerColumn::ProposerKind => text(p.proposer_kind.label()),
            LedgerColumn::Category => text(p.category.as_deref().unwrap_or_default()),
            LedgerColumn::GovLeaders => names(&p.gov_leaders),
            LedgerColumn::CppccLeaders => names(&p.cppcc_leaders),
            LedgerColumn::LeadUnits => names(&d.handling.lead_units),
            LedgerColumn::CoUnits => names(&d.handling.co_units),
            LedgerColumn::CoCommittees => names(&p.co_committees),
            LedgerColumn::Stage => text(p.stage.label()),
            LedgerColumn::AssignedOn => date(d.assignment.as_ref().map(|a| a.date)),
            LedgerColumn::DueOn => date(d.due_date),
            LedgerColumn::DaysOverdue => match d.deadline {
                Some(dl) if dl.urgency == Urgency::Overdue => Cell::DaysOverdue(-dl.days_left),
                Some(_) => Cell::DaysOverdue(0),
                None => Cell::Empty,
            },
            LedgerColumn::RepliedOn => date(lead_reply.map(|r| r.date)),
            LedgerColumn::AnswerClass => {
                d.answer_class().map_or(Cell::Empty, |class| Cell::Text(format!("{}类", class.letter())))
            }
            LedgerColumn::Satisfaction => d.satisfaction().map_or(Cell::Empty, |s| Cell::Text(s.label().to_owned())),
            LedgerColumn::ClosedOn => date(d.closure.as_ref().map(|c| c.date)),
            LedgerColumn::CarriedOut => Cell::Percent(d.progress.percent),
            LedgerColumn::Summary => text(&p.summary),
            LedgerColumn::Suggestions => text(
                &p.suggestions
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("{}. {s}", i + 1))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        })
        .collect()
}

impl Tian {
    /// The ledger of every proposal as the bytes of an .xlsx file.
    pub fn ledger_xlsx(&self) -> Result<Vec<u8>> {
        let rows: Vec<Vec<Cell>> = self.dossiers(&ProposalFilter::default())?.iter().map(ledger_row).collect();
        let headers: Vec<&str> = LedgerColumn::ALL.iter().map(|c| c.header()).collect();
        Ok(tian_export::write_ledger("提案台账", &headers, &widths(), &rows)?)
    }

    /// Writes the ledger to `path`, all at once or not at all; returns the number of proposals.
    pub fn export_ledger(&self, path: &Path) -> Result<u32> {
        self.committee_only("导出台账")?;
        let bytes = self.ledger_xlsx()?;
        crate::write_file(path, &bytes)?;
        Ok(self.proposals(&ProposalFilter::default())?.len() as u32)
    }

    fn read_ledger_file(
        &self,
        path: &Path,
        mapping: &ColumnMapping,
        session: Option<&str>,
    ) -> Result<tian_import::LedgerRead> {
        let bytes = crate::workspace::files::read_document(path)?;
        let mut read = tian_import::read_ledger(&bytes, mapping, session)
            .map_err(|source| CoreError::ImportFile { path: path.to_owned(), source })?;
        let held = self.store.read();
        let mut proposals = Vec::with_capacity(read.proposals.len());
        let mut rows = Vec::with_capacity(read.rows.len());
        for (p, row) in std::mem::take(&mut read.proposals).into_iter().zip(std::mem::take(&mut read.rows)) {
            let stored = held.proposal(&p.id())?;
            let p = match &stored {
                Some(stored) => p.completed_from(stored, &read.present),
                None => p,
            };
            // The preview says what the import would refuse, in its words.
            let refusal = match (tian_store::proposal_refusal(&p), &stored) {
                (Some(refusal), _) => Some(refusal),
                (None, Some(stored)) => self.recorded_suggestion_moved(stored, &p.suggestions)?,
                (None, None) => None,
            };
            match refusal {
                Some(refusal) => {
                    read.problems.push(RowProblem { row, problem: format!("第{}号：{refusal}", p.number) })
                }
                None => {
                    proposals.push(p);
                    rows.push(row);
                }
            }
        }
        read.problems.sort_by_key(|p| p.row);
        (read.proposals, read.rows) = (proposals, rows);
        Ok(read)
    }

    /// What importing the ledger at `path` would do; writes nothing.
    pub fn preview_ledger(&self, path: &Path, mapping: &ColumnMapping, session: Option<&str>) -> Result<LedgerPreview> {
        // The preview promises an import: not on a unit's installation.
        self.committee_only("导入提案台账")?;
        let read = self.read_ledger_file(path, mapping, session)?;
        let rows = read
            .proposals
            .iter()
            .map(|p| {
                let held = self.store.read().proposal(&p.id())?;
                let changes = match &held {
                    Some(stored) => tian_store::proposal_changes(stored, p)?.into_iter().map(str::to_owned).collect(),
                    None => vec![],
                };
                Ok(LedgerPreviewRow {
                    number: p.number.clone(),
                    session: p.session.clone(),
                    title: p.title.clone(),
                    lead_units: p.lead_units.clone(),
                    new: held.is_none(),
                    changes,
                })
            })
            .collect::<Result<_>>()?;
        Ok(LedgerPreview { columns: read.columns, rows, problems: read.problems })
    }

    /// Imports the proposal list at `path`: refused whole while any row has a
    /// problem; otherwise backed up first and saved in one transaction.
    pub fn import_ledger(
        &mut self,
        path: &Path,
        mapping: &ColumnMapping,
        session: Option<&str>,
    ) -> Result<ImportReport> {
        self.committee_only("导入提案台账")?;
        self.progress.step("读取台账");
        let read = self.read_ledger_file(path, mapping, session)?;
        if !read.problems.is_empty() {
            return Err(CoreError::LedgerRows(read.problems));
        }
        if read.proposals.is_empty() {
            return Err(CoreError::Invalid("台账中没有提案，没有导入任何内容。".into()));
        }
        let new = self.not_held(&read.proposals)?;
        self.create_backup(BackupReason::Import)?;
        self.progress.step("写入提案");
        let actor = self.actor.clone();
        let saved = self.store.save_proposals(&actor, &read.proposals)?;
        let count = read.proposals.len();
        let mut sessions: Vec<&str> = read.proposals.iter().map(|p| p.session.as_str()).collect();
        sessions.dedup();
        let similar = self.similar_at_import(&new)?;
        Ok(ImportReport {
            similar,
            message: format!(
                "台账提案 {count} 件：新增 {} 件，更新 {} 件，未变 {} 件。",
                saved.added, saved.changed, saved.unchanged
            ),
            session: sessions.join("、"),
            proposals: count as u32,
            added: saved.added as u32,
            changed: saved.changed as u32,
            unchanged: saved.unchanged as u32,
        })
    }
}
