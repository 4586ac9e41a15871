//! 提案列表: the list the clerk pages through, and a proposal's neighbours in
//! it. One page is one query, whatever the size of the database.

use serde::Serialize;
use tian_domain::{Deadline, ProposalId, ProposerKind, Stage};
use tian_store::{ListSort, PageQuery, ProposalFilters};
use ts_rs::TS;

use crate::desk::DeskNote;
use crate::proposals::dossier::{current_deadline, overdue_starts, DeadlineFacts};
use crate::{Result, Tian};

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ListRow {
    pub number: String,
    pub session: String,
    pub title: String,
    pub proposer: String,
    pub proposer_kind: ProposerKind,
    pub lead_units: Vec<String>,
    pub gov_leaders: Vec<String>,
    pub cppcc_leaders: Vec<String>,
    pub stage: Stage,
    pub deadline: Option<Deadline>,
    /// Share of suggestions carried out, 0–100 (部分落实 counts half).
    pub progress: f64,
    /// 提案类别
    pub category: Option<String>,
    /// 本单位待办, on a handling unit's own installation.
    pub desk: Option<DeskNote>,
}

/// A page of the list and how many proposals pass the filters in all.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ListPage {
    pub total: u32,
    pub rows: Vec<ListRow>,
}

/// Where a proposal stands in the list: its neighbours and its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Neighbours {
    /// (提案号, 届次) of the proposal before, if any.
    pub previous: Option<(String, String)>,
    pub next: Option<(String, String)>,
    /// From 1.
    pub position: u32,
    pub total: u32,
}

fn number_and_session(id: ProposalId) -> (String, String) {
    (id.number().to_owned(), id.session().to_owned())
}

/// The list `query` asks for, on the installation of `unit` (if one): its
/// list is the proposals it leads, whatever the query names as lead unit.
fn desk_query(query: &PageQuery, unit: Option<&str>) -> PageQuery {
    let mut query = query.clone();
    if let Some(unit) = unit {
        query.filters.lead_unit = Some(unit.to_owned());
    }
    query
}

impl Tian {
    /// One page of the list. On a handling unit's installation the list is
    /// 本单位承办: the proposals it leads, each with what it owes.
    pub fn list_page(&self, query: &PageQuery) -> Result<ListPage> {
        let own = self.unit_name()?;
        let query = desk_query(query, own.as_deref());
        let rules = self.settings()?.deadlines;
        let (total, found) = self.store.read().proposal_page(&query, overdue_starts(&rules, self.today))?;
        let parse = |d: &Option<String>| d.as_deref().and_then(|d| d.parse().ok());
        let mut rows = Vec::with_capacity(found.len());
        for r in found {
            let desk = match &own {
                // The dossier of a unit's installation carries it.
                Some(_) => self.dossier(&r.id)?.desk,
                None => None,
            };
            rows.push(ListRow {
                deadline: current_deadline(
                    &DeadlineFacts {
                        stage: r.stage,
                        round: r.round,
                        assigned_on: parse(&r.assigned_on),
                        rehandling_start: parse(&r.rehandling_start),
                        due_date: parse(&r.due_date),
                        extended: r.extended_to.is_some(),
                    },
                    &rules,
                    self.today,
                ),
                progress: if r.suggestions == 0 {
                    0.0
                } else {
                    ((r.done as f64 + r.partly as f64 / 2.0) * 1000.0 / r.suggestions as f64).round() / 10.0
                },
                number: r.number,
                session: r.session,
                title: r.title,
                proposer: r.proposer,
                proposer_kind: r.proposer_kind,
                lead_units: r.lead_units,
                gov_leaders: r.gov_leaders,
                cppcc_leaders: r.cppcc_leaders,
                stage: r.stage,
                category: r.category,
                desk,
            });
        }
        Ok(ListPage { total, rows })
    }

    /// The dossiers `tian list` shows: those `filter` passes; on a unit's
    /// installation, as its window's list, only the proposals it leads.
    pub fn listed(&self, filter: tian_domain::ProposalFilter) -> Result<Vec<crate::Dossier>> {
        let filter = match self.unit_name()? {
            Some(unit) => tian_domain::ProposalFilter { lead_unit: Some(unit), ..filter },
            None => filter,
        };
        self.dossiers(&filter)
    }

    /// 上一件 / 下一件: the proposals beside `id` in the list as `list`
    /// filters and sorts it (the list the clerk opened it from), or, where
    /// it is not in that list or none is given, among all by number.
    pub fn neighbours(&self, id: &ProposalId, list: Option<&PageQuery>) -> Result<Neighbours> {
        let own = self.unit_name()?;
        let list = list.map(|q| desk_query(q, own.as_deref()));
        let list = list.as_ref();
        let read = self.store.read();
        // The whole list by number is the order the index answers directly;
        // any other list is ranked once for the question.
        let whole =
            |q: &&PageQuery| q.filters == ProposalFilters::default() && q.sort == ListSort::Number && !q.descending;
        let in_list = match list.filter(|q| !whole(q)) {
            Some(q) => {
                let rules = self.settings()?.deadlines;
                read.neighbours_in(q, overdue_starts(&rules, self.today), id)?
            }
            None => None,
        };
        let (previous, next, position, total) = match in_list {
            Some(found) => found,
            None => read.neighbours(id)?,
        };
        Ok(Neighbours {
            previous: previous.map(number_and_session),
            next: next.map(number_and_session),
            position,
            total,
        })
    }
}
