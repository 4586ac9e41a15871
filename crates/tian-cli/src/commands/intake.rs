//! 导入: `tian import`, `ledger`, `history`, `plan`.

use std::path::PathBuf;

use clap::Subcommand;
use tian_core::domain::PlanLinkState;
use tian_core::Tian;

use crate::args::{self, ProposalArgs};

use crate::print;

#[derive(Subcommand)]
pub enum IntakeCommand {
    /// 导入重点提案公告（文本文件，UTF-8 或 GBK 编码）
    Import { file: PathBuf },
    /// 台账：export 导出全部提案为 Excel（.xlsx），import 从 Excel 导入提案清单（先预览，加 --yes 执行）
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// 往年提案：import 导入往年提案汇编，list 列出，search 检索
    #[command(subcommand)]
    History(HistoryCommand),
    /// 规划部署：import 导入规划文件，list 列出条目，suggest 为提案推荐相关条目，link 确认或排除
    #[command(subcommand)]
    Plan(PlanCommand),
}

pub fn run(command: IntakeCommand, tian: &mut Tian, json: bool) -> tian_core::Result<String> {
    Ok(match command {
        IntakeCommand::Import { file } => {
            let report = tian.import_announcement_file(&file)?;
            print::one(&report, json, print::import_report)
        }
        IntakeCommand::Ledger(LedgerCommand::Export { output }) => {
            let count = tian.export_ledger(&output)?;
            format!("已导出台账（{count} 件提案）：{}", output.display())
        }
        IntakeCommand::Ledger(LedgerCommand::Import { file, mapping, session, yes: false }) => {
            let preview = tian.preview_ledger(&file, &mapping, session.as_deref())?;
            print::one(&preview, json, print::ledger_preview)
        }
        IntakeCommand::Ledger(LedgerCommand::Import { file, mapping, session, yes: true }) => {
            let report = tian.import_ledger(&file, &mapping, session.as_deref())?;
            print::one(&report, json, print::import_report)
        }
        IntakeCommand::History(HistoryCommand::Import { file }) => {
            print::one(&tian.import_history_file(&file)?, json, |r| r.message.clone())
        }
        IntakeCommand::History(HistoryCommand::List) => {
            print::many(&tian.history()?, json, |e| format!("{}年  {}  〔{}〕", e.year, e.title, e.theme))
        }
        IntakeCommand::History(HistoryCommand::Search { text, limit }) => {
            print::many(&tian.search_history(&text, limit)?, json, print::history_hit)
        }
        IntakeCommand::Plan(PlanCommand::Import { file }) => {
            print::one(&tian.import_plan_file(&file)?, json, |r| r.message.clone())
        }
        IntakeCommand::Plan(PlanCommand::List) => {
            let items: Vec<_> = tian.plan_items()?.into_iter().map(|(_, item)| item).collect();
            print::many(&items, json, |i| format!("{}\t{}\t{}", i.document, i.label, i.title))
        }
        IntakeCommand::Plan(PlanCommand::Suggest(p)) => {
            print::many(&tian.plan_suggestions(&p.resolve(tian)?)?, json, print::plan_suggestion)
        }
        IntakeCommand::Plan(PlanCommand::Link { proposal, item, reject }) => {
            let state = if reject { PlanLinkState::Rejected } else { PlanLinkState::Confirmed };
            let id = proposal.resolve(tian)?;
            print::many(&tian.link_plan(&id, &item, state)?, json, print::plan_suggestion)
        }
    })
}

#[derive(Subcommand)]
pub enum PlanCommand {
    /// 导入规划文件（五年规划纲要、实施方案、政府工作报告等文本文件）
    Import { file: PathBuf },
    /// 列出规划库中的全部条目
    List,
    /// 为提案推荐最相关的规划条目（已确认的在前）
    Suggest(ProposalArgs),
    /// 确认（默认）或排除一条规划条目与提案的关联；条目写作“文件名/标签”，或只写标签（如 任务25、专栏46）
    Link {
        #[command(flatten)]
        proposal: ProposalArgs,
        item: String,
        /// 排除而不是确认
        #[arg(long)]
        reject: bool,
    },
}

#[derive(Subcommand)]
pub enum LedgerCommand {
    /// 导出台账
    Export {
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// 导入提案清单：第一行为列名（提案号、案由、届次、提案者、主办单位……）
    Import {
        file: PathBuf,
        /// 列名对应：“表中列名=台账列名”，如 --map 编号=提案号，可重复
        #[arg(long = "map", value_parser = args::column_mapping)]
        mapping: Vec<(String, String)>,
        /// 表中没有届次列时，全表的届次
        #[arg(long)]
        session: Option<String>,
        /// 确认导入（不加时只预览）
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
pub enum HistoryCommand {
    /// 导入往年提案汇编（每件以“标题(2021 年)”开头，下有“核心建议”“办理情况”）
    Import { file: PathBuf },
    /// 列出往年提案
    List,
    /// 检索往年提案
    Search {
        text: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}
