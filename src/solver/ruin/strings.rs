//! Adjacent string removal (Christiaens & Vanden Berghe 2020, "Slack Induction by String
//! Removals for Vehicle Routing Problems", Transportation Science 54(2), §4.1).
//!
//! Around a random seed task, strings (runs of consecutive tasks) are removed from the routes
//! of the seed's nearest neighbours, one string per route, so that the removed tasks are close
//! in space and the routes they came from gain slack together. A string is either plain or
//! "split": a run from which a block of preserved tasks in the middle stays. Pinned tasks are
//! never removed.

use crate::solver::instance::{Instance, NONE};
use crate::solver::rng::Rng;
use crate::solver::state::State;

/// Parameters of the string removal (the paper's defaults).
#[derive(Debug, Clone, Copy)]
pub(crate) struct StringParams {
    /// Average number of removed tasks, c̄.
    pub avg_removed: f64,
    /// Maximum string length, L_max.
    pub max_len: f64,
    /// Probability of a split string rather than a plain one.
    pub split_rate: f64,
    /// Probability of stopping to grow the preserved block, β.
    pub split_depth: f64,
}

impl Default for StringParams {
    fn default() -> Self {
        StringParams {
            avg_removed: 10.0,
            max_len: 10.0,
            split_rate: 0.5,
            split_depth: 0.01,
        }
    }
}

/// Removes strings from `state`'s routes; appends the removed tasks to `removed`. Routes are
/// refreshed, the cost is not (recreate recomputes it).
pub(crate) fn string_removal(
    inst: &Instance,
    state: &mut State,
    p: &StringParams,
    rng: &mut Rng,
    removed: &mut Vec<u32>,
) {
    let served = state.served();
    let used = state.used_routes();
    if served == 0 || used == 0 {
        return;
    }
    let avg_card = (served as f64 / used as f64).round().max(1.0);
    let ls_max = p.max_len.min(avg_card);
    let ks_max = 4.0 * p.avg_removed / (1.0 + ls_max) - 1.0;
    let ks = (1.0 + rng.unit() * ks_max).floor().max(1.0) as usize;

    // a random served task as seed
    let mut seed = rng.below(inst.n_tasks);
    for _ in 0..inst.n_tasks {
        if state.route_of[seed] != NONE {
            break;
        }
        seed = (seed + 1) % inst.n_tasks;
    }
    let mut ruined: Vec<usize> = Vec::with_capacity(ks);
    let mut to_remove: Vec<(usize, usize)> = Vec::new(); // (route, position)
    let neighbours = &inst.neighbours[seed];
    for c in std::iter::once(seed as u32).chain(neighbours.iter().copied()) {
        if ruined.len() >= ks {
            break;
        }
        let c = c as usize;
        let r = state.route_of[c];
        if r == NONE || ruined.contains(&(r as usize)) {
            continue;
        }
        let r = r as usize;
        ruined.push(r);
        let card = state.routes[r].len();
        let lt_max = (card as f64).min(ls_max);
        let lt = ((1.0 + rng.unit() * lt_max).floor() as usize).clamp(1, card);
        let pos = state.pos_of[c] as usize; // 1..=card
        if rng.chance(p.split_rate) && lt < card {
            split_string(card, pos, lt, p.split_depth, rng, |i| {
                to_remove.push((r, i))
            });
        } else {
            let lo = pos.saturating_sub(lt - 1).max(1);
            let hi = pos.min(card - lt + 1);
            let start = rng.between(lo, hi);
            for i in start..start + lt {
                to_remove.push((r, i));
            }
        }
    }
    // remove per route, highest position first
    to_remove.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    to_remove.dedup();
    for &(r, i) in &to_remove {
        let node = state.routes[r].nodes[i];
        let t = node as usize / 2;
        if inst.pinned[t] {
            continue;
        }
        state.routes[r].nodes.remove(i);
        state.mark_unassigned(t);
        removed.push(t as u32);
    }
    for &r in &ruined {
        state.refresh(inst, r);
    }
}

/// A split string: `lt` removed positions around `pos` with a preserved block of `m` in the
/// middle; calls `remove` for each position to remove.
fn split_string(
    card: usize,
    pos: usize,
    lt: usize,
    depth: f64,
    rng: &mut Rng,
    mut remove: impl FnMut(usize),
) {
    let mut m = 1;
    while lt + m < card && !rng.chance(depth) {
        m += 1;
    }
    let total = lt + m;
    let lo = pos.saturating_sub(total - 1).max(1);
    let hi = pos.min(card - total + 1);
    let start = rng.between(lo, hi);
    let keep_from = start + rng.below(lt + 1);
    for i in start..start + total {
        let kept = i >= keep_from && i < keep_from + m;
        if !kept || i == pos {
            remove(i);
        }
    }
}
