//! Integer edge weights and the two metrics.
//!
//! Every edge carries its travel time in **deciseconds** and its length in **decimetres**, both
//! as `u32`. A search weight packs the two into one `u64`: the metric's quantity in the high 32
//! bits and the other one in the low 32 bits, so that adding weights adds both quantities and
//! comparing weights compares lexicographically (fastest first, then shortest among the
//! fastest; or shortest first, then fastest among the shortest). Integer sums are exact and
//! associative, so the contraction hierarchy and plain Dijkstra give bit-identical answers, and
//! a matrix of the time metric carries the length of each fastest route as well.
//!
//! The low half must not overflow: a path is at most 2³² dm ≈ 429,000 km long and 2³² ds ≈
//! 13.6 years long, far beyond any road path on Earth (the builder caps single edges at
//! [`MAX_EDGE_DM`] and [`MAX_EDGE_DS`]).

use serde::{Deserialize, Serialize};

/// A packed search weight (see the module docs); [`UNREACHABLE`] means no path.
pub type Weight = u64;

/// The weight of "no path".
pub const UNREACHABLE: Weight = u64::MAX;

/// Longest single edge accepted, in decimetres (10,000 km).
pub const MAX_EDGE_DM: u32 = 100_000_000;

/// Longest single edge travel time accepted, in deciseconds (about 11.6 days).
pub const MAX_EDGE_DS: u32 = 10_000_000;

/// What a shortest path minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    /// Travel time (ties broken by length).
    #[default]
    Time,
    /// Length (ties broken by travel time).
    Distance,
}

impl Metric {
    /// Both metrics, in the order the binary format stores their hierarchies.
    pub const ALL: [Metric; 2] = [Metric::Time, Metric::Distance];

    /// The packed weight of a stretch with the given travel time and length.
    ///
    /// ```
    /// use zouhang::roads::Metric;
    /// let w = Metric::Time.weight(600, 10_000); // 60 s, 1 km
    /// assert_eq!(Metric::Time.unpack(w), (600, 10_000));
    /// assert!(Metric::Time.weight(599, 99_999) < w); // faster wins whatever the length
    /// assert!(Metric::Distance.weight(9_999, 9_999) < Metric::Distance.weight(1, 10_000));
    /// ```
    pub fn weight(self, duration_ds: u32, length_dm: u32) -> Weight {
        match self {
            Metric::Time => (u64::from(duration_ds) << 32) | u64::from(length_dm),
            Metric::Distance => (u64::from(length_dm) << 32) | u64::from(duration_ds),
        }
    }

    /// Splits a packed weight into `(duration_ds, length_dm)`.
    pub fn unpack(self, w: Weight) -> (u64, u64) {
        let hi = w >> 32;
        let lo = w & 0xffff_ffff;
        match self {
            Metric::Time => (hi, lo),
            Metric::Distance => (lo, hi),
        }
    }

    /// Travel time of a packed weight in seconds, `INFINITY` when unreachable.
    pub fn duration_s(self, w: Weight) -> f64 {
        if w == UNREACHABLE {
            return f64::INFINITY;
        }
        self.unpack(w).0 as f64 / 10.0
    }

    /// Length of a packed weight in metres, `INFINITY` when unreachable.
    pub fn distance_m(self, w: Weight) -> f64 {
        if w == UNREACHABLE {
            return f64::INFINITY;
        }
        self.unpack(w).1 as f64 / 10.0
    }
}

impl std::str::FromStr for Metric {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "time" | "duration" | "时间" => Ok(Metric::Time),
            "distance" | "length" | "距离" => Ok(Metric::Distance),
            other => Err(format!("未知的度量「{other}」：可用 time、distance")),
        }
    }
}

/// Adds two weights, saturating at [`UNREACHABLE`].
#[inline]
pub(crate) fn add(a: Weight, b: Weight) -> Weight {
    if a == UNREACHABLE || b == UNREACHABLE {
        UNREACHABLE
    } else {
        a.saturating_add(b)
    }
}

/// Duration and length of (a part of) an edge, in deciseconds and decimetres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct EdgeCost {
    pub duration_ds: u32,
    pub length_dm: u32,
}

impl EdgeCost {
    /// The part of this cost up to `fraction` (0..=1) along the edge, each quantity rounded.
    pub fn part(self, fraction: f64) -> EdgeCost {
        let f = if fraction.is_finite() {
            fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let r = |v: u32| ((f64::from(v) * f).round() as u32).min(v);
        EdgeCost {
            duration_ds: r(self.duration_ds),
            length_dm: r(self.length_dm),
        }
    }

    /// `self − other`, component-wise, saturating at zero.
    pub fn minus(self, other: EdgeCost) -> EdgeCost {
        EdgeCost {
            duration_ds: self.duration_ds.saturating_sub(other.duration_ds),
            length_dm: self.length_dm.saturating_sub(other.length_dm),
        }
    }

    /// The packed weight under `metric`.
    pub fn weight(self, metric: Metric) -> Weight {
        metric.weight(self.duration_ds, self.length_dm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_is_additive_and_lexicographic() {
        for m in Metric::ALL {
            let a = m.weight(123, 4567);
            let b = m.weight(89, 10);
            assert_eq!(m.unpack(a + b), (212, 4577));
        }
        assert!(Metric::Time.weight(10, 5) < Metric::Time.weight(10, 6));
        assert!(Metric::Time.weight(10, u32::MAX) < Metric::Time.weight(11, 0));
        assert_eq!(add(UNREACHABLE, 1), UNREACHABLE);
        assert_eq!(Metric::Time.duration_s(UNREACHABLE), f64::INFINITY);
    }

    #[test]
    fn parts_add_up_to_the_whole() {
        let c = EdgeCost {
            duration_ds: 77,
            length_dm: 1003,
        };
        for f in [0.0, 0.1, 0.33, 0.5, 0.999, 1.0, f64::NAN, -3.0, 7.0] {
            let p = c.part(f);
            let rest = c.minus(p);
            assert_eq!(p.duration_ds + rest.duration_ds, 77);
            assert_eq!(p.length_dm + rest.length_dm, 1003);
        }
    }
}
