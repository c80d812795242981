//! Validation of a [`Problem`] before solving: one function per rule, every problem reported.
//!
//! Each rule yields [`Issue`]s with a stable code, the item (`row` is the 1-based task or vehicle
//! number, `field` names the part, e.g. `task.windows`), a message and an action in Chinese.
//! Validation never panics, whatever the input. A task that is well-formed but cannot be served
//! (a window outside every shift, a skill no vehicle has) is *not* an input error: it comes back
//! in the solution's `unassigned` list with its reason.
//!
//! | code | rule |
//! |---|---|
//! | `E_NO_PROFILE` | at least one travel-cost profile |
//! | `E_PROFILE_SIZE` | all profiles cover the same number of locations |
//! | `E_NO_VEHICLE` | at least one vehicle when there are tasks |
//! | `E_TASK_LOCATION` | task locations exist |
//! | `E_TASK_ARC` | arc length and traversal time are finite and ≥ 0 |
//! | `E_TASK_SERVICE` | service time finite and ≥ 0 |
//! | `E_TASK_NO_WINDOW` | at least one time window |
//! | `E_TASK_WINDOW` | each window has a finite start and an end not before it |
//! | `E_TASK_WINDOW_ORDER` | windows sorted and not overlapping |
//! | `E_TASK_DEMAND` | demand ≥ 0, with as many dimensions as the capacities |
//! | `E_TASK_PRIZE` | prize finite and ≥ 0 |
//! | `E_TASK_VEHICLES` | allowed vehicles exist and the list is not empty |
//! | `E_VEHICLE_LOCATION` | start and end locations exist |
//! | `E_VEHICLE_SHIFT` | shift has a finite start and an end not before it |
//! | `E_VEHICLE_LIMIT` | maximum duration and distance are ≥ 0 (∞ for none) |
//! | `E_VEHICLE_CAPACITY` | capacity ≥ 0, same number of dimensions everywhere |
//! | `E_VEHICLE_PROFILE` | the profile exists |
//! | `E_VEHICLE_SPEED` | speed factor finite and > 0 |
//! | `E_VEHICLE_FIXED_COST` | fixed cost finite and ≥ 0 |
//! | `E_OBJECTIVE` | objective weights finite and ≥ 0 |
//! | `E_INITIAL_VEHICLE` | initial routes name existing vehicles, each at most once |
//! | `E_INITIAL_TASK` | initial routes name existing tasks, each at most once, in an allowed direction |
//! | `E_PIN_VEHICLE` | a pinned task is on a vehicle allowed to serve it |

use crate::error::Issue;

use super::model::{Problem, Task, TaskKind, Vehicle};

/// Checks every rule and returns all issues (empty: the problem is valid).
pub fn validate(problem: &Problem) -> Vec<Issue> {
    let mut issues = Vec::new();
    profiles(problem, &mut issues);
    fleet(problem, &mut issues);
    objective(problem, &mut issues);
    let n_loc = problem.locations();
    let dims = capacity_dims(problem);
    for (i, t) in problem.tasks.iter().enumerate() {
        task_location(i, t, n_loc, &mut issues);
        task_arc(i, t, &mut issues);
        task_service(i, t, &mut issues);
        task_windows(i, t, &mut issues);
        task_demand(i, t, dims, &mut issues);
        task_prize(i, t, &mut issues);
        task_vehicles(i, t, problem.vehicles.len(), &mut issues);
    }
    for (i, v) in problem.vehicles.iter().enumerate() {
        vehicle_location(i, v, n_loc, &mut issues);
        vehicle_shift(i, v, &mut issues);
        vehicle_limits(i, v, &mut issues);
        vehicle_capacity(i, v, dims, &mut issues);
        vehicle_profile(i, v, problem.profiles.len(), &mut issues);
        vehicle_speed(i, v, &mut issues);
        vehicle_fixed_cost(i, v, &mut issues);
    }
    initial_routes(problem, &mut issues);
    issues
}

/// The number of capacity dimensions: the longest capacity or demand vector.
pub(crate) fn capacity_dims(problem: &Problem) -> usize {
    let v = problem.vehicles.iter().map(|v| v.capacity.len());
    let t = problem.tasks.iter().map(|t| t.demand.len());
    v.chain(t).max().unwrap_or(0)
}

fn task_issue(code: &str, i: usize, field: &str, msg: String, action: &str) -> Issue {
    Issue::error(code, format!("任务 #{}：{msg}", i + 1), action)
        .at_row(i as u64 + 1)
        .at_field(format!("task.{field}"))
}

fn vehicle_issue(code: &str, i: usize, field: &str, msg: String, action: &str) -> Issue {
    Issue::error(code, format!("车辆 #{}：{msg}", i + 1), action)
        .at_row(i as u64 + 1)
        .at_field(format!("vehicle.{field}"))
}

fn non_negative(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}

/// `E_NO_PROFILE`, `E_PROFILE_SIZE`.
fn profiles(p: &Problem, out: &mut Vec<Issue>) {
    let Some(first) = p.profiles.first() else {
        out.push(
            Issue::error(
                "E_NO_PROFILE",
                "没有行驶代价（距离/时间矩阵）",
                "请提供至少一个路网或直线距离代价",
            )
            .at_field("profiles"),
        );
        return;
    };
    for (k, prof) in p.profiles.iter().enumerate().skip(1) {
        if prof.len() != first.len() {
            out.push(
                Issue::error(
                    "E_PROFILE_SIZE",
                    format!(
                        "代价配置 #{} 有 {} 个地点，与第一个（{} 个）不一致",
                        k + 1,
                        prof.len(),
                        first.len()
                    ),
                    "所有代价配置须覆盖相同的地点",
                )
                .at_row(k as u64 + 1)
                .at_field("profiles"),
            );
        }
    }
}

/// `E_NO_VEHICLE`.
fn fleet(p: &Problem, out: &mut Vec<Issue>) {
    if p.vehicles.is_empty() && !p.tasks.is_empty() {
        out.push(
            Issue::error(
                "E_NO_VEHICLE",
                "没有车辆或队伍",
                "请至少添加一辆车（一个队伍）",
            )
            .at_field("vehicles"),
        );
    }
}

/// `E_OBJECTIVE`.
fn objective(p: &Problem, out: &mut Vec<Issue>) {
    let o = p.objective;
    if !non_negative(o.distance_weight) || !non_negative(o.duration_weight) {
        out.push(
            Issue::error(
                "E_OBJECTIVE",
                format!(
                    "目标权重无效（距离 {}，时长 {}）",
                    o.distance_weight, o.duration_weight
                ),
                "权重须为不小于 0 的有限数",
            )
            .at_field("objective"),
        );
    }
}

/// `E_TASK_LOCATION`.
fn task_location(i: usize, t: &Task, n_loc: usize, out: &mut Vec<Issue>) {
    let locs: Vec<usize> = match t.kind {
        TaskKind::Visit { location } => vec![location],
        TaskKind::Arc { from, to, .. } => vec![from, to],
    };
    for l in locs {
        if l >= n_loc {
            out.push(task_issue(
                "E_TASK_LOCATION",
                i,
                "location",
                format!("地点编号 {l} 不存在（共 {n_loc} 个地点）"),
                "请检查任务的地点",
            ));
        }
    }
}

/// `E_TASK_ARC`.
fn task_arc(i: usize, t: &Task, out: &mut Vec<Issue>) {
    if let TaskKind::Arc {
        length_m,
        duration_s,
        ..
    } = t.kind
    {
        if !non_negative(length_m) || !non_negative(duration_s) {
            out.push(task_issue(
                "E_TASK_ARC",
                i,
                "arc",
                format!("路段长度 {length_m} m 或通行时间 {duration_s} s 无效"),
                "长度和时间须为不小于 0 的有限数",
            ));
        }
    }
}

/// `E_TASK_SERVICE`.
fn task_service(i: usize, t: &Task, out: &mut Vec<Issue>) {
    if !non_negative(t.service_s) {
        out.push(task_issue(
            "E_TASK_SERVICE",
            i,
            "service_s",
            format!("服务时长 {} 无效", t.service_s),
            "服务时长须为不小于 0 的秒数",
        ));
    }
}

/// `E_TASK_NO_WINDOW`, `E_TASK_WINDOW`, `E_TASK_WINDOW_ORDER`.
fn task_windows(i: usize, t: &Task, out: &mut Vec<Issue>) {
    if t.windows.is_empty() {
        out.push(task_issue(
            "E_TASK_NO_WINDOW",
            i,
            "windows",
            "没有时间窗".to_string(),
            "请至少给出一个时间窗；任何时间都可以时用 00:00–24:00",
        ));
        return;
    }
    let mut ok = true;
    for (k, w) in t.windows.iter().enumerate() {
        if !w.start_s.is_finite() || w.end_s.is_nan() || w.end_s < w.start_s {
            ok = false;
            out.push(task_issue(
                "E_TASK_WINDOW",
                i,
                "windows",
                format!("第 {} 个时间窗 [{}, {}] 无效", k + 1, w.start_s, w.end_s),
                "开始时间须为有限值，结束不早于开始（跨午夜的窗口结束时间加 24 小时）",
            ));
        }
    }
    if ok && t.windows.windows(2).any(|p| p[1].start_s <= p[0].end_s) {
        out.push(task_issue(
            "E_TASK_WINDOW_ORDER",
            i,
            "windows",
            "时间窗未按时间排序或相互重叠".to_string(),
            "请按开始时间排序并合并重叠的时间窗",
        ));
    }
}

/// `E_TASK_DEMAND`.
fn task_demand(i: usize, t: &Task, dims: usize, out: &mut Vec<Issue>) {
    if !t.demand.is_empty() && t.demand.len() != dims {
        out.push(task_issue(
            "E_TASK_DEMAND",
            i,
            "demand",
            format!("需求有 {} 个维度，车辆容量有 {dims} 个", t.demand.len()),
            "需求与容量的维度须一致",
        ));
    }
    if t.demand.iter().any(|&d| d < 0) {
        out.push(task_issue(
            "E_TASK_DEMAND",
            i,
            "demand",
            format!("需求 {:?} 含负数", t.demand),
            "需求须不小于 0",
        ));
    }
}

/// `E_TASK_PRIZE`.
fn task_prize(i: usize, t: &Task, out: &mut Vec<Issue>) {
    if !non_negative(t.prize) {
        out.push(task_issue(
            "E_TASK_PRIZE",
            i,
            "prize",
            format!("价值（奖励）{} 无效", t.prize),
            "价值须为不小于 0 的有限数",
        ));
    }
}

/// `E_TASK_VEHICLES`.
fn task_vehicles(i: usize, t: &Task, n_vehicles: usize, out: &mut Vec<Issue>) {
    let Some(vs) = &t.vehicles else { return };
    if vs.is_empty() {
        out.push(task_issue(
            "E_TASK_VEHICLES",
            i,
            "vehicles",
            "允许的车辆列表为空".to_string(),
            "请列出至少一辆车，或不限定车辆",
        ));
    }
    for &v in vs {
        if v >= n_vehicles {
            out.push(task_issue(
                "E_TASK_VEHICLES",
                i,
                "vehicles",
                format!("车辆编号 {v} 不存在（共 {n_vehicles} 辆）"),
                "请检查限定的车辆",
            ));
        }
    }
}

/// `E_VEHICLE_LOCATION`.
fn vehicle_location(i: usize, v: &Vehicle, n_loc: usize, out: &mut Vec<Issue>) {
    for (field, loc) in [("start", v.start), ("end", v.end)] {
        if let Some(l) = loc {
            if l >= n_loc {
                out.push(vehicle_issue(
                    "E_VEHICLE_LOCATION",
                    i,
                    field,
                    format!("地点编号 {l} 不存在（共 {n_loc} 个地点）"),
                    "请检查出发地和返回地",
                ));
            }
        }
    }
}

/// `E_VEHICLE_SHIFT`.
fn vehicle_shift(i: usize, v: &Vehicle, out: &mut Vec<Issue>) {
    let s = v.shift;
    if !s.start_s.is_finite() || s.end_s.is_nan() || s.end_s < s.start_s {
        out.push(vehicle_issue(
            "E_VEHICLE_SHIFT",
            i,
            "shift",
            format!("班次 [{}, {}] 无效", s.start_s, s.end_s),
            "开始时间须为有限值，结束不早于开始（夜班结束时间加 24 小时，如 20:00–04:00）",
        ));
    }
}

/// `E_VEHICLE_LIMIT`.
fn vehicle_limits(i: usize, v: &Vehicle, out: &mut Vec<Issue>) {
    for (field, x) in [
        ("max_duration_s", v.max_duration_s),
        ("max_distance_m", v.max_distance_m),
    ] {
        if x.is_nan() || x < 0.0 {
            out.push(vehicle_issue(
                "E_VEHICLE_LIMIT",
                i,
                field,
                format!("上限 {x} 无效"),
                "上限须不小于 0；不限时留空",
            ));
        }
    }
}

/// `E_VEHICLE_CAPACITY`.
fn vehicle_capacity(i: usize, v: &Vehicle, dims: usize, out: &mut Vec<Issue>) {
    if !v.capacity.is_empty() && v.capacity.len() != dims {
        out.push(vehicle_issue(
            "E_VEHICLE_CAPACITY",
            i,
            "capacity",
            format!(
                "容量有 {} 个维度，其他车辆或任务有 {dims} 个",
                v.capacity.len()
            ),
            "所有车辆的容量维度须一致",
        ));
    }
    if v.capacity.iter().any(|&c| c < 0) {
        out.push(vehicle_issue(
            "E_VEHICLE_CAPACITY",
            i,
            "capacity",
            format!("容量 {:?} 含负数", v.capacity),
            "容量须不小于 0",
        ));
    }
}

/// `E_VEHICLE_PROFILE`.
fn vehicle_profile(i: usize, v: &Vehicle, n_profiles: usize, out: &mut Vec<Issue>) {
    if v.profile >= n_profiles {
        out.push(vehicle_issue(
            "E_VEHICLE_PROFILE",
            i,
            "profile",
            format!("代价配置编号 {} 不存在（共 {n_profiles} 个）", v.profile),
            "请检查车辆的代价配置",
        ));
    }
}

/// `E_VEHICLE_SPEED`.
fn vehicle_speed(i: usize, v: &Vehicle, out: &mut Vec<Issue>) {
    if !(v.speed_factor.is_finite() && v.speed_factor > 0.0) {
        out.push(vehicle_issue(
            "E_VEHICLE_SPEED",
            i,
            "speed_factor",
            format!("速度系数 {} 无效", v.speed_factor),
            "速度系数须大于 0",
        ));
    }
}

/// `E_VEHICLE_FIXED_COST`.
fn vehicle_fixed_cost(i: usize, v: &Vehicle, out: &mut Vec<Issue>) {
    if !non_negative(v.fixed_cost) {
        out.push(vehicle_issue(
            "E_VEHICLE_FIXED_COST",
            i,
            "fixed_cost",
            format!("固定成本 {} 无效", v.fixed_cost),
            "固定成本须为不小于 0 的有限数",
        ));
    }
}

/// `E_INITIAL_VEHICLE`, `E_INITIAL_TASK`, `E_PIN_VEHICLE`.
fn initial_routes(p: &Problem, out: &mut Vec<Issue>) {
    let mut vehicle_seen = vec![false; p.vehicles.len()];
    let mut task_seen = vec![false; p.tasks.len()];
    for (r, route) in p.initial.iter().enumerate() {
        let at = |code: &str, msg: String, action: &str| {
            Issue::error(code, format!("初始路线 #{}：{msg}", r + 1), action)
                .at_row(r as u64 + 1)
                .at_field("initial")
        };
        match vehicle_seen.get_mut(route.vehicle) {
            None => out.push(at(
                "E_INITIAL_VEHICLE",
                format!("车辆编号 {} 不存在", route.vehicle),
                "请检查初始路线的车辆",
            )),
            Some(true) => out.push(at(
                "E_INITIAL_VEHICLE",
                format!("车辆 #{} 有多条初始路线", route.vehicle + 1),
                "每辆车至多一条初始路线",
            )),
            Some(seen) => *seen = true,
        }
        for s in &route.steps {
            let Some(task) = p.tasks.get(s.task) else {
                out.push(at(
                    "E_INITIAL_TASK",
                    format!("任务编号 {} 不存在", s.task),
                    "请检查初始路线的任务",
                ));
                continue;
            };
            if let Some(seen) = task_seen.get_mut(s.task) {
                if *seen {
                    out.push(at(
                        "E_INITIAL_TASK",
                        format!("任务 #{} 在初始路线中出现多次", s.task + 1),
                        "每个任务至多出现一次",
                    ));
                }
                *seen = true;
            }
            if task.orientation(s.reversed).is_none() {
                out.push(at(
                    "E_INITIAL_TASK",
                    format!("任务 #{} 不能反向服务", s.task + 1),
                    "单行路段只能正向服务；点位任务没有方向",
                ));
            }
            if s.pinned {
                let allowed = task
                    .vehicles
                    .as_ref()
                    .is_none_or(|vs| vs.contains(&route.vehicle));
                let skilled = p
                    .vehicles
                    .get(route.vehicle)
                    .is_some_and(|v| task.skills.iter().all(|k| v.skills.contains(k)));
                if !allowed || !skilled {
                    out.push(at(
                        "E_PIN_VEHICLE",
                        format!(
                            "锁定的任务 #{} 不能由车辆 #{} 服务",
                            s.task + 1,
                            route.vehicle + 1
                        ),
                        "请把任务锁定到具备所需技能且允许的车辆上",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::CostMatrix;
    use crate::solver::model::{InitialRoute, InitialStep, TimeWindow};

    fn matrix(n: usize) -> Arc<CostMatrix> {
        Arc::new(CostMatrix::new(n, vec![1.0; n * n], vec![1.0; n * n]).unwrap())
    }

    fn codes(p: &Problem) -> Vec<String> {
        validate(p).into_iter().map(|i| i.code).collect()
    }

    #[test]
    fn valid_problem_has_no_issues() {
        let p = Problem::new(
            matrix(3),
            vec![Task::visit(1), Task::visit(2)],
            vec![Vehicle::new(0)],
        );
        assert!(validate(&p).is_empty(), "{:?}", validate(&p));
    }

    #[test]
    fn reports_every_problem_at_once() {
        let mut bad_task = Task::visit(9).with_service(-1.0);
        bad_task.windows = vec![TimeWindow::new(10.0, 5.0)];
        bad_task.demand = vec![-1, 2];
        bad_task.prize = f64::NAN;
        let mut no_window = Task::visit(1);
        no_window.windows.clear();
        let mut overlapping = Task::visit(1);
        overlapping.windows = vec![TimeWindow::new(0.0, 10.0), TimeWindow::new(5.0, 20.0)];
        let mut v = Vehicle::new(7).with_shift(TimeWindow::new(100.0, 50.0));
        v.speed_factor = 0.0;
        v.capacity = vec![5];
        v.profile = 3;
        v.max_distance_m = f64::NAN;
        let mut p = Problem::new(matrix(3), vec![bad_task, no_window, overlapping], vec![v]);
        p.initial = vec![InitialRoute {
            vehicle: 4,
            steps: vec![InitialStep {
                task: 1,
                reversed: true,
                pinned: false,
            }],
        }];
        let c = codes(&p);
        for code in [
            "E_TASK_LOCATION",
            "E_TASK_SERVICE",
            "E_TASK_WINDOW",
            "E_TASK_DEMAND",
            "E_TASK_PRIZE",
            "E_TASK_NO_WINDOW",
            "E_TASK_WINDOW_ORDER",
            "E_VEHICLE_LOCATION",
            "E_VEHICLE_SHIFT",
            "E_VEHICLE_SPEED",
            "E_VEHICLE_CAPACITY",
            "E_VEHICLE_PROFILE",
            "E_VEHICLE_LIMIT",
            "E_INITIAL_VEHICLE",
            "E_INITIAL_TASK",
        ] {
            assert!(c.iter().any(|x| x == code), "{code} missing from {c:?}");
        }
        let first = &validate(&p)[0];
        assert_eq!(first.row, Some(1));
        assert!(first
            .field
            .as_deref()
            .is_some_and(|f| f.starts_with("task.")));
    }

    #[test]
    fn pinned_task_needs_a_capable_vehicle() {
        let t = Task::visit(1).with_skills(vec![2]);
        let mut p = Problem::new(matrix(2), vec![t], vec![Vehicle::new(0)]);
        p.initial = vec![InitialRoute {
            vehicle: 0,
            steps: vec![InitialStep {
                task: 0,
                reversed: false,
                pinned: true,
            }],
        }];
        assert_eq!(codes(&p), vec!["E_PIN_VEHICLE".to_string()]);
    }

    #[test]
    fn empty_profiles_and_fleet() {
        let mut p = Problem::new(matrix(2), vec![Task::visit(1)], vec![]);
        p.profiles.clear();
        let c = codes(&p);
        assert!(c.contains(&"E_NO_PROFILE".to_string()));
        assert!(c.contains(&"E_NO_VEHICLE".to_string()));
    }
}
