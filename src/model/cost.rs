//! Travel costs between locations: the only thing the solver knows about the road network.
//!
//! The solver depends on [`TravelCost`], never on a road graph. Two implementations ship here:
//! [`StraightLine`] (haversine distance × a detour factor at a fixed speed, for when no road
//! graph is loaded) and [`CostMatrix`] (dense matrices, e.g. filled from road-network
//! many-to-many queries).

use crate::geodesy::haversine_m;
use crate::model::LonLat;

/// Ratio of road distance to straight-line distance used by [`StraightLine`].
///
/// 1.3 is the commonly cited circuity of road networks in flat, dense areas (Ballou et al. 2002
/// report 1.2–1.4 by region); the Yangtze delta is flat and densely meshed.
pub const DEFAULT_DETOUR_FACTOR: f64 = 1.3;

/// Durations and distances between locations numbered `0..len()`.
///
/// Implementations must return finite, non-negative values for reachable pairs and
/// `f64::INFINITY` for unreachable ones; `duration_s(i, i)` and `distance_m(i, i)` are 0.
pub trait TravelCost {
    /// Number of locations.
    fn len(&self) -> usize;
    /// True when there are no locations.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Travel time from `from` to `to`, in seconds.
    fn duration_s(&self, from: usize, to: usize) -> f64;
    /// Travel distance from `from` to `to`, in metres.
    fn distance_m(&self, from: usize, to: usize) -> f64;
}

/// Straight-line estimate: haversine distance × detour factor, driven at a constant speed.
#[derive(Debug, Clone)]
pub struct StraightLine {
    points: Vec<LonLat>,
    /// Road distance / straight-line distance.
    pub detour_factor: f64,
    /// Average driving speed in km/h.
    pub speed_kmh: f64,
}

impl StraightLine {
    /// An estimate over `points` with [`DEFAULT_DETOUR_FACTOR`] and the given speed.
    pub fn new(points: Vec<LonLat>, speed_kmh: f64) -> Self {
        StraightLine {
            points,
            detour_factor: DEFAULT_DETOUR_FACTOR,
            speed_kmh,
        }
    }
}

impl TravelCost for StraightLine {
    fn len(&self) -> usize {
        self.points.len()
    }

    fn duration_s(&self, from: usize, to: usize) -> f64 {
        if self.speed_kmh <= 0.0 {
            return f64::INFINITY;
        }
        self.distance_m(from, to) / (self.speed_kmh / 3.6)
    }

    fn distance_m(&self, from: usize, to: usize) -> f64 {
        match (self.points.get(from), self.points.get(to)) {
            (Some(&a), Some(&b)) => haversine_m(a, b) * self.detour_factor,
            _ => f64::INFINITY,
        }
    }
}

/// Dense row-major matrices of durations (s) and distances (m).
#[derive(Debug, Clone, PartialEq)]
pub struct CostMatrix {
    n: usize,
    durations_s: Vec<f64>,
    distances_m: Vec<f64>,
}

impl CostMatrix {
    /// A matrix from row-major vectors of length `n * n`; `None` when the lengths do not match.
    pub fn new(n: usize, durations_s: Vec<f64>, distances_m: Vec<f64>) -> Option<Self> {
        let nn = n.checked_mul(n)?;
        (durations_s.len() == nn && distances_m.len() == nn).then_some(CostMatrix {
            n,
            durations_s,
            distances_m,
        })
    }

    /// Copies any [`TravelCost`] into dense matrices.
    pub fn from_cost(cost: &impl TravelCost) -> Self {
        let n = cost.len();
        let mut durations_s = Vec::with_capacity(n * n);
        let mut distances_m = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                durations_s.push(cost.duration_s(i, j));
                distances_m.push(cost.distance_m(i, j));
            }
        }
        CostMatrix {
            n,
            durations_s,
            distances_m,
        }
    }
}

impl TravelCost for CostMatrix {
    fn len(&self) -> usize {
        self.n
    }

    fn duration_s(&self, from: usize, to: usize) -> f64 {
        if from >= self.n || to >= self.n {
            return f64::INFINITY;
        }
        self.durations_s
            .get(from * self.n + to)
            .copied()
            .unwrap_or(f64::INFINITY)
    }

    fn distance_m(&self, from: usize, to: usize) -> f64 {
        if from >= self.n || to >= self.n {
            return f64::INFINITY;
        }
        self.distances_m
            .get(from * self.n + to)
            .copied()
            .unwrap_or(f64::INFINITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straight_line_is_detoured_haversine_at_speed() {
        let pts = vec![LonLat::new(120.0, 31.0), LonLat::new(120.0, 32.0)];
        let c = StraightLine::new(pts, 36.0);
        let d = c.distance_m(0, 1);
        // one degree of latitude on the mean sphere is 111,195 m
        assert!((d / 1.3 - 111_195.0).abs() < 5.0, "{d}");
        assert!((c.duration_s(0, 1) - d / 10.0).abs() < 1e-9);
        assert_eq!(c.distance_m(0, 0), 0.0);
        assert_eq!(c.distance_m(0, 5), f64::INFINITY);
    }

    #[test]
    fn matrix_copies_cost_and_rejects_bad_shapes() {
        let pts = vec![LonLat::new(120.0, 31.0), LonLat::new(120.1, 31.0)];
        let s = StraightLine::new(pts, 30.0);
        let m = CostMatrix::from_cost(&s);
        assert_eq!(m.len(), 2);
        assert_eq!(m.distance_m(1, 0), s.distance_m(1, 0));
        assert!(CostMatrix::new(2, vec![0.0; 3], vec![0.0; 4]).is_none());
        assert_eq!(m.duration_s(2, 0), f64::INFINITY);
    }
}
