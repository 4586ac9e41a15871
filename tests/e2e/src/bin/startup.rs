//! 启动耗时: from the moment the window's process is asked for to the moment
//! the proposal list shows its first row, measured over WebDriver under Xvfb,
//! next to a hello-world Tauri app built the same way (`hello-tauri`) that
//! shows one line. A measurement, not a test: see README "Performance".
//!
//! ```text
//! cargo build --release -p tian-app -p hello-tauri
//! cargo run --release -p tian-e2e --bin startup -- [--runs 10] [--db FILE] [--debug] [--json] [--memory]
//! ```
//!
//! `--memory` also starts each app once more and reads the memory of its
//! process and the web engine's processes it started (PSS, so shared
//! libraries count once) 10 seconds after the start.
//!
//! `--pages` also opens each page from the menu, a proposal from the list and
//! the list again, in one window, `--runs` times, and reads how long each
//! took from the click to the frame showing its data (the page marks
//! `page:<名称>` the window sets, see `ui/src/pageMarks.ts`).
//!
//! `--db` starts Tian on that database (say, 100,000 generated proposals; it
//! is linked into each run's data folder and opened for writing) instead of
//! the default data; `--debug` measures the debug builds.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tian_e2e::{workspace_root, Window};

struct Options {
    runs: usize,
    db: Option<PathBuf>,
    profile: &'static str,
    json: bool,
    memory: bool,
    pages: bool,
}

fn options() -> Options {
    let mut options = Options { runs: 10, db: None, profile: "release", json: false, memory: false, pages: false };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => options.runs = args.next().and_then(|n| n.parse().ok()).expect("--runs takes a number"),
            "--db" => options.db = Some(args.next().expect("--db takes a file").into()),
            "--debug" => options.profile = "debug",
            "--json" => options.json = true,
            "--memory" => options.memory = true,
            "--pages" => options.pages = true,
            other => panic!("unknown argument {other}; see the doc comment of tests/e2e/src/bin/startup.rs"),
        }
    }
    options
}

/// Starts `app` and times it until an element matching each of `css` exists, in turn.
fn time_start(app: &Path, css: &[&str], prepare: impl FnOnce(&Path)) -> Vec<Duration> {
    let window = Window::launch(app, prepare);
    let started = window.launched_at();
    css.iter()
        .map(|css| loop {
            if !window.find_all(css).is_empty() {
                break started.elapsed();
            }
            assert!(started.elapsed() < Duration::from_secs(60), "{} never showed {css}", app.display());
        })
        .collect()
}

/// Puts the database `from` at `to`: linked rather than copied where it
/// can be, since a term's database is gigabytes.
fn link_or_copy(from: &Path, to: &Path) {
    std::fs::hard_link(from, to)
        .or_else(|_| std::fs::copy(from, to).map(drop))
        .expect("the database to start on can be linked or copied");
}

/// The memory (PSS, in MB) of `app`'s process and every process under it,
/// `after` its start: the window's process and the web engine's.
fn memory_after(app: &Path, after: Duration, prepare: impl FnOnce(&Path)) -> f64 {
    let window = Window::launch(app, prepare);
    std::thread::sleep(after);
    let pids: Vec<u32> =
        std::fs::read_dir("/proc").unwrap().filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect();
    let roots: Vec<u32> = pids
        .iter()
        .copied()
        .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == app))
        .collect();
    assert!(!roots.is_empty(), "{} is not running", app.display());
    let parent = |pid: u32| -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The command name may hold spaces; the parent is the second field after it.
        stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()
    };
    let under = |mut pid: u32| loop {
        if roots.contains(&pid) {
            break true;
        }
        match parent(pid) {
            Some(p) if p > 1 => pid = p,
            _ => break false,
        }
    };
    let kib: u64 = pids
        .iter()
        .filter(|&&pid| under(pid))
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok())
        .filter_map(|rollup| {
            rollup
                .lines()
                .find_map(|l| l.strip_prefix("Pss:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
        })
        .sum();
    drop(window);
    kib as f64 / 1024.0
}

/// The pages the clerk opens, each by what is clicked and its page mark.
const PAGES: &[(&str, &str)] = &[
    ("[data-testid=nav-dashboard]", "dashboard"),
    ("[data-testid=nav-report]", "report"),
    ("[data-testid=nav-statistics]", "statistics"),
    ("[data-testid=nav-exchange]", "exchange"),
    ("[data-testid=nav-backups]", "backups"),
    ("[data-testid=nav-settings]", "settings"),
    ("[data-testid=nav-list]", "list"),
    (".proposal-0069 .title", "proposal"),
    ("[data-testid=nav-list]", "list"),
];

/// Each page's times in ms, `runs` rounds of opening every page in one window.
fn page_times(app: &Path, runs: usize, prepare: impl FnOnce(&Path)) -> Vec<(&'static str, Vec<f64>)> {
    let window = Window::launch(app, prepare);
    window.wait_for_list(13);
    // As a clerk's first click comes: after the window has settled and
    // loaded the other screens' scripts ahead (`loadScreensAhead`).
    std::thread::sleep(std::time::Duration::from_secs(3));
    let mut times: Vec<(&'static str, Vec<f64>)> = Vec::new();
    for _ in 0..runs {
        for (click, name) in PAGES {
            let count = |w: &Window| {
                w.script(&format!("return performance.getEntriesByName('page:{name}').length")).as_u64().unwrap_or(0)
            };
            let before = count(&window);
            window.click(click);
            window.wait(&format!("the page mark page:{name}"), || (count(&window) > before).then_some(()));
            let ms = window
                .script(&format!("return performance.getEntriesByName('page:{name}').pop().duration"))
                .as_f64()
                .unwrap_or(f64::NAN);
            match times.iter_mut().find(|(n, _)| n == name) {
                Some((_, list)) => list.push(ms),
                None => times.push((name, vec![ms])),
            }
        }
    }
    times
}

fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let options = options();
    let target = workspace_root().join("target").join(options.profile);
    let (tian, hello) = (target.join("tian-app"), target.join("hello-tauri"));
    for app in [&tian, &hello] {
        assert!(app.exists(), "{} is missing: cargo build --release -p tian-app -p hello-tauri", app.display());
    }
    // A workspace that has started before, as a clerk's has: the default data
    // is in, so the start measured is an ordinary one, not the first.
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("tian.db");
    match &options.db {
        Some(source) => link_or_copy(source, &db),
        None => drop(tian_core::Tian::open(&db).expect("the default data is written")),
    }

    let (mut list_ms, mut tools_ms, mut hello_ms) = (Vec::new(), Vec::new(), Vec::new());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    // One unmeasured start of each warms the disk cache, as any earlier use of the PC would.
    for run in 0..=options.runs {
        // The rows, then the filter bar and search box the page draws after them.
        let t = time_start(&tian, &[".proposal-row", "[data-testid=search-input]"], |path| link_or_copy(&db, path));
        let h = time_start(&hello, &["#hello"], |_| {});
        if run > 0 {
            list_ms.push(ms(t[0]));
            tools_ms.push(ms(t[1]));
            hello_ms.push(ms(h[0]));
            eprintln!("run {run}: Tian {:.0} ms (tools {:.0} ms), hello-world {:.0} ms", ms(t[0]), ms(t[1]), ms(h[0]));
        }
    }
    let memory = options.memory.then(|| {
        let after = Duration::from_secs(10);
        let tian_mb = memory_after(&tian, after, |path| link_or_copy(&db, path));
        (tian_mb, memory_after(&hello, after, |_| {}))
    });
    let pages = options.pages.then(|| page_times(&tian, options.runs, |path| link_or_copy(&db, path)));
    let (list, tools, hello) = (median(&mut list_ms), median(&mut tools_ms), median(&mut hello_ms));
    if let Some(pages) = pages {
        println!("页面打开耗时（点击到显示数据，{} 次，中位数 / 最大）", options.runs);
        for (name, mut ms) in pages {
            let max = ms.iter().copied().fold(0.0, f64::max);
            println!("{name:<12} {:>7.0} ms {max:>7.0} ms", median(&mut ms));
        }
    }
    if options.json {
        println!(
            "{}",
            serde_json::json!({
                "profile": options.profile, "runs": options.runs, "list_visible_p50_ms": list,
                "tools_visible_p50_ms": tools, "hello_world_p50_ms": hello, "ratio": list / hello,
                "memory_mb": memory.map(|(t, _)| t), "hello_world_memory_mb": memory.map(|(_, h)| h),
            })
        );
    } else {
        println!("启动耗时（{} 构建，{} 次，中位数）", options.profile, options.runs);
        println!("Tian 列表可见          {list:>7.0} ms");
        println!("Tian 筛选栏和检索框    {tools:>7.0} ms");
        println!("hello-world            {hello:>7.0} ms");
        println!("倍数（列表可见）       {:>7.2}", list / hello);
        if let Some((tian_mb, hello_mb)) = memory {
            println!("内存（启动后 10 秒，PSS）");
            println!("Tian                   {tian_mb:>7.0} MB");
            println!("hello-world            {hello_mb:>7.0} MB");
            println!("差值                   {:>+7.0} MB", tian_mb - hello_mb);
        }
    }
}
