//! 数字与报告: `tian dashboard`, `report`, `desk`, `evaluate`, `publish`, `stats`.

use std::path::PathBuf;

use clap::Subcommand;
use tian_core::{DocumentRequest, ReportFormat, ReportScope, Tian};

use crate::args::{self, Date};

use crate::print;

#[derive(Subcommand)]
pub enum FiguresCommand {
    /// 督办总览：各阶段件数、逾期和即将到期的提案
    Dashboard,
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
    /// 单位工作台（承办单位的电脑上）：会办的提案和会办意见期限，复文（草稿、已录入、已发送、
    /// 委员会已收到），本单位的办理数字（办复率、按期办复率、答复类别、提案者评价）
    Desk {
        /// 按哪一年交办的提案计算本单位的数字（默认最近交办的一年）
        #[arg(long)]
        year: Option<i32>,
    },
    /// 办理工作考评：各承办单位某年交办提案的按期办复率、答复类别、满意率、面商率、建议落实率、
    /// 延期和退回、会办意见按时率，按设置中的考评权重计分排名；-o 导出 Excel（.xlsx）或考评通报（.docx、.pdf）
    Evaluate {
        /// 考评年度（按交办日期，默认最近交办的一年）
        #[arg(long)]
        year: Option<i32>,
        /// 通报的发文字号，如 政协提案〔2027〕1号
        #[arg(long = "number", value_name = "文号")]
        number: Option<String>,
        /// 通报的成文日期，如 2027-01-10（默认今天）
        #[arg(long)]
        date: Option<Date>,
        /// 输出文件：.xlsx 为考评表，.docx 或 .pdf 为考评通报
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
    /// 发布公开答复：把一个届次设为公开的答复写成静态网页（index.html，每件提案一个网页和一个 PDF），
    /// 供放到政协网站；撤案、未立案和不公开的答复不在其中。输出文件夹须为新的或空的
    Publish {
        /// 届次，如 十三届五次
        #[arg(long)]
        session: String,
        /// 输出文件夹
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// 办理统计：征集、立案、办结、正在办理，按类别、提案者、主办单位、答复类别和满意度
    Stats {
        /// 届次（默认全部）
        #[arg(long)]
        session: Option<String>,
    },
}

pub fn run(command: FiguresCommand, tian: &mut Tian, json: bool) -> tian_core::Result<String> {
    Ok(match command {
        FiguresCommand::Dashboard => print::one(&tian.dashboard()?, json, print::dashboard),
        FiguresCommand::Report {
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
        FiguresCommand::Evaluate { year, number, date, output } => {
            let Some(output) = output else {
                if number.is_some() || date.is_some() {
                    return Err(tian_core::CoreError::Invalid(
                        "文号和成文日期用于考评通报，请用 -o 给出 .docx 或 .pdf 文件。".into(),
                    ));
                }
                return Ok(print::one(&tian.evaluation(year)?, json, print::evaluation));
            };
            let extension = output.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
            if extension == "xlsx" {
                if number.is_some() || date.is_some() {
                    return Err(tian_core::CoreError::Invalid(
                        "文号和成文日期用于考评通报（.docx 或 .pdf），考评表不用。".into(),
                    ));
                }
                let units = tian.export_evaluation_workbook(year, &output)?;
                let bytes = std::fs::metadata(&output).map(|m| m.len()).unwrap_or_default();
                let file = tian_core::ReportFile { path: output.display().to_string(), proposals: units, bytes };
                return Ok(print::one(&file, json, |f| {
                    format!("已导出考评表（{} 个单位，{} 字节）：{}", f.proposals, f.bytes, f.path)
                }));
            }
            let format = args::report_format(&extension).map_err(|_| {
                tian_core::CoreError::Invalid(
                    "考评的输出文件应以 .xlsx（考评表）、.docx 或 .pdf（考评通报）结尾。".into(),
                )
            })?;
            let request = DocumentRequest::Evaluation(tian_core::EvaluationRequest {
                year,
                number: number.unwrap_or_default(),
                date: date.map(|d| d.0),
            });
            let file = tian.export_document(&request, format, &output)?;
            print::one(&file, json, |f| format!("已导出考评通报（{} 字节）：{}", f.bytes, f.path))
        }
        FiguresCommand::Publish { session, output } => print::one(&tian.publish(&session, &output)?, json, |p| {
            let withheld = if p.withheld > 0 {
                format!("；{} 份答复不公开，未发布", p.withheld)
            } else {
                String::new()
            };
            format!(
                "已发布公开答复：{} 件提案、{} 份答复{withheld}。打开 {}/index.html 查看",
                p.proposals, p.answers, p.folder
            )
        }),
        FiguresCommand::Desk { year } => print::one(&tian.unit_desk(year)?, json, print::unit_desk),
        FiguresCommand::Stats { session } => print::one(&tian.statistics(session.as_deref())?, json, print::statistics),
    })
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
