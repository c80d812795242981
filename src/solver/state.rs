//! A working solution: one route per vehicle, where each task is, what is left out, and the
//! lexicographic cost.

use std::cmp::Ordering;

use super::instance::{Instance, NONE};
use super::route::Route;

/// Relative tolerance when comparing prize sums.
const PRIZE_EPS: f64 = 1e-9;

/// Lexicographic cost: unserved required tasks, then lost prize, then travel cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Cost {
    pub unserved_required: u32,
    pub lost_prize: f64,
    pub travel: f64,
}

impl Cost {
    /// Compares the first two tiers (required tasks, prize); `Equal` when they tie.
    pub fn tier_cmp(&self, other: &Cost) -> Ordering {
        match self.unserved_required.cmp(&other.unserved_required) {
            Ordering::Equal => {}
            o => return o,
        }
        let eps = PRIZE_EPS * self.lost_prize.abs().max(other.lost_prize.abs()).max(1.0);
        if self.lost_prize < other.lost_prize - eps {
            Ordering::Less
        } else if self.lost_prize > other.lost_prize + eps {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    }

    /// Strictly better by more than `eps` in travel cost (or better in an earlier tier).
    pub fn better_than(&self, other: &Cost, eps: f64) -> bool {
        match self.tier_cmp(other) {
            Ordering::Less => true,
            Ordering::Greater => false,
            Ordering::Equal => self.travel < other.travel - eps,
        }
    }

    /// A single number for progress reports: travel cost (tiers are reported separately).
    pub fn scalar(&self) -> f64 {
        self.travel
    }
}

/// Routes of all vehicles plus bookkeeping.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub routes: Vec<Route>,
    /// Route of each task (`NONE`: unassigned).
    pub route_of: Vec<u32>,
    /// Position of each task in its route's node list.
    pub pos_of: Vec<u32>,
    /// Unassigned tasks, ascending.
    pub unassigned: Vec<u32>,
    pub cost: Cost,
}

impl State {
    /// Every vehicle unused, every task unassigned.
    pub fn empty(inst: &Instance) -> Self {
        let mut s = State {
            routes: (0..inst.n_vehicles())
                .map(|v| Route::empty(inst, v))
                .collect(),
            route_of: vec![NONE; inst.n_tasks],
            pos_of: vec![NONE; inst.n_tasks],
            unassigned: (0..inst.n_tasks as u32).collect(),
            cost: Cost {
                unserved_required: 0,
                lost_prize: 0.0,
                travel: 0.0,
            },
        };
        s.recompute_cost(inst);
        s
    }

    /// Copies `other` into `self`, reusing allocations.
    pub fn copy_from(&mut self, other: &State) {
        self.routes.truncate(other.routes.len());
        for (mine, theirs) in self.routes.iter_mut().zip(&other.routes) {
            mine.copy_from(theirs);
        }
        for r in other.routes.iter().skip(self.routes.len()) {
            self.routes.push(r.clone());
        }
        self.route_of.clone_from(&other.route_of);
        self.pos_of.clone_from(&other.pos_of);
        self.unassigned.clone_from(&other.unassigned);
        self.cost = other.cost;
    }

    /// Recomputes route `r`'s caches and the positions of its tasks.
    pub fn refresh(&mut self, inst: &Instance, r: usize) {
        let route = &mut self.routes[r];
        route.update(inst);
        let n = route.nodes.len();
        for (i, &node) in route.nodes.iter().enumerate().take(n - 1).skip(1) {
            let t = node as usize / 2;
            self.route_of[t] = r as u32;
            self.pos_of[t] = i as u32;
        }
    }

    /// Marks task `t` as unassigned (after removing it from its route's node list).
    pub fn mark_unassigned(&mut self, t: usize) {
        self.route_of[t] = NONE;
        self.pos_of[t] = NONE;
    }

    /// Rebuilds the unassigned list and the cost from the routes.
    pub fn recompute_cost(&mut self, inst: &Instance) {
        self.unassigned.clear();
        let mut unserved_required = 0u32;
        let mut lost_prize = 0.0;
        for t in 0..inst.n_tasks {
            if self.route_of[t] == NONE {
                self.unassigned.push(t as u32);
                if inst.required[t] {
                    unserved_required += 1;
                } else {
                    lost_prize += inst.prize[t];
                }
            }
        }
        let travel = self.routes.iter().map(|r| r.cost).sum();
        self.cost = Cost {
            unserved_required,
            lost_prize,
            travel,
        };
    }

    /// Number of tasks in routes.
    pub fn served(&self) -> usize {
        self.route_of.iter().filter(|&&r| r != NONE).count()
    }

    /// Number of non-empty routes.
    pub fn used_routes(&self) -> usize {
        self.routes.iter().filter(|r| !r.is_empty()).count()
    }
}
