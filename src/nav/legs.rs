//! Splitting a long ordered route into legs a navigation app accepts.

use serde::Serialize;

/// A leg: the stops `first..=last` (indices into the route's stops) driven in order; the first
/// is the leg's origin, the last its destination, the rest its waypoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Leg {
    /// Index of the origin.
    pub first: usize,
    /// Index of the destination.
    pub last: usize,
}

impl Leg {
    /// Number of intermediate waypoints.
    pub fn waypoints(&self) -> usize {
        self.last.saturating_sub(self.first).saturating_sub(1)
    }
}

/// Splits `n` ordered stops into legs of at most `max_waypoints` waypoints between origin and
/// destination. Consecutive legs share their boundary stop (one leg's destination is the next
/// one's origin), order is kept, and every stop appears in exactly one leg except the shared
/// boundaries. All legs but the last are full; one stop gives one leg with origin = destination;
/// no stops give no legs.
///
/// ```
/// use zouhang::nav::split_legs;
/// let legs = split_legs(40, 16);
/// assert_eq!(legs.len(), 3);
/// assert_eq!((legs[0].first, legs[0].last), (0, 17));
/// assert_eq!((legs[1].first, legs[1].last), (17, 34));
/// assert_eq!((legs[2].first, legs[2].last), (34, 39));
/// assert!(legs.iter().all(|l| l.waypoints() <= 16));
/// ```
pub fn split_legs(n: usize, max_waypoints: usize) -> Vec<Leg> {
    match n {
        0 => return Vec::new(),
        1 => return vec![Leg { first: 0, last: 0 }],
        _ => {}
    }
    let step = max_waypoints + 1;
    let mut legs = Vec::new();
    let mut first = 0;
    while first < n - 1 {
        let last = (first + step).min(n - 1);
        legs.push(Leg { first, last });
        first = last;
    }
    legs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every n and limit up to 60 × 20: the legs chain, cover all stops in order and keep the limit.
    #[test]
    fn legs_chain_cover_and_keep_the_limit() {
        for limit in 0..20 {
            for n in 0..60 {
                let legs = split_legs(n, limit);
                if n == 0 {
                    assert!(legs.is_empty());
                    continue;
                }
                assert_eq!(legs.first().map(|l| l.first), Some(0));
                assert_eq!(legs.last().map(|l| l.last), Some(n - 1));
                for w in legs.windows(2) {
                    assert_eq!(w[0].last, w[1].first, "n={n} limit={limit}");
                }
                for l in &legs {
                    assert!(l.waypoints() <= limit);
                    assert!(n == 1 || l.last > l.first);
                }
                // minimal number of legs
                if n > 1 {
                    assert_eq!(legs.len(), (n - 1).div_ceil(limit + 1));
                }
            }
        }
    }
}
