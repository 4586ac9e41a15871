//! 首屏: the data the window opens on, gathered from the proposals and the
//! exchange identity in one read.

use serde::Serialize;
use tian_domain::SessionSummary;
use ts_rs::TS;

use crate::{Identity, ListPage, PageQuery, Result, Tian};

/// 首屏: what the window shows the moment it opens (who this installation
/// is, the sessions the heading names and the first page of the list),
/// handed to the page together with the page itself, so the first rows wait
/// on no request. The filter bar's units and leaders, with their counts, are
/// asked for once the rows are drawn: at 100,000 proposals counting them
/// would hold the first paint back.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StartView {
    pub identity: Identity,
    pub sessions: Vec<SessionSummary>,
    /// The list in its default order, `first_page.rows.len()` ≤ `page_size`.
    pub first_page: ListPage,
    pub page_size: u32,
}

impl Tian {
    pub fn start_view(&mut self, page_size: u32) -> Result<StartView> {
        Ok(StartView {
            identity: self.identity()?,
            sessions: self.sessions()?,
            first_page: self.list_page(&PageQuery { limit: page_size, ..PageQuery::default() })?,
            page_size,
        })
    }
}
