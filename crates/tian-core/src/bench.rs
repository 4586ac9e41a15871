//! 性能测量: how fast search answers at the size of the database it runs on,
//! by query length, for `tian bench`. A measurement, not a test.

use std::time::Instant;

use serde::Serialize;

use crate::{default_data, Result, SearchQuery, Tian};

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

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

impl Tian {
    /// Times `per_length` searches for each query length from one to four
    /// characters, the queries cut from the published proposals' text.
    pub fn bench_search(&self, per_length: usize) -> Result<Vec<SearchTiming>> {
        let text: Vec<char> = String::from_utf8_lossy(default_data::KEY_PROPOSALS)
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .collect();
        let mut out = Vec::new();
        for characters in 1..=4 {
            let step = (text.len() / per_length.max(1)).max(1);
            let queries: Vec<String> = (0..per_length)
                .map(|i| text[(i * step) % (text.len() - characters)..][..characters].iter().collect())
                .collect();
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

impl Tian {
    /// Times rendering the report on every proposal as .docx and as .pdf,
    /// `runs` times each after one untimed run (which loads the fonts).
    pub fn bench_report(&self, runs: usize) -> Result<Vec<RenderTiming>> {
        let scope = crate::ReportScope::default();
        let mut out = Vec::new();
        for format in [crate::ReportFormat::Docx, crate::ReportFormat::Pdf] {
            let bytes = self.render_report(&scope, format)?.len();
            let mut times = Vec::with_capacity(runs);
            for _ in 0..runs.max(1) {
                let started = Instant::now();
                self.render_report(&scope, format)?;
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
