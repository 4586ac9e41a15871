//! 性能测量: how fast search answers and list pages load at the size of the
//! database they run on, how fast reports render and exchange packages
//! import, for `tian bench`. Measurements, not tests.

use std::time::Instant;

use serde::Serialize;
use tian_domain::AnswerClass;

use tian_core::{ListSort, PageQuery, ProposalFilters, Result, SearchQuery, Tian};

/// Search latency for queries of one length.
#[derive(Debug, Clone, Serialize)]
pub struct SearchTiming {
    pub characters: usize,
    pub queries: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    /// Hits per query, averaged (the search stops at 50).
    pub mean_hits: f64,
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// `count` search queries of `characters` Chinese characters each, cut at
/// even steps from the published proposals' text, as a clerk might type them.
pub fn sample_queries(characters: usize, count: usize) -> Vec<String> {
    let text: Vec<char> = String::from_utf8_lossy(tian_core::KEY_PROPOSALS)
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    let step = (text.len() / count.max(1)).max(1);
    (0..count).map(|i| text[(i * step) % (text.len() - characters)..][..characters].iter().collect()).collect()
}

/// Load time of one kind of list page.
#[derive(Debug, Clone, Serialize)]
pub struct PageTiming {
    pub page: String,
    pub runs: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    /// How many proposals pass the page's filters.
    pub total: u32,
}

/// Time of one figure page counted afresh: 办理统计, 督办总览.
#[derive(Debug, Clone, Serialize)]
pub struct FigureTiming {
    pub figure: String,
    pub runs: usize,
    /// The first count, which brings the kept rows up to date (all of them
    /// on a workspace just generated or migrated).
    pub first_ms: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
}

/// One figure page counted afresh, for [`Bench::bench_figures`].
type Counting<'a> = Box<dyn Fn() -> Result<()> + 'a>;

/// This process's peak resident memory in MB (Linux's VmHWM), if known.
pub fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Rendering time of one report format.
#[derive(Debug, Clone, Serialize)]
pub struct RenderTiming {
    pub format: String,
    pub runs: usize,
    pub p50_ms: f64,
    pub max_ms: f64,
    pub bytes: usize,
}

/// Importing one exchange package of many changes, beside a plain SQLite
/// bulk insert of the same rows.
#[derive(Debug, Clone, Serialize)]
pub struct SyncTiming {
    pub changes: usize,
    pub package_bytes: u64,
    pub runs: usize,
    /// `tian sync import`: verify, judge, merge, settle and commit, with the
    /// safety point (the rows it changed, inverted) kept after it.
    pub import_p50_ms: f64,
    /// The same import rolled back (the preview): no backup, no commit.
    pub preview_p50_ms: f64,
    /// The same rows inserted into a bare table in one transaction.
    pub plain_insert_p50_ms: f64,
    /// Where an import's time goes: each step it reports (读取交换包, 核验签名,
    /// 审核修改, 导入前备份, 合并修改, 更新检索, 整理结果, 提交), median ms.
    pub steps: Vec<(String, f64)>,
}

/// A committee's workspace and a package from 市教育局 to it, for timing
/// and for the window test that imports a large package.
pub struct SyncScene {
    pub committee_db: std::path::PathBuf,
    pub package: std::path::PathBuf,
}

/// Builds, in `dir`, a committee and 市教育局 that trust each other, and
/// lets the unit write at least `changes` changes (contacts on the 13
/// default key proposals, all assigned to it) into a package for the committee.
pub fn sync_scene(dir: &std::path::Path, changes: usize) -> Result<SyncScene> {
    use tian_domain::{Assignment, ProposalFilter, UnitAssignment, UnitRole};

    const UNIT: &str = "市教育局";
    let today = chrono::NaiveDate::from_ymd_opt(2026, 4, 1).expect("a valid date");
    let committee_db = dir.join("committee/tian.db");
    let unit_db = dir.join("unit/tian.db");
    let package = dir.join("unit.tianpkg");
    let mut committee = Tian::open(&committee_db)?;
    committee.init_identity(tian_core::Role::Committee, "市政协提案委员会")?;
    let mut unit = Tian::open(&unit_db)?;
    unit.init_identity(tian_core::Role::Unit, UNIT)?;
    let (c_key, u_key) = (dir.join("c.tiankey"), dir.join("u.tiankey"));
    committee.export_key(&c_key)?;
    unit.export_key(&u_key)?;
    // As the clerks would after comparing the fingerprints on both screens.
    let (u_seen, c_seen) = (committee.preview_key(&u_key)?.fingerprint, unit.preview_key(&c_key)?.fingerprint);
    committee.trust_key(&u_key, &u_seen)?;
    unit.trust_key(&c_key, &c_seen)?;
    let ids: Vec<_> = committee.proposals(&ProposalFilter::default())?.iter().map(|p| p.id()).collect();
    for id in &ids {
        let lead =
            UnitAssignment { unit: UNIT.into(), role: UnitRole::Lead, contact: String::new(), phone: String::new() };
        committee.assign(id, Assignment { date: today, units: vec![lead], mode: Default::default() })?;
    }
    let down = dir.join("committee.tianpkg");
    committee.export_package(Some(UNIT), tian_core::ExportMode::Unacknowledged, &down)?;
    unit.import_package(&down)?;
    // One contact first, to learn how many operations a contact makes.
    unit.add_contact(&ids[0], contact(today, 0))?;
    let per_contact = unit.export_package(None, tian_core::ExportMode::Unacknowledged, &package)?.operations as usize;
    // One transaction for them all: each keeps its own action in the log.
    unit.bulk(|unit| {
        for i in 1..changes.div_ceil(per_contact.max(1)) {
            unit.add_contact(&ids[i % ids.len()], contact(today, i))?;
        }
        Ok(())
    })?;
    unit.export_package(None, tian_core::ExportMode::Unacknowledged, &package)?;
    Ok(SyncScene { committee_db, package })
}

/// Builds the [`sync_scene`] of `changes` changes in `dir`, and times
/// importing its package at a fresh copy of the committee's database `runs` times.
pub fn bench_sync(dir: &std::path::Path, changes: usize, runs: usize) -> Result<SyncTiming> {
    let SyncScene { committee_db, package } = sync_scene(dir, changes)?;
    let package_bytes = std::fs::metadata(&package)
        .map_err(|source| tian_core::CoreError::ReadFile { path: package.clone(), source })?
        .len();
    let operations = {
        let bytes = std::fs::read(&package)
            .map_err(|source| tian_core::CoreError::ReadFile { path: package.clone(), source })?;
        tian_sync::ExchangePackage::open(&bytes, |_| tian_sync::KeyStanding::Trusted)?.operations
    };

    let (mut import, mut preview, mut plain) = (Vec::new(), Vec::new(), Vec::new());
    let mut steps: Vec<(String, Vec<f64>)> = Vec::new();
    for run in 0..runs.max(1) {
        let mut committee = fresh_copy(&committee_db, &dir.join(format!("run-{run}/tian.db")))?;
        let started = Instant::now();
        committee.preview_package(&package)?;
        preview.push(started.elapsed().as_secs_f64() * 1000.0);
        let marks = step_marks(committee.progress());
        let started = Instant::now();
        let result = committee.import_package(&package)?;
        import.push(started.elapsed().as_secs_f64() * 1000.0);
        let finished = Instant::now();
        committee.progress().set(None);
        let mut marks = std::mem::take(&mut *marks.lock().unwrap_or_else(|e| e.into_inner()));
        marks.push((String::new(), finished));
        for pair in marks.windows(2) {
            let ms = pair[1].1.duration_since(pair[0].1).as_secs_f64() * 1000.0;
            match steps.iter_mut().find(|(name, _): &&mut (String, Vec<f64>)| *name == pair[0].0) {
                Some((_, times)) => times.push(ms),
                None => steps.push((pair[0].0.clone(), vec![ms])),
            }
        }
        debug_assert_eq!(result.new_operations as usize, operations.len());

        let bare = dir.join(format!("run-{run}/plain.db"));
        let started = Instant::now();
        plain_insert(&bare, &operations)?;
        plain.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    for times in [&mut import, &mut preview, &mut plain] {
        times.sort_by(f64::total_cmp);
    }
    Ok(SyncTiming {
        changes: operations.len(),
        package_bytes,
        runs: import.len(),
        import_p50_ms: percentile(&import, 0.5),
        preview_p50_ms: percentile(&preview, 0.5),
        plain_insert_p50_ms: percentile(&plain, 0.5),
        steps: steps
            .into_iter()
            .map(|(name, mut times)| {
                times.sort_by(f64::total_cmp);
                (name, percentile(&times, 0.5))
            })
            .collect(),
    })
}

/// How the judge fares with a hostile package: every record a new answer on
/// one proposal (the first taken, the rest refused as second answers).
#[derive(Debug, Clone, Serialize)]
pub struct HostileTiming {
    pub records: usize,
    pub operations: usize,
    pub package_bytes: u64,
    pub runs: usize,
    /// The preview (judging everything, merging what passes, rolled back), median ms.
    pub preview_p50_ms: f64,
    /// Of it, the judging step (审核修改), median ms.
    pub judge_p50_ms: f64,
    /// Microseconds of the preview per record.
    pub per_record_us: f64,
}

/// Builds the [`sync_scene`] in `dir`, forges a package of `records` answers
/// on one proposal signed with the unit's own key, as a hostile unit can, and
/// times previewing it `runs` times.
pub fn bench_hostile(dir: &std::path::Path, records: usize, runs: usize) -> Result<HostileTiming> {
    use serde_json::json;

    let SyncScene { committee_db, .. } = sync_scene(dir, 1)?;
    let mut unit = Tian::open(&dir.join("unit/tian.db"))?;
    let (_, unit_name, key) = unit.signing_identity()?;
    let origin = unit.origin().to_owned();
    let proposal = unit.proposals(&tian_domain::ProposalFilter::default())?[0].id();
    let now = tian_store::Hlc::now_ms();
    let mut operations = Vec::new();
    for i in 0..records {
        let fields = [
            ("proposal_id", json!(proposal.as_str())),
            ("unit", json!(unit_name)),
            ("lead", json!(true)),
            ("round", json!(1)),
            ("date", json!("2026-05-20")),
            ("class", json!(["A", "B", "C"][i % 3])),
            ("signer", json!("王局长")),
            ("contact", json!("")),
            ("text", json!(format!("第{i}份答复：已列入计划。"))),
            ("attachments", json!([])),
            ("public", json!(true)),
        ];
        for (field, value) in fields {
            let seq = 1_000_000 + operations.len() as i64;
            operations.push(tian_store::SentOperation {
                origin: origin.clone(),
                origin_seq: seq,
                hlc: tian_store::Hlc { wall_ms: now, counter: operations.len() as u32 },
                entity: "reply".into(),
                entity_id: format!("hostile{i}"),
                field: field.into(),
                value,
                prev_value: None,
                actor: "王五".into(),
                batch: 1_000_000,
                action: "录入答复".into(),
                base: vec![],
                via: None,
            });
        }
    }
    let count = operations.len();
    let envelope = tian_sync::Envelope {
        sender: tian_sync::Party { role: tian_core::Role::Unit, name: unit_name },
        recipient: tian_sync::Party { role: tian_core::Role::Committee, name: "市政协提案委员会".into() },
        mode: tian_core::ExportMode::Unacknowledged,
        sessions: vec![],
        ranges: vec![],
        whole_proposals: vec![],
        acknowledgement: tian_sync::Acknowledgement::default(),
        number: 1,
        statements: vec![],
        receipts: vec![],
    };
    let (_, bytes) = tian_sync::ExchangePackage::seal(envelope, operations, Default::default(), &key, "t".into())?;
    let package = dir.join("hostile.tianpkg");
    tian_core::write_file(&package, &bytes)?;
    let (mut preview, mut judge) = (Vec::new(), Vec::new());
    for run in 0..runs.max(1) {
        let mut committee = fresh_copy(&committee_db, &dir.join(format!("hostile-{run}/tian.db")))?;
        let marks = step_marks(committee.progress());
        let started = Instant::now();
        committee.preview_package(&package)?;
        let finished = Instant::now();
        preview.push(finished.duration_since(started).as_secs_f64() * 1000.0);
        committee.progress().set(None);
        let marks = std::mem::take(&mut *marks.lock().unwrap_or_else(|e| e.into_inner()));
        let judged = marks.iter().position(|(step, _)| step == "审核修改").map(|at| {
            let end = marks.get(at + 1).map_or(finished, |(_, t)| *t);
            end.duration_since(marks[at].1).as_secs_f64() * 1000.0
        });
        judge.push(judged.unwrap_or_default());
    }
    preview.sort_by(f64::total_cmp);
    judge.sort_by(f64::total_cmp);
    let preview_p50_ms = percentile(&preview, 0.5);
    Ok(HostileTiming {
        records,
        operations: count,
        package_bytes: bytes.len() as u64,
        runs: preview.len(),
        preview_p50_ms,
        judge_p50_ms: percentile(&judge, 0.5),
        per_record_us: preview_p50_ms * 1000.0 / records.max(1) as f64,
    })
}

/// The committee's workspace `from`, copied afresh to `to` for one timed run.
pub(crate) fn fresh_copy(from: &std::path::Path, to: &std::path::Path) -> Result<Tian> {
    std::fs::create_dir_all(to.parent().expect("has a folder"))
        .map_err(|source| tian_core::CoreError::Folder { path: to.to_owned(), source })?;
    std::fs::copy(from, to).map_err(|source| tian_core::CoreError::WriteFile { path: to.to_owned(), source })?;
    Tian::open(to)
}

/// The moment each step reported through `progress` began, in order.
pub(crate) fn step_marks(
    progress: &tian_core::ProgressHandle,
) -> std::sync::Arc<std::sync::Mutex<Vec<(String, Instant)>>> {
    let marks = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(String, Instant)>::new()));
    let into = marks.clone();
    progress.set(Some(Box::new(move |p: &tian_core::Progress| {
        let mut marks = into.lock().unwrap_or_else(|e| e.into_inner());
        if marks.last().is_none_or(|(step, _)| *step != p.step) {
            marks.push((p.step.clone(), Instant::now()));
        }
    })));
    marks
}

/// The `i`-th contact a unit records in the sync benchmark.
pub(crate) fn contact(today: chrono::NaiveDate, i: usize) -> tian_domain::Contact {
    tian_domain::Contact {
        id: String::new(),
        date: today,
        method: tian_domain::ContactMethod::Phone,
        unit: None,
        people: format!("提案者及联系人{i}"),
        content: format!("第{i}次沟通：听取提案者对办理工作的意见，商定下一步办理安排。"),
    }
}

/// The yardstick: the package's rows into a bare table of the op log's
/// columns, one prepared statement in one transaction, same pragmas.
fn plain_insert(path: &std::path::Path, operations: &[tian_store::SentOperation]) -> Result<()> {
    let mut conn = rusqlite::Connection::open(path).map_err(tian_store::StoreError::from)?;
    let sqlite = |e: rusqlite::Error| tian_core::CoreError::Store(e.into());
    conn.pragma_update(None, "journal_mode", "WAL").map_err(sqlite)?;
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(sqlite)?;
    conn.execute_batch(
        "CREATE TABLE ops (origin TEXT, origin_seq INTEGER, hlc_wall INTEGER, hlc_counter INTEGER, entity TEXT,
         entity_id TEXT, field TEXT, value TEXT, prev_value TEXT, actor TEXT, batch INTEGER, action TEXT,
         UNIQUE (origin, origin_seq))",
    )
    .map_err(sqlite)?;
    let tx = conn.transaction().map_err(sqlite)?;
    {
        let mut insert =
            tx.prepare("INSERT INTO ops VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)").map_err(sqlite)?;
        for op in operations {
            insert
                .execute(rusqlite::params![
                    op.origin,
                    op.origin_seq,
                    op.hlc.wall_ms,
                    op.hlc.counter,
                    op.entity,
                    op.entity_id,
                    op.field,
                    op.value.to_string(),
                    op.prev_value.as_ref().map(|v| v.to_string()),
                    op.actor,
                    op.batch,
                    op.action
                ])
                .map_err(sqlite)?;
        }
    }
    tx.commit().map_err(sqlite)?;
    Ok(())
}

/// 性能测量 of one workspace: its searches, list pages and reports.
pub trait Bench {
    /// Times `per_length` searches for each query length from one to four characters.
    fn bench_search(&self, per_length: usize) -> Result<Vec<SearchTiming>>;
    /// The 100-row pages of the list a clerk loads: the first as the window
    /// opens, one deep in the list, the last, each other sort order, and the
    /// filters a clerk reaches for; named for a benchmark's table.
    fn sample_pages(&self) -> Result<Vec<(&'static str, PageQuery)>>;
    /// Times loading each of [`Bench::sample_pages`] `runs` times.
    fn bench_list(&self, runs: usize) -> Result<Vec<PageTiming>>;
    /// Times rendering the report on every proposal as .docx and as .pdf,
    /// `runs` times each after one untimed run (which loads the fonts).
    fn bench_report(&self, runs: usize) -> Result<Vec<RenderTiming>>;
    /// Times the figure pages (办理统计 of all sessions and of the latest,
    /// 督办总览) `runs` times each, after a first count timed on its own.
    fn bench_figures(&self, runs: usize) -> Result<Vec<FigureTiming>>;
}

impl Bench for Tian {
    fn bench_search(&self, per_length: usize) -> Result<Vec<SearchTiming>> {
        let mut out = Vec::new();
        for characters in 1..=4 {
            let queries = sample_queries(characters, per_length);
            // One untimed pass warms SQLite's page cache as a clerk's earlier searches would.
            for q in &queries {
                self.search(&SearchQuery { text: q.clone(), limit: 50, ..SearchQuery::default() })?;
            }
            let mut times = Vec::with_capacity(queries.len());
            let mut hits = 0;
            for q in &queries {
                let started = Instant::now();
                hits += self.search(&SearchQuery { text: q.clone(), limit: 50, ..SearchQuery::default() })?.len();
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            out.push(SearchTiming {
                characters,
                queries: queries.len(),
                p50_ms: percentile(&times, 0.5),
                p95_ms: percentile(&times, 0.95),
                mean_hits: hits as f64 / queries.len() as f64,
            });
        }
        Ok(out)
    }
    fn sample_pages(&self) -> Result<Vec<(&'static str, PageQuery)>> {
        let all = self.list_page(&PageQuery { limit: 1, ..PageQuery::default() })?.total;
        let unit = self.units()?.into_iter().next().map(|u| u.name);
        let page = |offset, sort, filters| PageQuery { filters, sort, descending: false, offset, limit: 100 };
        let none = ProposalFilters::default;
        Ok(vec![
            ("第一页（按提案号）", page(0, ListSort::Number, none())),
            ("中间一页", page(all / 2, ListSort::Number, none())),
            ("最后一页", page(all.saturating_sub(100), ListSort::Number, none())),
            ("按案由排序", page(0, ListSort::Title, none())),
            ("按提案者排序", page(0, ListSort::Proposer, none())),
            ("按主办部门排序", page(0, ListSort::LeadUnit, none())),
            ("按督办领导排序", page(0, ListSort::Leader, none())),
            ("按阶段排序", page(0, ListSort::Stage, none())),
            ("按交办日期排序", page(0, ListSort::Assigned, none())),
            ("只看已逾期", page(0, ListSort::Number, ProposalFilters { overdue: true, ..none() })),
            ("C类答复", page(0, ListSort::Number, ProposalFilters { answer_class: Some(AnswerClass::C), ..none() })),
            ("按主办部门", page(0, ListSort::Number, ProposalFilters { lead_unit: unit, ..none() })),
        ])
    }

    fn bench_list(&self, runs: usize) -> Result<Vec<PageTiming>> {
        let mut out = Vec::new();
        for (page, query) in self.sample_pages()? {
            let total = self.list_page(&query)?.total;
            let mut times = Vec::with_capacity(runs);
            for _ in 0..runs.max(1) {
                let started = Instant::now();
                self.list_page(&query)?;
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            out.push(PageTiming {
                page: page.to_owned(),
                runs: times.len(),
                p50_ms: percentile(&times, 0.5),
                p95_ms: percentile(&times, 0.95),
                total,
            });
        }
        Ok(out)
    }
    fn bench_figures(&self, runs: usize) -> Result<Vec<FigureTiming>> {
        let latest = self.sessions()?.into_iter().next().map(|s| s.session);
        let pages: Vec<(String, Counting<'_>)> = vec![
            ("办理统计（全部届次）".into(), Box::new(|| self.statistics(None).map(drop))),
            (
                format!("办理统计（{}）", latest.as_deref().unwrap_or("—")),
                Box::new(|| self.statistics(latest.as_deref()).map(drop)),
            ),
            ("督办总览".into(), Box::new(|| self.dashboard().map(drop))),
        ];
        // 相似提案 of the list's first proposal, as its page's tab reads them.
        let first = self.list_page(&PageQuery { limit: 1, ..PageQuery::default() })?.rows.into_iter().next();
        let mut pages = pages;
        if let Some(row) = first {
            let id = self.resolve(&row.number, Some(&row.session))?;
            pages.push(("相似提案（一件提案页）".into(), Box::new(move || self.similar(&id, 10).map(drop))));
        }
        let mut out = Vec::new();
        for (figure, count) in pages {
            let started = Instant::now();
            count()?;
            let first_ms = started.elapsed().as_secs_f64() * 1000.0;
            let mut times = Vec::with_capacity(runs);
            for _ in 0..runs.max(1) {
                let started = Instant::now();
                count()?;
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            out.push(FigureTiming {
                figure,
                runs: times.len(),
                first_ms,
                p50_ms: percentile(&times, 0.5),
                p95_ms: percentile(&times, 0.95),
            });
        }
        Ok(out)
    }

    fn bench_report(&self, runs: usize) -> Result<Vec<RenderTiming>> {
        let report = tian_core::DocumentRequest::Report(tian_core::ReportScope::default());
        let mut out = Vec::new();
        for format in [tian_core::ReportFormat::Docx, tian_core::ReportFormat::Pdf] {
            let bytes = self.render_document(&report, format)?.len();
            let mut times = Vec::with_capacity(runs);
            for _ in 0..runs.max(1) {
                let started = Instant::now();
                self.render_document(&report, format)?;
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            out.push(RenderTiming {
                format: format.extension().to_owned(),
                runs: times.len(),
                p50_ms: percentile(&times, 0.5),
                max_ms: *times.last().expect("at least one run"),
                bytes,
            });
        }
        Ok(out)
    }
}
