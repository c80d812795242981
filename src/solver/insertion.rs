//! Cheapest feasible insertion of one task into one route, in O(1) per position from the
//! route's cached `early`/`late` times (see [`super::route`]); both orientations of an arc are
//! tried, which is where arc routing's direction choice happens.

use super::instance::Instance;
use super::rng::Rng;
use super::route::Route;

/// Where and how to insert a task.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Insertion {
    pub route: usize,
    /// Insert after `nodes[pos]`.
    pub pos: usize,
    pub node: u32,
    /// Proxy cost increase (travel and serving cost, plus the fixed cost of a new route).
    pub delta: f64,
}

/// True when the route's load plus task `t`'s demand fits the vehicle's capacity.
#[inline]
pub(crate) fn load_fits(inst: &Instance, route: &Route, t: usize) -> bool {
    let cap = &inst.vehicles[route.vehicle].capacity;
    route
        .load
        .iter()
        .zip(inst.demand(t))
        .zip(cap)
        .all(|((&l, &d), &c)| l.saturating_add(d) <= c)
}

/// The cheapest feasible insertion of task `t` into route `r` whose `delta` is below `bound`.
/// With `blink`, each position is skipped with that probability (SISR's blinks).
pub(crate) fn best_insertion(
    inst: &Instance,
    route: &Route,
    r: usize,
    t: usize,
    bound: f64,
    mut blink: Option<(&mut Rng, f64)>,
) -> Option<Insertion> {
    let veh = &inst.vehicles[route.vehicle];
    let k = veh.kind;
    let kind = &inst.kinds[k];
    let n = route.nodes.len();
    let fixed = if route.is_empty() {
        veh.fixed_cost
    } else {
        0.0
    };
    let mut best: Option<Insertion> = None;
    let mut best_delta = bound;
    let last_end = inst.last_end[t];
    for v in [2 * t as u32, 2 * t as u32 + 1] {
        if !inst.node_ok[v as usize] {
            continue;
        }
        let vs = kind.service[v as usize];
        let base = kind.serve_cost[v as usize] + fixed;
        for i in 0..n - 1 {
            if route.early[i] > last_end {
                break;
            }
            if let Some((rng, p)) = blink.as_mut() {
                if rng.chance(*p) {
                    continue;
                }
            }
            let (a, b) = (route.nodes[i], route.nodes[i + 1]);
            let delta = inst.cost(k, a, v) + inst.cost(k, v, b) - inst.cost(k, a, b) + base;
            if !(delta < best_delta) {
                continue;
            }
            let arr = route.early[i] + kind.service[a as usize] + inst.time(k, a, v);
            let Some(start) = inst.earliest_start(v, arr) else {
                continue;
            };
            let arr_b = start + vs + inst.time(k, v, b);
            if !(arr_b <= route.late[i + 1]) {
                continue;
            }
            if veh.max_distance.is_finite() {
                let dd = inst.dist(k, a, v) + inst.serve_m[v as usize] + inst.dist(k, v, b)
                    - inst.dist(k, a, b);
                if !(route.distance + dd <= veh.max_distance) {
                    continue;
                }
            }
            if veh.max_duration.is_finite()
                && !(duration_after_insert(inst, route, i, v) <= veh.max_duration)
            {
                continue;
            }
            best_delta = delta;
            best = Some(Insertion {
                route: r,
                pos: i,
                node: v,
                delta,
            });
        }
    }
    best
}

/// Exact route duration (schedule convention) after inserting `v` after position `i`, in
/// O(route length); ∞ when infeasible.
pub(crate) fn duration_after_insert(inst: &Instance, route: &Route, i: usize, v: u32) -> f64 {
    let n = route.nodes.len();
    let at = |j: usize| -> u32 {
        if j <= i {
            route.nodes[j]
        } else if j == i + 1 {
            v
        } else {
            route.nodes[j - 1]
        }
    };
    sequence_duration(inst, route.vehicle, n + 1, at, i, route.early[i])
}

/// Exact duration of the node sequence `at(0..len)` for vehicle `vehicle`, given the earliest
/// service start `early_from` at position `from` (positions before it are not re-simulated).
/// ∞ when the sequence is infeasible.
pub(crate) fn sequence_duration(
    inst: &Instance,
    vehicle: usize,
    len: usize,
    at: impl Fn(usize) -> u32,
    from: usize,
    early_from: f64,
) -> f64 {
    let veh = &inst.vehicles[vehicle];
    let k = veh.kind;
    let kind = &inst.kinds[k];
    let mut t = early_from;
    for j in from + 1..len {
        let (a, b) = (at(j - 1), at(j));
        let arr = t + kind.service[a as usize] + inst.time(k, a, b);
        match inst.earliest_start(b, arr) {
            Some(s) if arr.is_finite() => t = s,
            _ => return f64::INFINITY,
        }
    }
    let end = t;
    if !(end <= veh.shift_end) {
        return f64::INFINITY;
    }
    if len <= 2 {
        return 0.0;
    }
    let mut l = end;
    for j in (1..len - 1).rev() {
        let a = at(j);
        let bound = l - inst.time(k, a, at(j + 1)) - kind.service[a as usize];
        match inst.latest_start(a, bound) {
            Some(x) => l = x,
            None => return f64::INFINITY,
        }
    }
    let depart = (l - inst.time(k, at(0), at(1))).max(veh.shift_start);
    end - depart
}
