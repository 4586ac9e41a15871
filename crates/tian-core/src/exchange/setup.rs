//! 单位初始化文件 (.tianinit): what a handling unit's installation needs to
//! start, made by the committee for one unit and carried to it on a USB
//! stick: the committee's key and name, the unit's own name, the 单位名录,
//! and the rules handling follows (deadlines, the answer classes and their
//! wording, 视为满意, the categories, the clock tolerance).
//!
//! The file is signed by the committee's key it carries. That proves no
//! more than that it was not altered after it was made; what makes it the
//! committee's is that the unit's clerk had it from the committee's hands,
//! as with a key file. Each side then reads its own fingerprint to the
//! other: the unit's clerk is shown the committee's, and the committee
//! trusts the unit's key file only once the unit's fingerprint is read out.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tian_domain::DeadlineRules;
use tian_store::PeerRecord;
use tian_sync::{PublicKey, Role};
use ts_rs::TS;

use super::now_rfc3339;
use crate::workspace::directory::unit_name;
use crate::workspace::settings::AnswerClassLabel;
use crate::{CoreError, Identity, Result, Tian};

const FORMAT: &str = "tianinit/1";
/// A setup file is a few kilobytes (a city's sixty units); a large file is not one.
const LARGEST: u64 = 4 * 1024 * 1024;
/// The most units a directory carried in a setup file may hold.
const MOST_UNITS: usize = 2000;

/// The file as written: its body, as signed, and the signature.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetupFile {
    format: String,
    body: String,
    signature: String,
}

/// What the committee hands the unit.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetupBody {
    committee: String,
    committee_key: String,
    unit: String,
    directory: Vec<SetupUnit>,
    rules: HandlingRules,
    made_at: String,
}

/// One unit of the 单位名录.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetupUnit {
    name: String,
    short_name: String,
}

/// 办理规则: the settings that govern handling, which are the committee's
/// to set and every unit's to follow.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HandlingRules {
    deadlines: DeadlineRules,
    answer_classes: Vec<AnswerClassLabel>,
    deemed_satisfied: bool,
    categories: Vec<String>,
    clock_skew_hours: u32,
}

/// 初始化文件预览: what a setup file holds, shown before a unit takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SetupPreview {
    /// The committee that made it.
    pub committee: String,
    /// The committee's key fingerprint, in groups of four.
    pub committee_fingerprint: String,
    /// The unit it sets up.
    pub unit: String,
    /// How many units its 单位名录 holds.
    pub units: u32,
}

impl Tian {
    /// 导出单位初始化文件: the setup file for the unit `unit` (in the 单位名录)
    /// at `path`. Only the committee makes one.
    pub fn export_setup_file(&mut self, unit: &str, path: &Path) -> Result<SetupPreview> {
        self.committee_only("导出单位初始化文件")?;
        let name = unit_name(unit, "单位名称")?;
        let directory = self.directory()?;
        match directory.iter().find(|u| u.name == name) {
            None => {
                return Err(CoreError::Invalid(format!(
                    "单位名录中没有“{name}”：请先在“设置”页的单位名录中添加（tian units add {name}）。"
                )))
            }
            Some(u) if u.renamed_to.is_some() => {
                return Err(CoreError::Invalid(format!(
                    "“{name}”已更名为“{}”，请为新名称导出。",
                    u.renamed_to.as_deref().unwrap_or_default()
                )))
            }
            Some(_) => {}
        }
        let (_, committee, key) = self.signing_identity()?;
        let settings = self.settings()?;
        let body = SetupBody {
            committee,
            committee_key: key.public().to_hex(),
            unit: name,
            directory: directory
                .into_iter()
                .filter(|u| u.renamed_to.is_none())
                .map(|u| SetupUnit { name: u.name, short_name: u.short_name })
                .collect(),
            rules: HandlingRules {
                deadlines: settings.deadlines,
                answer_classes: settings.answer_classes,
                deemed_satisfied: settings.deemed_satisfied,
                categories: settings.categories,
                clock_skew_hours: settings.clock_skew_hours,
            },
            made_at: now_rfc3339(),
        };
        let text = serde_json::to_string(&body).expect("a setup file serialises");
        let file = SetupFile { format: FORMAT.into(), signature: key.sign(text.as_bytes()), body: text };
        let mut bytes = serde_json::to_vec_pretty(&file).expect("a setup file serialises");
        bytes.push(b'\n');
        crate::write_file(path, &bytes)?;
        Ok(preview(&body, &key.public()))
    }

    /// What the setup file at `path` holds, for the unit's clerk to check
    /// before taking it.
    pub fn preview_setup_file(&self, path: &Path) -> Result<SetupPreview> {
        let (body, key) = read_setup_file(path)?;
        Ok(preview(&body, &key))
    }

    /// 从初始化文件设定本机: makes this installation the unit the file at
    /// `path` names, trusting the committee's key it carries, with the
    /// committee's 单位名录 and handling rules. Everything is checked before
    /// anything is written; taking the same file again changes nothing.
    /// Says who this installation now is, and what the file held.
    pub fn init_from_setup_file(&mut self, path: &Path) -> Result<(Identity, SetupPreview)> {
        let (body, key) = read_setup_file(path)?;
        let file = preview(&body, &key);
        let peer = PeerRecord {
            fingerprint: key.fingerprint().0,
            name: tian_domain::text::canonical_name(&body.committee),
            role: "committee".into(),
            public_key: key.to_hex(),
            trusted_at: now_rfc3339(),
            revoked_at: None,
        };
        // Every refusal comes before the first write.
        if self.own_public_key()?.is_some_and(|own| own == key) {
            return Err(CoreError::Invalid("初始化文件中的提案委员会密钥就是本机的密钥。".into()));
        }
        let trusted = self.store.read().peers()?;
        let mut taken = false;
        for known in &trusted {
            let same_key = known.fingerprint == peer.fingerprint;
            if same_key && known.revoked_at.is_some() {
                return Err(CoreError::Invalid(format!(
                    "初始化文件中的密钥（{}）已在本机吊销，不能再信任。",
                    known.name
                )));
            }
            if same_key && known.name != peer.name {
                return Err(CoreError::Invalid(format!(
                    "初始化文件中的密钥在本机已以“{}”的名义信任，与文件所称的“{}”不符。",
                    known.name, peer.name
                )));
            }
            if !same_key && known.role == "committee" && known.revoked_at.is_none() {
                return Err(CoreError::Invalid(format!(
                    "本机已信任另一个提案委员会的密钥（{}），不能再用这个初始化文件。",
                    known.name
                )));
            }
            taken |= same_key;
        }
        let identity = self.init_identity(Role::Unit, &body.unit)?;
        if !taken {
            self.store.trust(&peer)?;
        }
        let mut settings = self.settings()?;
        let rules = body.rules;
        settings.deadlines = rules.deadlines;
        settings.answer_classes = rules.answer_classes;
        settings.deemed_satisfied = rules.deemed_satisfied;
        settings.categories = rules.categories;
        settings.clock_skew_hours = rules.clock_skew_hours;
        self.store_settings(&settings)?;
        let held = self.directory()?;
        for unit in body.directory.iter().filter(|u| !held.iter().any(|h| h.name == u.name)) {
            self.store.set_unit(&unit.name, &unit.short_name)?;
        }
        Ok((identity, file))
    }
}

fn preview(body: &SetupBody, key: &PublicKey) -> SetupPreview {
    SetupPreview {
        committee: body.committee.clone(),
        committee_fingerprint: key.fingerprint().grouped(),
        unit: body.unit.clone(),
        units: body.directory.len() as u32,
    }
}

fn not_one() -> CoreError {
    CoreError::Invalid("这不是提案委员会导出的单位初始化文件（.tianinit），或文件已被改动。".into())
}

/// Reads and checks the setup file at `path`: its form, its signature, and
/// every name and rule it carries, before any of it is used.
fn read_setup_file(path: &Path) -> Result<(SetupBody, PublicKey)> {
    let bytes = crate::workspace::files::read_picked(path, LARGEST)?.ok_or_else(not_one)?;
    let file: SetupFile = serde_json::from_slice(&bytes).map_err(|_| not_one())?;
    if file.format != FORMAT {
        return Err(not_one());
    }
    let body: SetupBody = serde_json::from_str(&file.body).map_err(|_| not_one())?;
    let key = PublicKey::from_hex(&body.committee_key).map_err(|_| not_one())?;
    if !key.verifies(file.body.as_bytes(), &file.signature) {
        return Err(not_one());
    }
    let committee = tian_domain::text::canonical_name(&body.committee);
    if committee.is_empty() || !tian_domain::text::one_line(&body.committee, 100).eq(&body.committee) {
        return Err(not_one());
    }
    let mut body = SetupBody { unit: unit_name(&body.unit, "初始化文件中的单位名称")?, committee, ..body };
    if body.directory.len() > MOST_UNITS {
        return Err(not_one());
    }
    for unit in &mut body.directory {
        unit.name = unit_name(&unit.name, "单位名录中的名称")?;
        if !unit.short_name.trim().is_empty() {
            unit.short_name = unit_name(&unit.short_name, "单位名录中的简称")?;
        }
    }
    check_rules(&body.rules)?;
    Ok((body, key))
}

/// The rules a setup file may carry: what the 设置 page itself would take.
fn check_rules(rules: &HandlingRules) -> Result<()> {
    let d = &rules.deadlines;
    let months =
        [d.reply_months, d.rehandling_months, d.extension_ceiling_months, d.feedback_months, d.co_opinion_months];
    let plausible = months.iter().all(|m| (1..=24).contains(m))
        && (0..=90).contains(&d.due_soon_days)
        && (1..=90).contains(&d.hand_back_days)
        && rules.clock_skew_hours <= 24 * 7
        && (3..=4).contains(&rules.answer_classes.len())
        && rules
            .answer_classes
            .iter()
            .all(|c| tian_domain::text::one_line(&c.label, 40) == c.label && !c.label.is_empty())
        && rules.categories.len() <= 100
        && rules.categories.iter().all(|c| tian_domain::text::one_line(c, 40) == *c && !c.trim().is_empty());
    let mut classes: Vec<_> = rules.answer_classes.iter().map(|c| c.class).collect();
    classes.sort();
    classes.dedup();
    if plausible && classes.len() == rules.answer_classes.len() {
        Ok(())
    } else {
        Err(CoreError::Invalid("初始化文件中的办理规则不在允许的范围内，没有使用。请向提案委员会重新索取。".into()))
    }
}
