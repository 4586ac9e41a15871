//! The data a new installation starts with: the announcement of the 13 key
//! proposals of 十三届五次 and the city's plan documents they refer to,
//! exactly as published, embedded in the binary and read by the ordinary
//! importers at first run.

pub const KEY_PROPOSALS: &[u8] = include_bytes!("../../../../assets/default-data/key-proposals-13-5.txt");

/// Who the audit trail names for the default data.
pub(crate) const ACTOR: &str = "系统（默认数据）";

/// The five-year plan, its implementation plan and the government work report.
pub const PLANS: [&[u8]; 3] = [
    include_bytes!("../../../../assets/default-data/plans/001-five-year-plan.txt"),
    include_bytes!("../../../../assets/default-data/plans/002-implementation-plan.txt"),
    include_bytes!("../../../../assets/default-data/plans/004-work-report.txt"),
];
