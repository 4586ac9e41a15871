//! 工作区: `tian backup`, `tian archive`.

use std::path::PathBuf;

use clap::Subcommand;
use tian_core::{BackupReason, Tian};

use crate::print;

#[derive(Subcommand)]
pub enum WorkspaceCommand {
    /// 备份：list 列出，create 立即备份，restore 恢复（先预览，加 --yes 执行）
    #[command(subcommand)]
    Backup(BackupCommand),
    /// 档案移交：export 把一个届次的全部提案、办理记录、复文和附件、办理过程、数字和督办报告写成一个签名的档案（.zip），
    /// verify 核验档案：每个文件的 SHA-256 与签名清单是否一致，有无增删改
    #[command(subcommand)]
    Archive(ArchiveCommand),
}

#[derive(Subcommand)]
pub enum ArchiveCommand {
    /// 导出一个届次的档案
    Export {
        /// 届次，如 十三届五次
        #[arg(long)]
        session: String,
        /// 输出文件（.zip）
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// 核验档案：只需档案本身；给出移交时印出的公钥指纹，一并核对
    Verify {
        file: PathBuf,
        /// 移交时印出的公钥指纹，如 "7F3A 9C21 …"
        #[arg(long)]
        fingerprint: Option<String>,
    },
}

pub fn run(command: WorkspaceCommand, tian: &mut Tian, json: bool) -> tian_core::Result<String> {
    Ok(match command {
        WorkspaceCommand::Archive(ArchiveCommand::Export { session, output }) => {
            print::one(&tian.export_archive(&session, &output)?, json, |a| {
                format!(
                    "已导出{}档案：{} 件提案，{} 个文件，{} 字节：{}\n签名公钥指纹：{}（请印在移交清单上，日后据以核验）",
                    a.session, a.proposals, a.files, a.bytes, a.path, a.fingerprint
                )
            })
        }
        WorkspaceCommand::Archive(ArchiveCommand::Verify { file, fingerprint }) => {
            let check = tian.verify_archive(&file, fingerprint.as_deref())?;
            let said = print::one(&check, json, print::archive_check);
            if !check.intact {
                return Err(tian_core::CoreError::Invalid(said));
            }
            said
        }
        WorkspaceCommand::Backup(BackupCommand::List) => print::many(&tian.backups()?, json, print::backup),
        WorkspaceCommand::Backup(BackupCommand::Create) => {
            print::one(&tian.create_backup(BackupReason::Manual)?, json, print::backup)
        }
        WorkspaceCommand::Backup(BackupCommand::Restore { name, file, yes }) => {
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
        WorkspaceCommand::Backup(BackupCommand::Copy { name, output }) => {
            let written = tian.copy_backup(&name, &output)?;
            format!("已把备份 {name} 复制为 {}", written.display())
        }
    })
}

#[derive(Subcommand)]
pub enum BackupCommand {
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
