//! 一周的交换: a committee taking in a quiet week's packages from many
//! units as one batch, against taking in one package that holds all their
//! changes: what a week of exchange costs beyond the changes themselves.
//! A measurement, not a test.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use tian_core::{ExportMode, Result, Role, Tian};
use tian_domain::{Assignment, ProposalFilter, UnitAssignment, UnitRole};

use crate::bench::{contact, fresh_copy, percentile, step_marks};
use crate::TestData;

/// The week's import, timed.
#[derive(Debug, Clone, Serialize)]
pub struct WeekTiming {
    /// Proposals in the committee's workspace.
    pub proposals: u32,
    /// Its database file, in bytes.
    pub database_bytes: u64,
    pub units: usize,
    /// Operations in the week's packages, all told.
    pub week_operations: u32,
    pub week_package_bytes: u64,
    /// `tian sync import` of the week's folder, median ms.
    pub batch_p50_ms: f64,
    /// One package of as many changes from one unit, median ms.
    pub single_p50_ms: f64,
    pub single_operations: u32,
    /// batch ÷ single.
    pub ratio: f64,
    /// The inverse changes kept as the batch's safety point, bytes.
    pub safety_point_bytes: u64,
    /// Where the batch's time goes: each step its packages report, summed
    /// over the batch, ms (the last run).
    pub batch_steps: Steps,
    /// The same for the one package.
    pub single_steps: Steps,
    pub runs: usize,
}

/// The name of the `i`th simulated unit (from 0), the same in every simulation.
pub(crate) fn unit_name(i: usize) -> String {
    format!("模拟承办单位{:02}", i + 1)
}

/// Builds, in `dir`, a committee of `proposals` proposals (the default 13
/// and generated ones) and `units` units, each leading some of the default
/// proposals; each unit records `changes` contacts in a week and sends them;
/// one more unit, leading them all, records the same contacts on the same
/// proposals and sends them in one package. Then times the
/// committee taking in the week's folder and the one package, `runs` times
/// each on a fresh copy of its database.
pub fn bench_week(dir: &Path, proposals: usize, units: usize, changes: usize, runs: usize) -> Result<WeekTiming> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 4, 1).expect("a valid date");
    let committee_db = dir.join("committee/tian.db");
    let mut committee = Tian::open(&committee_db)?;
    committee.init_identity(Role::Committee, "市政协提案委员会")?;
    let defaults: Vec<_> = committee.proposals(&ProposalFilter::default())?.iter().map(|p| p.id()).collect();
    if proposals > defaults.len() {
        committee.generate(proposals - defaults.len(), 2026, |_| ())?;
    }
    committee.set_today(today);
    let c_key = dir.join("committee.tiankey");
    committee.export_key(&c_key)?;

    // Each unit, and one more that will write the whole week alone.
    let mut offices: Vec<(String, Tian)> = Vec::new();
    for i in 0..=units {
        let name = unit_name(i);
        let mut unit = Tian::open(&dir.join(format!("unit{i}/tian.db")))?;
        unit.init_identity(Role::Unit, &name)?;
        unit.set_today(today);
        let u_key = dir.join(format!("unit{i}.tiankey"));
        unit.export_key(&u_key)?;
        let seen = committee.preview_key(&u_key)?.fingerprint;
        committee.trust_key(&u_key, &seen)?;
        let seen = unit.preview_key(&c_key)?.fingerprint;
        unit.trust_key(&c_key, &seen)?;
        offices.push((name, unit));
    }
    // The default proposals, each led by every unit whose number falls to
    // it, and by the one more unit, which writes the week's changes to the
    // same proposals in one package.
    for (p, id) in defaults.iter().enumerate() {
        let leads: Vec<UnitAssignment> = (0..=units)
            .filter(|&i| i % defaults.len() == p || i == units)
            .map(|i| UnitAssignment {
                unit: unit_name(i),
                role: UnitRole::Lead,
                contact: String::new(),
                phone: String::new(),
            })
            .collect();
        if !leads.is_empty() {
            committee.assign(id, Assignment { date: today, units: leads, mode: Default::default() })?;
        }
    }
    let week = dir.join("week");
    std::fs::create_dir_all(&week).map_err(|source| tian_core::CoreError::Folder { path: week.clone(), source })?;
    let mut single = PathBuf::new();
    for (i, (name, unit)) in offices.iter_mut().enumerate() {
        let down = dir.join(format!("down{i}.tianpkg"));
        committee.export_package(Some(name), ExportMode::Unacknowledged, &down)?;
        unit.import_package(&down)?;
        // Each unit's contacts go to its proposal; the one more unit's to
        // every unit's proposal in turn, as many as that unit's.
        let (writes, to): (Vec<usize>, _) = if i < units {
            (vec![i], week.join(format!("{name}.tianpkg")))
        } else {
            single = dir.join("single.tianpkg");
            ((0..units).collect(), single.clone())
        };
        unit.bulk(|unit| {
            writes.iter().try_for_each(|&w| {
                let id = &defaults[w % defaults.len()];
                (0..changes).try_for_each(|n| unit.add_contact(id, contact(today, n)).map(|_| ()))
            })
        })?;
        unit.export_package(None, ExportMode::Unacknowledged, &to)?;
    }
    drop(committee);

    let bytes = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let week_package_bytes = tian_core::packages_in(&week)?.iter().map(|p| bytes(p)).sum();
    let (mut batch, mut one) = (Vec::new(), Vec::new());
    let (mut week_operations, mut single_operations, mut safety_point_bytes) = (0, 0, 0);
    let (mut batch_steps, mut single_steps) = (Vec::new(), Vec::new());
    for run in 0..runs.max(1) {
        let mut tian = fresh_copy(&committee_db, &dir.join(format!("run-{run}/batch/tian.db")))?;
        let (taken, ms, steps) = timed_steps(&mut tian, |t| t.import_packages(std::slice::from_ref(&week)))?;
        (batch_steps, week_operations) =
            (steps, taken.packages.iter().filter_map(|p| p.import.as_ref()).map(|i| i.operations).sum());
        batch.push(ms);
        safety_point_bytes = tian.sync_status()?.last_import.map_or(0, |p| p.bytes);

        let mut tian = fresh_copy(&committee_db, &dir.join(format!("run-{run}/single/tian.db")))?;
        let (taken, ms, steps) = timed_steps(&mut tian, |t| t.import_package(&single))?;
        (single_steps, single_operations) = (steps, taken.operations);
        one.push(ms);
    }
    for times in [&mut batch, &mut one] {
        times.sort_by(f64::total_cmp);
    }
    let reader = Tian::open(&committee_db)?;
    let proposals = reader.list_page(&tian_core::PageQuery { limit: 1, ..Default::default() })?.total;
    let (batch_p50_ms, single_p50_ms) = (percentile(&batch, 0.5), percentile(&one, 0.5));
    Ok(WeekTiming {
        proposals,
        database_bytes: bytes(&committee_db),
        units,
        week_operations,
        week_package_bytes,
        batch_p50_ms,
        single_p50_ms,
        single_operations,
        ratio: batch_p50_ms / single_p50_ms.max(0.001),
        safety_point_bytes,
        batch_steps,
        single_steps,
        runs: batch.len(),
    })
}

/// Each step an import reports, with its time in ms summed over its packages.
type Steps = Vec<(String, f64)>;

/// `import` timed (ms), with the time of each step its packages report.
fn timed_steps<T>(tian: &mut Tian, import: impl FnOnce(&mut Tian) -> Result<T>) -> Result<(T, f64, Steps)> {
    let marks = step_marks(tian.progress());
    let started = Instant::now();
    let taken = import(tian)?;
    let finished = Instant::now();
    tian.progress().set(None);
    let mut marks = std::mem::take(&mut *marks.lock().unwrap_or_else(|e| e.into_inner()));
    marks.push((String::new(), finished));
    let mut steps: Steps = Vec::new();
    for pair in marks.windows(2) {
        // “导入第 3 个，共 60 个” is one step however many there are.
        let name =
            if pair[0].0.starts_with("导入第") { "开始一个交换包".to_owned() } else { pair[0].0.clone() };
        let ms = pair[1].1.duration_since(pair[0].1).as_secs_f64() * 1000.0;
        match steps.iter_mut().find(|(step, _)| *step == name) {
            Some((_, total)) => *total += ms,
            None => steps.push((name, ms)),
        }
    }
    Ok((taken, finished.duration_since(started).as_secs_f64() * 1000.0, steps))
}
