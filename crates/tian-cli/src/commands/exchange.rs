//! 数据交换: `tian init`, `key`, `sync`, `conflicts`.

use std::path::PathBuf;

use clap::Subcommand;
use tian_core::Tian;

use crate::args::{self, Date};

use crate::print;

#[derive(Subcommand)]
pub enum ExchangeCommand {
    /// 设定本机身份：提案委员会（committee）或承办单位（unit），并生成签名密钥；
    /// 承办单位也可用提案委员会导出的初始化文件：tian init --from 市教育局.tianinit
    Init {
        #[arg(long, value_parser = args::role, required_unless_present = "from", conflicts_with = "from")]
        role: Option<tian_core::Role>,
        /// 本机名称：提案委员会或承办单位的全称，如 市教育局
        #[arg(long, required_unless_present = "from", conflicts_with = "from")]
        name: Option<String>,
        /// 提案委员会导出的单位初始化文件（.tianinit）：带有提案委员会的密钥、本单位名称、单位名录和办理规则
        #[arg(long)]
        from: Option<PathBuf>,
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
}

pub fn run(command: ExchangeCommand, tian: &mut Tian, json: bool) -> tian_core::Result<String> {
    Ok(match command {
        ExchangeCommand::Init { from: Some(file), .. } => {
            let (identity, committee) = tian.init_from_setup_file(&file)?;
            print::one(&identity, json, |i| print::set_up(i, &committee))
        }
        ExchangeCommand::Init { role: Some(role), name: Some(name), .. } => {
            print::one(&tian.init_identity(role, &name)?, json, print::identity)
        }
        ExchangeCommand::Init { .. } => {
            return Err(tian_core::CoreError::Invalid("请写出 --role 和 --name，或用 --from 给出初始化文件。".into()))
        }
        ExchangeCommand::Key(KeyCommand::Export { output }) => {
            let identity = tian.export_key(&output)?;
            print::one(&identity, json, |i| {
                format!("已导出{}的密钥文件：{}\n{}", i.name, output.display(), print::identity(i))
            })
        }
        ExchangeCommand::Key(KeyCommand::SetupFile { unit, output }) => {
            let made = tian.export_setup_file(&unit, &output)?;
            print::one(&made, json, |m| print::setup_file(m, &output))
        }
        ExchangeCommand::Key(KeyCommand::Trust { file, fingerprint }) => {
            let confirmed = confirmed_fingerprint(tian, &file, fingerprint, "信任")?;
            print::one(&tian.trust_key(&file, &confirmed)?, json, |k| {
                format!("已信任{}“{}”的密钥，指纹 {}", k.role.label(), k.name, k.fingerprint)
            })
        }
        ExchangeCommand::Key(KeyCommand::Revoke { who, yes }) => {
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
        ExchangeCommand::Key(KeyCommand::Replace { who, file, fingerprint }) => {
            let peer = tian.trusted_key(&who)?;
            let confirmed = confirmed_fingerprint(tian, &file, fingerprint, "更换")?;
            print::one(&tian.replace_key(&peer.fingerprint, &file, &confirmed)?, json, |k| {
                format!("已为“{}”换用新密钥，指纹 {}；旧密钥（{}）已吊销", k.name, k.fingerprint, peer.fingerprint)
            })
        }
        ExchangeCommand::Sync(SyncCommand::Export { to, since, output }) => {
            let mode = since.map_or(tian_core::ExportMode::Unacknowledged, |d| tian_core::ExportMode::Since(d.0));
            let summary = tian.export_package(to.as_deref(), mode, &output)?;
            print::one(&summary, json, |s| {
                format!(
                    "已导出发给{}的第{}号交换包：{}\n{} 件提案，{} 项修改，{} 个附件，{} 字节",
                    s.recipient,
                    s.number,
                    output.display(),
                    s.proposals,
                    s.operations,
                    s.attachments,
                    s.bytes
                )
            })
        }
        ExchangeCommand::Sync(SyncCommand::Import { files, dry_run }) => match files.as_slice() {
            [file] if !file.is_dir() => {
                let result = if dry_run { tian.preview_package(file)? } else { tian.import_package(file)? };
                print::one(&result, json, print::package_import)
            }
            _ if dry_run => {
                return Err(tian_core::CoreError::Invalid(
                    "--dry-run 一次预览一个交换包；一周的交换包请直接导入（可用 tian sync undo 撤销）。".into(),
                ))
            }
            _ => print::one(&tian.import_packages(&files)?, json, print::batch_import),
        },
        ExchangeCommand::Sync(SyncCommand::Verify { file }) => {
            print::one(&tian.preview_package(&file)?, json, print::package_verification)
        }
        ExchangeCommand::Sync(SyncCommand::Undo) => print::one(&tian.take_back_last_import()?, json, |p| {
            format!("已撤销{}（{}导入）：本机回到这次导入之前的样子。", p.label, p.at)
        }),
        ExchangeCommand::Sync(SyncCommand::Status) => print::one(&tian.sync_status()?, json, print::sync_status),
        ExchangeCommand::Sync(SyncCommand::Receipts { unit }) => {
            print::one(&tian.receipts(unit.as_deref())?, json, print::receipt_ledger)
        }
        ExchangeCommand::Conflicts { action: None } => print::many(&tian.conflicts()?, json, print::conflict),
        ExchangeCommand::Conflicts { action: Some(ConflictsCommand::Resolve { conflict, choice }) } => {
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
    })
}

#[derive(Subcommand)]
pub enum KeyCommand {
    /// 导出本机的公钥文件（.tiankey），交给对方
    Export {
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// 为一个承办单位导出初始化文件（.tianinit，仅提案委员会）：本机密钥、单位名称、单位名录和办理规则
    SetupFile {
        /// 单位名录中的单位名称，如 市教育局
        unit: String,
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
pub enum SyncCommand {
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
    /// 导入交换包：可一次给出多个文件或一个文件夹（如U盘），作为一批导入（可用 tian sync undo 整批撤销）；
    /// --dry-run 只预览一个交换包将发生的修改
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        dry_run: bool,
    },
    /// 核验交换包：导入之前说明它是否签名有效、能否干净导入、含有什么，以及此前哪些编号的交换包尚未收到；不写入任何内容
    Verify { file: PathBuf },
    /// 撤销最近一次导入（一个交换包或一批），只要其后本机没有新的修改或导入
    Undo,
    /// 本机身份、信任的密钥、未确认的修改、冲突和交换记录
    Status,
    /// 回执台账：与一个承办单位往来交换包的签名回执，以及该单位每份答复的答复日期和送达时间
    /// （承办单位的电脑上列出与提案委员会之间的）
    Receipts {
        /// 承办单位（提案委员会查询时必填）
        #[arg(long)]
        unit: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ConflictsCommand {
    /// 采用第 N 个冲突的第 K 个值（序号见 tian conflicts）
    Resolve { conflict: usize, choice: usize },
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
