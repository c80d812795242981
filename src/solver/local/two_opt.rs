//! 2-opt within a route (Croes 1958): reverse the stretch between a task and its neighbour so
//! that they become adjacent. Arcs in the stretch change direction (two-way arcs only).

use super::{apply_change, exact_gain, improves, Change, Scratch};
use crate::solver::instance::{Instance, NONE};
use crate::solver::state::State;

/// Reverse positions `lo..=hi` of route `r`.
#[derive(Debug, Clone, Copy)]
pub(super) struct TwoOpt {
    r: usize,
    lo: usize,
    hi: usize,
}

impl TwoOpt {
    fn gain(&self, inst: &Instance, state: &State) -> f64 {
        let route = &state.routes[self.r];
        let k = inst.vehicles[route.vehicle].kind;
        let nd = &route.nodes;
        // only called on movable stretches: every node has a reversed counterpart
        let f = |x: u32| inst.flip[x as usize];
        let (a, b) = (nd[self.lo - 1], nd[self.hi + 1]);
        let (s, e) = (nd[self.lo], nd[self.hi]);
        let mut g =
            inst.cost(k, a, s) + inst.cost(k, e, b) - inst.cost(k, a, f(e)) - inst.cost(k, f(s), b);
        if !inst.symmetric[k] {
            for w in nd[self.lo..=self.hi].windows(2) {
                g += inst.cost(k, w[0], w[1]) - inst.cost(k, f(w[1]), f(w[0]));
            }
        }
        g
    }

    fn movable(&self, inst: &Instance, state: &State) -> bool {
        let route = &state.routes[self.r];
        let pins = route.pins[self.hi + 1] - route.pins[self.lo];
        pins < 2
            && route.nodes[self.lo..=self.hi]
                .iter()
                .all(|&x| inst.flip[x as usize] != NONE)
    }

    fn is_valid(&self, inst: &Instance, state: &State, s: &mut Scratch) -> Option<(Change, f64)> {
        s.a.clone_from(&state.routes[self.r].nodes);
        s.a[self.lo..=self.hi].reverse();
        for x in &mut s.a[self.lo..=self.hi] {
            *x = inst.flip[*x as usize];
        }
        let ch = Change {
            route_a: self.r,
            route_b: None,
        };
        exact_gain(inst, state, ch, s).map(|g| (ch, g))
    }
}

/// Tries the reversals that make task `u` adjacent to a neighbour in its route.
pub(super) fn improve(inst: &Instance, state: &mut State, u: usize, s: &mut Scratch) -> bool {
    let r = state.route_of[u] as usize;
    let i = state.pos_of[u] as usize;
    for &w in &inst.neighbours[u] {
        let w = w as usize;
        if state.route_of[w] != r as u32 {
            continue;
        }
        let j = state.pos_of[w] as usize;
        let (x, y) = (i.min(j), i.max(j));
        if y - x < 2 {
            continue;
        }
        // edges (x, y) then (x−1 … ) variants: reverse x+1..=y or x..=y−1
        for (lo, hi) in [(x + 1, y), (x, y - 1)] {
            let mv = TwoOpt { r, lo, hi };
            if hi <= lo || !mv.movable(inst, state) || !improves(mv.gain(inst, state), state) {
                continue;
            }
            if let Some((ch, g)) = mv.is_valid(inst, state, s) {
                if improves(g, state) {
                    apply_change(inst, state, ch, s);
                    return true;
                }
            }
        }
    }
    false
}
