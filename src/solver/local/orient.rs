//! Best service directions of a route's arcs by dynamic programming (Vidal 2017, "Node, edge,
//! arc routing and turn penalties: multiple problems — one neighborhood extension", Operations
//! Research 65(4)): with the task order fixed, each two-way arc may be served either way, and the
//! cheapest choice is a shortest path through one layer per task with two states (forward,
//! reversed). O(route length); the exact evaluation then checks windows and limits.

use super::{apply_change, exact_gain, improves, Change, Scratch};
use crate::solver::instance::Instance;
use crate::solver::state::State;

/// Re-orients the arcs of route `r` optimally (by the proxy cost); applies when the exact cost
/// falls.
pub(super) fn improve(inst: &Instance, state: &mut State, r: usize, s: &mut Scratch) -> bool {
    let route = &state.routes[r];
    let nodes = &route.nodes;
    let n = nodes.len();
    let two_way = |x: u32| inst.task_of(x).is_some() && inst.flip[x as usize] == (x ^ 1);
    if n < 3 || !nodes.iter().any(|&x| two_way(x)) {
        return false;
    }
    let k = inst.vehicles[route.vehicle].kind;
    let serve = &inst.kinds[k].serve_cost;
    // layer i: the states (node, cost, back-pointer into layer i − 1)
    let mut layers: Vec<[(u32, f64, u8); 2]> = Vec::with_capacity(n);
    layers.push([(nodes[0], 0.0, 0), (nodes[0], f64::INFINITY, 0)]);
    for &x in &nodes[1..] {
        let options = if two_way(x) { [x & !1, x | 1] } else { [x, x] };
        let prev = layers[layers.len() - 1];
        let mut layer = [(0u32, f64::INFINITY, 0u8); 2];
        for (o, &node) in options.iter().enumerate() {
            if o == 1 && !two_way(x) {
                break;
            }
            let mut best = (node, f64::INFINITY, 0u8);
            for (p, &(pn, pc, _)) in prev.iter().enumerate() {
                let c = pc + inst.cost(k, pn, node) + serve[node as usize];
                if c < best.1 {
                    best = (node, c, p as u8);
                }
            }
            layer[o] = best;
        }
        layers.push(layer);
    }
    // walk back
    let last = layers[n - 1];
    let mut o = usize::from(last[1].1 < last[0].1);
    s.a.clear();
    s.a.resize(n, 0);
    for i in (0..n).rev() {
        let (node, _, back) = layers[i][o];
        s.a[i] = node;
        o = back as usize;
    }
    if s.a == state.routes[r].nodes {
        return false;
    }
    let ch = Change {
        route_a: r,
        route_b: None,
    };
    match exact_gain(inst, state, ch, s) {
        Some(g) if improves(g, state) => {
            apply_change(inst, state, ch, s);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::formats::{GraphCost, GraphEdge};
    use crate::solver::local::eval_route;
    use crate::solver::model::{Problem, Task, Vehicle};

    #[test]
    fn directions_match_brute_force() {
        let mut x: u64 = 99;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for case in 0..200 {
            let n = 4 + next(6) as usize;
            let mut edges = Vec::new();
            for i in 0..2 * n {
                let (u, v) = if i < n {
                    (i, (i + 1) % n)
                } else {
                    (next(n as u64) as usize, next(n as u64) as usize)
                };
                edges.push(GraphEdge {
                    u,
                    v,
                    cost: 1.0 + next(9) as f64,
                    one_way: false,
                });
            }
            let k = 1 + next(6) as usize;
            let tasks: Vec<Task> = (0..k)
                .map(|_| {
                    let (u, v) = (next(n as u64) as usize, next(n as u64) as usize);
                    Task::arc(u, v, 3.0, 3.0, next(4) == 0)
                })
                .collect();
            let problem = Problem::new(
                Arc::new(GraphCost::new(n, &edges)),
                tasks,
                vec![Vehicle::new(0)],
            );
            let inst = Instance::new(&problem);
            let mut state = State::empty(&inst);
            let (s0, e0) = (inst.vehicles[0].start_node, inst.vehicles[0].end_node);
            let nodes: Vec<u32> = std::iter::once(s0)
                .chain((0..k as u32).map(|t| 2 * t))
                .chain(std::iter::once(e0))
                .collect();
            state.routes[0].nodes = nodes.clone();
            state.refresh(&inst, 0);
            state.recompute_cost(&inst);
            let mut s = Scratch::default();
            improve(&inst, &mut state, 0, &mut s);
            let got = eval_route(&inst, 0, &state.routes[0].nodes).unwrap_or(f64::INFINITY);
            // brute force over every allowed choice of directions
            let mut best = f64::INFINITY;
            for mask in 0u32..1 << k {
                let mut cand = nodes.clone();
                let mut ok = true;
                for t in 0..k {
                    if mask >> t & 1 == 1 {
                        let r = 2 * t as u32 + 1;
                        ok &= inst.node_ok[r as usize];
                        cand[t + 1] = r;
                    }
                }
                if ok {
                    best = best.min(eval_route(&inst, 0, &cand).unwrap_or(f64::INFINITY));
                }
            }
            assert!(
                (got - best).abs() < 1e-9,
                "case {case}: DP {got}, brute force {best}, {problem:?}"
            );
        }
    }
}
