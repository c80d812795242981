//! The first solution: the initial routes given with the problem (pinned tasks first, then the
//! others where they still fit, in their given order), then greedy insertion of everything else.

use crate::error::Issue;

use super::instance::Instance;
use super::model::Problem;
use super::recreate::{blink_insert, InsertionOrder};
use super::rng::Rng;
use super::state::State;

/// Builds the first solution. Fails with `E_PIN_INFEASIBLE` issues when the pinned tasks of an
/// initial route cannot be served in their order by their vehicle.
pub(crate) fn initial_state(
    inst: &Instance,
    problem: &Problem,
    rng: &mut Rng,
) -> Result<State, Vec<Issue>> {
    let mut state = State::empty(inst);
    let mut issues = Vec::new();
    for (k, init) in problem.initial.iter().enumerate() {
        let r = init.vehicle;
        let node = |s: &super::model::InitialStep| (2 * s.task + usize::from(s.reversed)) as u32;
        // pinned tasks, in order
        let pinned: Vec<u32> = init.steps.iter().filter(|s| s.pinned).map(node).collect();
        {
            let route = &mut state.routes[r];
            let end = route.nodes.len() - 1;
            route.nodes.splice(end..end, pinned.iter().copied());
        }
        state.refresh(inst, r);
        if !state.routes[r].feasible {
            issues.push(
                Issue::error(
                    "E_PIN_INFEASIBLE",
                    format!("初始路线 #{}：锁定的任务按给定顺序无法由车辆 #{} 完成（时间窗、班次、容量或上限）", k + 1, r + 1),
                    "请解除部分锁定，或调整锁定任务的顺序、时间窗或车辆班次",
                )
                .at_row(k as u64 + 1)
                .at_field("initial"),
            );
            continue;
        }
        // the other tasks, each before the next pinned task that follows it
        let mut pins_seen = 0usize;
        for s in &init.steps {
            if s.pinned {
                pins_seen += 1;
                continue;
            }
            if !inst.compatible(s.task, r) {
                continue;
            }
            let route = &state.routes[r];
            // position: before the (pins_seen)-th pinned task, after everything placed so far
            let mut pos = route.nodes.len() - 1;
            let mut count = 0;
            for (i, &nd) in route.nodes.iter().enumerate().skip(1) {
                if inst.task_of(nd).is_some_and(|t| inst.pinned[t]) {
                    if count == pins_seen {
                        pos = i;
                        break;
                    }
                    count += 1;
                }
            }
            state.routes[r].nodes.insert(pos, node(s));
            state.refresh(inst, r);
            if !state.routes[r].feasible {
                state.routes[r].nodes.remove(pos);
                state.mark_unassigned(s.task);
                state.refresh(inst, r);
            }
        }
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    state.recompute_cost(inst);
    let mut rest = state.unassigned.clone();
    blink_insert(
        inst,
        &mut state,
        &mut rest,
        InsertionOrder::pick(rng),
        0.0,
        rng,
    );
    Ok(state)
}
