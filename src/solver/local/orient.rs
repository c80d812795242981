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
