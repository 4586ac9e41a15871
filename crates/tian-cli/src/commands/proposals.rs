//! 提案: `tian list`, `show`, `search`, `units`, `leaders`, `timeline`, `similar`, `category`, `revise`.

use clap::Subcommand;
use tian_core::domain::ProposalFilter;
use tian_core::{SearchQuery, Tian};

use crate::args::{self, ProposalArgs};

use crate::print;

#[derive(Subcommand)]
pub enum ProposalCommand {
    /// 列出提案及其办理阶段和时限（承办单位的电脑上：本单位主办的提案；会办和复文见 tian desk）
    List {
        /// 只列出该主办部门的提案
        #[arg(long, value_name = "单位")]
        lead_unit: Option<String>,
        /// 只列出该督办领导督办的提案
        #[arg(long, value_name = "姓名")]
        leader: Option<String>,
        /// 只列出该类别的提案（“未分类”为尚未设置类别的）
        #[arg(long, value_name = "类别")]
        category: Option<String>,
        /// 只列出逾期未答复的提案（答复或再办理答复已过期限）
        #[arg(long)]
        overdue: bool,
    },
    /// 显示一件提案的全部内容和办理记录
    Show(ProposalArgs),
    /// 全文检索提案、建议、复文、沟通和督办记录（多个词用空格分开，须同时出现）
    Search {
        text: String,
        #[command(flatten)]
        filters: args::FilterArgs,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// 单位名录：list 列出（含简称和主办件数），add 添加，rename 更名，short 设简称
    #[command(subcommand)]
    Units(UnitsCommand),
    /// 列出督办领导及其督办提案数
    Leaders,
    /// 办理过程（审计记录）
    Timeline(ProposalArgs),
    /// 相似提案：各届中与之最相近的提案及往年提案，连同办理结果；本届的疑似重复件可考虑并案
    Similar {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 最多列出几件
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// 设置提案类别：给出提案号，或用筛选条件（如 --lead-unit 市教育局）选出一批；--clear 改回未分类；--undo 撤销上一次设置
    Category {
        /// 提案号，可写多个
        numbers: Vec<String>,
        /// 类别（须在设置的类别中）
        #[arg(long = "set", value_name = "类别", required_unless_present_any = ["clear", "undo"])]
        set: Option<String>,
        /// 改回未分类
        #[arg(long, conflicts_with = "set")]
        clear: bool,
        /// 撤销上一次设置类别（一件或一批，整批恢复原样）
        #[arg(long, conflicts_with_all = ["set", "clear"])]
        undo: bool,
        #[command(flatten)]
        filters: args::FilterArgs,
    },
    /// 修改提案信息：更正案由、提案者、内容摘要或建议（只给出要改的；给出 --suggestion 时以它们替换全部建议）；tian undo 可撤销
    Revise {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 案由
        #[arg(long)]
        title: Option<String>,
        /// 提案者（联名提案为领衔人）
        #[arg(long)]
        proposer: Option<String>,
        /// 内容摘要
        #[arg(long)]
        summary: Option<String>,
        /// 建议，按顺序每条一个 --suggestion
        #[arg(long = "suggestion", value_name = "建议")]
        suggestions: Vec<String>,
    },
}

pub fn run(command: ProposalCommand, tian: &mut Tian, json: bool) -> tian_core::Result<String> {
    let dossier = |d: tian_core::Dossier| print::one(&d, json, print::dossier);
    Ok(match command {
        ProposalCommand::List { lead_unit, leader, category, overdue } => {
            let mut dossiers = tian.listed(ProposalFilter { lead_unit, leader })?;
            dossiers.retain(|d| !overdue || d.overdue());
            if let Some(category) = category {
                let wanted = (category != tian_core::UNCATEGORIZED).then_some(category);
                dossiers.retain(|d| d.proposal.category == wanted);
            }
            print::dossier_lines(&dossiers, json)
        }
        ProposalCommand::Show(p) => dossier(tian.dossier(&p.resolve(tian)?)?),
        ProposalCommand::Search { text, filters, limit } => {
            let hits = tian.search(&SearchQuery { text, filters: filters.into(), limit })?;
            print::many(&hits, json, print::search_hit)
        }
        ProposalCommand::Units(command) => {
            let units = match command {
                UnitsCommand::List => tian.directory()?,
                UnitsCommand::Add { name, short } => tian.add_unit(&name, &short)?,
                UnitsCommand::Rename { old, new } => tian.rename_unit(&old, &new)?,
                UnitsCommand::Short { name, short } => tian.set_short_name(&name, &short)?,
            };
            print::many(&units, json, print::directory_unit)
        }
        ProposalCommand::Leaders => {
            print::many(&tian.leaders()?, json, |l| format!("{}\t{}\t督办 {} 件", l.name, l.body.label(), l.proposals))
        }
        ProposalCommand::Revise { proposal, title, proposer, summary, suggestions } => {
            let id = proposal.resolve(tian)?;
            let held = tian.dossier(&id)?.proposal;
            let revision = tian_core::ProposalRevision {
                title: title.unwrap_or(held.title),
                proposer: proposer.unwrap_or(held.proposer),
                summary: summary.unwrap_or(held.summary),
                suggestions: if suggestions.is_empty() { held.suggestions } else { suggestions },
            };
            dossier(tian.revise_proposal(&id, revision)?)
        }
        ProposalCommand::Category { undo: true, .. } => {
            format!("已撤销上一次设置类别：{}件提案恢复原样。", tian.undo_category_change()?)
        }
        ProposalCommand::Category { numbers, set: category, filters, .. } => {
            let changed = if numbers.is_empty() {
                tian.set_category_where(&filters.into(), category.as_deref())?
            } else {
                let session = filters.session.clone();
                let ids = numbers
                    .iter()
                    .map(|n| tian.resolve(n, session.as_deref()))
                    .collect::<tian_core::Result<Vec<_>>>()?;
                tian.set_category(&ids, category.as_deref())?
            };
            format!("已设置{changed}件提案的类别为“{}”。", category.as_deref().unwrap_or("未分类"))
        }
        ProposalCommand::Similar { proposal, limit } => {
            print::many(&tian.similar(&proposal.resolve(tian)?, limit)?, json, print::similar_proposal)
        }
        ProposalCommand::Timeline(p) => {
            let entries = tian.timeline(&p.resolve(tian)?)?;
            print::many(&entries, json, print::timeline_entry)
        }
    })
}

#[derive(Subcommand)]
pub enum UnitsCommand {
    /// 列出单位名录：名称、简称、主办件数；已更名的单位列在最后
    List,
    /// 添加单位
    Add {
        name: String,
        /// 简称
        #[arg(long, default_value = "")]
        short: String,
    },
    /// 更名：已交办给原名称的提案保留原名称，今后交办用新名称
    Rename { old: String, new: String },
    /// 设定简称（空字符串清除）
    Short { name: String, short: String },
}
