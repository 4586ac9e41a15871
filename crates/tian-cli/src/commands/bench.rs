//! 测量: `tian gen` and `tian bench`, from tian-testkit.

use clap::Subcommand;
use tian_core::{DocumentRequest, ReportFormat, ReportScope, Tian};
use tian_testkit::{Bench, TestData};

#[derive(Subcommand)]
pub enum BenchCommand {
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
        /// 改测一周的交换：这么多个承办单位各发来一个交换包，提案委员会作为一批导入，
        /// 与导入一个包含同样多修改的交换包对比
        #[arg(long, value_name = "单位数")]
        week: Option<usize>,
        /// 改为模拟一个城市的交换：提案委员会和 --units 个承办单位各用自己的数据库，每周交换，
        /// 途中有丢失（4%）、迟到1–3周（8%）和重复导入（4%）的交换包；逐周列出导入、导出耗时和大小，
        /// 最后核对每个单位的提案与提案委员会的逐项一致
        #[arg(long)]
        city: bool,
        /// --city 时的承办单位数
        #[arg(long, default_value_t = 60, value_name = "单位数")]
        units: usize,
        /// --city 时模拟的周数（其后还有两轮不丢包的交换）
        #[arg(long, default_value_t = 12, value_name = "周数")]
        weeks: usize,
        /// --city 时在各周之后把提案委员会补足到这么多件提案（一届五年），再模拟一周
        #[arg(long, value_name = "件数")]
        term: Option<usize>,
        /// --week 时提案委员会的提案件数（默认13：默认数据之外按公告用语生成）；
        /// --city 时一年的提案件数（默认700）
        #[arg(long, value_name = "件数")]
        proposals: Option<usize>,
        /// --week 时每个单位一周的修改（沟通记录）数
        #[arg(long, default_value_t = 1, value_name = "条数")]
        changes: usize,
    },
}

pub fn run(command: BenchCommand, tian: &mut Tian, json: bool) -> tian_core::Result<String> {
    Ok(match command {
        BenchCommand::Gen { proposals, seed } => {
            let started = std::time::Instant::now();
            tian.generate(proposals, seed, |done| eprint!("\r已生成 {done}/{proposals} 件"))?;
            eprintln!();
            format!("已生成 {proposals} 件提案，用时 {:.1} 秒。", started.elapsed().as_secs_f64())
        }
        BenchCommand::Bench { sync: Some(changes), runs, .. } => bench_sync(changes, runs, json)?,
        BenchCommand::Bench { hostile: Some(records), runs, .. } => bench_hostile(records, runs, json)?,
        BenchCommand::Bench { city: true, units, proposals, weeks, term, .. } => {
            let plan = tian_testkit::CityPlan { units, proposals: proposals.unwrap_or(700), weeks, term, seed: 2026 };
            bench_city(&plan, json)?
        }
        BenchCommand::Bench { week: Some(units), proposals, changes, runs, .. } => {
            bench_week(units, proposals.unwrap_or(13), changes, runs, json)?
        }
        BenchCommand::Bench { report: true, runs, .. } => bench_report(tian, runs, json)?,
        BenchCommand::Bench { queries, runs, .. } => {
            let total = tian.list_page(&tian_core::PageQuery { limit: 1, ..Default::default() })?.total;
            let figures = tian.bench_figures(runs)?;
            let (search, list) = (tian.bench_search(queries)?, tian.bench_list(runs)?);
            let peak = tian_testkit::peak_memory_mb();
            if json {
                serde_json::to_string_pretty(&serde_json::json!({
                    "proposals": total, "figures": figures, "search": search, "list": list, "peak_memory_mb": peak
                }))
                .expect("timings serialise")
            } else {
                let mut out = format!(
                    "办理数字（{total} 件提案，每种 {runs} 次；首次含整理底账）
首次(ms)  中位数(ms)  95分位(ms)  页面
"
                );
                for f in figures {
                    out += &format!(
                        "{:>8.1}  {:>10.2}  {:>10.2}  {}
",
                        f.first_ms, f.p50_ms, f.p95_ms, f.figure
                    );
                }
                out += "\n";
                out += &format!("检索（{total} 件提案，每种长度 {queries} 个检索词，最多取50条）\n字数  中位数(ms)  95分位(ms)  平均命中\n");
                for r in search {
                    out +=
                        &format!("{:>4}  {:>10.2}  {:>10.2}  {:>8.1}\n", r.characters, r.p50_ms, r.p95_ms, r.mean_hits);
                }
                out += &format!("\n列表翻页（每页100件，每种 {runs} 次）\n中位数(ms)  95分位(ms)  符合件数  页面\n");
                for p in list {
                    out += &format!("{:>10.2}  {:>10.2}  {:>8}  {}\n", p.p50_ms, p.p95_ms, p.total, p.page);
                }
                if let Some(mb) = peak {
                    out += &format!("\n进程峰值内存：{mb:.0} MB\n");
                }
                out
            }
        }
    })
}

/// Simulates a city's weeks of exchange, printing each week as it ends.
fn bench_city(plan: &tian_testkit::CityPlan, json: bool) -> tian_core::Result<String> {
    let dir = tempfile::tempdir().map_err(|source| tian_core::CoreError::WriteFile { path: ".".into(), source })?;
    let mb = |b: u64| b as f64 / 1048576.0;
    if !json {
        eprintln!(
            "一个城市的交换：提案委员会和 {} 个承办单位，{} 件提案，{} 周\n\
             周次            委员会导出(ms)  发出(MB)  各单位导入(ms，最长)  各单位导出(ms)  收到(个, MB)  批量导入(ms)  新修改  丢/迟/重  委员会库(MB)",
            plan.units, plan.proposals, plan.weeks
        );
    }
    let run = tian_testkit::simulate_city(dir.path(), plan, |w| {
        if !json {
            eprintln!(
                "{:<14}  {:>13.0}  {:>8.2}  {:>10.0} ({:>5.0})  {:>14.0}  {:>4} {:>7.2}  {:>12.0}  {:>6}  {:>2}/{:>2}/{:>2}  {:>11.1}",
                w.label,
                w.committee_export_ms,
                mb(w.packages_out_bytes),
                w.unit_import_ms,
                w.unit_import_max_ms,
                w.unit_export_ms,
                w.packages_in,
                mb(w.packages_in_bytes),
                w.batch_import_ms,
                w.new_operations,
                w.lost,
                w.late,
                w.twice,
                mb(w.committee_db_bytes)
            );
        }
    })?;
    if json {
        return Ok(serde_json::to_string_pretty(&run).expect("timings serialise"));
    }
    let c = &run.convergence;
    let mut out = format!(
        "提案委员会最后有 {} 件提案；{} 份答复和会办意见（{} 份附扫描件），办结 {} 件
一致性：各单位的 {} 份提案副本中 {} 份与提案委员会不同；各单位写下的 {} 条记录中提案委员会缺 {} 条；冲突 {} 处",
        run.committee_proposals,
        c.answers,
        c.scanned_letters,
        c.closed,
        c.copies,
        c.differing_count,
        c.records_written,
        c.records_lost,
        c.conflicts
    );
    for line in &c.differing {
        out += &format!("\n  {line}");
    }
    Ok(out)
}

/// Times a committee of `proposals` proposals taking in a week's packages
/// from `units` units as one batch, against one package of as many changes.
fn bench_week(units: usize, proposals: usize, changes: usize, runs: usize, json: bool) -> tian_core::Result<String> {
    let dir = tempfile::tempdir().map_err(|source| tian_core::CoreError::WriteFile { path: ".".into(), source })?;
    let t = tian_testkit::bench_week(dir.path(), proposals, units, changes, runs)?;
    if json {
        return Ok(serde_json::to_string_pretty(&t).expect("timings serialise"));
    }
    // Each step of the batch beside the one package's.
    let steps: Vec<String> = t
        .batch_steps
        .iter()
        .map(|(step, ms)| {
            let one = t.single_steps.iter().find(|(s, _)| s == step).map_or(0.0, |(_, ms)| *ms);
            format!("  {step} {ms:.1} ms（单个 {one:.1} ms）")
        })
        .collect();
    Ok(format!(
        "提案委员会：{} 件提案，数据库 {:.1} MB
一周：{} 个单位的交换包，共 {} 项修改，{:.1} KB
批量导入中位数 {:.1} ms（每个交换包 {:.1} ms）；安全点 {:.1} KB；其中：
{}
一个含 {} 项修改的交换包导入中位数 {:.1} ms
批量 ÷ 单个 = {:.2}（{} 次）",
        t.proposals,
        t.database_bytes as f64 / 1048576.0,
        t.units,
        t.week_operations,
        t.week_package_bytes as f64 / 1024.0,
        t.batch_p50_ms,
        t.batch_p50_ms / t.units.max(1) as f64,
        t.safety_point_bytes as f64 / 1024.0,
        steps.join("\n"),
        t.single_operations,
        t.single_p50_ms,
        t.ratio,
        t.runs
    ))
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
        "交换包：{} 项修改，{} 字节（{:.1} KB）\n导入（含记下安全点）中位数 {:.1} ms，其中：\n{}\n预览（同样的合并，回滚）中位数 {:.1} ms\nSQLite 直接批量插入同样的行 中位数 {:.1} ms\n导入速度为直接插入的 {:.0}%（{} 次）",
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
