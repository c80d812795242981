//! Why a task is unassigned: tried against each capable vehicle alone, the furthest stage any
//! vehicle gets through names the reason; a task some vehicle could serve alone is `NoRoom`.

use super::insertion::sequence_duration;
use super::instance::Instance;
use super::solution::UnassignedReason;

/// The reason task `t` cannot be (or was not) served.
pub(crate) fn diagnose(inst: &Instance, t: usize) -> UnassignedReason {
    // stages in the order they are checked; the furthest one reached is reported
    let mut furthest: Option<UnassignedReason> = None;
    let rank = |r: UnassignedReason| match r {
        UnassignedReason::Unreachable => 0,
        UnassignedReason::Capacity => 1,
        UnassignedReason::NoTime => 2,
        UnassignedReason::MaxDistance => 3,
        UnassignedReason::MaxDuration => 4,
        _ => 5,
    };
    let mut any_vehicle = false;
    for v in 0..inst.n_vehicles() {
        if !inst.compatible(t, v) {
            continue;
        }
        any_vehicle = true;
        for node in [2 * t as u32, 2 * t as u32 + 1] {
            if !inst.node_ok[node as usize] {
                continue;
            }
            let r = alone(inst, v, t, node);
            if r == UnassignedReason::NoRoom {
                return r;
            }
            if furthest.is_none_or(|f| rank(r) > rank(f)) {
                furthest = Some(r);
            }
        }
    }
    if !any_vehicle {
        return UnassignedReason::NoSkill;
    }
    furthest.unwrap_or(UnassignedReason::NoSkill)
}

/// The first constraint that fails for the route `start → node → end` of vehicle `v`
/// (`NoRoom` when none does).
fn alone(inst: &Instance, v: usize, t: usize, node: u32) -> UnassignedReason {
    let veh = &inst.vehicles[v];
    let k = veh.kind;
    let (s, e) = (veh.start_node, veh.end_node);
    let reach = [
        inst.time(k, s, node),
        inst.time(k, node, e),
        inst.dist(k, s, node),
        inst.dist(k, node, e),
    ];
    if reach.iter().any(|x| !x.is_finite()) {
        return UnassignedReason::Unreachable;
    }
    if inst.demand(t).iter().zip(&veh.capacity).any(|(d, c)| d > c) {
        return UnassignedReason::Capacity;
    }
    let arr = veh.shift_start + inst.time(k, s, node);
    let Some(start) = inst.earliest_start(node, arr) else {
        return UnassignedReason::NoTime;
    };
    let back = start + inst.kinds[k].service[node as usize] + inst.time(k, node, e);
    if !(back <= veh.shift_end) {
        return UnassignedReason::NoTime;
    }
    let dist = inst.dist(k, s, node) + inst.serve_m[node as usize] + inst.dist(k, node, e);
    if !(dist <= veh.max_distance) {
        return UnassignedReason::MaxDistance;
    }
    let seq = [s, node, e];
    let dur = sequence_duration(inst, v, 3, |j| seq[j], 0, veh.shift_start);
    if !(dur <= veh.max_duration) {
        return UnassignedReason::MaxDuration;
    }
    UnassignedReason::NoRoom
}
