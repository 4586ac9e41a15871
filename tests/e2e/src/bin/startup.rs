//! 启动耗时: from the moment the window's process is asked for to the moment
//! the proposal list shows its first row, measured over WebDriver under Xvfb,
//! next to a hello-world Tauri app built the same way (`hello-tauri`) that
//! shows one line. A measurement, not a test: see README "Performance".
//!
//! ```text
//! cargo build --release -p tian-app -p hello-tauri
//! cargo run --release -p tian-e2e --bin startup -- [--runs 10] [--db FILE] [--debug] [--json]
//! ```
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
}

fn options() -> Options {
    let mut options = Options { runs: 10, db: None, profile: "release", json: false };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => options.runs = args.next().and_then(|n| n.parse().ok()).expect("--runs takes a number"),
            "--db" => options.db = Some(args.next().expect("--db takes a file").into()),
            "--debug" => options.profile = "debug",
            "--json" => options.json = true,
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
        Some(source) => std::fs::hard_link(source, &db)
            .or_else(|_| std::fs::copy(source, &db).map(drop))
            .expect("the database to start on can be linked or copied"),
        None => drop(tian_core::Tian::open(&db).expect("the default data is written")),
    }

    let (mut list_ms, mut tools_ms, mut hello_ms) = (Vec::new(), Vec::new(), Vec::new());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    // One unmeasured start of each warms the disk cache, as any earlier use of the PC would.
    for run in 0..=options.runs {
        // The rows, then the filter bar and search box the page draws after them.
        let t = time_start(&tian, &[".proposal-row", "[data-testid=search-input]"], |path| {
            // Linked rather than copied where it can be: a term's database is gigabytes.
            std::fs::hard_link(&db, path).or_else(|_| std::fs::copy(&db, path).map(drop)).unwrap();
        });
        let h = time_start(&hello, &["#hello"], |_| {});
        if run > 0 {
            list_ms.push(ms(t[0]));
            tools_ms.push(ms(t[1]));
            hello_ms.push(ms(h[0]));
            eprintln!("run {run}: Tian {:.0} ms (tools {:.0} ms), hello-world {:.0} ms", ms(t[0]), ms(t[1]), ms(h[0]));
        }
    }
    let (list, tools, hello) = (median(&mut list_ms), median(&mut tools_ms), median(&mut hello_ms));
    if options.json {
        println!(
            "{}",
            serde_json::json!({
                "profile": options.profile, "runs": options.runs, "list_visible_p50_ms": list,
                "tools_visible_p50_ms": tools, "hello_world_p50_ms": hello, "ratio": list / hello,
            })
        );
    } else {
        println!("启动耗时（{} 构建，{} 次，中位数）", options.profile, options.runs);
        println!("Tian 列表可见          {list:>7.0} ms");
        println!("Tian 筛选栏和检索框    {tools:>7.0} ms");
        println!("hello-world            {hello:>7.0} ms");
        println!("倍数（列表可见）       {:>7.2}", list / hello);
    }
}
