//! Local search on a complete solution: relocate, swap, 2-opt (intra-route), 2-opt* (inter-route,
//! Potvin & Rousseau 1995, "An exchange heuristic for routeing problems with time windows",
//! JORS 46(12)) and or-opt (Or 1976: moving strings of 2–3 tasks, possibly reversed), and for
//! routes with two-way arcs the best service directions by dynamic programming ([`orient`]).
//!
//! Every operator shares one shape: `gain()` is an O(1) proxy of the cost decrease from the
//! edges that change (exact for distance objectives); only a move with a positive proxy is
//! built and `is_valid()`-checked by [`eval_route`], a full O(n) evaluation of the new routes
//! (windows, shift, capacity, maximum distance and duration) that also gives their exact cost;
//! `apply()` writes the routes. A move is applied only when the exact cost falls. Candidates come
//! from the neighbour lists (first improvement), passes repeat until nothing improves.

mod or_opt;
mod orient;
mod relocate;
mod swap;
mod two_opt;
mod two_opt_star;

use super::instance::{weighted, Instance};
use super::state::State;

/// Smallest cost decrease that counts as an improvement (relative to the route costs).
const EPS: f64 = 1e-9;
/// Upper bound on passes, a guard against cycling through equal-cost states.
const MAX_PASSES: usize = 50;

/// Scratch buffers for the new node sequences of at most two routes.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub a: Vec<u32>,
    pub b: Vec<u32>,
}

/// A candidate move: new node sequences for one or two routes, and their exact cost change.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Change {
    pub route_a: usize,
    /// Second route, or `None` for an intra-route move (then only `Scratch::a` is used).
    pub route_b: Option<usize>,
}

/// Exact cost of route `vehicle` with node sequence `nodes` (`[start, …, end]`), or `None` when
/// it is infeasible.
pub(crate) fn eval_route(inst: &Instance, vehicle: usize, nodes: &[u32]) -> Option<f64> {
    let veh = &inst.vehicles[vehicle];
    let n = nodes.len();
    if n <= 2 {
        return Some(0.0);
    }
    let k = veh.kind;
    let kind = &inst.kinds[k];
    let mut t = veh.shift_start;
    let mut dist = 0.0;
    let mut load = [0i64; 8];
    let mut big_load = if inst.dims > load.len() {
        vec![0i64; inst.dims]
    } else {
        Vec::new()
    };
    for j in 1..n {
        let (a, b) = (nodes[j - 1], nodes[j]);
        let arr = t + kind.service[a as usize] + inst.time(k, a, b);
        t = match inst.earliest_start(b, arr) {
            Some(s) if arr.is_finite() => s,
            _ => return None,
        };
        dist += inst.serve_m[a as usize] + inst.dist(k, a, b);
        if let Some(task) = inst.task_of(b) {
            let l: &mut [i64] = if big_load.is_empty() {
                &mut load[..inst.dims]
            } else {
                &mut big_load
            };
            for ((l, &d), &c) in l.iter_mut().zip(inst.demand(task)).zip(&veh.capacity) {
                *l += d;
                if *l > c {
                    return None;
                }
            }
        }
    }
    if !(t <= veh.shift_end) || !(dist <= veh.max_distance) {
        return None;
    }
    let mut l = t;
    for j in (1..n - 1).rev() {
        let a = nodes[j];
        let bound = l - inst.time(k, a, nodes[j + 1]) - kind.service[a as usize];
        l = inst.latest_start(a, bound)?;
    }
    let depart = (l - inst.time(k, nodes[0], nodes[1])).max(veh.shift_start);
    let duration = t - depart;
    if !(duration <= veh.max_duration) {
        return None;
    }
    Some(weighted(inst.objective, dist, duration) + veh.fixed_cost)
}

/// Exact cost decrease of a change built in `scratch`, or `None` when infeasible.
pub(crate) fn exact_gain(inst: &Instance, state: &State, ch: Change, s: &Scratch) -> Option<f64> {
    let ra = &state.routes[ch.route_a];
    let mut old = ra.cost;
    let mut new = eval_route(inst, ra.vehicle, &s.a)?;
    if let Some(b) = ch.route_b {
        let rb = &state.routes[b];
        old += rb.cost;
        new += eval_route(inst, rb.vehicle, &s.b)?;
    }
    Some(old - new)
}

/// True when a gain is an improvement worth applying.
pub(crate) fn improves(gain: f64, state: &State) -> bool {
    gain > EPS * state.cost.travel.abs().max(1.0)
}

/// Writes the change into the state and refreshes the routes.
pub(crate) fn apply_change(inst: &Instance, state: &mut State, ch: Change, s: &Scratch) {
    state.routes[ch.route_a].nodes.clone_from(&s.a);
    state.refresh(inst, ch.route_a);
    if let Some(b) = ch.route_b {
        state.routes[b].nodes.clone_from(&s.b);
        state.refresh(inst, b);
    }
}

/// Proxy cost of serving `node` on a vehicle of kind `k`, plus the edges in and out.
#[inline]
pub(crate) fn through(inst: &Instance, k: usize, a: u32, node: u32, b: u32) -> f64 {
    inst.cost(k, a, node) + inst.cost(k, node, b) + inst.kinds[k].serve_cost[node as usize]
}

/// Runs the operators until no move improves; recomputes the state's cost.
pub(crate) fn local_search(inst: &Instance, state: &mut State) {
    let mut s = Scratch::default();
    for _ in 0..MAX_PASSES {
        let mut improved = false;
        for u in 0..inst.n_tasks {
            if state.route_of[u] == super::instance::NONE || inst.pinned[u] {
                continue;
            }
            improved |= relocate::improve(inst, state, u, &mut s);
            improved |= swap::improve(inst, state, u, &mut s);
            improved |= two_opt_star::improve(inst, state, u, &mut s);
            improved |= or_opt::improve(inst, state, u, &mut s);
            improved |= two_opt::improve(inst, state, u, &mut s);
        }
        for r in 0..state.routes.len() {
            improved |= orient::improve(inst, state, r, &mut s);
        }
        if !improved {
            break;
        }
    }
    state.recompute_cost(inst);
}
