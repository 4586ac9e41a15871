//! `tian`: the headless face of Tian. Each subcommand opens the database,
//! calls one method of `tian_core::Tian`, and prints the result for people or,
//! with `--json`, for programs. Errors go to stderr in Chinese with exit code 1.

mod print;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tian_core::domain::ProposalFilter;
use tian_core::{location, Tian};

#[derive(Parser)]
#[command(name = "tian", version, about = "天（Tian）提案督办：重点提案办理与督办的命令行工具")]
struct Cli {
    /// 数据库文件（默认在系统应用数据文件夹中；也可用环境变量 TIAN_DB 指定）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// 新建数据库时不填入默认的13件重点提案
    #[arg(long, global = true)]
    no_default_data: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 导入重点提案公告（文本文件，UTF-8 或 GBK 编码）
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// 列出提案
    List {
        /// 只列出该主办部门的提案
        #[arg(long, value_name = "单位")]
        lead_unit: Option<String>,
        /// 只列出该督办领导督办的提案
        #[arg(long, value_name = "姓名")]
        leader: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 显示一件提案的全部内容
    Show {
        /// 提案号，如 0069
        number: String,
        /// 届次，如 十三届五次（同一提案号出现在多个届次时需要）
        #[arg(long)]
        session: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 列出主办部门及其主办提案数
    Units {
        #[arg(long)]
        json: bool,
    },
    /// 列出督办领导及其督办提案数
    Leaders {
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("错误：{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let path = cli.db.unwrap_or_else(location::default_db_path);
    let open = if cli.no_default_data { Tian::open_empty } else { Tian::open };
    let mut tian = open(&path).map_err(|e| e.to_string())?;
    let out = match cli.command {
        Command::Import { file, json } => {
            let report = tian.import_announcement_file(&file).map_err(|e| e.to_string())?;
            print::one(&report, json, |r| r.message.clone())
        }
        Command::List { lead_unit, leader, json } => {
            let proposals = tian.proposals(&ProposalFilter { lead_unit, leader }).map_err(|e| e.to_string())?;
            print::many(&proposals, json, print::proposal_line)
        }
        Command::Show { number, session, json } => {
            let proposal = tian.proposal(&number, session.as_deref()).map_err(|e| e.to_string())?;
            print::one(&proposal, json, print::proposal_detail)
        }
        Command::Units { json } => {
            let units = tian.units().map_err(|e| e.to_string())?;
            print::many(&units, json, |u| format!("{}\t主办 {} 件", u.name, u.lead_proposals))
        }
        Command::Leaders { json } => {
            let leaders = tian.leaders().map_err(|e| e.to_string())?;
            print::many(&leaders, json, |l| format!("{}\t{}\t督办 {} 件", l.name, l.body.label(), l.proposals))
        }
    };
    println!("{out}");
    Ok(())
}
