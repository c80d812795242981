//! From the search's state to the public [`Solution`]: schedules, loads, reasons.

use super::instance::Instance;
use super::reasons::diagnose;
use super::solution::{Route, Solution, Step, Summary, Unassigned};
use super::state::State;

/// The public solution of a state.
pub(crate) fn to_solution(inst: &Instance, state: &State) -> Solution {
    let mut routes = Vec::new();
    let mut summary = Summary::default();
    for r in state.routes.iter().filter(|r| !r.is_empty()) {
        let veh = &inst.vehicles[r.vehicle];
        let k = veh.kind;
        let kind = &inst.kinds[k];
        let mut steps = Vec::with_capacity(r.len());
        let mut t = r.depart;
        let mut load = vec![0i64; inst.dims];
        let n = r.nodes.len();
        let mut end_s = t;
        for i in 1..n {
            let (a, b) = (r.nodes[i - 1], r.nodes[i]);
            let arrival = t + kind.service[a as usize] + inst.time(k, a, b);
            let start = inst.earliest_start(b, arrival).unwrap_or(arrival);
            t = start;
            match inst.task_of(b) {
                Some(task) => {
                    for (l, d) in load.iter_mut().zip(inst.demand(task)) {
                        *l += d;
                    }
                    steps.push(Step {
                        task,
                        reversed: b % 2 == 1,
                        arrival_s: arrival,
                        start_s: start,
                        departure_s: start + kind.service[b as usize],
                        distance_m: r.cum_dist[i],
                        load: load.clone(),
                    });
                }
                None => end_s = arrival,
            }
        }
        let route = Route {
            vehicle: r.vehicle,
            steps,
            start_s: r.depart,
            end_s,
            distance_m: r.distance,
            duration_s: end_s - r.depart,
            load,
            cost: r.cost,
        };
        summary.cost += route.cost;
        summary.distance_m += route.distance_m;
        summary.duration_s += route.duration_s;
        summary.vehicles += 1;
        summary.served += route.steps.len();
        for s in &route.steps {
            if !inst.required[s.task] {
                summary.served_prize += inst.prize[s.task];
            }
        }
        routes.push(route);
    }
    let unassigned: Vec<Unassigned> = state
        .unassigned
        .iter()
        .map(|&t| Unassigned {
            task: t as usize,
            reason: diagnose(inst, t as usize),
        })
        .collect();
    for u in &unassigned {
        if inst.required[u.task] {
            summary.unassigned_required += 1;
        } else {
            summary.lost_prize += inst.prize[u.task];
        }
    }
    summary.unassigned = unassigned.len();
    Solution {
        routes,
        unassigned,
        summary,
    }
}
