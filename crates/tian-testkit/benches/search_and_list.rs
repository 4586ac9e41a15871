//! Criterion benchmarks of what a clerk waits on all day: a search as they
//! type (one to four characters) and a page of the list.
//!
//! Runs on the database named by `TIAN_BENCH_DB` (say, 100,000 proposals made
//! with `tian gen`; it is only read), or else on 2,000 generated here:
//!
//! ```text
//! TIAN_BENCH_DB=/tmp/big.db cargo bench -p tian-core --bench search_and_list
//! ```

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use tian_core::{SearchQuery, Tian};
use tian_testkit::{sample_queries, Bench, TestData};

fn workspace() -> (Tian, Option<tempfile::TempDir>) {
    if let Some(db) = std::env::var_os("TIAN_BENCH_DB") {
        return (Tian::open(std::path::Path::new(&db)).expect("TIAN_BENCH_DB opens"), None);
    }
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("bench.db")).unwrap();
    tian.generate(2000, 2026, |_| ()).unwrap();
    (tian, Some(dir))
}

fn search_and_list(c: &mut Criterion) {
    let (tian, _dir) = workspace();
    let mut search = c.benchmark_group("检索");
    for characters in 1..=4 {
        let queries = sample_queries(characters, 200);
        let mut next = queries.iter().cycle();
        search.bench_function(BenchmarkId::new("字数", characters), |b| {
            b.iter(|| {
                let text = next.next().unwrap().clone();
                tian.search(&SearchQuery { text, limit: 50, ..SearchQuery::default() }).unwrap()
            })
        });
    }
    search.finish();

    let mut list = c.benchmark_group("列表");
    for (name, query) in tian.sample_pages().unwrap() {
        list.bench_function(name, |b| b.iter(|| tian.list_page(&query).unwrap()));
    }
    list.finish();
}

criterion_group!(benches, search_and_list);
criterion_main!(benches);
