//! 2-opt* (Potvin & Rousseau 1995, "An exchange heuristic for routeing problems with time
//! windows", JORS 46(12)): exchange the tails of two routes so that a task is followed by its
//! neighbour (or preceded by it). Tails keep their direction, so time windows are respected
//! far more often than with a plain 2-opt between routes.

use super::{apply_change, exact_gain, improves, Change, Scratch};
use crate::solver::instance::{Instance, NONE};
use crate::solver::route::Route;
use crate::solver::state::State;

/// Cut route `a` after position `ci` and route `b` after `cj`, and swap the tails.
#[derive(Debug, Clone, Copy)]
pub(super) struct TwoOptStar {
    a: usize,
    ci: usize,
    b: usize,
    cj: usize,
}

/// Proxy cost of the edges from position `c` of `from` into the tail that starts at `tail`
/// (positions `t..` of `to_tail`'s route, ending at `end`, the end depot of `from`).
fn junction(inst: &Instance, k: usize, from: &Route, c: usize, tail: &Route, t: usize) -> f64 {
    let end = *from.nodes.last().unwrap_or(&0);
    let last_task = tail.nodes.len() - 2;
    if t <= last_task {
        inst.cost(k, from.nodes[c], tail.nodes[t]) + inst.cost(k, tail.nodes[last_task], end)
    } else {
        inst.cost(k, from.nodes[c], end)
    }
}

impl TwoOptStar {
    fn gain(&self, inst: &Instance, state: &State) -> f64 {
        let (ra, rb) = (&state.routes[self.a], &state.routes[self.b]);
        let ka = inst.vehicles[ra.vehicle].kind;
        let kb = inst.vehicles[rb.vehicle].kind;
        let old = junction(inst, ka, ra, self.ci, ra, self.ci + 1)
            + junction(inst, kb, rb, self.cj, rb, self.cj + 1);
        let new = junction(inst, ka, ra, self.ci, rb, self.cj + 1)
            + junction(inst, kb, rb, self.cj, ra, self.ci + 1);
        let mut fixed = 0.0;
        // a route left without tasks saves its fixed cost
        if self.ci == 0 && self.cj + 1 > rb.nodes.len() - 2 {
            fixed += inst.vehicles[ra.vehicle].fixed_cost;
        }
        if self.cj == 0 && self.ci + 1 > ra.nodes.len() - 2 {
            fixed += inst.vehicles[rb.vehicle].fixed_cost;
        }
        old - new + fixed
    }

    /// Tails must hold no pinned task and be allowed on their new vehicle.
    fn movable(&self, inst: &Instance, state: &State) -> bool {
        let (ra, rb) = (&state.routes[self.a], &state.routes[self.b]);
        let (na, nb) = (ra.nodes.len(), rb.nodes.len());
        if ra.has_pinned(self.ci + 1, na - 2) || rb.has_pinned(self.cj + 1, nb - 2) {
            return false;
        }
        if inst.all_compatible {
            return true;
        }
        let ok = |r: &Route, from: usize, v: usize| {
            r.nodes[from..r.nodes.len() - 1]
                .iter()
                .all(|&n| inst.task_of(n).is_none_or(|t| inst.compatible(t, v)))
        };
        ok(ra, self.ci + 1, rb.vehicle) && ok(rb, self.cj + 1, ra.vehicle)
    }

    fn is_valid(&self, inst: &Instance, state: &State, s: &mut Scratch) -> Option<(Change, f64)> {
        let (ra, rb) = (&state.routes[self.a], &state.routes[self.b]);
        let (na, nb) = (ra.nodes.len(), rb.nodes.len());
        s.a.clear();
        s.a.extend_from_slice(&ra.nodes[..=self.ci]);
        s.a.extend_from_slice(&rb.nodes[self.cj + 1..nb - 1]);
        s.a.push(ra.nodes[na - 1]);
        s.b.clear();
        s.b.extend_from_slice(&rb.nodes[..=self.cj]);
        s.b.extend_from_slice(&ra.nodes[self.ci + 1..na - 1]);
        s.b.push(rb.nodes[nb - 1]);
        let ch = Change {
            route_a: self.a,
            route_b: Some(self.b),
        };
        exact_gain(inst, state, ch, s).map(|g| (ch, g))
    }
}

/// Tries the tail exchanges that make task `u` adjacent to a neighbour in another route.
pub(super) fn improve(inst: &Instance, state: &mut State, u: usize, s: &mut Scratch) -> bool {
    let a = state.route_of[u] as usize;
    let i = state.pos_of[u] as usize;
    for &w in &inst.neighbours[u] {
        let w = w as usize;
        let b = state.route_of[w];
        if b == NONE || b as usize == a {
            continue;
        }
        let b = b as usize;
        let j = state.pos_of[w] as usize;
        // u → w, then w → u
        for (ci, cj) in [(i, j - 1), (i - 1, j)] {
            let mv = TwoOptStar { a, ci, b, cj };
            if !improves(mv.gain(inst, state), state) || !mv.movable(inst, state) {
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
