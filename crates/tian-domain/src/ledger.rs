//! 台账: the columns of the proposal ledger, by the names clerks give them.
//! The export writes [`LedgerColumn::header`]; the import also accepts the
//! other names a ledger made elsewhere may use for the same column.

/// A column of the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LedgerColumn {
    Session,
    Number,
    Title,
    Proposer,
    /// 附议人 of a joint proposal.
    CoSigners,
    ProposerKind,
    Category,
    GovLeaders,
    CppccLeaders,
    LeadUnits,
    CoUnits,
    CoCommittees,
    Stage,
    AssignedOn,
    DueOn,
    DaysOverdue,
    RepliedOn,
    AnswerClass,
    Satisfaction,
    ClosedOn,
    CarriedOut,
    Summary,
    Suggestions,
}

impl LedgerColumn {
    /// Every column, in the order the export writes them.
    pub const ALL: [LedgerColumn; 23] = [
        LedgerColumn::Session,
        LedgerColumn::Number,
        LedgerColumn::Title,
        LedgerColumn::Proposer,
        LedgerColumn::CoSigners,
        LedgerColumn::ProposerKind,
        LedgerColumn::Category,
        LedgerColumn::GovLeaders,
        LedgerColumn::CppccLeaders,
        LedgerColumn::LeadUnits,
        LedgerColumn::CoUnits,
        LedgerColumn::CoCommittees,
        LedgerColumn::Stage,
        LedgerColumn::AssignedOn,
        LedgerColumn::DueOn,
        LedgerColumn::DaysOverdue,
        LedgerColumn::RepliedOn,
        LedgerColumn::AnswerClass,
        LedgerColumn::Satisfaction,
        LedgerColumn::ClosedOn,
        LedgerColumn::CarriedOut,
        LedgerColumn::Summary,
        LedgerColumn::Suggestions,
    ];

    /// The columns an imported proposal list is read from.
    pub const PROPOSAL: [LedgerColumn; 12] = [
        LedgerColumn::Session,
        LedgerColumn::Number,
        LedgerColumn::Title,
        LedgerColumn::Proposer,
        LedgerColumn::CoSigners,
        LedgerColumn::ProposerKind,
        LedgerColumn::Category,
        LedgerColumn::GovLeaders,
        LedgerColumn::CppccLeaders,
        LedgerColumn::LeadUnits,
        LedgerColumn::CoCommittees,
        LedgerColumn::Summary,
    ];

    pub fn header(self) -> &'static str {
        self.names()[0]
    }

    /// The header and the other names the column goes by.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            LedgerColumn::Session => &["届次", "会议"],
            LedgerColumn::Number => &["提案号", "编号", "案号", "提案编号"],
            LedgerColumn::Title => &["案由", "标题", "题目", "提案标题"],
            LedgerColumn::Proposer => &["提案者", "提案人", "领衔人", "提案单位"],
            LedgerColumn::CoSigners => &["附议人", "联名人", "联名提案人", "附议委员"],
            LedgerColumn::ProposerKind => &["提案者类别", "提案类型", "集体或个人"],
            LedgerColumn::Category => &["类别", "分类", "提案类别"],
            LedgerColumn::GovLeaders => &["市政府督办领导", "市政府领导"],
            LedgerColumn::CppccLeaders => &["市政协督办领导", "市政协领导"],
            LedgerColumn::LeadUnits => &["主办单位", "主办部门", "承办单位", "市政府主办部门"],
            LedgerColumn::CoUnits => &["协办单位", "会办单位"],
            LedgerColumn::CoCommittees => &["协办专委会", "市政协协办部门"],
            LedgerColumn::Stage => &["办理阶段", "阶段", "状态"],
            LedgerColumn::AssignedOn => &["交办日期"],
            LedgerColumn::DueOn => &["答复期限"],
            LedgerColumn::DaysOverdue => &["逾期天数"],
            LedgerColumn::RepliedOn => &["答复日期"],
            LedgerColumn::AnswerClass => &["答复类别"],
            LedgerColumn::Satisfaction => &["满意度", "提案者评价"],
            LedgerColumn::ClosedOn => &["办结日期"],
            LedgerColumn::CarriedOut => &["建议落实率"],
            LedgerColumn::Summary => &["内容摘要", "摘要", "主要内容"],
            LedgerColumn::Suggestions => &["建议", "具体建议", "主要建议"],
        }
    }

    /// The column a header names, ignoring spaces and a trailing colon.
    pub fn from_header(header: &str) -> Option<LedgerColumn> {
        let header: String = header.chars().filter(|c| !c.is_whitespace()).collect();
        let header = header.trim_end_matches([':', '：']);
        LedgerColumn::ALL.into_iter().find(|c| c.names().contains(&header))
    }
}

impl crate::Proposal {
    /// A proposal read from a ledger holding only the columns `present`,
    /// completed from `stored`, the proposal as this installation holds it:
    /// a column the ledger lacks says nothing of its field, which keeps its
    /// value (a ledger of numbers and titles had emptied every summary and
    /// suggestion). A column present and empty clears its field.
    pub fn completed_from(mut self, stored: &crate::Proposal, present: &[LedgerColumn]) -> crate::Proposal {
        let lacks = |column| !present.contains(&column);
        if lacks(LedgerColumn::Proposer) {
            self.proposer = stored.proposer.clone();
        }
        // The kind is read from the name where no column gives it: kept
        // while the name is the one held.
        if lacks(LedgerColumn::ProposerKind) && self.proposer == stored.proposer {
            self.proposer_kind = stored.proposer_kind;
        }
        if lacks(LedgerColumn::Category) {
            self.category = stored.category.clone();
        }
        if lacks(LedgerColumn::GovLeaders) {
            self.gov_leaders = stored.gov_leaders.clone();
        }
        if lacks(LedgerColumn::CppccLeaders) {
            self.cppcc_leaders = stored.cppcc_leaders.clone();
        }
        if lacks(LedgerColumn::LeadUnits) {
            self.lead_units = stored.lead_units.clone();
        }
        if lacks(LedgerColumn::CoCommittees) {
            self.co_committees = stored.co_committees.clone();
        }
        if lacks(LedgerColumn::Summary) {
            self.summary = stored.summary.clone();
        }
        if lacks(LedgerColumn::Suggestions) {
            self.suggestions = stored.suggestions.clone();
        }
        self
    }
}

/// Splits a cell listing several names: 蒋文红、闫纯锴 or 蒋文红，闫纯锴 or one per line.
pub fn split_names(cell: &str) -> Vec<String> {
    cell.split(['、', '，', ',', '；', ';', '\n', '/'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_found_by_any_of_their_names() {
        assert_eq!(LedgerColumn::from_header(" 编 号 "), Some(LedgerColumn::Number));
        assert_eq!(LedgerColumn::from_header("案由："), Some(LedgerColumn::Title));
        assert_eq!(LedgerColumn::from_header("备注"), None);
        let mut all: Vec<&str> = LedgerColumn::ALL.iter().flat_map(|c| c.names().iter().copied()).collect();
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), count, "no name belongs to two columns");
    }

    #[test]
    fn name_lists_split_on_the_usual_separators() {
        assert_eq!(split_names("蒋文红、闫纯锴， 邓小梅\n"), ["蒋文红", "闫纯锴", "邓小梅"]);
        assert!(split_names(" ").is_empty());
    }
}
