//! Greedy insertion with blinks (Christiaens & Vanden Berghe 2020, "Slack Induction by String
//! Removals for Vehicle Routing Problems", Transportation Science 54(2), §4.2).
//!
//! The tasks to insert are sorted (randomly, by decreasing demand, by decreasing or increasing
//! cost from the depots); each goes to its cheapest feasible position over all routes, where
//! every position is skipped ("blinked") with a small probability. A task with no feasible
//! position stays unassigned. Empty routes of interchangeable vehicles are tried once.

use crate::solver::insertion::{best_insertion, load_fits, Insertion};
use crate::solver::instance::Instance;
use crate::solver::rng::Rng;
use crate::solver::state::State;

/// How the tasks are ordered before insertion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InsertionOrder {
    Random,
    Demand,
    Far,
    Close,
}

impl InsertionOrder {
    /// SISR's weights 4 : 4 : 2 : 1.
    pub fn pick(rng: &mut Rng) -> Self {
        match rng.below(11) {
            0..=3 => InsertionOrder::Random,
            4..=7 => InsertionOrder::Demand,
            8..=9 => InsertionOrder::Far,
            _ => InsertionOrder::Close,
        }
    }
}

/// Sorts `tasks` in `order` (ties broken by a prior shuffle).
fn sort_tasks(inst: &Instance, tasks: &mut [u32], order: InsertionOrder, rng: &mut Rng) {
    rng.shuffle(tasks);
    let demand = |t: u32| inst.demand_weight[t as usize];
    match order {
        InsertionOrder::Random => {}
        InsertionOrder::Demand => tasks.sort_by(|&a, &b| demand(b).total_cmp(&demand(a))),
        InsertionOrder::Far => tasks
            .sort_by(|&a, &b| inst.depot_cost[b as usize].total_cmp(&inst.depot_cost[a as usize])),
        InsertionOrder::Close => tasks
            .sort_by(|&a, &b| inst.depot_cost[a as usize].total_cmp(&inst.depot_cost[b as usize])),
    }
    // required tasks first: they outrank any prize
    tasks.sort_by_key(|&t| !inst.required[t as usize]);
}

/// Inserts `tasks` greedily with blink probability `blink`; the state's cost is recomputed.
pub(crate) fn blink_insert(
    inst: &Instance,
    state: &mut State,
    tasks: &mut [u32],
    order: InsertionOrder,
    blink: f64,
    rng: &mut Rng,
) {
    sort_tasks(inst, tasks, order, rng);
    let n_classes = inst
        .vehicles
        .iter()
        .map(|v| v.class as usize + 1)
        .max()
        .unwrap_or(0);
    let mut seen = vec![false; n_classes];
    for &t in tasks.iter() {
        let t = t as usize;
        // an optional task without prize is only worth it when it costs nothing
        let mut bound = if inst.required[t] || inst.prize[t] > 0.0 {
            f64::INFINITY
        } else {
            1e-9
        };
        let mut best: Option<Insertion> = None;
        seen.iter_mut().for_each(|s| *s = false);
        for (r, route) in state.routes.iter().enumerate() {
            if !inst.compatible(t, route.vehicle) || !load_fits(inst, route, t) {
                continue;
            }
            if route.is_empty() {
                let c = inst.vehicles[route.vehicle].class as usize;
                if seen[c] {
                    continue;
                }
                seen[c] = true;
            }
            let b = if blink > 0.0 {
                Some((&mut *rng, blink))
            } else {
                None
            };
            if let Some(ins) = best_insertion(inst, route, r, t, bound, b) {
                bound = ins.delta;
                best = Some(ins);
            }
        }
        if let Some(ins) = best {
            state.routes[ins.route].nodes.insert(ins.pos + 1, ins.node);
            state.refresh(inst, ins.route);
            if !state.routes[ins.route].feasible {
                // only rounding can get here: the O(1) check and the full pass disagree
                state.routes[ins.route].nodes.remove(ins.pos + 1);
                state.mark_unassigned(t);
                state.refresh(inst, ins.route);
            }
        }
    }
    state.recompute_cost(inst);
}
