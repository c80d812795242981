//! The pure-TSP engine: one vehicle returning to its start, no binding window, capacity or
//! limit, a symmetric cost. It is a special case of the general problem, solved by iterated
//! local search (Lourenço, Martin & Stützle 2003, "Iterated local search"): 2-opt and Or-opt
//! with neighbour lists and a queue of active nodes (don't-look bits, Bentley 1992) on an array
//! tour, perturbed by double-bridge kicks on short segments (Martin, Otto & Felten 1991) so
//! that each kick only re-optimises its neighbourhood; a kick that makes the tour longer is
//! undone from the journal of reversals.

mod kick;
mod or_opt;
mod tour;
mod two_opt;

use super::instance::Instance;
use super::model::{Problem, TaskKind};
use super::rng::Rng;
use super::state::State;
use tour::Tour;

/// Neighbours per node.
const K: usize = 10;

/// Dense symmetric distances over the tour nodes (0 = depot, `t + 1` = task `t`) and
/// neighbour lists.
#[derive(Debug, Clone)]
pub(super) struct Dist {
    m: usize,
    d: Vec<f64>,
    neigh: Vec<u32>,
}

impl Dist {
    #[inline]
    pub fn at(&self, a: u32, b: u32) -> f64 {
        self.d[a as usize * self.m + b as usize]
    }

    #[inline]
    pub fn neighbours(&self, a: u32) -> &[u32] {
        let k = K.min(self.m - 1);
        &self.neigh[a as usize * k..(a as usize + 1) * k]
    }
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

/// Iterated local search state.
#[derive(Debug, Clone)]
pub(crate) struct TspEngine {
    dist: Dist,
    tour: Tour,
    len: f64,
    best: Vec<u32>,
    best_len: f64,
    queue: Vec<u32>,
    queued: Vec<bool>,
    eps: f64,
    /// Serving cost of all tasks (constant), so that costs match the general evaluation.
    serve_cost: f64,
    fixed_cost: f64,
}

impl TspEngine {
    /// Builds distances and neighbour lists, a nearest-neighbour tour, and optimises it locally.
    pub fn new(inst: &Instance) -> Self {
        let n = inst.n_tasks;
        let m = n + 1;
        let veh = &inst.vehicles[0];
        let k = veh.kind;
        let node = |i: usize| {
            if i == 0 {
                veh.start_node
            } else {
                2 * (i as u32 - 1)
            }
        };
        let mut d = Vec::with_capacity(m * m);
        for i in 0..m {
            for j in 0..m {
                d.push(inst.cost(k, node(i), node(j)));
            }
        }
        let kk = K.min(m - 1);
        let mut neigh = Vec::with_capacity(m * kk);
        let mut cand: Vec<(f64, u32)> = Vec::with_capacity(m);
        for i in 0..m {
            cand.clear();
            cand.extend((0..m).filter(|&j| j != i).map(|j| (d[i * m + j], j as u32)));
            let by = |x: &(f64, u32), y: &(f64, u32)| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1));
            cand.select_nth_unstable_by(kk - 1, by);
            cand.truncate(kk);
            cand.sort_unstable_by(by);
            neigh.extend(cand.iter().map(|c| c.1));
        }
        let dist = Dist { m, d, neigh };
        // nearest-neighbour tour from the depot
        let mut order = Vec::with_capacity(m);
        let mut used = vec![false; m];
        let mut cur = 0usize;
        used[0] = true;
        order.push(0u32);
        for _ in 1..m {
            let mut best = usize::MAX;
            for (j, &done) in used.iter().enumerate() {
                if !done && (best == usize::MAX || dist.d[cur * m + j] < dist.d[cur * m + best]) {
                    best = j;
                }
            }
            used[best] = true;
            order.push(best as u32);
            cur = best;
        }
        let serve_cost = (0..n).map(|t| inst.kinds[k].serve_cost[2 * t]).sum();
        let mut e = TspEngine {
            tour: Tour::new(order),
            len: 0.0,
            best: Vec::new(),
            best_len: 0.0,
            queue: (0..m as u32).rev().collect(),
            queued: vec![true; m],
            eps: 0.0,
            serve_cost,
            fixed_cost: veh.fixed_cost,
            dist,
        };
        e.len = e.tour_length();
        e.eps = 1e-10 * e.len.abs().max(1.0);
        e.local_search();
        e.tour.commit();
        e.len = e.tour_length();
        e.best = e.tour.order.clone();
        e.best_len = e.len;
        e
    }

    fn tour_length(&self) -> f64 {
        let o = &self.tour.order;
        let m = o.len();
        (0..m).map(|i| self.dist.at(o[i], o[(i + 1) % m])).sum()
    }

    fn push(&mut self, a: u32) {
        if !self.queued[a as usize] {
            self.queued[a as usize] = true;
            self.queue.push(a);
        }
    }

    /// Improves until no node in the queue has an improving move.
    fn local_search(&mut self) {
        while let Some(a) = self.queue.pop() {
            self.queued[a as usize] = false;
            if let Some((g, touched)) = two_opt::improve(&self.dist, &mut self.tour, a, self.eps) {
                self.len -= g;
                for x in touched {
                    self.push(x);
                }
                continue;
            }
            if let Some((g, touched)) = or_opt::improve(&self.dist, &mut self.tour, a, self.eps) {
                self.len -= g;
                for x in touched {
                    self.push(x);
                }
            }
        }
    }

    /// One kick and local search; keeps the result when it is not longer. True on a new best.
    pub fn iterate(&mut self, rng: &mut Rng) -> bool {
        let before = self.len;
        let Some((delta, touched)) = kick::double_bridge(&self.dist, &mut self.tour, rng) else {
            return false;
        };
        self.len += delta;
        for x in touched {
            self.push(x);
        }
        self.local_search();
        if self.len <= before + self.eps {
            self.tour.commit();
            if self.len < self.best_len - self.eps {
                self.len = self.tour_length();
                self.best.clone_from(&self.tour.order);
                self.best_len = self.len;
                return true;
            }
        } else {
            self.tour.rollback();
            self.len = before;
        }
        false
    }

    /// Objective cost of the best tour (as the general evaluation computes it).
    pub fn best_cost(&self) -> f64 {
        self.best_len + self.serve_cost + self.fixed_cost
    }

    /// The best tour as a search state.
    pub fn best_state(&self, inst: &Instance) -> State {
        let mut state = State::empty(inst);
        let m = self.best.len();
        let start = self.best.iter().position(|&x| x == 0).unwrap_or(0);
        let route = &mut state.routes[0];
        let end = route.nodes.len() - 1;
        let tasks = (1..m).map(|k| 2 * (self.best[(start + k) % m] - 1));
        route.nodes.splice(end..end, tasks);
        state.refresh(inst, 0);
        state.recompute_cost(inst);
        state
    }
}
