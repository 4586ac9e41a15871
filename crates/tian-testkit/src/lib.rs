//! 测试工具: what measures Tian and fills it for measuring, kept apart from
//! the application so that nothing a clerk runs depends on it: the
//! generator of a term's worth of realistic proposals ([`TestData`]) and
//! the benchmarks `tian bench` reports ([`Bench`], [`bench_sync`],
//! [`bench_hostile`]), and the plain scan search results are checked
//! against ([`search_oracle`]).

mod bench;
mod city;
mod generator;
pub mod search_oracle;
mod week;

pub use bench::{
    bench_hostile, bench_sync, peak_memory_mb, sample_queries, sync_scene, Bench, FigureTiming, HostileTiming,
    PageTiming, RenderTiming, SearchTiming, SyncScene, SyncTiming,
};
pub use city::{simulate_city, CityPlan, CityRun, CityWeek, Convergence};
pub use generator::TestData;
pub use week::{bench_week, WeekTiming};
