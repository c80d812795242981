//! Relocate: move one task next to one of its neighbours (in any route, either orientation),
//! or into an unused vehicle.

use super::{apply_change, exact_gain, improves, through, Change, Scratch};
use crate::solver::instance::{Instance, NONE};
use crate::solver::state::State;

/// A relocation of `task` to after position `after` of route `to` as node `node`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Relocate {
    task: usize,
    to: usize,
    after: usize,
    node: u32,
}

impl Relocate {
    /// Proxy cost decrease given the removal gain of the task from its route.
    fn gain(&self, inst: &Instance, state: &State, removal_gain: f64) -> f64 {
        let rb = &state.routes[self.to];
        let k = inst.vehicles[rb.vehicle].kind;
        let (q, q2) = (rb.nodes[self.after], rb.nodes[self.after + 1]);
        let fixed = if rb.is_empty() {
            inst.vehicles[rb.vehicle].fixed_cost
        } else {
            0.0
        };
        removal_gain - (through(inst, k, q, self.node, q2) - inst.cost(k, q, q2) + fixed)
    }

    /// Builds the new sequences and returns the exact gain when feasible.
    fn is_valid(&self, inst: &Instance, state: &State, s: &mut Scratch) -> Option<(Change, f64)> {
        let ra = state.route_of[self.task] as usize;
        let i = state.pos_of[self.task] as usize;
        s.a.clone_from(&state.routes[ra].nodes);
        s.a.remove(i);
        let ch = if ra == self.to {
            let at = if self.after + 1 > i {
                self.after
            } else {
                self.after + 1
            };
            s.a.insert(at, self.node);
            Change {
                route_a: ra,
                route_b: None,
            }
        } else {
            s.b.clone_from(&state.routes[self.to].nodes);
            s.b.insert(self.after + 1, self.node);
            Change {
                route_a: ra,
                route_b: Some(self.to),
            }
        };
        exact_gain(inst, state, ch, s).map(|g| (ch, g))
    }

    fn apply(&self, inst: &Instance, state: &mut State, ch: Change, s: &Scratch) {
        apply_change(inst, state, ch, s);
    }
}

/// Tries to relocate task `u`; applies the first improving move.
pub(super) fn improve(inst: &Instance, state: &mut State, u: usize, s: &mut Scratch) -> bool {
    let ra = state.route_of[u] as usize;
    let i = state.pos_of[u] as usize;
    let removal_gain = {
        let r = &state.routes[ra];
        let k = inst.vehicles[r.vehicle].kind;
        let (p, x, n) = (r.nodes[i - 1], r.nodes[i], r.nodes[i + 1]);
        let fixed = if r.len() == 1 {
            inst.vehicles[r.vehicle].fixed_cost
        } else {
            0.0
        };
        through(inst, k, p, x, n) - inst.cost(k, p, n) + fixed
    };
    let try_move = |state: &mut State, mv: Relocate, s: &mut Scratch| -> bool {
        if !improves(mv.gain(inst, state, removal_gain), state) {
            return false;
        }
        match mv.is_valid(inst, state, s) {
            Some((ch, g)) if improves(g, state) => {
                mv.apply(inst, state, ch, s);
                true
            }
            _ => false,
        }
    };
    for &w in &inst.neighbours[u] {
        let w = w as usize;
        let rb = state.route_of[w];
        if rb == NONE || !inst.compatible(u, state.routes[rb as usize].vehicle) {
            continue;
        }
        let rb = rb as usize;
        let j = state.pos_of[w] as usize;
        for after in [j - 1, j] {
            if rb == ra && (after == i || after + 1 == i) {
                continue;
            }
            for node in [2 * u as u32, 2 * u as u32 + 1] {
                if !inst.node_ok[node as usize] {
                    continue;
                }
                let mv = Relocate {
                    task: u,
                    to: rb,
                    after,
                    node,
                };
                if try_move(state, mv, s) {
                    return true;
                }
            }
        }
    }
    // an unused vehicle of each class
    let mut seen: Vec<u32> = Vec::new();
    for rb in 0..state.routes.len() {
        let r = &state.routes[rb];
        let class = inst.vehicles[r.vehicle].class;
        if !r.is_empty() || seen.contains(&class) || !inst.compatible(u, r.vehicle) {
            continue;
        }
        seen.push(class);
        for node in [2 * u as u32, 2 * u as u32 + 1] {
            if inst.node_ok[node as usize] {
                let mv = Relocate {
                    task: u,
                    to: rb,
                    after: 0,
                    node,
                };
                if try_move(state, mv, s) {
                    return true;
                }
            }
        }
    }
    false
}
