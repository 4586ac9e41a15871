//! 办理: `tian assign` to `close`, the decisions, 延期, 退回, 撤案, `undo` and `delete`.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use tian_core::domain::{
    Activity, Assignment, Closure, Contact, ExtensionDecision, FeedbackForm, Review, SuggestionProgress,
    UnitAssignment, UnitRole, Withdrawal,
};
use tian_core::{ExtensionRequest, FeedbackDecision, FeedbackInput, HandBackRequest, ReplyInput, Tian};

use crate::args::{self, Date, ProposalArgs};

use crate::print;

#[derive(Subcommand)]
pub enum HandlingCommand {
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
        /// 不公开，并写明理由（如 --private 涉及尚未公布的规划）；不写则公开
        #[arg(long, value_name = "理由")]
        private: Option<String>,
    },
    /// 答复公开：设定主办单位的答复是否公开（不公开须写明理由）；承办单位只能设定本单位的答复
    Publicity {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 哪个主办单位的答复（只有一个主办单位答复时可省略）
        #[arg(long, value_name = "单位")]
        unit: Option<String>,
        /// 设为公开
        #[arg(long, conflicts_with = "private")]
        public: bool,
        /// 设为不公开，并写明理由
        #[arg(long, value_name = "理由", required_unless_present = "public")]
        private: Option<String>,
    },
    /// 起草办理复文（会办单位为会办意见）：GB/T 9704 公文格式的 .docx 或 .pdf（按 -o 的扩展名）；
    /// 不给正文时按提案的建议逐条起草，供填写；加 --record 写出后录入为答复，复文作为附件
    Letter {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 答复类别 A、B、C（或 D），标在首页左上角；会办意见不填
        #[arg(long, value_parser = args::answer_class)]
        class: Option<tian_core::domain::AnswerClass>,
        /// 复文文号，如 教提复〔2026〕12号
        #[arg(long = "number", default_value = "")]
        letter_number: String,
        /// 签发人
        #[arg(long)]
        signer: String,
        /// 签发人职务
        #[arg(long, default_value = "")]
        signer_post: String,
        /// 成文日期（默认今天）
        #[arg(long)]
        date: Option<Date>,
        /// 正文所在的 .txt 或 .docx 文件，一段一行
        #[arg(long)]
        body: Option<PathBuf>,
        /// 联系人及电话，如 "张老师 0311-1234"
        #[arg(long, default_value = "")]
        contact: String,
        /// 承办单位（在提案委员会的电脑上代为起草时填写）
        #[arg(long, default_value = "")]
        unit: String,
        #[arg(short = 'o', long)]
        output: PathBuf,
        /// 写出后录入为本单位的答复（或会办意见），复文作为附件
        #[arg(long)]
        record: bool,
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
    /// 录入提案者反馈（征询意见表）：办理结果满意、基本满意、不满意；表上填了的，
    /// 也录入沟通方式、办理态度、答复针对性和每条建议的落实情况
    Feedback {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 办理结果：满意、基本满意、不满意
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
        /// 沟通方式：面商、电话、书面、未沟通
        #[arg(long, value_parser = args::consultation)]
        method: Option<tian_core::domain::Consultation>,
        /// 办理态度：满意、基本满意、不满意
        #[arg(long, value_parser = args::satisfaction)]
        attitude: Option<tian_core::domain::Satisfaction>,
        /// 答复针对性：针对性强、基本针对、针对性不强
        #[arg(long, value_parser = args::pertinence)]
        pertinence: Option<tian_core::domain::Pertinence>,
        /// 一条建议的落实情况，如 3=已落实（已落实、正在落实、未落实），可重复
        #[arg(long = "suggestion", value_name = "序号=落实情况", value_parser = args::suggestion_verdict)]
        suggestions: Vec<tian_core::domain::SuggestionVerdict>,
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
    Withdraw(ReasonedStep),
    /// 重新打开已办结的提案
    Reopen(ReasonedStep),
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
    /// 删除一条沟通记录、督办活动或办理复文（删除也会随交换包同步）
    Delete {
        #[command(flatten)]
        proposal: ProposalArgs,
        /// 记录种类：contact（沟通记录）、activity（督办活动）、reply（办理复文）、suggestion（建议落实情况）
        kind: String,
        /// 记录编号（见 show --json）
        id: String,
    },
}

/// A step on one proposal that needs only its reason and its date.
#[derive(Debug, Args)]
pub struct ReasonedStep {
    #[command(flatten)]
    proposal: ProposalArgs,
    #[arg(long)]
    reason: String,
    /// 日期（默认今天）
    #[arg(long)]
    date: Option<Date>,
}

pub fn run(command: HandlingCommand, tian: &mut Tian, json: bool) -> tian_core::Result<String> {
    let today = tian.today();
    let dossier = |d: tian_core::Dossier| print::one(&d, json, print::dossier);
    Ok(match command {
        HandlingCommand::Assign { proposal, date, correct, leads, cos, mode } => {
            let id = proposal.resolve(tian)?;
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
        HandlingCommand::Contact { proposal, date, method, unit, people, content } => {
            let id = proposal.resolve(tian)?;
            dossier(tian.add_contact(&id, Contact { id: String::new(), date: date.0, method, unit, people, content })?)
        }
        HandlingCommand::Activity { proposal, kind, date, place, leaders, units, summary, follow_ups } => {
            let id = proposal.resolve(tian)?;
            let activity =
                Activity { id: String::new(), kind, date: date.0, place, leaders, units, summary, follow_ups };
            dossier(tian.add_activity(&id, activity)?)
        }
        HandlingCommand::Letter {
            proposal,
            class,
            letter_number,
            signer,
            signer_post,
            date,
            body,
            contact,
            unit,
            output,
            record,
        } => {
            let id = proposal.resolve(tian)?;
            let format =
                args::report_format(output.extension().and_then(|e| e.to_str()).unwrap_or_default()).map_err(|_| {
                    tian_core::CoreError::Invalid("复文的文件名请以 .docx 或 .pdf 结尾（-o 复文.docx）。".into())
                })?;
            let body = match &body {
                Some(path) => tian.read_reply_letter(path)?.text,
                None => String::new(),
            };
            let draft = tian_core::LetterDraft {
                unit,
                class,
                number: letter_number,
                signer,
                signer_post,
                date: date.map_or(tian.today(), |d| d.0),
                body,
                contact,
            };
            if record {
                let recorded = tian.record_reply_letter(&id, &draft, format, &output)?;
                format!("已写出复文：{}\n{}", output.display(), dossier(recorded))
            } else {
                let written = tian.export_reply_letter(&id, &draft, format, &output)?;
                let started = if draft.body.is_empty() {
                    "（正文按提案的建议逐条起草，请填写后再用 --body 正文.txt --record 录入）"
                } else {
                    ""
                };
                format!("已写出复文：{}{started}", written.path)
            }
        }
        HandlingCommand::Reply {
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
            let id = proposal.resolve(tian)?;
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
                public: private.is_none(),
                private_reason: private.unwrap_or_default(),
            };
            dossier(tian.add_reply(&id, input)?)
        }
        HandlingCommand::Publicity { proposal, unit, public: _, private } => {
            let id = proposal.resolve(tian)?;
            let d = tian.dossier(&id)?;
            // The unit's latest answer: the one a publication would show.
            let answers: Vec<&tian_core::domain::Reply> =
                d.replies.iter().filter(|r| r.lead && unit.as_deref().is_none_or(|u| r.unit == u.trim())).collect();
            let units: std::collections::BTreeSet<&str> = answers.iter().map(|r| r.unit.as_str()).collect();
            let reply = match units.len() {
                0 => {
                    return Err(tian_core::CoreError::Invalid(match &unit {
                        Some(u) => format!("{}没有对第{}号提案的答复。", u.trim(), d.proposal.number),
                        None => format!("第{}号提案尚未答复。", d.proposal.number),
                    }))
                }
                1 => answers.iter().max_by_key(|r| (r.round, r.date)).expect("an answer"),
                _ => {
                    let named = units.into_iter().collect::<Vec<_>>().join("、");
                    return Err(tian_core::CoreError::Invalid(format!(
                        "本提案有几个主办单位的答复（{named}）：请用 --unit 指明。"
                    )));
                }
            };
            let reply_id = reply.id.clone();
            dossier(tian.set_publicity(&id, &reply_id, private.is_none(), private.as_deref().unwrap_or_default())?)
        }
        HandlingCommand::Suggestion { proposal, index, status, evidence, date } => {
            let id = proposal.resolve(tian)?;
            let date = Some(date.map_or(today, |d| d.0));
            dossier(tian.set_suggestion(&id, SuggestionProgress { index, status, evidence, date })?)
        }
        HandlingCommand::Feedback {
            proposal,
            result,
            date,
            comment,
            unit,
            method,
            attitude,
            pertinence,
            suggestions,
        } => {
            let id = proposal.resolve(tian)?;
            let form = FeedbackForm { consultation: method, attitude, pertinence, suggestions };
            dossier(tian.give_feedback(&id, FeedbackInput { date: date.0, result, comment, unit, form })?)
        }
        HandlingCommand::Close { proposal, summary, date, kind } => {
            let id = proposal.resolve(tian)?;
            // Said once closed: a refused close has nothing to warn of.
            let warnings = tian.close_warnings(&id)?;
            let closed = tian.close(&id, Closure { date: date.map_or(today, |d| d.0), summary, kind })?;
            for warning in warnings {
                eprintln!("提醒：{warning}");
            }
            dossier(closed)
        }
        HandlingCommand::ReviewFeedback { proposal, decide, due, reason, date, unit } => {
            let id = proposal.resolve(tian)?;
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
        HandlingCommand::Extend { proposal, unit, to, reason, date } => {
            let id = proposal.resolve(tian)?;
            let request = ExtensionRequest { unit, date: date.map_or(today, |d| d.0), requested_to: to.0, reason };
            dossier(tian.request_extension(&id, request)?)
        }
        HandlingCommand::Extension { decision } => {
            let (request, approved, due, note) = match decision {
                ExtensionCommand::Approve { request, due, note } => (request, true, due.map(|d| d.0), note),
                ExtensionCommand::Refuse { request, note } => (request, false, None, note),
            };
            let id = request.proposal.resolve(tian)?;
            let request_id = match request.id {
                Some(given) => given,
                None => tian.pending_extension(&id)?,
            };
            let date = request.date.map_or(today, |d| d.0);
            dossier(tian.decide_extension(&id, &request_id, ExtensionDecision { approved, date, due, note })?)
        }
        HandlingCommand::HandBack { proposal, unit, reason, date } => {
            let id = proposal.resolve(tian)?;
            dossier(tian.hand_back(&id, HandBackRequest { unit, date: date.map_or(today, |d| d.0), reason })?)
        }
        HandlingCommand::Withdraw(ReasonedStep { proposal, reason, date }) => {
            let id = proposal.resolve(tian)?;
            dossier(tian.withdraw(&id, Withdrawal { date: date.map_or(today, |d| d.0), reason })?)
        }
        HandlingCommand::Reopen(ReasonedStep { proposal, reason, date }) => {
            let id = proposal.resolve(tian)?;
            dossier(tian.reopen(&id, date.map_or(today, |d| d.0), &reason)?)
        }
        HandlingCommand::Review { proposal, undo: true, .. } => {
            let id = proposal.resolve(tian)?;
            // A last step that may not be taken back at all says why itself.
            if let Some(last) = tian.undoable(&id)?.map(|u| u.action).filter(|a| a != "审查") {
                return Err(tian_core::CoreError::Invalid(format!(
                    "不能撤销审查结论：本提案的上一步是“{last}”，不是审查结论。"
                )));
            }
            dossier(tian.undo(&id)?)
        }
        HandlingCommand::Review { proposal, outcome, reason, into, .. } => {
            let id = proposal.resolve(tian)?;
            let (Some(outcome), Some(reason)) = (outcome, reason) else {
                return Err(tian_core::CoreError::Invalid(
                    "请给出审查结论（--outcome）和审查意见（--reason）。".into(),
                ));
            };
            dossier(tian.review(&id, Review { outcome, reason, merged_into: into })?)
        }
        HandlingCommand::Undo(p) => {
            let id = p.resolve(tian)?;
            dossier(tian.undo(&id)?)
        }
        HandlingCommand::Delete { proposal, kind, id } => {
            dossier(tian.delete_record(&proposal.resolve(tian)?, tian_core::RecordKind::parse(&kind)?, &id)?)
        }
    })
}

#[derive(Subcommand)]
pub enum ExtensionCommand {
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
pub struct ExtensionArgs {
    #[command(flatten)]
    proposal: ProposalArgs,
    /// 延期申请的编号（只有一份待审批的申请时可省略）
    #[arg(long)]
    id: Option<String>,
    /// 审批日期（默认今天）
    #[arg(long)]
    date: Option<Date>,
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
