//! 混合逻辑时钟: a hybrid logical clock, so that operations from offline
//! installations order by real time where clocks agree and by causality where
//! they do not (a PC whose clock runs behind still issues stamps later than
//! everything it has seen).

use serde::{Deserialize, Serialize};

/// One timestamp: wall-clock milliseconds and a counter for events within the
/// same millisecond or after a peer's clock ran ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Hlc {
    pub wall_ms: i64,
    pub counter: u32,
}

impl Hlc {
    /// The next stamp after `self`, given the local wall clock.
    pub fn tick(self, now_ms: i64) -> Hlc {
        if now_ms > self.wall_ms {
            Hlc { wall_ms: now_ms, counter: 0 }
        } else {
            Hlc { wall_ms: self.wall_ms, counter: self.counter + 1 }
        }
    }

    pub fn now_ms() -> i64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::Hlc;

    #[test]
    fn stamps_strictly_increase_even_when_the_wall_clock_goes_back() {
        let a = Hlc::default().tick(1_000);
        let b = a.tick(1_000);
        let c = b.tick(500);
        let d = c.tick(2_000);
        assert!(a < b && b < c && c < d);
        assert_eq!(c, Hlc { wall_ms: 1_000, counter: 2 });
        assert_eq!(d, Hlc { wall_ms: 2_000, counter: 0 });
    }
}
