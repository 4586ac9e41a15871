//! 档案移交: everything about one 届次 handed to the archives as one zip
//! that proves itself years later, without Tian's database: every
//! proposal's dossier and audit trail, each reply letter and attachment, the
//! figures, the 督办报告 as PDF and a CSV of each table, listed in a
//! manifest of SHA-256 hashes that the committee's key signs. An index.html
//! reads the manifest to a person without Tian; `tian archive verify`
//! checks every hash and the signature with only the archive in hand.

mod verify;

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tian_domain::{dates::format_cn, ProposalFilter};
use ts_rs::TS;

use crate::figures::report::ReportScope;
use crate::proposals::dossier::Dossier;
use crate::workspace::attachments::sha256_hex;
use crate::Role;
use crate::{CoreError, Result, Tian};

pub use verify::ArchiveCheck;

/// The manifest's format, so a later Tian knows what it reads.
const FORMAT: &str = "tian-archive/1";
pub(crate) const MANIFEST: &str = "manifest.json";
pub(crate) const SIGNATURE: &str = "manifest.sig";
pub(crate) const INDEX: &str = "index.html";
/// Each proposal's 送达与签名, and the keys they are checked by.
pub(crate) const PROOFS: &str = "送达与签名.json";
pub(crate) const KEYS: &str = "交换/密钥.json";

/// A key the committee trusted (or once trusted), as the archive lists it:
/// the units' signatures over their answers are checked by these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KeptKey {
    pub name: String,
    pub role: String,
    pub public_key: String,
    pub fingerprint: String,
    pub trusted_at: String,
    pub revoked_at: Option<String>,
}

/// 档案清单: what the archive holds, signed as its bytes stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub format: String,
    /// 届次
    pub session: String,
    /// 移交单位: the committee as its reports are signed.
    pub issuer: String,
    /// 生成日期
    pub made_on: NaiveDate,
    /// The committee's public key (hex) and its fingerprint as printed.
    pub public_key: String,
    pub fingerprint: String,
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ManifestFile {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

/// What an archive export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ArchiveSummary {
    pub path: String,
    pub session: String,
    pub proposals: u32,
    /// Files listed in the manifest.
    pub files: u32,
    #[ts(type = "number")]
    pub bytes: u64,
    /// 公钥指纹, to print on the archive's cover.
    pub fingerprint: String,
}

/// A CSV table, quoted as spreadsheets read it, with a byte-order mark so
/// that Excel takes it as UTF-8.
fn csv(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let cell = |c: &str| {
        // What a spreadsheet could run as a formula (= + - @, also full-width
        // or after spaces, or a leading tab or return) is marked as text.
        let formula =
            c.starts_with(['\t', '\r']) || c.trim_start().starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠']);
        let c = if formula { format!("'{c}") } else { c.to_owned() };
        if formula || c.contains([',', '"', '\n', '\r', '\t']) {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c
        }
    };
    let mut out = String::from("\u{feff}");
    for row in std::iter::once(header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>()).chain(rows.iter().cloned()) {
        out += &row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
        out += "\r\n";
    }
    out.into_bytes()
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// The tables of the session, one CSV each.
fn tables(dossiers: &[(String, Dossier)]) -> Vec<(String, Vec<u8>)> {
    let mut proposals = Vec::new();
    let mut replies = Vec::new();
    let mut feedback = Vec::new();
    let mut contacts = Vec::new();
    let mut activities = Vec::new();
    let mut extensions = Vec::new();
    let mut hand_backs = Vec::new();
    let mut suggestions = Vec::new();
    for (_, d) in dossiers {
        let p = &d.proposal;
        let n = p.number.clone();
        proposals.push(vec![
            n.clone(),
            p.title.clone(),
            p.proposer.clone(),
            p.category.clone().unwrap_or_default(),
            p.stage.label().to_owned(),
            d.handling.lead_units.join("、"),
            d.handling.co_units.join("、"),
            day(d.assignment.as_ref().map(|a| a.date)),
            day(d.reply_timing.and_then(|t| t.replied)),
            d.answer_class().map(|c| c.letter().to_string()).unwrap_or_default(),
            d.closure.as_ref().map(|c| day(Some(c.date))).unwrap_or_default(),
        ]);
        for r in &d.replies {
            let arrival = d.arrivals.iter().find(|a| a.reply == r.id);
            replies.push(vec![
                n.clone(),
                r.unit.clone(),
                if r.lead { "答复" } else { "会办意见" }.to_owned(),
                r.round.to_string(),
                day(Some(r.date)),
                r.class.map(|c| c.letter().to_string()).unwrap_or_default(),
                r.number.clone(),
                r.signer.clone(),
                if r.public { "公开".to_owned() } else { format!("不公开：{}", r.private_reason) },
                r.text.clone(),
                arrival.map(|a| a.received_at.clone()).unwrap_or_default(),
                arrival.map_or("", |a| if a.late { "是" } else { "否" }).to_owned(),
            ]);
        }
        for f in &d.feedback {
            feedback.push(vec![
                n.clone(),
                f.unit.clone().unwrap_or_default(),
                f.round.to_string(),
                day(Some(f.date)),
                f.result.label().to_owned(),
                f.form.describe(),
                f.comment.clone(),
            ]);
        }
        for c in &d.contacts {
            contacts.push(vec![
                n.clone(),
                day(Some(c.date)),
                c.method.label().to_owned(),
                c.unit.clone().unwrap_or_default(),
                c.people.clone(),
                c.content.clone(),
            ]);
        }
        for a in &d.activities {
            activities.push(vec![
                n.clone(),
                day(Some(a.date)),
                a.kind.label().to_owned(),
                a.place.clone(),
                a.summary.clone(),
            ]);
        }
        for e in &d.extensions {
            let decision = match &e.decision {
                None => "待审批".to_owned(),
                Some(x) if x.approved => format!("同意，延期至{}", day(x.due)),
                Some(x) => format!("不同意：{}", x.note),
            };
            extensions.push(vec![
                n.clone(),
                e.unit.clone(),
                day(Some(e.date)),
                day(Some(e.requested_to)),
                e.reason.clone(),
                decision,
            ]);
        }
        for h in &d.hand_backs {
            hand_backs.push(vec![
                n.clone(),
                h.unit.clone(),
                day(Some(h.assigned)),
                day(Some(h.date)),
                h.reason.clone(),
            ]);
        }
        for s in &d.suggestion_status {
            suggestions.push(vec![
                n.clone(),
                s.index.to_string(),
                s.status.label().to_owned(),
                s.evidence.clone(),
                day(s.date),
            ]);
        }
    }
    vec![
        (
            "表格/提案.csv".into(),
            csv(
                &[
                    "提案号",
                    "案由",
                    "提案者",
                    "类别",
                    "办理阶段",
                    "主办单位",
                    "会办单位",
                    "交办日期",
                    "答复日期",
                    "答复类别",
                    "办结日期",
                ],
                &proposals,
            ),
        ),
        (
            "表格/办理复文.csv".into(),
            csv(
                &[
                    "提案号",
                    "单位",
                    "种类",
                    "办理轮次",
                    "日期",
                    "答复类别",
                    "文号",
                    "签发领导",
                    "公开",
                    "全文",
                    "送达",
                    "送达迟于答复日期",
                ],
                &replies,
            ),
        ),
        (
            "表格/提案者反馈.csv".into(),
            csv(&["提案号", "评价的答复", "办理轮次", "日期", "办理结果", "征询意见表", "意见"], &feedback),
        ),
        ("表格/沟通.csv".into(), csv(&["提案号", "日期", "方式", "单位", "参加人员", "内容"], &contacts)),
        ("表格/督办活动.csv".into(), csv(&["提案号", "日期", "形式", "地点", "活动情况"], &activities)),
        ("表格/延期.csv".into(), csv(&["提案号", "单位", "申请日期", "申请延期至", "理由", "审批"], &extensions)),
        ("表格/退回.csv".into(), csv(&["提案号", "单位", "交办日期", "退回日期", "理由"], &hand_backs)),
        ("表格/建议落实.csv".into(), csv(&["提案号", "建议序号", "落实情况", "佐证", "日期"], &suggestions)),
    ]
}

/// index.html: the manifest as a person reads it without Tian, with how to
/// check a file by hand. It is not itself in the manifest (it is made from
/// it); the manifest and its signature are what count.
pub(crate) fn index(manifest: &Manifest) -> Vec<u8> {
    let e = crate::publication::escape_html;
    let mut rows = String::new();
    for f in &manifest.files {
        rows += &format!("<tr><td>{}</td><td>{}</td><td><code>{}</code></td></tr>\n", e(&f.path), f.bytes, f.sha256);
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{session}档案</title>\n<style>body{{font-family:serif;max-width:70em;margin:2em auto;padding:0 1em}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .5em;font-size:90%}}code{{font-size:85%}}</style>\n</head>\n<body>\n<h1>{issuer}　{session}提案办理档案</h1>\n<p>生成日期：{made}。共{n}个文件，每个文件的 SHA-256 列于下表，以 manifest.json 及其签名 manifest.sig 为准（本页由清单生成，不在清单之内）。</p>\n<p>各提案文件夹中的“送达与签名.json”载有每份答复的送达回执（提案委员会的密钥签名，记载交换包何时收到、带来哪些答复）和答复签名（承办单位的密钥签名，记载答复日期、类别、文号和复文全文的 SHA-256），每段签名针对其 body 文本的全部字节；承办单位的公钥见“交换/密钥.json”。</p>\n<p>签名公钥指纹：<strong>{fp}</strong>。请与移交时书面印出的指纹核对；核验：<code>tian archive verify 档案.zip</code>，或逐个文件计算 SHA-256（如 <code>sha256sum</code>）与下表比对。签名：manifest.sig 是 Ed25519 对 manifest.json 全部字节的签名（十六进制），公钥即清单中的 public_key（十六进制），指纹为公钥 32 字节的 SHA-256 的前 20 位十六进制。</p>\n<table>\n<thead><tr><th>文件</th><th>字节</th><th>SHA-256</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</body>\n</html>\n",
        session = e(&manifest.session),
        issuer = e(&manifest.issuer),
        made = format_cn(manifest.made_on),
        n = manifest.files.len(),
        fp = e(&manifest.fingerprint),
    )
    .into_bytes()
}

impl Tian {
    /// 档案移交: writes everything about `session` to the zip at `path`,
    /// its manifest signed by this committee's key.
    pub fn export_archive(&mut self, session: &str, path: &Path) -> Result<ArchiveSummary> {
        self.committee_only("移交档案")?;
        self.known_session(session)?;
        let (role, _, key) = self.signing_identity()?;
        if role != Role::Committee {
            return Err(CoreError::Invalid("档案由提案委员会移交。".into()));
        }
        self.progress.step("汇总档案");
        let settings = self.settings()?;
        let mut dossiers: Vec<(String, Dossier)> = Vec::new();
        for (i, d) in
            self.dossiers(&ProposalFilter::default())?.into_iter().filter(|d| d.proposal.session == session).enumerate()
        {
            // Numbers are unique within a session: a proposal's folder is its number where plain.
            dossiers.push((crate::publication::file_stem(&d.proposal.number, i, &[]), d));
        }
        // 送达, by the committee's receipts, for the table of replies.
        for (_, d) in &mut dossiers {
            d.arrivals = self.arrivals(&d.replies)?;
        }
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for (stem, d) in &dossiers {
            let id = d.proposal.id();
            files.push((format!("提案/{stem}/档案.json"), serde_json::to_vec_pretty(d).expect("a dossier serialises")));
            let timeline = self.timeline(&id)?;
            let rows: Vec<Vec<String>> = timeline
                .iter()
                .flat_map(|t| {
                    let head = vec![
                        t.at.clone(),
                        t.actor.clone(),
                        t.received_from.clone().unwrap_or_default(),
                        t.action.clone(),
                    ];
                    let changes: Vec<Vec<String>> = t
                        .changes
                        .iter()
                        .map(|c| {
                            [head.clone(), vec![c.field.clone(), c.before.clone().unwrap_or_default(), c.after.clone()]]
                                .concat()
                        })
                        .collect();
                    if changes.is_empty() {
                        vec![[head, vec![String::new(); 3]].concat()]
                    } else {
                        changes
                    }
                })
                .collect();
            // 送达与签名: proof of when each answer arrived and that its unit sent it.
            let proofs = self.kept_proofs(&d.replies)?;
            if !proofs.is_empty() {
                let json = serde_json::to_vec_pretty(&proofs).expect("proofs serialise");
                files.push((format!("提案/{stem}/{PROOFS}"), json));
            }
            files.push((
                format!("提案/{stem}/办理过程.csv"),
                csv(&["时间", "经办人", "来自", "操作", "字段", "原值", "新值"], &rows),
            ));
            for (k, r) in d.replies.iter().enumerate() {
                let kind = if r.lead { "答复" } else { "会办意见" };
                // A letter kept from publication says so on its first line.
                let withheld = if r.lead && !r.public {
                    format!("（不公开：{}）\n", r.private_reason)
                } else {
                    String::new()
                };
                let letter = format!("{withheld}{}\n{}\n\n{}\n", r.unit, format_cn(r.date), r.text);
                files.push((format!("提案/{stem}/复文{}-{kind}.txt", k + 1), letter.into_bytes()));
                for a in &r.attachments {
                    let bytes = std::fs::read(self.attachment_path(&a.sha256)?).map_err(|source| {
                        CoreError::ReadFile { path: self.attachments_dir().join(&a.sha256), source }
                    })?;
                    // Named by its hash: a name from a unit's package never becomes a path.
                    files.push((format!("附件/{}", a.sha256), bytes));
                }
            }
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);
        files.extend(tables(&dossiers));
        let keys: Vec<KeptKey> = self
            .store
            .read()
            .peers()?
            .into_iter()
            .map(|p| KeptKey {
                fingerprint: tian_sync::Fingerprint(p.fingerprint).grouped(),
                name: p.name,
                role: p.role,
                public_key: p.public_key,
                trusted_at: p.trusted_at,
                revoked_at: p.revoked_at,
            })
            .collect();
        files.push((KEYS.into(), serde_json::to_vec_pretty(&keys).expect("keys serialise")));
        let statistics = self.statistics(Some(session))?;
        files.push(("数字/统计.json".into(), serde_json::to_vec_pretty(&statistics).expect("figures serialise")));
        files.push(("数字/办理情况.txt".into(), statistics.figures.sentences().join("\n").into_bytes()));
        self.progress.step("排版督办报告");
        let scope = ReportScope { session: Some(session.to_owned()), ..ReportScope::default() };
        if let Ok(report) = self.supervision_report(&scope) {
            files.push(("报告/督办报告.pdf".into(), tian_export::write_pdf(&report)?));
        }
        let public = key.public();
        let manifest = Manifest {
            format: FORMAT.into(),
            session: session.to_owned(),
            issuer: settings.issuer.clone(),
            made_on: self.today,
            public_key: public.to_hex(),
            fingerprint: public.fingerprint().grouped(),
            files: files
                .iter()
                .map(|(path, bytes)| ManifestFile {
                    path: path.clone(),
                    sha256: sha256_hex(bytes),
                    bytes: bytes.len() as u64,
                })
                .collect(),
        };
        let manifest_bytes = serde_json::to_vec_pretty(&manifest).expect("the manifest serialises");
        let signature = key.sign(&manifest_bytes);
        self.progress.step("写出档案");
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let failed = |e: zip::result::ZipError| CoreError::Invalid(format!("档案无法写成：{e}"));
        for (name, bytes) in files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .chain([(MANIFEST, manifest_bytes.as_slice()), (SIGNATURE, signature.as_bytes())])
        {
            zip.start_file(name, options).map_err(failed)?;
            zip.write_all(bytes).map_err(|e| CoreError::Invalid(format!("档案无法写成：{e}")))?;
        }
        zip.start_file(INDEX, options).map_err(failed)?;
        zip.write_all(&index(&manifest)).map_err(|e| CoreError::Invalid(format!("档案无法写成：{e}")))?;
        let bytes = zip.finish().map_err(failed)?.into_inner();
        crate::write_file(path, &bytes)?;
        Ok(ArchiveSummary {
            path: path.display().to_string(),
            session: session.to_owned(),
            proposals: dossiers.len() as u32,
            files: manifest.files.len() as u32,
            bytes: bytes.len() as u64,
            fingerprint: manifest.fingerprint,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_a_spreadsheet_would_run_as_a_formula_stays_text() {
        let out = String::from_utf8(csv(&["a", "b"], &[vec!["=HYPERLINK(\"x\")".into(), "一,二".into()]])).unwrap();
        assert_eq!(out, "\u{feff}a,b\r\n\"'=HYPERLINK(\"\"x\"\")\",\"一,二\"\r\n");
        for risky in ["\t=1+1", " =1+1", "＝1+1", "\r=1", "-5", "@SUM(A1)"] {
            let out = String::from_utf8(csv(&["a"], &[vec![risky.into()]])).unwrap();
            assert!(out.contains(&format!("\"'{risky}\"")), "{risky:?}: {out:?}");
        }
    }
}
