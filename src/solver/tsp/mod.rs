//! The pure-TSP engine: chained Lin–Kernighan.
//!
//! A route is a *pure tour* when one vehicle leaves its start and returns to it with no binding
//! window, capacity or limit and a symmetric cost: then the general search's moves are a waste
//! and this engine solves it, in the spirit of Lin–Kernighan–Helsgaun (K. Helsgaun 2000, "An
//! effective implementation of the Lin-Kernighan traveling salesman heuristic", EJOR 126;
//! 2009, "General k-opt submoves for the Lin-Kernighan TSP heuristic", Math. Prog. Comp. 1):
//! - [`cost`]: the symmetric cost the engine sees (a matrix, or a function for large inputs);
//! - [`candidates`] and [`alpha`]: candidate sets, the nearest nodes re-ranked by α-nearness
//!   over 1-trees after Held–Karp subgradient ascent, as LKH does;
//! - [`tour`]: an array tour with O(1) neighbours, reversal of the shorter side and a journal;
//! - [`lk`]: the sequential move, a chain of flips with breadth at the first levels (every
//!   sequential 3-opt move, and 4- and 5-opt within the breadth) and greedy depth after;
//! - [`or_opt`]: Or-opt string moves (Or 1976), the classical baseline, kept for the 3-opt
//!   moves with a losing first step;
//! - [`kick`]: localised double-bridge kicks;
//! - [`engine`]: the chained search that ties them (kick, local re-optimisation around the
//!   kick with don't-look bits, accept when not longer, else undo).
//!
//! [`TourSearch`] is the public face for callers that hold a cost function rather than a
//! [`Problem`] (too many points for the general model's dense matrices: a 10,000-point tour).

mod alpha;
mod candidates;
mod cost;
mod engine;
mod kick;
mod lk;
mod or_opt;
mod tour;

use web_time::Instant;

pub use cost::{FnCost, TourCost};

use super::instance::Instance;
use super::model::{Problem, TaskKind};
use super::state::State;
use candidates::Candidates;
use cost::DenseCost;
use engine::Engine;

/// Nearest nodes considered for the candidate sets before α re-ranking.
const NEAREST: usize = 10;
/// Candidates kept per node.
const CANDIDATES: usize = 6;

/// Candidate sets for `cost`: α-nearness ranked where the dense ascent is affordable, else the
/// nearest nodes.
fn candidate_sets(cost: &impl TourCost) -> Candidates {
    let near = Candidates::nearest(cost, NEAREST);
    alpha::rerank(cost, &near, CANDIDATES).unwrap_or(near)
}

/// True when `problem` is a pure symmetric TSP that this engine solves exactly as the general
/// model would evaluate it.
pub(crate) fn applicable(problem: &Problem, inst: &Instance) -> bool {
    let [veh] = problem.vehicles.as_slice() else {
        return false;
    };
    let n = problem.tasks.len();
    if n < 8 || veh.start.is_none() || veh.start != veh.end || !problem.initial.is_empty() {
        return false;
    }
    let unlimited = veh.shift.end_s == f64::INFINITY
        && veh.max_duration_s == f64::INFINITY
        && veh.max_distance_m == f64::INFINITY;
    let tasks_free = problem.tasks.iter().enumerate().all(|(t, task)| {
        matches!(task.kind, TaskKind::Visit { .. })
            && task.required
            && inst.compatible(t, 0)
            && matches!(task.windows.as_slice(), [w] if w.start_s <= veh.shift.start_s && w.end_s == f64::INFINITY)
    });
    let fits = (0..inst.dims).all(|d| {
        let total: i64 = (0..n)
            .map(|t| inst.demand(t)[d])
            .fold(0i64, |a, b| a.saturating_add(b));
        total <= inst.vehicles[0].capacity[d]
    });
    unlimited && tasks_free && fits && inst.symmetric.first().copied().unwrap_or(false)
}

/// The chained Lin–Kernighan search on a problem that [`applicable`] accepted: node 0 is the
/// depot, node `t + 1` task `t`.
#[derive(Debug, Clone)]
pub(crate) struct TspEngine {
    engine: Engine<DenseCost>,
    /// Serving cost of all tasks (constant), so that costs match the general evaluation.
    serve_cost: f64,
    fixed_cost: f64,
}

impl TspEngine {
    /// Builds the matrix and candidates, a first tour, and optimises it locally.
    pub fn new(inst: &Instance, seed: u64) -> Self {
        let n = inst.n_tasks;
        let veh = &inst.vehicles[0];
        let k = veh.kind;
        let node = |i: usize| {
            if i == 0 {
                veh.start_node
            } else {
                2 * (i as u32 - 1)
            }
        };
        let cost = DenseCost::build(n + 1, |i, j| inst.cost(k, node(i), node(j)));
        let cand = candidate_sets(&cost);
        let serve_cost = (0..n).map(|t| inst.kinds[k].serve_cost[2 * t]).sum();
        TspEngine {
            engine: Engine::new(cost, cand, seed),
            serve_cost,
            fixed_cost: veh.fixed_cost,
        }
    }

    /// One kick and its local search. True on a new best.
    pub fn iterate(&mut self) -> bool {
        self.engine.iterate()
    }

    /// Objective cost of the best tour (as the general evaluation computes it).
    pub fn best_cost(&self) -> f64 {
        self.engine.best_len() + self.serve_cost + self.fixed_cost
    }

    /// The best tour as a search state.
    pub fn best_state(&self, inst: &Instance) -> State {
        let mut state = State::empty(inst);
        let best = self.engine.best_tour();
        let m = best.len();
        let start = best.iter().position(|&x| x == 0).unwrap_or(0);
        let route = &mut state.routes[0];
        let end = route.nodes.len() - 1;
        let tasks = (1..m).map(|k| 2 * (best[(start + k) % m] - 1));
        route.nodes.splice(end..end, tasks);
        state.refresh(inst, 0);
        state.recompute_cost(inst);
        state
    }
}

/// Chained Lin–Kernighan over a cost function: for tours too large for the general model.
///
/// ```
/// use zouhang::solver::tsp::{FnCost, TourSearch};
/// // 12 points on a circle: the optimum visits them in angular order
/// let pts: Vec<(f64, f64)> = (0..12)
///     .map(|i| ((i * 5 % 12) as f64 * 0.5236).sin_cos())
///     .collect();
/// let cost = FnCost::new(pts.len(), |a, b| {
///     let (p, q) = (pts[a as usize], pts[b as usize]);
///     (p.0 - q.0).hypot(p.1 - q.1)
/// });
/// let mut search = TourSearch::new(cost, 1);
/// search.run_iterations(100);
/// let tour = search.best_tour();
/// assert_eq!(tour.len(), 12);
/// assert!((search.best_length() - 12.0 * 2.0 * (0.5236f64 / 2.0).sin()).abs() < 1e-3);
/// ```
#[derive(Debug, Clone)]
pub struct TourSearch<C: TourCost> {
    engine: Engine<C>,
    iterations: u64,
}

impl<C: TourCost> TourSearch<C> {
    /// Candidate sets, a first tour and its local optimum; `seed` fixes every random choice.
    pub fn new(cost: C, seed: u64) -> Self {
        let cand = candidate_sets(&cost);
        TourSearch {
            engine: Engine::new(cost, cand, seed),
            iterations: 0,
        }
    }

    /// As [`TourSearch::new`] for points in the plane whose `cost` grows with their Euclidean
    /// distance: the nearest nodes come from a grid instead of an all-pairs scan (the scan
    /// alone takes seconds at 10,000 points). `points[i]` is node `i`.
    pub fn in_plane(cost: C, points: &[(f64, f64)], seed: u64) -> Self {
        let near = Candidates::nearest_in_plane(points, NEAREST);
        let cand = if points.len() == cost.len() {
            alpha::rerank(&cost, &near, CANDIDATES).unwrap_or(near)
        } else {
            candidate_sets(&cost)
        };
        TourSearch {
            engine: Engine::new(cost, cand, seed),
            iterations: 0,
        }
    }

    /// Runs `n` kicks.
    pub fn run_iterations(&mut self, n: u64) {
        for _ in 0..n {
            self.engine.iterate();
        }
        self.iterations += n;
    }

    /// Runs kicks until `ms` milliseconds have passed since the call.
    pub fn run_for_ms(&mut self, ms: f64) {
        let t = Instant::now();
        while t.elapsed().as_secs_f64() * 1e3 < ms {
            self.run_iterations(16);
        }
    }

    /// Kicks run so far.
    pub fn iterations(&self) -> u64 {
        self.iterations
    }

    /// The best tour: a permutation of the nodes.
    pub fn best_tour(&self) -> &[u32] {
        self.engine.best_tour()
    }

    /// Its length.
    pub fn best_length(&self) -> f64 {
        self.engine.best_len()
    }
}
