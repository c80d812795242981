//! Independent feasibility checker: recomputes every route's distance, times, loads and windows
//! from the [`Problem`] alone (through [`crate::model::TravelCost`], not the search's matrices),
//! and compares them with what the solution reports. Shares no evaluation code with the search.
//!
//! Every solver test and every CLI result goes through [`check`]. Violation codes:
//!
//! | code | meaning |
//! |---|---|
//! | `C_VEHICLE` | a route names a vehicle that does not exist or is used twice |
//! | `C_TASK` | a task index does not exist, appears twice, or is neither served nor unassigned |
//! | `C_ORIENTATION` | an arc served in a forbidden direction, or a visit marked reversed |
//! | `C_SKILL` | the vehicle lacks a skill of the task or is not allowed to serve it |
//! | `C_UNREACHABLE` | a leg has no finite travel time or distance |
//! | `C_WINDOW` | a task cannot start inside any of its windows |
//! | `C_SHIFT` | the vehicle is back after its shift |
//! | `C_CAPACITY` | load exceeds capacity in some dimension |
//! | `C_MAX_DISTANCE` / `C_MAX_DURATION` | the route is longer than the vehicle allows |
//! | `C_PIN` | a pinned task left its route or the pinned order changed |
//! | `C_REQUIRED` | a required task is not served |
//! | `C_REPORTED` | a figure the solution reports differs from the recomputed one |

mod schedule;

use serde::Serialize;

use super::model::{Problem, Vehicle};
use super::solution::{Route, Solution};
use schedule::{schedule, travel_m, Leg};

/// Absolute tolerance on times and distances.
const ABS_TOL: f64 = 1e-6;
/// Relative tolerance on reported figures.
const REL_TOL: f64 = 1e-7;

/// One problem found by the checker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// Stable code (see the module docs).
    pub code: &'static str,
    /// Vehicle of the route, if any.
    pub vehicle: Option<usize>,
    /// Task concerned, if any.
    pub task: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// Recomputed figures of one route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteCheck {
    /// Vehicle index.
    pub vehicle: usize,
    /// Distance, metres.
    pub distance_m: f64,
    /// Duration, seconds.
    pub duration_s: f64,
    /// Departure, seconds.
    pub start_s: f64,
    /// Return, seconds.
    pub end_s: f64,
    /// Total demand per dimension.
    pub load: Vec<i64>,
    /// Objective cost.
    pub cost: f64,
}

/// The checker's verdict.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CheckReport {
    /// No violation at all (routes valid, figures as reported, every required task served).
    pub feasible: bool,
    /// Routes respect every constraint (required tasks may still be unserved).
    pub routes_valid: bool,
    /// Everything found.
    pub violations: Vec<Violation>,
    /// Recomputed routes.
    pub routes: Vec<RouteCheck>,
    /// Recomputed total cost.
    pub cost: f64,
    /// Recomputed total distance, metres.
    pub distance_m: f64,
    /// Recomputed total duration, seconds.
    pub duration_s: f64,
    /// Vehicles used.
    pub vehicles: usize,
    /// Required tasks not served.
    pub unassigned_required: usize,
    /// Prize of the optional tasks not served.
    pub lost_prize: f64,
}

fn differs(reported: f64, actual: f64) -> bool {
    if reported == actual {
        return false;
    }
    !((reported - actual).abs() <= ABS_TOL + REL_TOL * actual.abs().max(reported.abs()))
}

/// Checks `solution` against `problem`.
pub fn check(problem: &Problem, solution: &Solution) -> CheckReport {
    let mut rep = CheckReport::default();
    let mut v = Vec::new();
    let n = problem.tasks.len();
    let mut seen = vec![0u32; n];
    let mut vehicle_used = vec![false; problem.vehicles.len()];
    for route in &solution.routes {
        let Some(used) = vehicle_used.get_mut(route.vehicle) else {
            v.push(viol(
                "C_VEHICLE",
                Some(route.vehicle),
                None,
                "车辆不存在".into(),
            ));
            continue;
        };
        if *used {
            v.push(viol(
                "C_VEHICLE",
                Some(route.vehicle),
                None,
                "车辆有多条路线".into(),
            ));
        }
        *used = true;
        for s in &route.steps {
            match seen.get_mut(s.task) {
                Some(c) => *c += 1,
                None => v.push(viol(
                    "C_TASK",
                    Some(route.vehicle),
                    Some(s.task),
                    "任务不存在".into(),
                )),
            }
        }
        if let Some(rc) = check_route(problem, route, &mut v) {
            rep.cost += rc.cost;
            rep.distance_m += rc.distance_m;
            rep.duration_s += rc.duration_s;
            if !route.steps.is_empty() {
                rep.vehicles += 1;
            }
            rep.routes.push(rc);
        }
    }
    for u in &solution.unassigned {
        match seen.get_mut(u.task) {
            Some(c) => *c += 1,
            None => v.push(viol(
                "C_TASK",
                None,
                Some(u.task),
                "未分配的任务不存在".into(),
            )),
        }
    }
    for (t, &c) in seen.iter().enumerate() {
        if c != 1 {
            let msg = if c == 0 {
                "任务既未服务也未列为未分配"
            } else {
                "任务出现多次"
            };
            v.push(viol("C_TASK", None, Some(t), msg.into()));
        }
    }
    check_pins(problem, solution, &mut v);
    rep.routes_valid = v.is_empty();
    for u in &solution.unassigned {
        if let Some(task) = problem.tasks.get(u.task) {
            if task.required {
                rep.unassigned_required += 1;
                v.push(viol(
                    "C_REQUIRED",
                    None,
                    Some(u.task),
                    "必须服务的任务未安排".into(),
                ));
            } else {
                rep.lost_prize += task.prize;
            }
        }
    }
    check_summary(solution, &rep, &mut v);
    rep.feasible = v.is_empty();
    rep.violations = v;
    rep
}

fn viol(
    code: &'static str,
    vehicle: Option<usize>,
    task: Option<usize>,
    message: String,
) -> Violation {
    Violation {
        code,
        vehicle,
        task,
        message,
    }
}

/// Recomputes one route; pushes its violations. `None` when the vehicle does not exist.
fn check_route(p: &Problem, route: &Route, out: &mut Vec<Violation>) -> Option<RouteCheck> {
    let vi = route.vehicle;
    let veh: &Vehicle = p.vehicles.get(vi)?;
    let dims = veh.capacity.len();
    let mut legs = Vec::with_capacity(route.steps.len());
    let mut load = vec![0i64; dims];
    for s in &route.steps {
        let Some(task) = p.tasks.get(s.task) else {
            continue;
        };
        let Some(o) = task.orientation(s.reversed) else {
            out.push(viol(
                "C_ORIENTATION",
                Some(vi),
                Some(s.task),
                "服务方向不允许".into(),
            ));
            continue;
        };
        if !task.skills.iter().all(|k| veh.skills.contains(k)) {
            out.push(viol(
                "C_SKILL",
                Some(vi),
                Some(s.task),
                "车辆缺少任务所需技能".into(),
            ));
        }
        if task.vehicles.as_ref().is_some_and(|vs| !vs.contains(&vi)) {
            out.push(viol(
                "C_SKILL",
                Some(vi),
                Some(s.task),
                "任务不允许由该车辆服务".into(),
            ));
        }
        for (l, d) in load.iter_mut().zip(&task.demand) {
            *l += d;
        }
        legs.push(Leg {
            entry: o.entry,
            exit: o.exit,
            service_s: task.service_s + o.serve_duration_s / veh.speed_factor,
            serve_m: o.serve_distance_m,
            task: s.task,
        });
    }
    if route.steps.is_empty() {
        return Some(RouteCheck {
            vehicle: vi,
            distance_m: 0.0,
            duration_s: 0.0,
            start_s: veh.shift.start_s,
            end_s: veh.shift.start_s,
            load,
            cost: 0.0,
        });
    }
    // distance
    let mut dist = 0.0;
    let mut at = veh.start;
    for leg in &legs {
        dist += travel_m(p, veh, at, Some(leg.entry)) + leg.serve_m;
        at = Some(leg.exit);
    }
    dist += travel_m(p, veh, at, veh.end);
    // times
    let (d, depart) = schedule(p, veh, &legs);
    if !dist.is_finite() || !d.end_s.is_finite() {
        out.push(viol(
            "C_UNREACHABLE",
            Some(vi),
            None,
            "路线中有不可达的路段".into(),
        ));
    } else if let Some(k) = d.missed {
        let task = legs.get(k).map(|l| l.task);
        out.push(viol(
            "C_WINDOW",
            Some(vi),
            task,
            "无法在任何时间窗内开始服务".into(),
        ));
    }
    if d.end_s > veh.shift.end_s + ABS_TOL {
        out.push(viol(
            "C_SHIFT",
            Some(vi),
            None,
            format!("返回时间 {} 晚于班次结束 {}", d.end_s, veh.shift.end_s),
        ));
    }
    for (k, (&l, &c)) in load.iter().zip(&veh.capacity).enumerate() {
        if l > c {
            out.push(viol(
                "C_CAPACITY",
                Some(vi),
                None,
                format!("第 {} 维载量 {l} 超过容量 {c}", k + 1),
            ));
        }
    }
    let duration = d.end_s - depart;
    if dist > veh.max_distance_m * (1.0 + REL_TOL) + ABS_TOL {
        out.push(viol(
            "C_MAX_DISTANCE",
            Some(vi),
            None,
            format!("里程 {dist} 超过上限 {}", veh.max_distance_m),
        ));
    }
    if duration > veh.max_duration_s * (1.0 + REL_TOL) + ABS_TOL {
        out.push(viol(
            "C_MAX_DURATION",
            Some(vi),
            None,
            format!("时长 {duration} 超过上限 {}", veh.max_duration_s),
        ));
    }
    let cost = p.objective.distance_weight * dist
        + p.objective.duration_weight * duration
        + veh.fixed_cost;
    // reported figures
    let mut reported = |what: &str, r: f64, a: f64, task: Option<usize>| {
        if differs(r, a) {
            out.push(viol(
                "C_REPORTED",
                Some(vi),
                task,
                format!("{what}：报告 {r}，重算 {a}"),
            ));
        }
    };
    reported("里程", route.distance_m, dist, None);
    reported("时长", route.duration_s, duration, None);
    reported("出发时间", route.start_s, depart, None);
    reported("返回时间", route.end_s, d.end_s, None);
    reported("成本", route.cost, cost, None);
    for (k, s) in route.steps.iter().enumerate() {
        if let (Some(&a), Some(&st), Some(&dp)) =
            (d.arrival_s.get(k), d.start_s.get(k), d.departure_s.get(k))
        {
            reported("到达时间", s.arrival_s, a, Some(s.task));
            reported("开始时间", s.start_s, st, Some(s.task));
            reported("离开时间", s.departure_s, dp, Some(s.task));
        }
    }
    if route.load != load {
        out.push(viol(
            "C_REPORTED",
            Some(vi),
            None,
            format!("载量：报告 {:?}，重算 {load:?}", route.load),
        ));
    }
    Some(RouteCheck {
        vehicle: vi,
        distance_m: dist,
        duration_s: duration,
        start_s: depart,
        end_s: d.end_s,
        load,
        cost,
    })
}

/// Pinned tasks stay on their initial vehicle, in their initial relative order.
fn check_pins(p: &Problem, s: &Solution, out: &mut Vec<Violation>) {
    for init in &p.initial {
        let pinned: Vec<usize> = init
            .steps
            .iter()
            .filter(|st| st.pinned)
            .map(|st| st.task)
            .collect();
        if pinned.is_empty() {
            continue;
        }
        let actual: Vec<usize> = s
            .routes
            .iter()
            .find(|r| r.vehicle == init.vehicle)
            .map(|r| {
                r.steps
                    .iter()
                    .map(|st| st.task)
                    .filter(|t| pinned.contains(t))
                    .collect()
            })
            .unwrap_or_default();
        if actual != pinned {
            out.push(viol(
                "C_PIN",
                Some(init.vehicle),
                None,
                format!("锁定任务应为 {pinned:?}，实际为 {actual:?}"),
            ));
        }
    }
}

fn check_summary(s: &Solution, rep: &CheckReport, out: &mut Vec<Violation>) {
    let sm = &s.summary;
    let mut bad = |what: &str, r: f64, a: f64| {
        if differs(r, a) {
            out.push(viol(
                "C_REPORTED",
                None,
                None,
                format!("汇总{what}：报告 {r}，重算 {a}"),
            ));
        }
    };
    bad("成本", sm.cost, rep.cost);
    bad("里程", sm.distance_m, rep.distance_m);
    bad("时长", sm.duration_s, rep.duration_s);
    bad("车辆数", sm.vehicles as f64, rep.vehicles as f64);
    bad("未分配数", sm.unassigned as f64, s.unassigned.len() as f64);
    bad(
        "未服务必需任务数",
        sm.unassigned_required as f64,
        rep.unassigned_required as f64,
    );
    bad("损失价值", sm.lost_prize, rep.lost_prize);
}
