//! Swap: exchange a task with one of its neighbours (in another route, or non-adjacent in the
//! same route).

use super::{apply_change, exact_gain, improves, through, Change, Scratch};
use crate::solver::instance::{Instance, NONE};
use crate::solver::state::State;

/// Exchange of tasks `u` and `w`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Swap {
    u: usize,
    w: usize,
}

impl Swap {
    fn places(&self, state: &State) -> (usize, usize, usize, usize) {
        (
            state.route_of[self.u] as usize,
            state.pos_of[self.u] as usize,
            state.route_of[self.w] as usize,
            state.pos_of[self.w] as usize,
        )
    }

    /// Proxy cost decrease from the four (or, in one route, four disjoint) edges that change.
    fn gain(&self, inst: &Instance, state: &State) -> f64 {
        let (ra, i, rb, j) = self.places(state);
        let (a, b) = (&state.routes[ra], &state.routes[rb]);
        let ka = inst.vehicles[a.vehicle].kind;
        let kb = inst.vehicles[b.vehicle].kind;
        let (pa, x, na) = (a.nodes[i - 1], a.nodes[i], a.nodes[i + 1]);
        let (pb, y, nb) = (b.nodes[j - 1], b.nodes[j], b.nodes[j + 1]);
        through(inst, ka, pa, x, na) + through(inst, kb, pb, y, nb)
            - through(inst, ka, pa, y, na)
            - through(inst, kb, pb, x, nb)
    }

    fn is_valid(&self, inst: &Instance, state: &State, s: &mut Scratch) -> Option<(Change, f64)> {
        let (ra, i, rb, j) = self.places(state);
        let x = state.routes[ra].nodes[i];
        let y = state.routes[rb].nodes[j];
        s.a.clone_from(&state.routes[ra].nodes);
        let ch = if ra == rb {
            s.a[i] = y;
            s.a[j] = x;
            Change {
                route_a: ra,
                route_b: None,
            }
        } else {
            s.a[i] = y;
            s.b.clone_from(&state.routes[rb].nodes);
            s.b[j] = x;
            Change {
                route_a: ra,
                route_b: Some(rb),
            }
        };
        exact_gain(inst, state, ch, s).map(|g| (ch, g))
    }
}

/// Tries to swap task `u` with a neighbour; applies the first improving move.
pub(super) fn improve(inst: &Instance, state: &mut State, u: usize, s: &mut Scratch) -> bool {
    for &w in &inst.neighbours[u] {
        let w = w as usize;
        if state.route_of[w] == NONE || inst.pinned[w] {
            continue;
        }
        let mv = Swap { u, w };
        let (ra, i, rb, j) = mv.places(state);
        if ra == rb && i.abs_diff(j) < 2 {
            continue;
        }
        if ra != rb
            && (!inst.compatible(u, state.routes[rb].vehicle)
                || !inst.compatible(w, state.routes[ra].vehicle))
        {
            continue;
        }
        if !improves(mv.gain(inst, state), state) {
            continue;
        }
        if let Some((ch, g)) = mv.is_valid(inst, state, s) {
            if improves(g, state) {
                apply_change(inst, state, ch, s);
                return true;
            }
        }
    }
    false
}
