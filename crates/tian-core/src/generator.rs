//! 测试数据: realistic proposals in any number, made from the vocabulary of
//! the published key proposals, for measuring Tian at the size of a term.
//!
//! Sentences of the default announcement are the pool: a generated proposal
//! takes its title, summary sentences and suggestions from different real
//! proposals, and its units and leaders from the real ones. The same seed
//! always makes the same data. (Replies and notes are not generated yet.)

use tian_domain::{Proposal, Stage};

use crate::{default_data, Result, Tian};

/// Sessions generated proposals are spread over, as a term of five years.
const SESSIONS: [&str; 5] = ["十三届一次", "十三届二次", "十三届三次", "十三届四次", "十三届五次"];

/// A small deterministic generator, so the same seed makes the same data.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Splits text into sentences ending in 。；！？.
fn sentences(text: &str) -> Vec<String> {
    text.split_inclusive(['。', '；', '！', '？'])
        .map(str::trim)
        .filter(|s| s.chars().count() > 6)
        .map(str::to_owned)
        .collect()
}

impl Tian {
    /// Adds `count` generated proposals (session numbers from 1000 up, so
    /// they never collide with real ones), in transactions of 1,000;
    /// `progress` hears how many are done.
    pub fn generate(&mut self, count: usize, seed: u64, mut progress: impl FnMut(usize)) -> Result<()> {
        let real = tian_import::parse_announcement(default_data::KEY_PROPOSALS)?.proposals;
        let pool: Vec<String> = real.iter().flat_map(|p| sentences(&p.summary)).collect();
        let suggestions: Vec<String> =
            real.iter().flat_map(|p| p.suggestions.iter().flat_map(|s| sentences(s))).collect();
        let topics: Vec<String> =
            real.iter().map(|p| p.title.trim_start_matches("关于").trim_end_matches("的建议").to_owned()).collect();
        let mut rng = Rng(seed | 1);
        let mut done = 0;
        while done < count {
            let batch: Vec<Proposal> = (done..(done + 1000).min(count))
                .map(|i| {
                    let base = rng.pick(&real);
                    let summary: Vec<&str> = (0..2 + rng.below(3)).map(|_| rng.pick(&pool).as_str()).collect();
                    let own: Vec<String> = (0..3 + rng.below(6)).map(|_| rng.pick(&suggestions).clone()).collect();
                    Proposal {
                        number: format!("{:04}", 1000 + i / SESSIONS.len()),
                        session: SESSIONS[i % SESSIONS.len()].to_owned(),
                        title: format!("关于{}与{}的建议", rng.pick(&topics), rng.pick(&topics)),
                        proposer: base.proposer.clone(),
                        proposer_kind: base.proposer_kind,
                        summary: summary.concat(),
                        suggestions: own,
                        category: None,
                        gov_leaders: rng.pick(&real).gov_leaders.clone(),
                        cppcc_leaders: rng.pick(&real).cppcc_leaders.clone(),
                        lead_units: rng.pick(&real).lead_units.clone(),
                        co_committees: rng.pick(&real).co_committees.clone(),
                        stage: Stage::Registered,
                    }
                })
                .collect();
            self.store.save_proposals("数据生成器", &batch)?;
            done += batch.len();
            progress(done);
        }
        Ok(())
    }
}
