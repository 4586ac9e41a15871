//! `tian`: the headless face of Tian. Each subcommand opens the database,
//! calls one method of `tian_core::Tian`, and prints the result for people or,
//! with `--json`, for programs. Errors go to stderr in Chinese with exit code 1.

mod args;
mod print;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tian_core::domain::{
    Activity, Assignment, Closure, Contact, ExtensionDecision, PlanLinkState, ProposalFilter, Review,
    SuggestionProgress, UnitAssignment, UnitRole, Withdrawal,
};
use tian_core::{
    location, BackupReason, DocumentRequest, ExtensionRequest, FeedbackDecision, FeedbackInput, HandBackRequest,
    ReplyInput, ReportFormat, ReportScope, SearchQuery, Tian,
};
use tian_testkit::{Bench, TestData};

use args::{Date, ProposalArgs};

#[derive(Parser)]
#[command(name = "tian", version, about = "天（Tian）提案督办：重点提案办理与督办的命令行工具")]
struct Cli {
    /// 数据库文件（默认在系统应用数据文件夹中；也可用环境变量 TIAN_DB 指定）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// 新建数据库时不填入默认的13件重点提案
    #[arg(long, global = true)]
    no_default_data: bool,
    /// 按这一天计算办理时限（默认今天），格式 2026-03-01
    #[arg(long, global = true, value_name = "日期")]
    today: Option<Date>,
    /// 以 JSON 输出
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum ExtensionCommand {
    /// 同意延期
    Approve {
        #[command(flatten)]
        request: ExtensionArgs,
        /// 批准延期至（默认为申请的日期）
        #[arg(long)]
        due: Option<Date>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 不同意延期
    Refuse {
        #[command(flatten)]
        request: ExtensionArgs,
        /// 不同意的理由
        #[arg(long)]
        note: String,
    },
}

#[derive(clap::Args)]
struct ExtensionArgs {
    #[command(flatten)]
    proposal: ProposalArgs,
    /// 延期申请的编号（只有一份待审批的申请时可省略）
    #[arg(long)]
    id: Option<String>,
    /// 审批日期（默认今天）
    #[arg(long)]
    date: Option<Date>,
}

#[derive(Subcommand)]
enum Command {
    /// 导入重点提案公告（文本文件，UTF-8 或 GBK 编码）
    Import { file: PathBuf },
    /// 列出提案及其办理阶段和时限
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
    /// 交办：交办日期和主办、会办单位（不指定主办单位时沿用公告中的主办部门）
    Assign {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 交办日期；更正时不写则沿用原来的日期
        #[arg(long, required_unless_present = "correct")]
        date: Option<Date>,
        /// 更正已有的交办（日期、单位、联系人、主办方式），不写的项沿用原来的交办
        #[arg(long)]
        correct: bool,
        /// 主办单位，可写成“单位:联系人:电话”，可重复
        #[arg(long = "lead", value_name = "单位")]
        leads: Vec<String>,
        /// 会办单位，可写成“单位:联系人:电话”，可重复
        #[arg(long = "co", value_name = "单位")]
        cos: Vec<String>,
        /// 主办方式（有几个主办单位时）：联合主办（一份联合答复）或分办（各自答复、各自反馈）；
        /// 不写时沿用原来的方式，首次交办为联合主办
        #[arg(long, value_parser = args::lead_mode)]
        mode: Option<tian_core::domain::LeadMode>,
    },
    /// 记录与提案者的沟通（见面、电话、座谈）
    Contact {
        #[command(flatten)]
        proposal: ProposalArgs,
        #[arg(long)]
        date: Date,
        #[arg(long, value_parser = args::contact_method)]
        method: tian_core::domain::ContactMethod,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, default_value = "")]
        people: String,
        #[arg(long)]
        content: String,
    },
    /// 记录督办活动（视察、调研、座谈会、协商会、督办会）
    Activity {
        #[command(flatten)]
        proposal: ProposalArgs,
        #[arg(long, value_parser = args::activity_kind)]
        kind: tian_core::domain::ActivityKind,
        #[arg(long)]
        date: Date,
        #[arg(long, default_value = "")]
        place: String,
        /// 参加领导，可重复
        #[arg(long = "leader")]
        leaders: Vec<String>,
        /// 参加单位，可重复
        #[arg(long = "unit")]
        units: Vec<String>,
        #[arg(long)]
        summary: String,
        /// 落实事项：“事项|责任方|2026-05-01”，可重复
        #[arg(long = "follow-up", value_parser = args::follow_up)]
        follow_ups: Vec<tian_core::domain::FollowUp>,
    },
    /// 录入办理复文（主办单位的答复，或会办单位的会办意见）；用 --file 时，
    /// 文号、签发人、类别标注和日期未给出的，从复文的版头和落款读取
    Reply {
        #[command(flatten)]
        proposal: ProposalArgs,
        #[arg(long)]
        unit: String,
        /// 答复类别 A、B、C（或 D）；会办意见不填
        #[arg(long, value_parser = args::answer_class)]
        class: Option<tian_core::domain::AnswerClass>,
        #[arg(long)]
        date: Option<Date>,
        /// 复文文号，如 教提复〔2026〕12号
        #[arg(long, default_value = "")]
        letter_number: String,
        /// 签发领导
        #[arg(long)]
        signer: Option<String>,
        /// 签发人职务
        #[arg(long, default_value = "")]
        signer_post: String,
        /// 联系人及电话
        #[arg(long, default_value = "")]
        contact: String,
        /// 复文全文所在的 .txt 或 .docx 文件
        #[arg(long)]
        file: Option<PathBuf>,
        /// 复文全文（不用文件时）
        #[arg(long, default_value = "")]
        text: String,
        /// 附件，可重复
        #[arg(long = "attach")]
        attachments: Vec<PathBuf>,
        /// 不公开
        #[arg(long)]
        private: bool,
    },
    /// 更新一条建议的落实情况（已落实、部分落实、正在落实、未落实）
    Suggestion {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 建议序号，从 1 起
        index: u32,
        #[arg(long, value_parser = args::suggestion_state)]
        status: tian_core::domain::SuggestionState,
        #[arg(long, default_value = "")]
        evidence: String,
        #[arg(long)]
        date: Option<Date>,
    },
    /// 录入提案者反馈（满意、基本满意、不满意）
    Feedback {
        #[command(flatten)]
        proposal: ProposalArgs,
        #[arg(long, value_parser = args::satisfaction)]
        result: tian_core::domain::Satisfaction,
        #[arg(long)]
        date: Date,
        /// 提案者意见（不满意时必填）
        #[arg(long, default_value = "")]
        comment: String,
        /// 分办的提案：评价的是哪个主办单位的答复
        #[arg(long, value_name = "单位")]
        unit: Option<String>,
    },
    /// 办结（满意办结；提案者逾期未反馈且设置允许时可视为满意办结）
    Close {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 办理成效
        #[arg(long)]
        summary: String,
        #[arg(long)]
        date: Option<Date>,
        /// 办结方式：满意办结（默认）或视为满意办结；说明办结请用 review-feedback
        #[arg(long, value_parser = args::close_kind, default_value = "满意办结")]
        kind: tian_core::domain::CloseKind,
    },
    /// 提案者不满意后的决定：再办理（定出新的答复期限）或说明办结
    ReviewFeedback {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 再办理 或 办结
        #[arg(long, value_parser = args::decide)]
        decide: args::Decide,
        /// 再办理的答复期限（默认按设置的再办理时限）
        #[arg(long)]
        due: Option<Date>,
        /// 再办理的要求，或说明办结的理由
        #[arg(long)]
        reason: String,
        #[arg(long)]
        date: Option<Date>,
        /// 分办的提案：所决定的是哪个主办单位的答复（该单位再办理或说明办结，其他单位照常办理）
        #[arg(long, value_name = "单位")]
        unit: Option<String>,
    },
    /// 申请延期答复（主办单位提出）
    Extend {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 申请延期的主办单位
        #[arg(long, value_name = "单位")]
        unit: String,
        /// 申请延期至
        #[arg(long)]
        to: Date,
        #[arg(long)]
        reason: String,
        /// 申请日期（默认今天）
        #[arg(long)]
        date: Option<Date>,
    },
    /// 审批延期申请：approve（同意）或 refuse（不同意）
    Extension {
        #[command(subcommand)]
        decision: ExtensionCommand,
    },
    /// 退回：主办单位在交办后规定日数内退回交办有误的提案（之后由提案委员会用 assign 改办）
    HandBack {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 退回的主办单位
        #[arg(long, value_name = "单位")]
        unit: String,
        #[arg(long)]
        reason: String,
        /// 退回日期（默认今天）
        #[arg(long)]
        date: Option<Date>,
    },
    /// 撤案：提案者在办结前撤回提案
    Withdraw {
        #[command(flatten)]
        proposal: ProposalArgs,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        date: Option<Date>,
    },
    /// 重新打开已办结的提案
    Reopen {
        #[command(flatten)]
        proposal: ProposalArgs,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        date: Option<Date>,
    },
    /// 审查结论：不予立案、并案或转意见建议
    Review {
        #[command(flatten)]
        proposal: ProposalArgs,
        #[arg(long, value_parser = args::review_outcome, required_unless_present = "undo")]
        outcome: Option<tian_core::domain::ReviewOutcome>,
        /// 审查意见
        #[arg(long, required_unless_present = "undo")]
        reason: Option<String>,
        /// 并案时并入的提案号
        #[arg(long)]
        into: Option<String>,
        /// 撤销本提案的审查结论，回到立案（其后没有新的操作时）
        #[arg(long, conflicts_with_all = ["outcome", "reason", "into"])]
        undo: bool,
    },
    /// 撤销本提案的上一步操作（审查结论、答复、反馈、办结、撤案等），只要其后还没有新的操作
    Undo(ProposalArgs),
    /// 办理过程（审计记录）
    Timeline(ProposalArgs),
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
    /// 督办总览：各阶段件数、逾期和即将到期的提案
    Dashboard,
    /// 生成测试数据：按已公布重点提案和规划文件的用语生成指定数量的提案，连同交办、沟通、督办活动、答复、反馈和办结
    Gen {
        #[arg(long)]
        proposals: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// 性能测量：按检索词长度（1–4字）测检索耗时的中位数和95分位数，并测列表翻页；加 --report 测督办报告的生成
    Bench {
        /// 每种长度测多少个检索词
        #[arg(long, default_value_t = 200)]
        queries: usize,
        /// 改测督办报告（全部提案）生成 Word 和 PDF 的耗时，并与 LibreOffice 把同一 Word 文件转成 PDF 对比
        #[arg(long)]
        report: bool,
        /// 每种列表页面载入多少次（--report 时为每种格式生成多少次，--sync 时为导入多少次）
        #[arg(long, default_value_t = 20)]
        runs: usize,
        /// 改测导入一个含这么多项修改的交换包的耗时，并与 SQLite 直接批量插入同样的行对比
        #[arg(long, value_name = "修改数")]
        sync: Option<usize>,
        /// 改测预览一个恶意交换包的耗时：这么多份针对同一提案的答复，由承办单位自己的密钥签名
        #[arg(long, value_name = "记录数")]
        hostile: Option<usize>,
    },
    /// 督办报告：导出 Word（.docx）或 PDF；不指定提案时包括全部重点提案。
    /// 加 --notice 单位 导出给该单位的催办函，加 --feedback-form 提案号 导出征询意见表
    Report {
        /// 提案号，可重复
        #[arg(long = "proposal")]
        proposals: Vec<String>,
        /// 届次
        #[arg(long)]
        session: Option<String>,
        /// 成文日期，如 2026-12-01（默认今天）
        #[arg(long)]
        date: Option<Date>,
        /// 催办函：发给这个承办单位，列出其逾期和即将到期的提案
        #[arg(long, value_name = "单位", conflicts_with_all = ["proposals", "feedback_form"])]
        notice: Option<String>,
        /// 发文字号：督办报告如 政协提案〔2026〕5号，催办函如 政协提案催〔2026〕3号
        #[arg(long = "number", value_name = "文号", conflicts_with_all = ["feedback_form", "sheet"])]
        notice_number: Option<String>,
        /// 督办报告的签发人，印在版头发文字号的右侧
        #[arg(long, value_name = "姓名", conflicts_with_all = ["notice", "feedback_form", "sheet"])]
        signer: Option<String>,
        /// 逐段修改：JSON 文件，{"段落": "改写的文字"}，段落名见 --paragraphs；
        /// 修改随本报告（成文日期和文号）保存，空文字恢复生成的文字
        #[arg(long, value_name = "FILE.json", conflicts_with_all = ["notice", "feedback_form", "sheet"])]
        sections: Option<PathBuf>,
        /// 列出督办报告正文的各段（段落名、是否修改、数字是否已变化），不导出；与 --sections 同用时先保存修改
        #[arg(long, conflicts_with_all = ["notice", "feedback_form", "sheet"])]
        paragraphs: bool,
        /// 征询意见表：这件提案的答复，请提案者填写
        #[arg(long, value_name = "提案号", conflicts_with = "proposals")]
        feedback_form: Option<String>,
        /// 提案办理情况表：这件提案的办理记录和办理过程（即窗口中“打印”所印）
        #[arg(long, value_name = "提案号", conflicts_with_all = ["proposals", "feedback_form", "notice"])]
        sheet: Option<String>,
        /// docx 或 pdf（默认按输出文件的扩展名）
        #[arg(long, value_parser = args::report_format)]
        format: Option<ReportFormat>,
        /// 输出文件
        #[arg(short = 'o', long, required_unless_present = "paragraphs")]
        output: Option<PathBuf>,
    },
    /// 台账：export 导出全部提案为 Excel（.xlsx），import 从 Excel 导入提案清单（先预览，加 --yes 执行）
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// 往年提案：import 导入往年提案汇编，list 列出，search 检索
    #[command(subcommand)]
    History(HistoryCommand),
    /// 办理统计：征集、立案、办结、正在办理，按类别、提案者、主办单位、答复类别和满意度
    Stats {
        /// 届次（默认全部）
        #[arg(long)]
        session: Option<String>,
    },
    /// 备份：list 列出，create 立即备份，restore 恢复（先预览，加 --yes 执行）
    #[command(subcommand)]
    Backup(BackupCommand),
    /// 设定本机身份：提案委员会（committee）或承办单位（unit），并生成签名密钥
    Init {
        #[arg(long, value_parser = args::role)]
        role: tian_core::Role,
        /// 本机名称：提案委员会或承办单位的全称，如 市教育局
        #[arg(long)]
        name: String,
    },
    /// 密钥：export 导出本机密钥文件，trust 信任对方的密钥文件，revoke 吊销，replace 更换
    #[command(subcommand)]
    Key(KeyCommand),
    /// 数据交换：export 导出交换包，import 导入交换包，status 同步状态
    #[command(subcommand)]
    Sync(SyncCommand),
    /// 列出冲突（两处同时修改了同一内容）；resolve N K 采用第N个冲突的第K个值
    Conflicts {
        #[command(subcommand)]
        action: Option<ConflictsCommand>,
    },
    /// 规划部署：import 导入规划文件，list 列出条目，suggest 为提案推荐相关条目，link 确认或排除
    #[command(subcommand)]
    Plan(PlanCommand),
    /// 删除一条沟通记录、督办活动或办理复文（删除也会随交换包同步）
    Delete {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 记录种类：contact（沟通记录）、activity（督办活动）、reply（办理复文）
        kind: String,
        /// 记录编号（见 show --json）
        id: String,
    },
}

#[derive(Subcommand)]
enum PlanCommand {
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
enum KeyCommand {
    /// 导出本机的公钥文件（.tiankey），交给对方
    Export {
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// 信任对方的密钥文件；须先与对方电脑上显示的指纹核对，并用 --fingerprint 写出核对过的指纹
    Trust {
        file: PathBuf,
        /// 与对方核对过的指纹（如 "7F3A 9C21 …"）；不写时只显示文件中密钥的指纹，不信任
        #[arg(long)]
        fingerprint: Option<String>,
    },
    /// 吊销一个已信任的密钥（例如对方电脑丢失）：此后用它签发的交换包一律拒绝
    Revoke {
        /// 单位名称或密钥指纹
        who: String,
        /// 确认吊销
        #[arg(long)]
        yes: bool,
    },
    /// 更换一个单位的密钥：吊销旧密钥，信任新密钥文件
    Replace {
        /// 单位名称或旧密钥的指纹
        who: String,
        /// 新的密钥文件
        file: PathBuf,
        /// 与对方核对过的新指纹；不写时只显示新密钥的指纹，不更换
        #[arg(long)]
        fingerprint: Option<String>,
    },
}

#[derive(Subcommand)]
enum SyncCommand {
    /// 导出交换包（承办单位总是发给提案委员会）
    Export {
        /// 接收的承办单位（提案委员会导出时必填）
        #[arg(long)]
        to: Option<String>,
        /// 导出自这一天起的全部修改（默认：对方尚未确认收到的全部修改）
        #[arg(long)]
        since: Option<Date>,
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// 导入交换包；--dry-run 只预览将发生的修改
    Import {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// 本机身份、信任的密钥、未确认的修改、冲突和交换记录
    Status,
}

#[derive(Subcommand)]
enum ConflictsCommand {
    /// 采用第 N 个冲突的第 K 个值（序号见 tian conflicts）
    Resolve { conflict: usize, choice: usize },
}

#[derive(Subcommand)]
enum LedgerCommand {
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
enum UnitsCommand {
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

#[derive(Subcommand)]
enum HistoryCommand {
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

#[derive(Subcommand)]
enum BackupCommand {
    /// 列出备份，最新的在前
    List,
    /// 立即备份
    Create,
    /// 恢复到某个备份或备份文件（不加 --yes 时只预览）
    Restore {
        /// 备份名称（见 backup list）
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        name: Option<String>,
        /// 从备份文件（.tianbak）恢复
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long)]
        yes: bool,
    },
    /// 把一份备份复制成一个备份文件（.tianbak），可带到别的电脑恢复
    Copy {
        name: String,
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// Runs `tian` with the process's arguments. The window's program runs this
/// too when started under the name `tian`, so an installed package carries
/// one program, not two.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(out) => {
            // A reader that stops early (`tian list | head`) is not an error.
            let _ = writeln!(std::io::stdout().lock(), "{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::FAILURE
        }
    }
}

fn unit_assignment(spec: &str, role: UnitRole) -> UnitAssignment {
    let mut parts = spec.splitn(3, [':', '：']).map(|s| s.trim().to_owned());
    UnitAssignment {
        unit: parts.next().unwrap_or_default(),
        role,
        contact: parts.next().unwrap_or_default(),
        phone: parts.next().unwrap_or_default(),
    }
}

fn run(cli: Cli) -> tian_core::Result<String> {
    let path = cli.db.unwrap_or_else(location::default_db_path);
    let empty = cli.no_default_data || matches!(cli.command, Command::Init { .. });
    let mut tian = if empty { Tian::open_empty(&path)? } else { Tian::open(&path)? };
    let today = cli.today.map_or_else(|| chrono::Local::now().date_naive(), |d| d.0);
    tian.set_today(today);
    let json = cli.json;
    let dossier = |d: tian_core::Dossier| print::one(&d, json, print::dossier);
    Ok(match cli.command {
        Command::Import { file } => {
            let report = tian.import_announcement_file(&file)?;
            print::one(&report, json, |r| r.message.clone())
        }
        Command::List { lead_unit, leader, category } => {
            let mut dossiers = tian.dossiers(&ProposalFilter { lead_unit, leader })?;
            if let Some(category) = category {
                let wanted = (category != tian_core::UNCATEGORIZED).then_some(category);
                dossiers.retain(|d| d.proposal.category == wanted);
            }
            print::many(&dossiers, json, print::dossier_line)
        }
        Command::Show(p) => dossier(tian.dossier(&p.resolve(&tian)?)?),
        Command::Search { text, filters, limit } => {
            let hits = tian.search(&SearchQuery { text, filters: filters.into(), limit })?;
            print::many(&hits, json, print::search_hit)
        }
        Command::Units(command) => {
            let units = match command {
                UnitsCommand::List => tian.directory()?,
                UnitsCommand::Add { name, short } => tian.add_unit(&name, &short)?,
                UnitsCommand::Rename { old, new } => tian.rename_unit(&old, &new)?,
                UnitsCommand::Short { name, short } => tian.set_short_name(&name, &short)?,
            };
            print::many(&units, json, print::directory_unit)
        }
        Command::Leaders => {
            print::many(&tian.leaders()?, json, |l| format!("{}\t{}\t督办 {} 件", l.name, l.body.label(), l.proposals))
        }
        Command::Assign { proposal, date, correct, leads, cos, mode } => {
            let id = proposal.resolve(&tian)?;
            let current = tian.dossier(&id)?;
            let in_force = current.assignment.clone().filter(|_| correct);
            if correct && in_force.is_none() {
                return Err(tian_core::CoreError::Invalid("本提案尚未交办，没有可以更正的交办。".into()));
            }
            let kept = |role: UnitRole| -> Vec<UnitAssignment> {
                in_force.iter().flat_map(|a| a.units.iter().filter(|u| u.role == role).cloned()).collect()
            };
            let mut units: Vec<UnitAssignment> = leads.iter().map(|s| unit_assignment(s, UnitRole::Lead)).collect();
            if units.is_empty() {
                units = kept(UnitRole::Lead);
            }
            if units.is_empty() {
                units = current.proposal.lead_units.iter().map(|u| unit_assignment(u, UnitRole::Lead)).collect();
            }
            match cos.is_empty() {
                true => units.extend(kept(UnitRole::Co)),
                false => units.extend(cos.iter().map(|s| unit_assignment(s, UnitRole::Co))),
            }
            let mode = mode.or(current.assignment.as_ref().map(|a| a.mode)).unwrap_or_default();
            let date = date
                .map(|d| d.0)
                .or(in_force.as_ref().map(|a| a.date))
                .ok_or_else(|| tian_core::CoreError::Invalid("请写明交办日期（--date）。".into()))?;
            let assignment = Assignment { date, units, mode };
            dossier(if correct { tian.correct_assignment(&id, assignment)? } else { tian.assign(&id, assignment)? })
        }
        Command::Contact { proposal, date, method, unit, people, content } => {
            let id = proposal.resolve(&tian)?;
            dossier(tian.add_contact(&id, Contact { id: String::new(), date: date.0, method, unit, people, content })?)
        }
        Command::Activity { proposal, kind, date, place, leaders, units, summary, follow_ups } => {
            let id = proposal.resolve(&tian)?;
            let activity =
                Activity { id: String::new(), kind, date: date.0, place, leaders, units, summary, follow_ups };
            dossier(tian.add_activity(&id, activity)?)
        }
        Command::Reply {
            proposal,
            unit,
            class,
            date,
            letter_number,
            signer,
            signer_post,
            contact,
            file,
            text,
            attachments,
            private,
        } => {
            let id = proposal.resolve(&tian)?;
            let head = match &file {
                Some(path) => tian.read_reply_letter(path)?.head,
                None => Default::default(),
            };
            let read = |what: &str, value: &str| eprintln!("从复文读取{what}：{value}");
            let class = class.or_else(|| head.class.inspect(|c| read("类别标注", &format!("{}类", c.letter()))));
            let date = match date.map(|d| d.0).or(head.date) {
                Some(date) => date,
                None => return Err(tian_core::CoreError::Invalid("请用 --date 给出答复日期。".into())),
            };
            let signer = signer.or_else(|| head.signer.clone().inspect(|s| read("签发人", s))).unwrap_or_default();
            let fill = |given: String, found: Option<String>, what: &str| match found {
                Some(found) if given.is_empty() => {
                    read(what, &found);
                    found
                }
                _ => given,
            };
            let number = fill(letter_number, head.number.clone(), "文号");
            let signer_post = fill(signer_post, head.signer_post.clone(), "签发人职务");
            for warning in tian.reply_warnings(&id, &unit)? {
                eprintln!("提醒：{warning}");
            }
            let input = ReplyInput {
                unit,
                date,
                class,
                number,
                signer,
                signer_post,
                contact,
                text,
                text_file: file,
                attachments,
                public: !private,
            };
            dossier(tian.add_reply(&id, input)?)
        }
        Command::Suggestion { proposal, index, status, evidence, date } => {
            let id = proposal.resolve(&tian)?;
            let date = Some(date.map_or(today, |d| d.0));
            dossier(tian.set_suggestion(&id, SuggestionProgress { index, status, evidence, date })?)
        }
        Command::Feedback { proposal, result, date, comment, unit } => {
            let id = proposal.resolve(&tian)?;
            dossier(tian.give_feedback(&id, FeedbackInput { date: date.0, result, comment, unit })?)
        }
        Command::Close { proposal, summary, date, kind } => {
            let id = proposal.resolve(&tian)?;
            // Said once closed: a refused close has nothing to warn of.
            let warnings = tian.close_warnings(&id)?;
            let closed = tian.close(&id, Closure { date: date.map_or(today, |d| d.0), summary, kind })?;
            for warning in warnings {
                eprintln!("提醒：{warning}");
            }
            dossier(closed)
        }
        Command::ReviewFeedback { proposal, decide, due, reason, date, unit } => {
            let id = proposal.resolve(&tian)?;
            let date = date.map_or(today, |d| d.0);
            let decision = match decide {
                args::Decide::Rehandle => FeedbackDecision::Rehandle { date, due: due.map(|d| d.0), reason, unit },
                args::Decide::Close => FeedbackDecision::Close { date, explanation: reason, unit },
            };
            let warnings = if matches!(decide, args::Decide::Close) { tian.close_warnings(&id)? } else { Vec::new() };
            let decided = tian.decide_after_unsatisfied(&id, decision)?;
            if decided.proposal.stage == tian_core::domain::Stage::Closed {
                for warning in warnings {
                    eprintln!("提醒：{warning}");
                }
            }
            dossier(decided)
        }
        Command::Extend { proposal, unit, to, reason, date } => {
            let id = proposal.resolve(&tian)?;
            let request = ExtensionRequest { unit, date: date.map_or(today, |d| d.0), requested_to: to.0, reason };
            dossier(tian.request_extension(&id, request)?)
        }
        Command::Extension { decision } => {
            let (request, approved, due, note) = match decision {
                ExtensionCommand::Approve { request, due, note } => (request, true, due.map(|d| d.0), note),
                ExtensionCommand::Refuse { request, note } => (request, false, None, note),
            };
            let id = request.proposal.resolve(&tian)?;
            let request_id = match request.id {
                Some(given) => given,
                None => tian.pending_extension(&id)?,
            };
            let date = request.date.map_or(today, |d| d.0);
            dossier(tian.decide_extension(&id, &request_id, ExtensionDecision { approved, date, due, note })?)
        }
        Command::HandBack { proposal, unit, reason, date } => {
            let id = proposal.resolve(&tian)?;
            dossier(tian.hand_back(&id, HandBackRequest { unit, date: date.map_or(today, |d| d.0), reason })?)
        }
        Command::Withdraw { proposal, reason, date } => {
            let id = proposal.resolve(&tian)?;
            dossier(tian.withdraw(&id, Withdrawal { date: date.map_or(today, |d| d.0), reason })?)
        }
        Command::Reopen { proposal, reason, date } => {
            let id = proposal.resolve(&tian)?;
            dossier(tian.reopen(&id, date.map_or(today, |d| d.0), &reason)?)
        }
        Command::Review { proposal, undo: true, .. } => {
            let id = proposal.resolve(&tian)?;
            // A last step that may not be taken back at all says why itself.
            if let Some(last) = tian.undoable(&id)?.map(|u| u.action).filter(|a| a != "审查") {
                return Err(tian_core::CoreError::Invalid(format!(
                    "不能撤销审查结论：本提案的上一步是“{last}”，不是审查结论。"
                )));
            }
            dossier(tian.undo(&id)?)
        }
        Command::Review { proposal, outcome, reason, into, .. } => {
            let id = proposal.resolve(&tian)?;
            let (Some(outcome), Some(reason)) = (outcome, reason) else {
                return Err(tian_core::CoreError::Invalid(
                    "请给出审查结论（--outcome）和审查意见（--reason）。".into(),
                ));
            };
            dossier(tian.review(&id, Review { outcome, reason, merged_into: into })?)
        }
        Command::Undo(p) => {
            let id = p.resolve(&tian)?;
            dossier(tian.undo(&id)?)
        }
        Command::Category { undo: true, .. } => {
            format!("已撤销上一次设置类别：{}件提案恢复原样。", tian.undo_category_change()?)
        }
        Command::Category { numbers, set: category, filters, .. } => {
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
        Command::Timeline(p) => {
            let entries = tian.timeline(&p.resolve(&tian)?)?;
            print::many(&entries, json, print::timeline_entry)
        }
        Command::Dashboard => print::one(&tian.dashboard()?, json, print::dashboard),
        Command::Gen { proposals, seed } => {
            let started = std::time::Instant::now();
            tian.generate(proposals, seed, |done| eprint!("\r已生成 {done}/{proposals} 件"))?;
            eprintln!();
            format!("已生成 {proposals} 件提案，用时 {:.1} 秒。", started.elapsed().as_secs_f64())
        }
        Command::Bench { sync: Some(changes), runs, .. } => bench_sync(changes, runs, json)?,
        Command::Bench { hostile: Some(records), runs, .. } => bench_hostile(records, runs, json)?,
        Command::Bench { report: true, runs, .. } => bench_report(&mut tian, runs, json)?,
        Command::Report {
            proposals,
            session,
            date,
            notice,
            notice_number,
            signer,
            sections,
            paragraphs,
            feedback_form,
            sheet,
            format,
            output,
        } => {
            if sections.is_some() || paragraphs {
                let scope = ReportScope {
                    numbers: proposals.clone(),
                    session: session.clone(),
                    date: date.map(|d| d.0),
                    number: notice_number.clone().unwrap_or_default(),
                    signer: signer.clone().unwrap_or_default(),
                };
                if let Some(file) = &sections {
                    tian.edit_report(&scope, &read_sections(file)?)?;
                }
                if paragraphs {
                    return Ok(print::report_paragraphs(&tian.report_paragraphs(&scope)?, json));
                }
            }
            let Some(output) = output else {
                return Err(tian_core::CoreError::Invalid("请用 -o 给出输出文件。".into()));
            };
            let format = match format {
                Some(f) => f,
                None => args::report_format(output.extension().and_then(|e| e.to_str()).unwrap_or_default()).map_err(
                    |_| {
                        tian_core::CoreError::Invalid(
                            "请用 --format 指明 docx 或 pdf，或让输出文件以 .docx 或 .pdf 结尾。".into(),
                        )
                    },
                )?,
            };
            let date = date.map(|d| d.0);
            let request = match (notice, feedback_form, sheet) {
                (Some(unit), _, _) => DocumentRequest::Notice(tian_core::NoticeRequest {
                    unit,
                    number: notice_number.unwrap_or_default(),
                    date,
                }),
                (None, Some(number), _) => DocumentRequest::FeedbackForm { number, session },
                (None, None, Some(number)) => DocumentRequest::ProposalSheet { number, session },
                (None, None, None) => DocumentRequest::Report(ReportScope {
                    numbers: proposals,
                    session,
                    date,
                    number: notice_number.unwrap_or_default(),
                    signer: signer.unwrap_or_default(),
                }),
            };
            let file = tian.export_document(&request, format, &output)?;
            let what = &request.task()["导出".len()..];
            print::one(&file, json, |f| match request {
                DocumentRequest::Report(_) => {
                    format!("已导出{what}（{} 件提案，{} 字节）：{}", f.proposals, f.bytes, f.path)
                }
                _ => format!("已导出{what}（{} 字节）：{}", f.bytes, f.path),
            })
        }
        Command::Ledger(LedgerCommand::Export { output }) => {
            let count = tian.export_ledger(&output)?;
            format!("已导出台账（{count} 件提案）：{}", output.display())
        }
        Command::Ledger(LedgerCommand::Import { file, mapping, session, yes: false }) => {
            let preview = tian.preview_ledger(&file, &mapping, session.as_deref())?;
            print::one(&preview, json, print::ledger_preview)
        }
        Command::Ledger(LedgerCommand::Import { file, mapping, session, yes: true }) => {
            let report = tian.import_ledger(&file, &mapping, session.as_deref())?;
            print::one(&report, json, |r| r.message.clone())
        }
        Command::History(HistoryCommand::Import { file }) => {
            print::one(&tian.import_history_file(&file)?, json, |r| r.message.clone())
        }
        Command::History(HistoryCommand::List) => {
            print::many(&tian.history()?, json, |e| format!("{}年  {}  〔{}〕", e.year, e.title, e.theme))
        }
        Command::History(HistoryCommand::Search { text, limit }) => {
            print::many(&tian.search_history(&text, limit)?, json, print::history_hit)
        }
        Command::Stats { session } => print::one(&tian.statistics(session.as_deref())?, json, print::statistics),
        Command::Bench { queries, runs, .. } => {
            let total = tian.list_page(&tian_core::PageQuery { limit: 1, ..Default::default() })?.total;
            let (search, list) = (tian.bench_search(queries)?, tian.bench_list(runs)?);
            if json {
                serde_json::to_string_pretty(&serde_json::json!({ "proposals": total, "search": search, "list": list }))
                    .expect("timings serialise")
            } else {
                let mut out = format!("检索（{total} 件提案，每种长度 {queries} 个检索词，最多取50条）\n字数  中位数(ms)  95分位(ms)  平均命中\n");
                for r in search {
                    out +=
                        &format!("{:>4}  {:>10.2}  {:>10.2}  {:>8.1}\n", r.characters, r.p50_ms, r.p95_ms, r.mean_hits);
                }
                out += &format!("\n列表翻页（每页100件，每种 {runs} 次）\n中位数(ms)  95分位(ms)  符合件数  页面\n");
                for p in list {
                    out += &format!("{:>10.2}  {:>10.2}  {:>8}  {}\n", p.p50_ms, p.p95_ms, p.total, p.page);
                }
                out
            }
        }
        Command::Init { role, name } => print::one(&tian.init_identity(role, &name)?, json, print::identity),
        Command::Key(KeyCommand::Export { output }) => {
            let identity = tian.export_key(&output)?;
            print::one(&identity, json, |i| {
                format!("已导出{}的密钥文件：{}\n{}", i.name, output.display(), print::identity(i))
            })
        }
        Command::Key(KeyCommand::Trust { file, fingerprint }) => {
            let confirmed = confirmed_fingerprint(&tian, &file, fingerprint, "信任")?;
            print::one(&tian.trust_key(&file, &confirmed)?, json, |k| {
                format!("已信任{}“{}”的密钥，指纹 {}", k.role.label(), k.name, k.fingerprint)
            })
        }
        Command::Key(KeyCommand::Revoke { who, yes }) => {
            let peer = tian.trusted_key(&who)?;
            if !yes {
                return Err(tian_core::CoreError::Invalid(format!(
                    "吊销后，“{}”用这把密钥（指纹 {}）签发的交换包将一律被拒绝，已收到的内容保留；确认请加 --yes。",
                    peer.name, peer.fingerprint
                )));
            }
            print::one(&tian.revoke_key(&peer.fingerprint)?, json, |k| {
                format!("已吊销“{}”的密钥，指纹 {}", k.name, k.fingerprint)
            })
        }
        Command::Key(KeyCommand::Replace { who, file, fingerprint }) => {
            let peer = tian.trusted_key(&who)?;
            let confirmed = confirmed_fingerprint(&tian, &file, fingerprint, "更换")?;
            print::one(&tian.replace_key(&peer.fingerprint, &file, &confirmed)?, json, |k| {
                format!("已为“{}”换用新密钥，指纹 {}；旧密钥（{}）已吊销", k.name, k.fingerprint, peer.fingerprint)
            })
        }
        Command::Sync(SyncCommand::Export { to, since, output }) => {
            let mode = since.map_or(tian_core::ExportMode::Unacknowledged, |d| tian_core::ExportMode::Since(d.0));
            let summary = tian.export_package(to.as_deref(), mode, &output)?;
            print::one(&summary, json, |s| {
                format!(
                    "已导出发给{}的交换包：{}\n{} 件提案，{} 项修改，{} 个附件，{} 字节",
                    s.recipient,
                    output.display(),
                    s.proposals,
                    s.operations,
                    s.attachments,
                    s.bytes
                )
            })
        }
        Command::Sync(SyncCommand::Import { file, dry_run }) => {
            let result = if dry_run { tian.preview_package(&file)? } else { tian.import_package(&file)? };
            print::one(&result, json, print::package_import)
        }
        Command::Sync(SyncCommand::Status) => print::one(&tian.sync_status()?, json, print::sync_status),
        Command::Conflicts { action: None } => print::many(&tian.conflicts()?, json, print::conflict),
        Command::Conflicts { action: Some(ConflictsCommand::Resolve { conflict, choice }) } => {
            let conflicts = tian.conflicts()?;
            let picked = conflicts.get(conflict.wrapping_sub(1)).ok_or_else(|| {
                tian_core::CoreError::Invalid(format!("没有第{conflict}个冲突（共{}个）。", conflicts.len()))
            })?;
            let value = picked.choices.get(choice.wrapping_sub(1)).ok_or_else(|| {
                tian_core::CoreError::Invalid(format!("第{conflict}个冲突只有{}个值。", picked.choices.len()))
            })?;
            let left = tian.resolve_conflict(&picked.key, value.value.clone())?;
            print::many(&left, json, print::conflict)
        }
        Command::Plan(PlanCommand::Import { file }) => {
            print::one(&tian.import_plan_file(&file)?, json, |r| r.message.clone())
        }
        Command::Plan(PlanCommand::List) => {
            let items: Vec<_> = tian.plan_items()?.into_iter().map(|(_, item)| item).collect();
            print::many(&items, json, |i| format!("{}\t{}\t{}", i.document, i.label, i.title))
        }
        Command::Plan(PlanCommand::Suggest(p)) => {
            print::many(&tian.plan_suggestions(&p.resolve(&tian)?)?, json, print::plan_suggestion)
        }
        Command::Plan(PlanCommand::Link { proposal, item, reject }) => {
            let state = if reject { PlanLinkState::Rejected } else { PlanLinkState::Confirmed };
            let id = proposal.resolve(&tian)?;
            let item = tian.plan_item_named(&item)?;
            print::many(&tian.link_plan(&id, &item, state)?, json, print::plan_suggestion)
        }
        Command::Delete { proposal, kind, id } => dossier(tian.delete_record(&proposal.resolve(&tian)?, &kind, &id)?),
        Command::Backup(BackupCommand::List) => print::many(&tian.backups()?, json, print::backup),
        Command::Backup(BackupCommand::Create) => {
            print::one(&tian.create_backup(BackupReason::Manual)?, json, print::backup)
        }
        Command::Backup(BackupCommand::Restore { name, file, yes }) => {
            let chosen = match (&name, &file) {
                (_, Some(file)) => tian.preview_backup_file(file)?,
                (Some(name), None) => tian
                    .backups()?
                    .into_iter()
                    .find(|b| &b.name == name)
                    .ok_or_else(|| tian_core::CoreError::Invalid(format!("没有名为“{name}”的备份。")))?,
                (None, None) => return Err(tian_core::CoreError::Invalid("请写明备份名称或 --file。".into())),
            };
            if !yes {
                return Err(tian_core::CoreError::Invalid(format!(
                    "将恢复到以下备份，当前数据会先另行备份：\n{}\n确认恢复请加 --yes。",
                    print::backup(&chosen)
                )));
            }
            let safety = match &file {
                Some(file) => tian.restore_backup_file(file)?,
                None => tian.restore_backup(&chosen.name)?,
            };
            format!("已恢复到备份 {}。恢复前的数据已备份为 {}。", chosen.name, safety.name)
        }
        Command::Backup(BackupCommand::Copy { name, output }) => {
            let written = tian.copy_backup(&name, &output)?;
            format!("已把备份 {name} 复制为 {}", written.display())
        }
    })
}

/// Times importing a unit's package of `changes` changes, step by step,
/// and its preview, against a plain SQLite insert of the same rows.
fn bench_sync(changes: usize, runs: usize, json: bool) -> tian_core::Result<String> {
    let dir = tempfile::tempdir().map_err(|source| tian_core::CoreError::WriteFile { path: ".".into(), source })?;
    let t = tian_testkit::bench_sync(dir.path(), changes, runs)?;
    if json {
        return Ok(serde_json::to_string_pretty(&t).expect("timings serialise"));
    }
    let steps: Vec<String> = t.steps.iter().map(|(step, ms)| format!("  {step} {ms:.1} ms")).collect();
    Ok(format!(
        "交换包：{} 项修改，{} 字节（{:.1} KB）\n导入（含导入前备份）中位数 {:.1} ms，其中：\n{}\n预览（同样的合并，回滚）中位数 {:.1} ms\nSQLite 直接批量插入同样的行 中位数 {:.1} ms\n导入速度为直接插入的 {:.0}%（{} 次）",
        t.changes,
        t.package_bytes,
        t.package_bytes as f64 / 1024.0,
        t.import_p50_ms,
        steps.join("\n"),
        t.preview_p50_ms,
        t.plain_insert_p50_ms,
        t.plain_insert_p50_ms / t.import_p50_ms * 100.0,
        t.runs
    ))
}

/// Times previewing a hostile package of `records` answers on one proposal.
fn bench_hostile(records: usize, runs: usize, json: bool) -> tian_core::Result<String> {
    let dir = tempfile::tempdir().map_err(|source| tian_core::CoreError::WriteFile { path: ".".into(), source })?;
    let t = tian_testkit::bench_hostile(dir.path(), records, runs)?;
    if json {
        return Ok(serde_json::to_string_pretty(&t).expect("timings serialise"));
    }
    Ok(format!(
        "恶意交换包：{} 份答复，{} 项修改，{:.1} KB
预览中位数 {:.1} ms（其中审核修改 {:.1} ms），每份答复 {:.1} µs（{} 次）",
        t.records,
        t.operations,
        t.package_bytes as f64 / 1024.0,
        t.preview_p50_ms,
        t.judge_p50_ms,
        t.per_record_us,
        t.runs
    ))
}

/// The clerk's rewritten paragraphs from a JSON file: {"段落": "文字"}.
fn read_sections(path: &std::path::Path) -> tian_core::Result<std::collections::BTreeMap<String, String>> {
    let unreadable =
        |why: &str| tian_core::CoreError::Invalid(format!("无法读取段落修改文件 {}：{why}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => unreadable("找不到这个文件"),
        _ => unreadable("没有读取权限或无法访问"),
    })?;
    // A megabyte holds every paragraph of a report many times over.
    if !meta.is_file() || meta.len() > 1 << 20 {
        return Err(unreadable("不是不超过 1 MB 的文件"));
    }
    let bytes = std::fs::read(path).map_err(|_| unreadable("无法读取"))?;
    let text = String::from_utf8(bytes).map_err(|_| unreadable("不是 UTF-8 编码的文本"))?;
    // Windows editors begin a UTF-8 file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_json::from_str(text).map_err(|_| unreadable("应为 JSON 对象，如 {\"一、总体情况/总体看\": \"改写的文字\"}"))
}

/// Times the report both ways, and LibreOffice turning the same .docx into a
/// PDF where it is installed, for comparison.
fn bench_report(tian: &mut Tian, runs: usize, json: bool) -> tian_core::Result<String> {
    let timings = tian.bench_report(runs)?;
    let dir = tempfile::tempdir().map_err(|source| tian_core::CoreError::WriteFile { path: ".".into(), source })?;
    let docx = dir.path().join("report.docx");
    tian.export_document(&DocumentRequest::Report(ReportScope::default()), ReportFormat::Docx, &docx)?;
    let started = std::time::Instant::now();
    let converted = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .is_ok_and(|o| o.status.success());
    let libreoffice_ms = converted.then(|| started.elapsed().as_secs_f64() * 1000.0);
    if json {
        return Ok(serde_json::to_string_pretty(
            &serde_json::json!({ "report": timings, "libreoffice_docx_to_pdf_ms": libreoffice_ms }),
        )
        .expect("timings serialise"));
    }
    let mut out = String::from("督办报告（全部提案）\n格式   中位数(ms)  最长(ms)  文件大小\n");
    for t in &timings {
        out += &format!("{:<5}  {:>10.1}  {:>8.1}  {:>8} 字节\n", t.format, t.p50_ms, t.max_ms, t.bytes);
    }
    out += &match libreoffice_ms {
        Some(ms) => format!("LibreOffice 把同一 .docx 转成 PDF：{ms:.0} ms（含启动）\n"),
        None => "（未找到 LibreOffice，未作对比）\n".to_owned(),
    };
    Ok(out)
}

/// The fingerprint the clerk compared with the other side's screen. Without
/// one, the key file's is shown and nothing is trusted.
fn confirmed_fingerprint(
    tian: &Tian,
    file: &std::path::Path,
    given: Option<String>,
    what: &str,
) -> Result<String, tian_core::CoreError> {
    let shown = tian.preview_key(file)?;
    given.ok_or_else(|| {
        tian_core::CoreError::Invalid(format!(
            "“{}”的密钥指纹是 {}。请与对方电脑上显示的指纹逐组核对，一致后加上 --fingerprint \"{}\" 再{what}。",
            shown.name, shown.fingerprint, shown.fingerprint
        ))
    })
}
