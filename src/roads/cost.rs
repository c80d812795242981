//! [`RoadCost`]: road-network travel costs between a list of stops, implementing the
//! solver's [`TravelCost`] trait (the solver never sees the graph). Built from one
//! time-metric matrix: `duration_s` is the fastest route's time and `distance_m` that same
//! route's length. When no graph is loaded, [`crate::model::StraightLine`] (haversine × the
//! documented detour factor) implements the same trait.

use crate::model::{CostMatrix, LonLat, TravelCost};
use crate::roads::network::{PointSnap, RoadNetwork};
use crate::roads::snap::SnapOptions;
use crate::roads::weight::Metric;

/// Road travel costs between stops, with what happened to each stop.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadCost {
    matrix: CostMatrix,
    snapped: Vec<PointSnap>,
}

impl RoadCost {
    /// Snaps the stops and computes the fastest-route matrix between them. Unsnappable or
    /// unreachable pairs cost `f64::INFINITY`.
    pub fn new(network: &RoadNetwork, stops: &[LonLat], opts: &SnapOptions) -> RoadCost {
        let m = network.matrix(stops, Metric::Time, opts);
        let n = stops.len();
        let flat = |rows: &Vec<Vec<Option<f64>>>| -> Vec<f64> {
            rows.iter()
                .flat_map(|r| r.iter().map(|v| v.unwrap_or(f64::INFINITY)))
                .collect()
        };
        let mut durations = flat(&m.durations_s);
        let mut distances = flat(&m.distances_m);
        // staying put costs nothing, even at a stop that could not be snapped
        for i in 0..n {
            if let Some(d) = durations.get_mut(i * n + i) {
                *d = 0.0;
            }
            if let Some(d) = distances.get_mut(i * n + i) {
                *d = 0.0;
            }
        }
        let matrix = CostMatrix::new(n, durations, distances)
            .unwrap_or_else(|| CostMatrix::from_cost(&Unreachable(n)));
        RoadCost {
            matrix,
            snapped: m.snapped,
        }
    }

    /// Per stop: where it was snapped, and any problem (`E_SNAP_*`, `W_ROAD_UNREACHABLE`).
    pub fn snapped(&self) -> &[PointSnap] {
        &self.snapped
    }

    /// The dense matrices.
    pub fn matrix(&self) -> &CostMatrix {
        &self.matrix
    }

    /// Whether every stop was snapped and can reach every other.
    pub fn all_reachable(&self) -> bool {
        self.snapped.iter().all(|s| s.problem.is_none())
    }

    /// The matrices with every pair the roads cannot answer (a stop too far from any road of
    /// the network, or cut off from it) taken from `fallback` instead — for work that must go on
    /// where the network has no road (a fire in a field far from the loaded main roads). Returns
    /// the matrix and how many stops have a problem (and so fall back for their pairs).
    pub fn or_estimate(&self, fallback: &dyn TravelCost) -> (CostMatrix, usize) {
        let n = self.matrix.len();
        let mut durations = Vec::with_capacity(n * n);
        let mut distances = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                let (t, d) = (self.matrix.duration_s(i, j), self.matrix.distance_m(i, j));
                if t.is_finite() && d.is_finite() {
                    durations.push(t);
                    distances.push(d);
                } else {
                    durations.push(fallback.duration_s(i, j));
                    distances.push(fallback.distance_m(i, j));
                }
            }
        }
        let problems = self.snapped.iter().filter(|s| s.problem.is_some()).count();
        let matrix = CostMatrix::new(n, durations, distances)
            .unwrap_or_else(|| CostMatrix::from_cost(&Unreachable(n)));
        (matrix, problems)
    }
}

impl TravelCost for RoadCost {
    fn len(&self) -> usize {
        self.matrix.len()
    }

    fn duration_s(&self, from: usize, to: usize) -> f64 {
        self.matrix.duration_s(from, to)
    }

    fn distance_m(&self, from: usize, to: usize) -> f64 {
        self.matrix.distance_m(from, to)
    }
}

struct Unreachable(usize);

impl TravelCost for Unreachable {
    fn len(&self) -> usize {
        self.0
    }
    fn duration_s(&self, from: usize, to: usize) -> f64 {
        if from == to {
            0.0
        } else {
            f64::INFINITY
        }
    }
    fn distance_m(&self, from: usize, to: usize) -> f64 {
        self.duration_s(from, to)
    }
}
