//! Or-opt (Or 1976): move a string of 2 or 3 consecutive tasks next to a neighbour of its first
//! task, in the same or another route, keeping or reversing its direction. (Strings of one task
//! are [`super::relocate`].)

use super::{apply_change, exact_gain, improves, Change, Scratch};
use crate::solver::instance::{Instance, NONE};
use crate::solver::state::State;

/// Move positions `i..i + len` of route `from` to after position `after` of route `to`.
#[derive(Debug, Clone, Copy)]
pub(super) struct OrOpt {
    from: usize,
    i: usize,
    len: usize,
    to: usize,
    after: usize,
    reversed: bool,
}

impl OrOpt {
    /// Proxy cost decrease: the three edges removed and added, and the string's inner cost
    /// change when it is reversed on an asymmetric matrix.
    fn gain(&self, inst: &Instance, state: &State) -> f64 {
        let ra = &state.routes[self.from];
        let rb = &state.routes[self.to];
        let ka = inst.vehicles[ra.vehicle].kind;
        let kb = inst.vehicles[rb.vehicle].kind;
        let seg = &ra.nodes[self.i..self.i + self.len];
        let (p, n) = (ra.nodes[self.i - 1], ra.nodes[self.i + self.len]);
        let (s1, sl) = (seg[0], seg[self.len - 1]);
        let removal = inst.cost(ka, p, s1) + inst.cost(ka, sl, n) - inst.cost(ka, p, n);
        let (q, q2) = (rb.nodes[self.after], rb.nodes[self.after + 1]);
        let mut inner = 0.0;
        let insertion = if self.reversed {
            if !inst.symmetric[kb] {
                for w in seg.windows(2) {
                    inner += inst.cost(kb, inst.flip[w[1] as usize], inst.flip[w[0] as usize])
                        - inst.cost(kb, w[0], w[1]);
                }
            }
            inst.cost(kb, q, inst.flip[sl as usize]) + inst.cost(kb, inst.flip[s1 as usize], q2)
        } else {
            inst.cost(kb, q, s1) + inst.cost(kb, sl, q2)
        };
        let fixed_saved = if self.from != self.to && ra.len() == self.len {
            inst.vehicles[ra.vehicle].fixed_cost
        } else {
            0.0
        };
        removal - (insertion - inst.cost(kb, q, q2)) - inner + fixed_saved
    }

    fn is_valid(&self, inst: &Instance, state: &State, s: &mut Scratch) -> Option<(Change, f64)> {
        let ra = &state.routes[self.from];
        let mut seg: [u32; 3] = [0; 3];
        seg[..self.len].copy_from_slice(&ra.nodes[self.i..self.i + self.len]);
        let seg = &mut seg[..self.len];
        if self.reversed {
            seg.reverse();
            for x in seg.iter_mut() {
                *x = inst.flip[*x as usize];
            }
        }
        s.a.clone_from(&ra.nodes);
        s.a.drain(self.i..self.i + self.len);
        let ch = if self.from == self.to {
            let at = if self.after >= self.i {
                self.after + 1 - self.len
            } else {
                self.after + 1
            };
            s.a.splice(at..at, seg.iter().copied());
            Change {
                route_a: self.from,
                route_b: None,
            }
        } else {
            s.b.clone_from(&state.routes[self.to].nodes);
            s.b.splice(self.after + 1..self.after + 1, seg.iter().copied());
            Change {
                route_a: self.from,
                route_b: Some(self.to),
            }
        };
        exact_gain(inst, state, ch, s).map(|g| (ch, g))
    }
}

/// Tries to move the strings starting at task `u`; applies the first improving move.
pub(super) fn improve(inst: &Instance, state: &mut State, u: usize, s: &mut Scratch) -> bool {
    let from = state.route_of[u] as usize;
    let i = state.pos_of[u] as usize;
    for len in 2..=3 {
        let ra = &state.routes[from];
        if i + len > ra.nodes.len() - 1 || ra.has_pinned(i, i + len - 1) {
            break;
        }
        let rev_ok = ra.nodes[i..i + len]
            .iter()
            .all(|&x| inst.flip[x as usize] != NONE);
        for &w in &inst.neighbours[u] {
            let w = w as usize;
            let to = state.route_of[w];
            if to == NONE {
                continue;
            }
            let to = to as usize;
            let j = state.pos_of[w] as usize;
            if to == from && j >= i - 1 && j <= i + len {
                continue; // w inside or touching the string
            }
            if to != from {
                let veh = state.routes[to].vehicle;
                let ok = state.routes[from].nodes[i..i + len]
                    .iter()
                    .all(|&x| inst.task_of(x).is_none_or(|t| inst.compatible(t, veh)));
                if !ok {
                    continue;
                }
            }
            for after in [j - 1, j] {
                for reversed in [false, true] {
                    if reversed && !rev_ok {
                        continue;
                    }
                    let mv = OrOpt {
                        from,
                        i,
                        len,
                        to,
                        after,
                        reversed,
                    };
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
            }
        }
    }
    false
}
