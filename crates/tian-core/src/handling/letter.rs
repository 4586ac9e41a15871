//! 办理复文 drafted in Tian: a handling unit's answer to a proposal (or a
//! co-unit's 会办意见 to the lead unit) in the official form every city
//! uses (GB/T 9704): the 类别标注 at the top left, the unit's 版头 with its
//! 文号 and 签发人, the title “关于市政协十三届五次会议第0069号提案的答复”,
//! the 称谓, the body, the unit as signature with the 成文日期, the 联系人
//! under it and 抄送 the committee. The unit writes the body; Tian starts it
//! from the proposal's suggestions, numbered. Recorded, the letter becomes
//! the reply with the file attached, its class, 文号, signer and date taken
//! from the draft rather than typed twice.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tian_domain::text::TO_WRITE;
use tian_domain::{AnswerClass, ProposalId, ProposerKind};
use tian_export::{Block, DocumentHead, DocumentRecord, OfficialDocument};
use ts_rs::TS;

use crate::figures::report::{ReportFile, ReportFormat};
use crate::handling::steps::ReplyInput;
use crate::proposals::dossier::Dossier;
use crate::{CoreError, Result, Tian};

/// 复文草稿: what the unit puts in its letter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LetterDraft {
    /// The unit writing. On a unit's own installation it is that unit,
    /// whatever is given here.
    #[serde(default)]
    pub unit: String,
    /// 类别标注, for a lead unit's answer; a 会办意见 has none.
    pub class: Option<AnswerClass>,
    /// 复文文号 (教提复〔2026〕12号); empty for none.
    #[serde(default)]
    pub number: String,
    /// 签发人 and his post.
    pub signer: String,
    #[serde(default)]
    pub signer_post: String,
    /// 成文日期.
    pub date: NaiveDate,
    /// 正文, one paragraph a line; empty starts it from the proposal's suggestions.
    #[serde(default)]
    pub body: String,
    /// 联系人 and phone (“张老师 0311-1234”); empty for none.
    #[serde(default)]
    pub contact: String,
}

impl Tian {
    /// The unit whose letter `draft` is: this installation's own, or on the
    /// committee's the one the draft names, which must handle the proposal.
    fn letter_unit(&self, dossier: &Dossier, draft: &LetterDraft) -> Result<(String, bool)> {
        let unit = match self.unit_name()? {
            Some(own) if draft.unit.trim().is_empty() || tian_domain::text::canonical_name(&draft.unit) == own => own,
            Some(own) => return Err(CoreError::Invalid(format!("本机是{own}，只能起草本单位的复文。"))),
            None if draft.unit.trim().is_empty() => {
                return Err(CoreError::Invalid("在提案委员会的电脑上代为起草复文，请写明承办单位（--unit）。".into()))
            }
            None => crate::workspace::directory::unit_name(&draft.unit, "复文的承办单位")?,
        };
        let handling = &dossier.handling;
        if handling.lead_units.contains(&unit) {
            Ok((unit, true))
        } else if handling.co_units.contains(&unit) && draft.class.is_some() {
            Err(CoreError::Invalid(format!("{unit}是会办单位：会办意见送主办单位，不标答复类别。")))
        } else if handling.co_units.contains(&unit) {
            Ok((unit, false))
        } else {
            Err(CoreError::Invalid(format!("第{}号提案没有交办给{unit}，不能起草它的复文。", dossier.proposal.number)))
        }
    }

    /// 办理复文 (or 会办意见) for proposal `id` as `draft` says, laid out as
    /// an official document.
    pub fn reply_letter(&self, id: &ProposalId, draft: &LetterDraft) -> Result<OfficialDocument> {
        let dossier = self.dossier(id)?;
        let (unit, lead) = self.letter_unit(&dossier, draft)?;
        self.letter_for(&dossier, unit, lead, draft)
    }

    /// The letter of `unit` (a lead unit's answer, or a co-unit's 会办意见)
    /// on the proposal of `dossier`.
    fn letter_for(&self, dossier: &Dossier, unit: String, lead: bool, draft: &LetterDraft) -> Result<OfficialDocument> {
        for (text, what, longest) in [(&draft.number, "复文文号", 24), (&draft.signer, "签发人", 8)] {
            if let Some(why) = tian_domain::text::not_one_line(text, what, longest) {
                return Err(CoreError::Invalid(why));
            }
        }
        let p = &dossier.proposal;
        let kind = if lead { "答复" } else { "会办意见" };
        let mut doc = OfficialDocument::new(
            format!("关于市政协{}会议第{}号提案的{kind}", p.session, p.number),
            unit.clone(),
            draft.date,
        );
        doc.corner = if lead { draft.class.map(|c| c.letter().to_owned()) } else { None };
        doc.head = Some(DocumentHead { mark: unit.clone(), signer: draft.signer.trim().to_owned() });
        doc.number = Some(draft.number.trim().to_owned()).filter(|n| !n.is_empty());
        // An answer is to the proposer; a 会办意见 to the lead unit, which answers.
        doc.recipient = Some(if lead {
            match p.proposer_kind {
                ProposerKind::Organization => p.proposer.clone(),
                ProposerKind::Member => format!("{}委员", p.proposer),
            }
        } else {
            dossier.handling.lead_units.join("、")
        });
        let body: Vec<String> =
            draft.body.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        doc.blocks =
            if body.is_empty() { started(dossier, lead) } else { body }.into_iter().map(Block::Paragraph).collect();
        let contact = draft.contact.trim();
        doc.note = (!contact.is_empty()).then(|| format!("（联系人：{contact}）"));
        let committee = self
            .store
            .read()
            .trusted_peers()?
            .into_iter()
            .find(|peer| peer.role == "committee")
            .map_or_else(|| self.settings().map(|s| s.issuer), |peer| Ok(peer.name))?;
        doc.record = Some(DocumentRecord { copy_to: vec![committee], printed_by: unit, printed_on: draft.date });
        Ok(doc)
    }

    /// Writes the letter to `path` as a `format` file; a half-written file
    /// never carries that name.
    pub fn export_reply_letter(
        &mut self,
        id: &ProposalId,
        draft: &LetterDraft,
        format: ReportFormat,
        path: &Path,
    ) -> Result<ReportFile> {
        let dossier = self.dossier(id)?;
        let (unit, lead) = self.letter_unit(&dossier, draft)?;
        let written = write_letter(&self.letter_for(&dossier, unit.clone(), lead, draft)?, format, path)?;
        self.keep_draft(&dossier, &unit, draft, &written.path)?;
        Ok(written)
    }

    /// 录入复文: writes the letter to `path` and records it as the unit's
    /// reply (or 会办意见) with the file attached, its class, 文号, signer,
    /// date and text from the draft, judged as any other reply. A draft
    /// still holding the places left for the unit to write is not recorded;
    /// a letter the rules refuse to record stays written, and the message
    /// says so.
    pub fn record_reply_letter(
        &mut self,
        id: &ProposalId,
        draft: &LetterDraft,
        format: ReportFormat,
        path: &Path,
    ) -> Result<Dossier> {
        let dossier = self.dossier(id)?;
        let (unit, lead) = self.letter_unit(&dossier, draft)?;
        if tian_domain::text::blank(&draft.body) || tian_domain::text::unfinished(&draft.body) {
            return Err(CoreError::Invalid(
                "复文正文还没有写好：请先写好正文（tian letter … --body 正文.txt），再录入为答复。".into(),
            ));
        }
        let letter = self.letter_for(&dossier, unit.clone(), lead, draft)?;
        let input = ReplyInput {
            unit,
            date: draft.date,
            class: draft.class,
            number: draft.number.trim().to_owned(),
            signer: draft.signer.trim().to_owned(),
            signer_post: draft.signer_post.trim().to_owned(),
            contact: draft.contact.trim().to_owned(),
            text: draft.body.clone(),
            text_file: None,
            attachments: vec![path.to_owned()],
            public: true,
            private_reason: String::new(),
        };
        let written = write_letter(&letter, format, path)?;
        // A draft until recorded: a refusal below leaves it listed as one.
        self.keep_draft(&dossier, &input.unit, draft, &written.path)?;
        self.add_reply(id, input).map_err(|refused| {
            CoreError::Invalid(format!("复文已写出（{}），但没有录入为答复：{refused}", path.display()))
        })
    }
}

/// Writes `letter` to `path` as a `format` file; a half-written file never
/// carries that name.
fn write_letter(letter: &OfficialDocument, format: ReportFormat, path: &Path) -> Result<ReportFile> {
    let bytes = format.render(letter)?;
    crate::write_file(path, &bytes)?;
    Ok(ReportFile { path: path.display().to_string(), proposals: 1, bytes: bytes.len() as u64 })
}

/// A draft of the body the unit completes: the proposal acknowledged, each
/// of its suggestions numbered with a place for what was done, and the
/// customary close.
fn started(dossier: &Dossier, lead: bool) -> Vec<String> {
    let p = &dossier.proposal;
    let you = match p.proposer_kind {
        ProposerKind::Organization => "你们",
        ProposerKind::Member => "您",
    };
    let mut body = vec![if lead {
        format!("{you}提出的《{}》收悉。我们高度重视，认真研究办理，现将办理情况答复如下：", p.title)
    } else {
        format!("第{}号提案《{}》收悉。现将我单位的会办意见函告如下：", p.number, p.title)
    }];
    for (i, suggestion) in p.suggestions.iter().enumerate() {
        // Quotation marks inside the quoted suggestion become single ones.
        let gist = crate::figures::report::gist(suggestion).trim_end_matches(['。', '；', ';']);
        let gist = gist.replace('“', "‘").replace('”', "’");
        body.push(format!("{}、关于“{gist}”的建议。{TO_WRITE}", crate::figures::report::chinese_ordinal(i + 1)));
    }
    body.push(if lead {
        format!("感谢{you}对我们工作的关心和支持，欢迎继续提出宝贵意见和建议。")
    } else {
        "以上意见，请在答复提案者时一并研究。".to_owned()
    });
    body
}
