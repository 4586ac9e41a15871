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
    /// The stamp as one number that orders as the stamp does: when a record
    /// written at it was born (`records.born`).
    pub(crate) fn born(self) -> i64 {
        self.wall_ms.saturating_mul(1_048_576).saturating_add(i64::from(self.counter))
    }

    /// The next stamp after `self`, given the local wall clock. The counter
    /// never wraps: at its end the stamp moves on by a millisecond instead.
    pub fn tick(self, now_ms: i64) -> Hlc {
        if now_ms > self.wall_ms {
            return Hlc { wall_ms: now_ms, counter: 0 };
        }
        match self.counter.checked_add(1) {
            Some(counter) => Hlc { wall_ms: self.wall_ms, counter },
            None => Hlc { wall_ms: self.wall_ms.saturating_add(1), counter: 0 },
        }
    }

    /// Whether a stamp received from elsewhere is one this installation may
    /// take: not before 1970, and at most `skew_ms` ahead of `now_ms`. A
    /// stamp far in the future would pin every later local write behind it
    /// and win every later edit of its field.
    pub fn acceptable(self, now_ms: i64, skew_ms: i64) -> bool {
        self.wall_ms >= 0 && self.wall_ms <= now_ms.saturating_add(skew_ms)
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

    #[test]
    fn the_counter_never_wraps_and_far_future_stamps_are_not_acceptable() {
        let last = Hlc { wall_ms: 1_000, counter: u32::MAX };
        let next = last.tick(500);
        assert!(next > last);
        assert_eq!(next, Hlc { wall_ms: 1_001, counter: 0 });
        let day = 86_400_000;
        assert!(Hlc { wall_ms: 1_000 + day, counter: 9 }.acceptable(1_000, day));
        assert!(!Hlc { wall_ms: 1_001 + day, counter: 0 }.acceptable(1_000, day));
        assert!(!Hlc { wall_ms: -1, counter: 0 }.acceptable(1_000, day));
    }
}
