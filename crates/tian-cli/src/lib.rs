//! `tian`: the headless face of Tian. Each subcommand opens the database,
//! calls one method of `tian_core::Tian`, and prints the result for people or,
//! with `--json`, for programs. Errors go to stderr in Chinese with exit code 1.

mod args;
mod commands;
mod print;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tian_core::{location, Tian};

use args::Date;
use commands::exchange::ExchangeCommand;

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
    /// 费时的工作（导入、导出、恢复）每进入一个步骤，在标准错误输出“进度：步骤”
    #[arg(long, global = true)]
    progress: bool,
    #[command(subcommand)]
    command: Command,
}

/// Every subcommand, grouped as tian-core is (see `commands/`); `tian --help` lists them group by group.
#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Proposals(commands::proposals::ProposalCommand),
    #[command(flatten)]
    Handling(commands::handling::HandlingCommand),
    #[command(flatten)]
    Figures(commands::figures::FiguresCommand),
    #[command(flatten)]
    Intake(commands::intake::IntakeCommand),
    #[command(flatten)]
    Exchange(commands::exchange::ExchangeCommand),
    #[command(flatten)]
    Workspace(commands::workspace::WorkspaceCommand),
    #[command(flatten)]
    Bench(commands::bench::BenchCommand),
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

fn run(cli: Cli) -> tian_core::Result<String> {
    let path = cli.db.unwrap_or_else(location::default_db_path);
    let empty = cli.no_default_data || matches!(cli.command, Command::Exchange(ExchangeCommand::Init { .. }));
    let mut tian = if empty { Tian::open_empty(&path)? } else { Tian::open(&path)? };
    let today = cli.today.map_or_else(|| chrono::Local::now().date_naive(), |d| d.0);
    tian.set_today(today);
    let json = cli.json;
    if cli.progress {
        say_steps(&tian);
    }
    match cli.command {
        Command::Proposals(c) => commands::proposals::run(c, &mut tian, json),
        Command::Handling(c) => commands::handling::run(c, &mut tian, json),
        Command::Figures(c) => commands::figures::run(c, &mut tian, json),
        Command::Intake(c) => commands::intake::run(c, &mut tian, json),
        Command::Exchange(c) => commands::exchange::run(c, &mut tian, json),
        Command::Workspace(c) => commands::workspace::run(c, &mut tian, json),
        Command::Bench(c) => commands::bench::run(c, &mut tian, json),
    }
}

/// `--progress`: each step long work enters, one line on stderr as it begins
/// (the window shows the same steps in its progress bar).
fn say_steps(tian: &Tian) {
    let mut last = String::new();
    tian.progress().set(Some(Box::new(move |p: &tian_core::Progress| {
        if p.step != last {
            last.clone_from(&p.step);
            let _ = writeln!(std::io::stderr().lock(), "进度：{}", p.step);
        }
    })));
}
